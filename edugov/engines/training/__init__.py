"""双减 rules and prepaid-fee reconciliation (issue 20). Plain Python, no Django.

- :mod:`.rules`: the course-time and prepayment rules of DOMAIN.md §7, checked on one
  lesson or one charge, returning violation codes (the app words them);
- :mod:`.reconcile`: the supervising bank's statement lines reconciled per institution
  against the lessons bought, taught and refunded, exact in ``Decimal``.

Sources, semantics and the configurable limits: docs/engines/training.md.
"""

from .reconcile import KINDS, Position, Refund, reconcile
from .rules import (
    Charge,
    Lesson,
    PrepayLimits,
    TimeLimits,
    charge_violations,
    lesson_violations,
)

__all__ = [
    "KINDS",
    "Charge",
    "Lesson",
    "Position",
    "PrepayLimits",
    "Refund",
    "TimeLimits",
    "charge_violations",
    "lesson_violations",
    "reconcile",
]
