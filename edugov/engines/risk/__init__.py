"""Private-school risk tiers (民办学校风险分类), plain Python, no Django.

    >>> from edugov.engines.risk import DEFAULT_CONFIG, classify
    >>> r = classify({"wage_arrears": True, "debt_ratio": 10}, DEFAULT_CONFIG)
    >>> r.tier, r.triggers[0].code
    ('红', 'wage_arrears')

The indicators, their scales, weights, tier thresholds and hard triggers are data
(``RiskConfig``), versioned per year by the caller. Model, defaults and sources:
docs/engines/risk.md.
"""

from .model import (
    DEFAULT_CONFIG,
    TIERS,
    Flag,
    Line,
    Linear,
    Mapped,
    Result,
    RiskConfig,
    Trigger,
    classify,
    config_from_dict,
)

__all__ = [
    "DEFAULT_CONFIG",
    "TIERS",
    "Flag",
    "Line",
    "Linear",
    "Mapped",
    "Result",
    "RiskConfig",
    "Trigger",
    "classify",
    "config_from_dict",
]
