"""Property tests of the draw (hypothesis)."""

from __future__ import annotations

import hashlib

from hypothesis import example, given, settings
from hypothesis import strategies as st

from edugov.engines.lottery import Applicant, draw
from edugov.engines.lottery.encoding import key_prefix, seed_input_bytes

from ._helpers import applicant_lists, ids, party_secrets, public_numbers, schools, seeds

MANY = settings(max_examples=200, deadline=None)


@MANY
@given(schools, st.integers(0, 45), applicant_lists, seeds)
def test_the_result_is_a_permutation_with_min_seats_n_admitted(
    school: str, seats: int, applicants: list[Applicant], sigma: bytes
) -> None:
    result = draw(school, seats, applicants, sigma)
    assert len(result.admitted) == min(seats, len(applicants))
    assert sorted(p.applicant_id for p in result.order) == sorted(a.id for a in applicants)
    assert [p.rank for p in result.order] == list(range(1, len(applicants) + 1))
    classes = {a.id: a.priority_class for a in applicants}
    assert all(p.priority_class == classes[p.applicant_id] for p in result.order)


@MANY
@given(schools, st.integers(0, 45), applicant_lists, seeds)
def test_classes_come_first_and_within_a_class_the_order_is_by_key(
    school: str, seats: int, applicants: list[Applicant], sigma: bytes
) -> None:
    result = draw(school, seats, applicants, sigma)
    order = result.order
    for p in order:  # each key is exactly the documented SHA-256
        expected = hashlib.sha256(sigma + school.encode() + b"\x1f" + p.applicant_id.encode())
        assert p.key_hex == expected.hexdigest()
    for prev, nxt in zip(order, order[1:], strict=False):
        assert prev.priority_class <= nxt.priority_class
        if prev.priority_class == nxt.priority_class:
            assert prev.key_hex < nxt.key_hex
    if result.admitted and result.waitlist:  # nobody waitlisted above an admitted class
        assert max(p.priority_class for p in result.admitted) <= min(
            p.priority_class for p in result.waitlist
        )


@MANY
@given(schools, st.integers(0, 45), applicant_lists, seeds, st.randoms(use_true_random=False))
def test_the_draw_is_deterministic_and_ignores_input_order(
    school: str, seats: int, applicants: list[Applicant], sigma: bytes, rnd
) -> None:
    shuffled = list(applicants)
    rnd.shuffle(shuffled)
    assert draw(school, seats, applicants, sigma) == draw(school, seats, shuffled, sigma)
    assert draw(school, seats, applicants, sigma) == draw(school, seats, applicants, sigma)


@MANY
@given(st.tuples(schools, ids), st.tuples(schools, ids))
@example(("学A", "B"), ("学", "AB"))
def test_distinct_school_and_id_never_share_key_input_bytes(
    a: tuple[str, str], b: tuple[str, str]
) -> None:
    # ("AB", "C") and ("A", "BC") would collide under plain concatenation.
    sigma = bytes(32)
    if a != b:
        assert key_prefix(sigma, a[0]) + a[1].encode() != key_prefix(sigma, b[0]) + b[1].encode()


@MANY
@given(public_numbers, party_secrets, public_numbers, party_secrets)
@example("1", [("a", "bc")], "1", [("ab", "c")])
def test_distinct_seed_inputs_never_share_bytes(
    n1: str, r1: list[tuple[str, str]], n2: str, r2: list[tuple[str, str]]
) -> None:
    # Holds for valid text fields only: the ban on control characters (tested in
    # test_lottery_seed_and_inputs) is what keeps separators out of the fields.
    if (n1, sorted(r1)) != (n2, sorted(r2)):
        assert seed_input_bytes(n1, r1) != seed_input_bytes(n2, r2)
