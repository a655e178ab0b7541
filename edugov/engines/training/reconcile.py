"""Reconciliation of a supervising bank's statement lines (预收费资金监管), per institution.

A line is ``(institution, booked_on, kind, amount, lessons, ref)``:

- ``charge``: a prepayment swept into the custody account (lessons bought);
- ``release``: money released to the institution for lessons taught (一课一销);
- ``refund_request``: a parent's refund the institution owes (``ref`` names it);
- ``refund``: a refund paid out (``ref`` names the request it pays; lessons returned);
- ``balance``: the bank's reported balance of the account at the end of that day.

Per institution the account should hold ``expected = charged − released − refunded``
(the fees of lessons bought and neither taught nor refunded), and it must hold at least
``required = expected × reserve ratio`` (1 for bank custody, a share for a 风险保证金
account; the ratio is the caller's). Flags: the last reported balance is below the
required reserve (a shortfall), the balance differs from the books, more lessons taught
or refunded than bought, and refund requests unpaid past their deadline.

Exact: amounts are ``Decimal`` (a float is refused), sums are exact, the required
reserve is rounded half-up to the fen. One pass over the lines, memory per institution
and per open refund request, not per line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

KINDS = ("charge", "release", "refund_request", "refund", "balance")
FEN = Decimal("0.01")
ZERO = Decimal("0.00")

# Flag codes.
SHORTFALL = "shortfall"
MISMATCH = "mismatch"
LESSONS = "lessons"
REFUND_OVERDUE = "refund_overdue"


@dataclass
class Refund:
    """A refund request and what has been paid against it."""

    ref: str
    requested_on: date
    amount: Decimal
    paid: Decimal = ZERO
    due: date | None = None


@dataclass
class Position:
    """One institution's account as the lines tell it."""

    institution: object
    charged: Decimal = ZERO
    released: Decimal = ZERO
    refunded: Decimal = ZERO
    lessons_bought: int = 0
    lessons_taught: int = 0
    lessons_refunded: int = 0
    balance: Decimal | None = None
    balance_on: date | None = None
    required: Decimal = ZERO
    shortfall: Decimal = ZERO
    difference: Decimal = ZERO
    overdue: list[Refund] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def expected(self) -> Decimal:
        return self.charged - self.released - self.refunded

    @property
    def lessons_open(self) -> int:
        return self.lessons_bought - self.lessons_taught - self.lessons_refunded


def reconcile(
    lines: Iterable[tuple],
    *,
    as_of: date,
    reserve_ratio: Callable[[object], Decimal] | Decimal = Decimal(1),
    refund_days: int = 15,
) -> dict[object, Position]:
    """Every institution's :class:`Position` on ``as_of`` (lines booked later are ignored).

    ``reserve_ratio``: one ratio, or a function of the institution key (custody vs
    guarantee accounts). ``refund_days``: calendar days from the request a refund must be
    paid within; a request unpaid (in full) after that is overdue."""
    # Per institution: [charged, released, refunded, bought, taught, lessons refunded,
    # balance, balance day]; lists, not Position objects, in the hot loop.
    acc: dict[object, list] = {}
    requests: dict[object, dict[str, Refund]] = {}
    paid: dict[tuple[object, str], Decimal] = {}
    for inst, on, kind, amount, lessons, ref in lines:
        if on > as_of:
            continue
        if type(amount) is not Decimal:
            raise TypeError(f"amount must be a Decimal, not {type(amount).__name__}")
        a = acc.get(inst)
        if a is None:
            a = acc[inst] = [ZERO, ZERO, ZERO, 0, 0, 0, None, None]
        if kind == "charge":
            a[0] += amount
            a[3] += lessons
        elif kind == "release":
            a[1] += amount
            a[4] += lessons
        elif kind == "refund":
            a[2] += amount
            a[5] += lessons
            if ref:
                key = (inst, ref)
                paid[key] = paid.get(key, ZERO) + amount
        elif kind == "balance":
            # The latest day wins; on the same day, the later line.
            if a[7] is None or on >= a[7]:
                a[6], a[7] = amount, on
        elif kind == "refund_request":
            requests.setdefault(inst, {})[ref] = Refund(ref, on, amount)
        else:
            raise ValueError(f"unknown statement line kind {kind!r}")
    ratio_of = reserve_ratio if callable(reserve_ratio) else (lambda _inst: reserve_ratio)
    out: dict[object, Position] = {}
    for inst, a in acc.items():
        p = Position(inst, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7])
        expected = p.expected
        p.required = max(expected * Decimal(ratio_of(inst)), ZERO).quantize(FEN, ROUND_HALF_UP)
        if p.balance is not None:
            p.difference = p.balance - expected
            if p.difference:
                p.flags.append(MISMATCH)
            if p.balance < p.required:
                p.shortfall = p.required - p.balance
                p.flags.append(SHORTFALL)
        if p.lessons_open < 0:
            p.flags.append(LESSONS)
        for r in requests.get(inst, {}).values():
            r.paid = paid.get((inst, r.ref), ZERO)
            r.due = r.requested_on + timedelta(days=refund_days)
            if r.paid < r.amount and as_of > r.due:
                p.overdue.append(r)
        if p.overdue:
            p.flags.append(REFUND_OVERDUE)
        out[inst] = p
    return out


def totals(positions: Mapping[object, Position]) -> dict[str, Decimal]:
    """Sums over institutions, for a district's or the city's figures."""
    keys = ("charged", "released", "refunded", "required", "shortfall")
    return {k: sum((getattr(p, k) for p in positions.values()), ZERO) for k in keys}
