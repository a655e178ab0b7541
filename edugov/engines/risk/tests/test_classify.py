"""The risk engine: hard triggers force 红 whatever the score, weights are configuration,
and the explanation lists every indicator."""

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edugov.engines.risk import DEFAULT_CONFIG, TIERS, classify, config_from_dict

# Every indicator at its best value: 0 points each.
PERFECT = {
    "debt_ratio": 20,
    "cash_months": 12,
    "audit_opinion": "标准无保留",
    "enrolment_drop": -5,
    "complaints_per_100": 0,
    "safety_findings": 0,
    "inspection": "合格",
    "wage_arrears": False,
    "licence_expired": False,
    "account_unsupervised": False,
}


def test_a_perfect_school_is_green_with_score_zero():
    result = classify(PERFECT, DEFAULT_CONFIG)
    assert (result.tier, result.score, result.triggers) == ("绿", 0.0, ())


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("licence_expired", True),
        ("wage_arrears", True),
        ("account_unsupervised", True),
        ("inspection", "不合格"),
    ],
)
def test_each_hard_trigger_forces_red_with_every_other_indicator_perfect(code, value):
    result = classify({**PERFECT, code: value}, DEFAULT_CONFIG)
    assert result.tier == "红"
    assert [t.code for t in result.triggers] == [code]
    # The score alone would not have made it red: the trigger did.
    assert result.score_tier != "红"


@given(
    st.fixed_dictionaries(
        {
            "debt_ratio": st.floats(0, 200),
            "cash_months": st.floats(0, 24),
            "enrolment_drop": st.floats(-50, 100),
            "complaints_per_100": st.floats(0, 10),
            "safety_findings": st.integers(0, 10),
        }
    ),
    st.sampled_from(["licence_expired", "wage_arrears", "account_unsupervised"]),
)
def test_no_score_averages_a_trigger_away(values, trigger):
    assert classify({**PERFECT, **values, trigger: True}, DEFAULT_CONFIG).tier == "红"


def test_weights_change_by_configuration_not_code():
    values = {**PERFECT, "debt_ratio": 100, "cash_months": 1}  # two indicators at 100
    base = classify(values, DEFAULT_CONFIG)
    heavier = config_from_dict({"year": 2024, "weights": {"debt_ratio": 60, "cash_months": 60}})
    changed = classify(values, heavier)
    assert heavier.year == 2024 and heavier.weights["inspection"] == 15
    assert changed.score > base.score
    assert (base.tier, changed.tier) == ("黄", "红")


def test_thresholds_and_triggers_are_configuration_too():
    cfg = config_from_dict({"thresholds": [90, 80, 70], "triggers": []})
    result = classify({**PERFECT, "wage_arrears": True}, cfg)
    assert result.triggers == () and result.tier == "绿"


def test_the_explanation_lists_every_contributing_indicator():
    values = {**PERFECT, "debt_ratio": 75, "complaints_per_100": 1, "inspection": "基本合格"}
    result = classify(values, DEFAULT_CONFIG)
    explained = result.explanation()
    codes = [line["code"] for line in explained["lines"]]
    assert codes == list(DEFAULT_CONFIG.scales)
    contributing = {ln["code"]: ln for ln in explained["lines"] if ln["contribution"]}
    assert set(contributing) == {"debt_ratio", "complaints_per_100", "inspection"}
    assert contributing["debt_ratio"]["points"] == 50.0
    assert contributing["inspection"]["value"] == "基本合格"
    assert sum(ln["contribution"] for ln in explained["lines"]) == pytest.approx(
        explained["score"], abs=0.05
    )


def test_an_indicator_without_data_is_listed_and_weighs_nothing():
    result = classify({"debt_ratio": 100}, DEFAULT_CONFIG)
    assert result.score == 100.0
    missing = [ln for ln in result.lines if ln.value is None]
    assert len(missing) == len(DEFAULT_CONFIG.scales) - 1
    assert all(ln.points is None and ln.contribution == 0 for ln in missing)


@given(st.dictionaries(st.sampled_from(list(PERFECT)), st.booleans() | st.floats(0, 200)))
def test_the_tier_is_always_one_of_the_four(values):
    values = {k: v for k, v in values.items() if k not in ("audit_opinion", "inspection")}
    assert classify(values, DEFAULT_CONFIG).tier in TIERS


def test_a_bad_configuration_is_refused():
    with pytest.raises(ValueError):
        dataclasses.replace(DEFAULT_CONFIG, thresholds=(10, 40, 20))
    with pytest.raises(ValueError):
        config_from_dict({"weights": {"no_such": 1}})
    with pytest.raises(ValueError):
        classify({"inspection": "优秀"}, DEFAULT_CONFIG)
