"""Projected intake: the registry's class- and school-size dashboard shows next year's
grade-1 (and junior grade-1) intake next to this year's classes. The registry holds no
such figure; a module that places children (the enrolment, issue 24) registers a
source in its ``AppConfig.ready``, so neither app imports the other's models
(docs/architecture.md, "Between modules"). The dashboard reads; no source writes a
registry number.

A source is ``source(user, unit, after=year)`` → ``{"year": int, "schools": [{"school",
"school_code", "stage" ("primary" / "junior"), "seats", "placed", "waiting"}]}`` or None,
over the reader's scope.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from edugov.engines.indicators.definitions import DEFAULT_RULES

Source = Callable[..., dict[str, Any] | None]
_sources: list[Source] = []


def register_intake_source(source: Source) -> None:
    if source not in _sources:
        _sources.append(source)


def projected_intake(user: Any, unit: Any, *, after: int) -> dict[str, Any] | None:
    """The first registered source's projection for the year after ``after``, each
    school row with the classes it needs at the standard class size (45 primary, 50
    junior: ``YouzhiRules.class_size_limit``), and totals per stage."""
    for source in _sources:
        found = source(user, unit, after=after)
        if found:
            break
    else:
        return None
    limits = DEFAULT_RULES.class_size_limit
    totals: dict[str, dict[str, int]] = {}
    for row in found["schools"]:
        limit = int(limits[row["stage"]])
        row["classes"] = math.ceil(row["placed"] / limit) if row["placed"] else 0
        row["class_limit"] = limit
        t = totals.setdefault(row["stage"], {"seats": 0, "placed": 0, "waiting": 0, "classes": 0})
        for key in t:
            t[key] += row[key]
    return {**found, "totals": totals}
