"""The risk model: each indicator's value becomes 0–100 risk points on its scale; the
score is the weighted mean of the points of the indicators that have a value; the tier
follows from the score unless a hard trigger fires, which forces 红 whatever the score
(DOMAIN.md §7: "Hard triggers force red. Otherwise the tier comes from a weighted score").

There is no national standard: every number below is a default (UNCONFIRMED), and a
year's configuration replaces any of them (``config_from_dict``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

RED, ORANGE, YELLOW, GREEN = "红", "橙", "黄", "绿"
TIERS = (RED, ORANGE, YELLOW, GREEN)  # worst first


@dataclass(frozen=True)
class Linear:
    """0 points at ``good`` or better, 100 at ``bad`` or worse, straight in between.
    ``bad`` below ``good`` means "lower is worse" (months of cash)."""

    good: float
    bad: float

    def points(self, value: Any) -> float:
        v = float(value)
        span = self.bad - self.good
        if span == 0:
            return 100.0 if v >= self.bad else 0.0
        return round(min(100.0, max(0.0, (v - self.good) / span * 100.0)), 2)


@dataclass(frozen=True)
class Mapped:
    """Points per category (an audit opinion, an inspection result)."""

    points_by_value: tuple[tuple[str, float], ...]

    def __post_init__(self) -> None:
        # Looked up once per school and indicator: built once.
        object.__setattr__(self, "_table", {str(k): float(v) for k, v in self.points_by_value})

    def points(self, value: Any) -> float:
        try:
            return self._table[str(value)]
        except KeyError:
            raise ValueError(f"unknown category {value!r}") from None


@dataclass(frozen=True)
class Flag:
    """A yes/no finding: 100 points when true."""

    def points(self, value: Any) -> float:
        return 100.0 if value else 0.0


Scale = Linear | Mapped | Flag


@dataclass(frozen=True)
class Trigger:
    """A hard trigger: the indicator ``code`` having one of ``values`` forces 红."""

    code: str
    values: tuple[Any, ...] = (True,)
    label: str = ""

    def fires(self, value: Any) -> bool:
        return value is not None and value in self.values


@dataclass(frozen=True)
class RiskConfig:
    """One year's model: scales and weights per indicator, the score at which each tier
    starts (红, 橙, 黄; below the last is 绿) and the hard triggers."""

    year: int | None
    scales: Mapping[str, Scale]
    weights: Mapping[str, float]
    thresholds: tuple[float, float, float]
    triggers: tuple[Trigger, ...]
    labels: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.weights) - set(self.scales)
        if unknown:
            raise ValueError(f"weights for indicators without a scale: {sorted(unknown)}")
        if any(w < 0 for w in self.weights.values()):
            raise ValueError("weights cannot be negative")
        red, orange, yellow = self.thresholds
        if not (red >= orange >= yellow):
            raise ValueError("thresholds must run 红 ≥ 橙 ≥ 黄")


@dataclass(frozen=True)
class Line:
    """One indicator's part in the result: its value, its points, its weight and what it
    added to the score; ``value`` None means no data (it then weighs nothing)."""

    code: str
    label: str
    value: Any
    points: float | None
    weight: float
    contribution: float


@dataclass(frozen=True)
class Result:
    tier: str
    score: float
    lines: tuple[Line, ...]
    triggers: tuple[Trigger, ...]
    score_tier: str  # the tier the score alone gives

    def explanation(self) -> dict[str, Any]:
        """A JSON-ready account of why the school has its tier."""
        return {
            "tier": self.tier,
            "score": self.score,
            "score_tier": self.score_tier,
            "triggers": [{"code": t.code, "label": t.label} for t in self.triggers],
            "lines": [
                {
                    "code": ln.code,
                    "label": ln.label,
                    "value": ln.value,
                    "points": ln.points,
                    "weight": ln.weight,
                    "contribution": ln.contribution,
                }
                for ln in self.lines
            ],
        }


def tier_for(score: float, thresholds: tuple[float, float, float]) -> str:
    red, orange, yellow = thresholds
    if score >= red:
        return RED
    if score >= orange:
        return ORANGE
    if score >= yellow:
        return YELLOW
    return GREEN


def classify(values: Mapping[str, Any], config: RiskConfig) -> Result:
    """The tier of one school from its indicator values (``None`` or absent: no data).

    Every indicator of the configuration appears in ``lines``, with or without data, so
    the page can say what was and was not counted."""
    scored: list[tuple[str, Any, float | None, float]] = []
    total_weight = 0.0
    weighted = 0.0
    for code, scale in config.scales.items():
        weight = float(config.weights.get(code, 0.0))
        value = values.get(code)
        points = None if value is None else scale.points(value)
        if points is not None:
            total_weight += weight
            weighted += weight * points
        scored.append((code, value, points, weight))
    score = round(weighted / total_weight, 2) if total_weight else 0.0
    labels = config.labels
    # Each line's share of the score, so the contributions add up to it.
    lines = [
        Line(
            code,
            labels.get(code, code),
            value,
            points,
            weight,
            round(weight * points / total_weight, 2)
            if points is not None and total_weight
            else 0.0,
        )
        for code, value, points, weight in scored
    ]
    fired = tuple(t for t in config.triggers if t.fires(values.get(t.code)))
    score_tier = tier_for(score, config.thresholds)
    return Result(
        tier=RED if fired else score_tier,
        score=score,
        lines=tuple(lines),
        triggers=fired,
        score_tier=score_tier,
    )


# --- the default model (UNCONFIRMED: no national standard, DOMAIN.md §7) ---------------

INSPECTION_POINTS = (("合格", 0.0), ("基本合格", 60.0), ("不合格", 100.0))
AUDIT_POINTS = (
    ("标准无保留", 0.0),
    ("带强调事项", 30.0),
    ("保留", 60.0),
    ("否定", 100.0),
    ("无法表示", 100.0),
)

DEFAULT_CONFIG = RiskConfig(
    year=None,
    scales={
        "debt_ratio": Linear(good=50, bad=100),  # 资产负债率 %, a company's usual alarm at 70
        "cash_months": Linear(good=6, bad=1),  # months of running costs held in cash
        "audit_opinion": Mapped(AUDIT_POINTS),
        "enrolment_drop": Linear(good=0, bad=20),  # % fall on last year; ≥20 % is the alarm
        "complaints_per_100": Linear(good=0, bad=2),
        "safety_findings": Linear(good=0, bad=3),  # open safety rectifications
        "inspection": Mapped(INSPECTION_POINTS),
        "wage_arrears": Flag(),
        "licence_expired": Flag(),
        "account_unsupervised": Flag(),
    },
    weights={
        "debt_ratio": 15,
        "cash_months": 15,
        "audit_opinion": 10,
        "enrolment_drop": 15,
        "complaints_per_100": 10,
        "safety_findings": 10,
        "inspection": 15,
        "wage_arrears": 10,
        "licence_expired": 0,
        "account_unsupervised": 0,
    },
    thresholds=(60, 40, 20),
    triggers=(
        Trigger("licence_expired", (True,), "licence expired"),
        Trigger("wage_arrears", (True,), "wage or social-insurance arrears"),
        Trigger("account_unsupervised", (True,), "tuition account not supervised"),
        Trigger("inspection", ("不合格",), "annual inspection failed"),
    ),
)


def _scale(spec: Any) -> Scale:
    if isinstance(spec, (Linear, Mapped, Flag)):
        return spec
    kind = spec.get("kind")
    if kind == "linear":
        return Linear(float(spec["good"]), float(spec["bad"]))
    if kind == "mapped":
        return Mapped(tuple((str(k), float(v)) for k, v in spec["points"].items()))
    if kind == "flag":
        return Flag()
    raise ValueError(f"unknown scale kind {kind!r}")


def config_from_dict(data: Mapping[str, Any], *, base: RiskConfig = DEFAULT_CONFIG) -> RiskConfig:
    """A year's configuration as plain data (settings, JSON) over ``base``: any of
    ``year``, ``weights`` (merged), ``thresholds``, ``scales`` (merged),
    ``triggers`` ([{"code", "values", "label"}], replacing), ``labels`` (merged)."""
    scales = dict(base.scales)
    scales.update({k: _scale(v) for k, v in (data.get("scales") or {}).items()})
    weights = dict(base.weights)
    weights.update({k: float(v) for k, v in (data.get("weights") or {}).items()})
    triggers = base.triggers
    if "triggers" in data:
        triggers = tuple(
            Trigger(t["code"], tuple(t.get("values", (True,))), t.get("label", ""))
            for t in data["triggers"]
        )
    return RiskConfig(
        year=data.get("year", base.year),
        scales=scales,
        weights=weights,
        thresholds=tuple(float(x) for x in data.get("thresholds", base.thresholds)),
        triggers=triggers,
        labels={**base.labels, **(data.get("labels") or {})},
    )
