"""Screening engine (心理健康测评): instruments as data, batch scoring, warning tiers.

No Django import: the wellbeing app feeds it answers and stores what it returns.
See docs/engines/screening.md.
"""

from .instrument import (
    BUILTIN,
    Band,
    Flag,
    Instrument,
    InstrumentError,
    Item,
    Option,
    builtin,
)
from .score import MISSING, Scored, SheetResult, score, score_one
from .tiers import DEFAULT_RULES, TIERS, Condition, TierRules, assign, assign_one

__all__ = [
    "BUILTIN",
    "DEFAULT_RULES",
    "MISSING",
    "TIERS",
    "Band",
    "Condition",
    "Flag",
    "Instrument",
    "InstrumentError",
    "Item",
    "Option",
    "Scored",
    "SheetResult",
    "TierRules",
    "assign",
    "assign_one",
    "builtin",
    "score",
    "score_one",
]
