"""Checksums for the identifiers a bureau system handles.

Every ``*_error`` function returns ``None`` for a valid code, or a short reason code
(``"length"``, ``"charset"``, ``"checksum"``, ``"date"``, ``"category"``, ``"province"``)
so that callers can translate the message into the user's language themselves —
an engine must not know about Django's translation machinery.
"""

from __future__ import annotations

import datetime as dt
import operator

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

# GB 32100: the letters I, O, Z, S, V are left out so codes survive hand-copying.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_VALUE = {c: i for i, c in enumerate(CREDIT_ALPHABET)}
CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

# 学校(机构)标识码 category prefixes (教育部 学校代码编制规则).
SCHOOL_CATEGORIES = {
    "11": "幼儿园",
    "21": "小学",
    "31": "初中",
    "34": "高中/完中",
    "36": "中职",
    "51": "特教",
}

# GB/T 2260 province-level codes: the first two digits of any valid area code.
PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)


def normalise_id_number(value: str) -> str:
    """Strip spaces and upper-case a trailing x, the two ways people mistype IDs."""
    return "".join(value.split()).upper()


_ZERO_OFFSET = ord("0") * sum(ID_WEIGHTS)


def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError("the check character needs exactly 17 ASCII digits")
    # Over the ASCII codes, less '0' times the weights' sum: one C-level pass instead of
    # an int() per digit (an import checks two ID numbers per row).
    total = sum(map(operator.mul, first17.encode("ascii"), ID_WEIGHTS)) - _ZERO_OFFSET
    return ID_CHECK[total % 11]


def id_birth_date(id_number: str) -> dt.date | None:
    """The birth date encoded in positions 7–14, or None when it is not a real date."""
    try:
        return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def id_is_male(id_number: str) -> bool:
    """GB 11643: an odd sequence code (position 17) means male."""
    return int(id_number[16]) % 2 == 1


def id_number_error(value: str, *, today: dt.date | None = None) -> str | None:
    """Validate an 18-character 居民身份证号; None when valid."""
    v = normalise_id_number(value)
    if len(v) != 18:
        return "length"
    # isascii: str.isdigit() also accepts "１" and "²", which no ID number holds.
    if not v.isascii() or not v[:17].isdigit() or not (v[17].isdigit() or v[17] == "X"):
        return "charset"
    if v[:2] not in PROVINCES:
        return "province"
    born = id_birth_date(v)
    if born is None or born.year < 1900 or born > (today or dt.date.today()):
        return "date"
    if id_check_char(v[:17]) != v[17]:
        return "checksum"
    return None


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    total = sum(_CREDIT_VALUE[c] * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_error(value: str) -> str | None:
    """Validate an 18-character 统一社会信用代码; None when valid."""
    v = value.strip().upper()
    if len(v) != 18:
        return "length"
    if any(c not in _CREDIT_VALUE for c in v):
        return "charset"
    # Positions 3–8 hold the GB/T 2260 area code of the registering authority.
    if not v[2:8].isdigit():
        return "charset"
    if credit_code_check_char(v[:17]) != v[17]:
        return "checksum"
    return None


def school_code_error(value: str) -> str | None:
    """Validate a 10-digit 学校(机构)标识码; None when valid."""
    v = value.strip()
    if len(v) != 10:
        return "length"
    if not v.isdigit():
        return "charset"
    if v[:2] not in SCHOOL_CATEGORIES:
        return "category"
    if v[2:4] not in PROVINCES:
        return "province"
    return None


def admin_code_error(value: str) -> str | None:
    """Validate the shape of a 6-digit GB/T 2260 行政区划代码; None when valid.

    Shape only: whether a code is *current* is data (the org tree), because codes are
    abolished and merged (湾里区 360105 in 2019) and an engine must not freeze a year's list.
    """
    v = value.strip()
    if len(v) != 6:
        return "length"
    if not v.isdigit():
        return "charset"
    if v[:2] not in PROVINCES:
        return "province"
    return None


def student_number_error(value: str, *, today: dt.date | None = None) -> str | None:
    """Validate a 19-character 学籍号: G + ID number, J or L + 18 characters. ``today``
    bounds a G number's birth date as it does the ID number's (the app passes its clock)."""
    v = value.strip().upper()
    if len(v) != 19:
        return "length"
    if v[0] == "G":
        return id_number_error(v[1:], today=today)
    if v[0] in "JL":
        return None if v[1:].isalnum() else "charset"
    return "charset"
