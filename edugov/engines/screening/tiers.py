"""Warning tiers (红 / 橙 / 黄 / 无) from several instruments' results.

The tiers are a local choice (DOMAIN.md §7, "Mental health"): a rule names, for each
tier, conditions on an instrument's total or flag; the first tier with a condition met
wins, so a PHQ-9 item-9 flag makes a sheet 红 whatever its totals. The platform's
defaults are ``DEFAULT_RULES``; a bureau's own are configuration (the wellbeing app's
``EDUGOV_WELLBEING["tiers"]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .instrument import InstrumentError
from .score import Scored

TIERS = ("red", "orange", "yellow", "none")


@dataclass(frozen=True)
class Condition:
    """``instrument``'s total ≥ ``total_at_least``, or its flag ``flag`` raised."""

    instrument: str
    total_at_least: int | None = None
    flag: str | None = None

    def __post_init__(self) -> None:
        if (self.total_at_least is None) == (self.flag is None):
            raise InstrumentError(f"{self.instrument}: a condition is a total or a flag")


@dataclass(frozen=True)
class TierRules:
    """For "red", "orange", "yellow": conditions, any of which puts a sheet in that tier."""

    red: tuple[Condition, ...]
    orange: tuple[Condition, ...]
    yellow: tuple[Condition, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TierRules:
        def conds(rows):
            return tuple(Condition(**row) for row in rows)

        return cls(conds(data["red"]), conds(data["orange"]), conds(data["yellow"]))

    def instruments(self) -> set[str]:
        return {c.instrument for t in (self.red, self.orange, self.yellow) for c in t}


DEFAULT_RULES = TierRules(
    red=(Condition("PHQ-9", flag="suicide_risk"), Condition("PHQ-9", total_at_least=20)),
    orange=(Condition("PHQ-9", total_at_least=15), Condition("GAD-7", total_at_least=15)),
    yellow=(Condition("PHQ-9", total_at_least=10), Condition("GAD-7", total_at_least=10)),
)


def _met(cond: Condition, results: dict[str, Scored], n: int) -> np.ndarray:
    scored = results.get(cond.instrument)
    if scored is None:
        return np.zeros(n, dtype=bool)
    if cond.flag is not None:
        codes = [f.code for f in scored.instrument.flags]
        if cond.flag not in codes:
            raise InstrumentError(f"{cond.instrument}: no flag {cond.flag!r}")
        return scored.flags[:, codes.index(cond.flag)]
    return scored.totals >= cond.total_at_least


def assign(rules: TierRules, results: dict[str, Scored]) -> np.ndarray:
    """Tier index per sheet (0 red … 3 none); ``results`` score the same sheets, row
    for row, one entry per instrument given."""
    sizes = {len(s) for s in results.values()}
    if len(sizes) != 1:
        raise InstrumentError("every instrument must score the same sheets")
    n = sizes.pop()
    tiers = np.full(n, 3, dtype=np.int8)
    # From the mildest up, so the most severe tier met is the one kept.
    for index, conds in ((2, rules.yellow), (1, rules.orange), (0, rules.red)):
        hit = np.zeros(n, dtype=bool)
        for cond in conds:
            hit |= _met(cond, results, n)
        tiers[hit] = index
    return tiers


def assign_one(rules: TierRules, results: dict[str, Scored]) -> str:
    return TIERS[int(assign(rules, results)[0])]
