"""Chinese identifier checksums and masking (脱敏).

Pure functions, no Django. The rules are in shared/docs/DOMAIN.md §2:

- 居民身份证号 (GB 11643-1999): ISO 7064 MOD 11-2 check character.
- 统一社会信用代码 (GB 32100-2015): MOD 31 over a 31-character alphabet.
- 学校(机构)标识码: 10 digits, category + province + sequence (no check digit).
- 行政区划代码 (GB/T 2260): 6 digits, province + prefecture + county.
- 学籍号: 'G' + ID number, 'J' + generated number, 'L' + temporary number.
"""

from .checksums import (
    CREDIT_ALPHABET,
    SCHOOL_CATEGORIES,
    admin_code_error,
    credit_code_check_char,
    credit_code_error,
    id_birth_date,
    id_check_char,
    id_is_male,
    id_number_error,
    normalise_id_number,
    school_code_error,
    student_number_error,
)
from .masking import mask_id_number, mask_name, mask_phone, mask_value

__all__ = [
    "CREDIT_ALPHABET",
    "SCHOOL_CATEGORIES",
    "admin_code_error",
    "credit_code_check_char",
    "credit_code_error",
    "id_birth_date",
    "id_check_char",
    "id_is_male",
    "id_number_error",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "mask_value",
    "normalise_id_number",
    "school_code_error",
    "student_number_error",
]
