"""The rotation problem's inputs and outputs, as plain data."""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class School:
    """A school of the district: its students and teachers now, where it is (km on a
    local plane), whether it sends and/or receives rotating teachers, and its subject
    shortages (approved posts minus teachers, where positive)."""

    id: str
    students: int
    teachers: int
    backbone: int
    x: float = 0.0
    y: float = 0.0
    sends: bool = True
    receives: bool = False
    shortage: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    """A teacher who might rotate. ``exemption`` is the recorded reason she may not
    (pregnancy, illness…); ``near_retirement`` is computed by the caller; ``max_km`` and
    ``avoid`` are her stated constraints."""

    id: str
    school: str
    subjects: tuple[str, ...]
    backbone: bool
    years: int
    exemption: str = ""
    near_retirement: bool = False
    max_km: float | None = None
    avoid: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rules:
    """The configurable rule (defaults: 教师〔2014〕4号 via DOMAIN-modules §6)."""

    min_years: int = 6
    quota: float = 0.10  # share of each sending school's eligible teachers who rotate
    backbone_share: float = 0.20  # share of backbone teachers among those rotating
    max_km: float = 30.0
    # A receiving school takes its shortages plus at most this many more teachers.
    extra_per_school: int = 2

    def quota_of(self, eligible: int) -> int:
        # "不低于": at least the share, so rounded up (a tolerance keeps 0.1 × 30 at 3).
        return min(eligible, math.ceil(self.quota * eligible - 1e-9))

    def backbone_quota_of(self, rotating: int) -> int:
        return math.ceil(self.backbone_share * rotating - 1e-9)


@dataclass(frozen=True)
class Move:
    teacher: str
    from_school: str
    to_school: str
    subject: str  # the subject whose shortage it fills, or the teacher's main subject
    fills_shortage: bool
    backbone: bool
    km: float
    reason: str


@dataclass(frozen=True)
class Shortfall:
    """A constraint the plan could not meet: at ``school``, ``required`` teachers (or
    backbone teachers), ``achieved``; ``cause`` says which limit binds."""

    constraint: str  # "quota" | "backbone"
    school: str
    required: int
    achieved: int
    cause: str  # "distance" | "capacity" | "backbone_eligible"

    @property
    def short_by(self) -> int:
        return self.required - self.achieved


def _finite(values: dict[str, float]) -> dict[str, float | None]:
    """NaN (no students: the CV is undefined) as None, which JSON can hold."""
    return {k: None if math.isnan(v) else v for k, v in values.items()}


@dataclass
class Plan:
    moves: list[Move]
    cost: int
    feasible: bool
    shortfalls: list[Shortfall]
    excluded: dict[str, str]  # teacher id → why not eligible
    eligible: int
    quota: dict[str, int]  # sending school → teachers to rotate
    backbone_quota: dict[str, int]
    shortages_before: int
    shortages_after: int
    cv_before: dict[str, float]
    cv_after: dict[str, float]
    seconds: float = 0.0

    def summary(self) -> dict:
        """JSON-ready: what a page or the CLI shows."""
        by_constraint: dict[str, int] = {}
        for s in self.shortfalls:
            key = f"{s.constraint}:{s.cause}"
            by_constraint[key] = by_constraint.get(key, 0) + s.short_by
        return {
            "feasible": self.feasible,
            "moves": len(self.moves),
            "backbone_moves": sum(m.backbone for m in self.moves),
            "eligible": self.eligible,
            "required": sum(self.quota.values()),
            "required_backbone": sum(self.backbone_quota.values()),
            "shortages_before": self.shortages_before,
            "shortages_after": self.shortages_after,
            "cv_before": _finite(self.cv_before),
            "cv_after": _finite(self.cv_after),
            "binding": by_constraint,
            "shortfalls": [
                {
                    "constraint": s.constraint,
                    "school": s.school,
                    "required": s.required,
                    "achieved": s.achieved,
                    "short_by": s.short_by,
                    "cause": s.cause,
                }
                for s in self.shortfalls
            ],
            "seconds": round(self.seconds, 3),
        }


DEFAULT_RULES = Rules()
