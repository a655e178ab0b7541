"""Reconciliation: exact sums, the reserve shortfall, overdue refunds; a property test
against an integer-fen reference."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edugov.engines.training import reconcile
from edugov.engines.training.reconcile import MISMATCH, REFUND_OVERDUE, SHORTFALL

D = Decimal


def test_a_balance_below_the_reserve_and_an_unpaid_refund_are_flagged():
    lines = [
        ("A", date(2023, 9, 1), "charge", D("3000.00"), 30, ""),
        ("A", date(2023, 9, 20), "release", D("1000.00"), 10, ""),
        ("A", date(2023, 9, 2), "refund_request", D("300.00"), 0, "R1"),
        ("A", date(2023, 9, 30), "balance", D("1500.00"), 0, ""),
        ("B", date(2023, 9, 1), "charge", D("1000.00"), 10, ""),
        ("B", date(2023, 9, 3), "refund_request", D("100.00"), 0, "R2"),
        ("B", date(2023, 9, 5), "refund", D("100.00"), 1, "R2"),
        ("B", date(2023, 9, 30), "balance", D("900.00"), 0, ""),
        ("B", date(2023, 12, 1), "balance", D("1.00"), 0, ""),  # after as_of: ignored
    ]
    out = reconcile(lines, as_of=date(2023, 10, 1), refund_days=15)
    a, b = out["A"], out["B"]
    assert a.expected == D("2000.00") and a.required == D("2000.00")
    assert a.shortfall == D("500.00") and a.difference == D("-500.00")
    assert a.flags == [MISMATCH, SHORTFALL, REFUND_OVERDUE]
    assert [r.ref for r in a.overdue] == ["R1"]
    assert b.expected == D("900.00") and b.flags == [] and b.lessons_open == 9


def test_a_guarantee_account_holds_a_share_rounded_half_up_to_the_fen():
    lines = [
        ("G", date(2023, 9, 1), "charge", D("1000.05"), 10, ""),
        ("G", date(2023, 9, 2), "balance", D("100.00"), 0, ""),
    ]
    p = reconcile(lines, as_of=date(2023, 9, 30), reserve_ratio=D("0.1"))["G"]
    assert p.required == D("100.01") and p.flags == [MISMATCH, SHORTFALL]
    assert p.shortfall == D("0.01")


def test_a_refund_request_is_overdue_only_after_its_last_day():
    lines = [("A", date(2023, 9, 1), "refund_request", D("10.00"), 0, "R")]
    assert reconcile(lines, as_of=date(2023, 9, 16), refund_days=15)["A"].overdue == []
    assert len(reconcile(lines, as_of=date(2023, 9, 17), refund_days=15)["A"].overdue) == 1


def test_float_money_is_refused():
    with pytest.raises(TypeError):
        reconcile([("A", date(2023, 9, 1), "charge", 1.5, 1, "")], as_of=date(2023, 9, 2))


line = st.tuples(
    st.sampled_from(["A", "B", "C"]),
    st.sampled_from(["charge", "release", "refund"]),
    st.integers(min_value=0, max_value=10**9),  # fen
    st.integers(min_value=0, max_value=60),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(line, max_size=80))
def test_the_sums_equal_an_integer_fen_reference(rows):
    lines = [(i, date(2023, 9, 1), k, D(f) / 100, n, "") for i, k, f, n in rows]
    out = reconcile(lines, as_of=date(2023, 9, 2))
    for inst in {r[0] for r in rows}:
        fen = {
            k: sum(f for i, kk, f, _n in rows if i == inst and kk == k)
            for k in ("charge", "release", "refund")
        }
        p = out[inst]
        assert p.charged * 100 == fen["charge"] and p.released * 100 == fen["release"]
        assert p.expected * 100 == fen["charge"] - fen["release"] - fen["refund"]
