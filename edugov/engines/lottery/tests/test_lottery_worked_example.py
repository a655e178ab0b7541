"""A five-applicant draw whose every hash can be rechecked by hand.

Expected values are built here from the encoding documented in docs/engines/lottery.md
with nothing but ``hashlib`` — never by calling the engine — and the resulting hex is
pinned as well, so a silent change to the encoding fails even if both sides move.
"""

from __future__ import annotations

import hashlib

from edugov.engines.lottery import (
    ALGORITHM_VERSION,
    Applicant,
    applicant_list_hash,
    commit,
    draw,
    seed,
)

from ._helpers import PUBLIC_NUMBER, SCHOOL, example_applicants, example_parties

US, RS = b"\x1f", b"\x1e"
SCHOOL_B = SCHOOL.encode("utf-8")

LIST_BYTES = (
    b"edugov-lottery/1" + US + b"applicants" + US + SCHOOL_B + US + b"3" + RS
    + b"A001" + US + b"1" + RS
    + b"A002" + US + b"1" + RS
    + b"A003" + US + b"2" + RS
    + b"A004" + US + b"2" + RS
    + b"A005" + US + b"3" + RS
)  # fmt: skip
# Parties sorted by code point: 公 (U+516C) comes before 家 (U+5BB6).
SEED_BYTES = (
    b"edugov-lottery/1" + US + b"seed" + RS
    + b"3187.42" + RS
    + "公证处".encode() + US + b"notary-7f3a9c" + RS
    + "家长代表1".encode() + US + b"parent-one-51e2" + RS
)  # fmt: skip
SIGMA = hashlib.sha256(SEED_BYTES).digest()


def key(applicant_id: str) -> str:
    return hashlib.sha256(SIGMA + SCHOOL_B + US + applicant_id.encode()).hexdigest()


def test_the_algorithm_version_is_the_one_documented() -> None:
    assert ALGORITHM_VERSION == "edugov-lottery/1"


def test_the_applicant_list_hash_is_sha256_of_the_documented_bytes() -> None:
    expected = hashlib.sha256(LIST_BYTES).hexdigest()
    assert expected == "62752f9e645395d0621de295b8dc93a335a68a1996d106ec2e5111e44ed46f1d"
    assert applicant_list_hash(SCHOOL, 3, example_applicants()) == expected
    # Export order must not matter: the list is sorted by id before hashing.
    assert applicant_list_hash(SCHOOL, 3, example_applicants()[::-1]) == expected


def test_a_commitment_is_sha256_of_the_secret() -> None:
    assert commit("notary-7f3a9c") == hashlib.sha256(b"notary-7f3a9c").hexdigest()
    assert commit("notary-7f3a9c") == (
        "3e41bd936b1ef6e2709e2d3f1034ecc71fcc2fb163e9e53db5fed243711640ca"
    )


def test_the_seed_is_sha256_of_the_public_number_and_the_reveals() -> None:
    commitments, reveals = example_parties()
    assert SIGMA.hex() == "78f33f04ce0c77e702a7af83a40c04b636bd161fd8754a6d8ec6f5af728ddc7d"
    assert seed(reveals, commitments, PUBLIC_NUMBER) == SIGMA
    assert seed(reveals[::-1], commitments[::-1], PUBLIC_NUMBER) == SIGMA


def test_the_draw_orders_by_class_then_key() -> None:
    keys = {a: key(a) for a in ("A001", "A002", "A003", "A004", "A005")}
    # By hand: class 1 is A001 (2514…) then A002 (348a…); class 2 is A004 (7781…) then
    # A003 (9acf…); A005 has the smallest key of all (1230…) but is alone in class 3.
    assert keys["A001"] < keys["A002"] and keys["A004"] < keys["A003"]
    assert keys["A005"] < keys["A001"]
    assert keys["A004"].startswith("778111da") and keys["A005"].startswith("1230204f")

    result = draw(SCHOOL, 3, example_applicants(), SIGMA)

    assert [p.applicant_id for p in result.admitted] == ["A001", "A002", "A004"]
    assert [p.applicant_id for p in result.waitlist] == ["A003", "A005"]
    assert [p.rank for p in result.order] == [1, 2, 3, 4, 5]
    assert result.keys() == keys
    assert result.seed_hex == SIGMA.hex()


def test_with_more_seats_than_applicants_everyone_is_admitted_in_order() -> None:
    result = draw(SCHOOL, 9, example_applicants(), SIGMA)
    assert [p.applicant_id for p in result.admitted] == ["A001", "A002", "A004", "A003", "A005"]
    assert result.waitlist == ()


def test_the_key_binds_the_school() -> None:
    other = draw("东湖区育新学校分校", 3, [Applicant("A001", 1)], SIGMA)
    assert other.keys()["A001"] != key("A001")
