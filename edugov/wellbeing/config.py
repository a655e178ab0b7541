"""Local choices of the mental-health module, with their defaults.

``settings.EDUGOV_WELLBEING`` (a dict with the keys below); a key not given keeps its
default. Every figure here is UNCONFIRMED as a national rule (DOMAIN.md §7: "warning
tiers are a local choice"): it is what a bureau sets, the default is what the platform
ships with, and docs/modules/wellbeing.md names the source of each.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from edugov.engines.screening import DEFAULT_RULES, TierRules

DEFAULTS: dict[str, Any] = {
    # Instruments a campaign may use (built-in codes or paths to licensed JSON scales).
    "instruments": ("PHQ-9", "GAD-7"),
    # Tier rules (engines.screening.TierRules.from_dict format); None = DEFAULT_RULES:
    # 红 PHQ-9 item 9 > 0 or PHQ-9 ≥ 20; 橙 PHQ-9 or GAD-7 ≥ 15; 黄 either ≥ 10.
    "tiers": None,
    # 红: "same-day assessment and referral" (DOMAIN.md §7). The response clock from the
    # alert; 8 hours keeps an alert raised in school hours inside the same day.
    "crisis_response": "8 小时",
    # The whole crisis case, to closure or hand-over to a psychological case.
    "crisis_deadline": "72 小时",
    # 橙: "specialist interview within about a week".
    "case_interview": "168 小时",
    "case_deadline": "90 个自然日",
    # 黄: "re-screen within about a month" (listed on the campaign for the counselor).
    "rescreen_days": 30,
    # An answer code lives this long from issue, and answers once.
    "code_hours": 72,
    # Aggregates: a cell under this count is shown as "<5" (never its number).
    "min_cell": 5,
}


def get(key: str) -> Any:
    return {**DEFAULTS, **getattr(settings, "EDUGOV_WELLBEING", {})}[key]


def tier_rules() -> TierRules:
    rules = get("tiers")
    return DEFAULT_RULES if rules is None else TierRules.from_dict(rules)
