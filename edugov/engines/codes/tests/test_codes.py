import datetime as dt
import string

from hypothesis import given
from hypothesis import strategies as st

from edugov.engines.codes import (
    credit_code_check_char,
    credit_code_error,
    id_check_char,
    id_is_male,
    id_number_error,
    mask_id_number,
    mask_name,
    mask_phone,
    school_code_error,
    student_number_error,
)
from edugov.engines.codes.checksums import CREDIT_ALPHABET


def test_it_accepts_the_gb11643_example():
    assert id_number_error("11010519491231002X") is None


def test_it_computes_the_example_check_character_by_hand():
    # 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2 = 167
    # 167 mod 11 = 2 -> "10X98765432"[2] = "X"
    assert id_check_char("11010519491231002") == "X"


def test_it_rejects_a_bad_id_checksum():
    assert id_number_error("110105194912310021") == "checksum"


def test_it_rejects_an_impossible_birth_date():
    first17 = "11010519490230002"
    assert id_number_error(first17 + id_check_char(first17)) == "date"


def test_it_rejects_a_future_birth_date():
    first17 = "36010220990101001"
    assert id_number_error(first17 + id_check_char(first17), today=dt.date(2026, 1, 1)) == "date"


def test_it_accepts_a_lowercase_x():
    assert id_number_error("11010519491231002x") is None


def test_odd_sequence_means_male():
    assert id_is_male("360102201001010011") and not id_is_male("360102201001010021")


@st.composite
def id_numbers(draw):
    area = draw(st.sampled_from(["360102", "360124", "110105", "440305"]))
    born = draw(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2024, 12, 31)))
    seq = draw(st.integers(0, 999))
    first17 = f"{area}{born:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


@given(id_numbers())
def test_a_generated_id_round_trips(idn):
    assert id_number_error(idn) is None


@given(id_numbers(), st.integers(0, 16), st.integers(1, 9))
def test_changing_one_digit_breaks_the_checksum(idn, pos, delta):
    changed = idn[:pos] + str((int(idn[pos]) + delta) % 10) + idn[pos + 1 :]
    # MOD 11-2 detects every single-digit substitution; some changes also break the date.
    assert id_number_error(changed) is not None


def test_it_accepts_the_gb32100_examples():
    assert credit_code_error("913600007485469191") is None
    assert credit_code_error("9136010570561861XA") is None


def test_it_rejects_a_bad_credit_code_checksum():
    assert credit_code_error("913600007485469192") == "checksum"


def test_it_rejects_letters_outside_the_credit_alphabet():
    assert credit_code_error("91360000748546919I") == "charset"


@given(st.text(alphabet=CREDIT_ALPHABET, min_size=17, max_size=17))
def test_a_generated_credit_code_round_trips(first17):
    code = first17[:2] + "360102" + first17[8:]
    assert credit_code_error(code + credit_code_check_char(code)) is None


def test_school_codes_need_a_known_category_and_province():
    assert school_code_error("2136000123") is None
    assert school_code_error("9936000123") == "category"
    assert school_code_error("2199000123") == "province"
    assert school_code_error("213600012") == "length"


def test_student_numbers():
    assert student_number_error("G11010519491231002X") is None
    assert student_number_error("G110105194912310021") == "checksum"
    assert student_number_error("J360102201500000001") is None
    assert student_number_error("X360102201500000001") == "charset"
    # A G number's birth date is bounded by the day given, as the ID number's is.
    born_2020 = "G" + "110105202001010" + "01"
    born_2020 += id_check_char(born_2020[1:18])
    assert student_number_error(born_2020, today=dt.date(2019, 12, 31)) == "date"
    assert student_number_error(born_2020, today=dt.date(2020, 1, 2)) is None


def test_masks_follow_the_domain_forms():
    assert mask_id_number("360102201001011234") == "3601**********1234"
    assert mask_phone("13812341234") == "138****1234"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"


@given(st.text(alphabet=string.digits + "Xx ", max_size=40))
def test_a_masked_id_never_shows_more_than_8_characters(value):
    masked = mask_id_number(value)
    assert sum(1 for c in masked if c != "*") <= 8
