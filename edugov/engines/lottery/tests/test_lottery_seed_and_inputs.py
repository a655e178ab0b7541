"""The commit–reveal seed refuses every broken reveal, and inputs that would make the
byte encoding ambiguous are refused before anything is hashed."""

from __future__ import annotations

import hashlib

import pytest

from edugov.engines.lottery import (
    Applicant,
    Commitment,
    InvalidInput,
    Reveal,
    SeedError,
    applicant_list_hash,
    commit,
    draw,
    make_bundle,
    new_secret,
    seed,
)

from ._helpers import PUBLIC_NUMBER, SCHOOL, example_applicants, example_parties


def test_it_refuses_a_reveal_that_does_not_match_its_commitment() -> None:
    commitments, _ = example_parties()
    reveals = [Reveal("公证处", "notary-7f3a9c"), Reveal("家长代表1", "parent-one-51e3")]
    with pytest.raises(SeedError, match="家长代表1"):
        seed(reveals, commitments, PUBLIC_NUMBER)


def test_make_bundle_refuses_a_reveal_that_does_not_match() -> None:
    commitments, _ = example_parties()
    reveals = [Reveal("公证处", "wrong"), Reveal("家长代表1", "parent-one-51e2")]
    with pytest.raises(SeedError, match="公证处"):
        make_bundle(
            school=SCHOOL,
            seats=3,
            applicants=example_applicants(),
            commitments=commitments,
            reveals=reveals,
            public_number=PUBLIC_NUMBER,
        )


def test_it_refuses_a_missing_reveal() -> None:
    commitments, reveals = example_parties()
    with pytest.raises(SeedError, match="no reveal from party"):
        seed(reveals[:1], commitments, PUBLIC_NUMBER)


def test_it_refuses_a_reveal_without_a_commitment() -> None:
    commitments, reveals = example_parties()
    with pytest.raises(SeedError, match="without a commitment"):
        seed(reveals, commitments[:1], PUBLIC_NUMBER)


def test_it_refuses_a_party_committing_twice_or_revealing_twice() -> None:
    commitments, reveals = example_parties()
    with pytest.raises(SeedError, match="committed twice"):
        seed(reveals, commitments + commitments[:1], PUBLIC_NUMBER)
    with pytest.raises(SeedError, match="revealed twice"):
        seed(reveals + reveals[:1], commitments, PUBLIC_NUMBER)


def test_it_refuses_a_seed_without_any_commitment() -> None:
    with pytest.raises(SeedError, match="no commitments"):
        seed([], [], PUBLIC_NUMBER)


def test_the_public_number_changes_the_seed() -> None:
    commitments, reveals = example_parties()
    assert seed(reveals, commitments, "3187.42") != seed(reveals, commitments, "3187.43")


def test_new_secrets_are_fresh_and_committable() -> None:
    s1, s2 = new_secret(), new_secret()
    assert s1 != s2 and len(s1) == 32
    assert commit(s1) == hashlib.sha256(s1.encode()).hexdigest()


@pytest.mark.parametrize(
    "bad_id",
    ["", "A\x1f1", "A\x1e1", "A\n1", "A\x85", "e\u0301", "\ud800"],
    ids=["empty", "US", "RS", "newline", "C1-control", "not-NFC", "lone-surrogate"],
)
def test_it_refuses_an_applicant_id_that_breaks_the_encoding(bad_id: str) -> None:
    with pytest.raises(InvalidInput):
        Applicant(bad_id, 1)


@pytest.mark.parametrize("bad_class", [-1, True, 1.0, "1", None])
def test_it_refuses_a_priority_class_that_is_not_a_non_negative_int(bad_class: object) -> None:
    with pytest.raises(InvalidInput):
        Applicant("A001", bad_class)  # type: ignore[arg-type]


def test_it_refuses_duplicate_applicant_ids() -> None:
    applicants = [Applicant("A001", 1), Applicant("A001", 2)]
    with pytest.raises(InvalidInput, match="duplicate"):
        applicant_list_hash(SCHOOL, 1, applicants)
    with pytest.raises(InvalidInput, match="duplicate"):
        draw(SCHOOL, 1, applicants, bytes(32))


def test_it_refuses_bad_seats_school_seed_and_commitment_hex() -> None:
    with pytest.raises(InvalidInput):
        draw(SCHOOL, -1, example_applicants(), bytes(32))
    with pytest.raises(InvalidInput):
        draw("校\x1f", 1, example_applicants(), bytes(32))
    with pytest.raises(InvalidInput):
        draw(SCHOOL, 1, example_applicants(), bytes(31))
    with pytest.raises(InvalidInput):
        Commitment("公证处", commit("x").upper())
    with pytest.raises(InvalidInput):
        Reveal("公证处", "")
    with pytest.raises(InvalidInput):
        Reveal("公证处", "a\x1eb")
    with pytest.raises(InvalidInput):
        seed([], [], "3187\x1f42")
