"""学前教育普及普惠 shares per district and city against thresholds and targets."""

from __future__ import annotations

import pytest

from edugov.engines.indicators import StatsError, Target, Thresholds, evaluate_kindergarten


def _kg(code, district, children, public, puhui, standardized, teachers, **kw):
    return {
        "school_code": code,
        "district": district,
        "year": 2023,
        "type": "kindergarten",
        "children": children,
        "is_public": public,
        "is_puhui": puhui,
        "is_standardized": standardized,
        "teachers": teachers,
        **kw,
    }


INSTITUTIONS = [
    _kg("K1", "东湖区", 200, 1, 0, 1, 14, opened_year=2023),
    _kg("K2", "东湖区", 100, 0, 1, 0, 6, opened_year=2015),
    _kg("K3", "东湖区", 100, 0, 0, 0, 5, opened_year=2010),
    # public and also flagged 普惠: must count once in the coverage
    _kg("K4", "西湖区", 300, 1, 1, 1, 20, opened_year=2001),
    # a primary school in the same table is ignored
    {
        "school_code": "P1",
        "district": "东湖区",
        "year": 2023,
        "type": "primary",
        "children": 0,
        "is_public": 1,
        "is_puhui": 0,
        "is_standardized": 0,
        "teachers": 50,
    },
]
POPULATION = [
    {"district": "东湖区", "year": 2023, "population_3_5": 450},
    {"district": "西湖区", "year": 2023, "population_3_5": 320},
]


def _by_district(res):
    return {r["district"]: r for r in res.records("district")}


def test_district_shares_match_a_hand_count():
    res = evaluate_kindergarten(INSTITUTIONS, POPULATION)
    d = _by_district(res)["东湖区"]
    ind = d["indicators"]
    # 公办占比 200/400 = 50 %, exactly on the national 50 % line, below the city's 58 %
    assert ind["kg_public_share"]["value"] == pytest.approx(50.0)
    assert ind["kg_public_share"]["national_met"] is True
    assert ind["kg_public_share"]["city_target"] == 58.0
    assert ind["kg_public_share"]["city_target_met"] is False
    # 普惠覆盖率 (200 + 100)/400 = 75 % < 80 %
    assert ind["kg_inclusive_coverage"]["value"] == pytest.approx(75.0)
    assert ind["kg_inclusive_coverage"]["national_met"] is False
    # 毛入园率 400/450 = 88.9 % ≥ 85 %
    assert ind["kg_gross_enrolment"]["value"] == pytest.approx(400 / 450 * 100)
    assert ind["kg_gross_enrolment"]["national_met"] is True
    # 标准化达标率 1 of 3 kindergartens = 33.3 % ≥ the city's 30 %
    assert ind["kg_standardized_share"]["value"] == pytest.approx(100 / 3)
    assert ind["kg_standardized_share"]["city_target_met"] is True
    # 400 children / 25 teachers = 16 > 15 (lower is better)
    assert ind["kg_children_per_teacher"]["value"] == pytest.approx(16.0)
    assert ind["kg_children_per_teacher"]["national_met"] is False
    assert d["n_kindergartens"] == 3 and d["n_public"] == 1 and d["n_new_public"] == 1


def test_a_public_kindergarten_flagged_puhui_is_counted_once():
    res = evaluate_kindergarten(INSTITUTIONS, POPULATION)
    ind = _by_district(res)["西湖区"]["indicators"]
    assert ind["kg_inclusive_coverage"]["value"] == pytest.approx(100.0)
    assert ind["kg_children_per_teacher"]["national_met"] is True  # 300/20 = 15, on the line


def test_the_city_figure_is_pooled_not_an_average_of_districts():
    res = evaluate_kindergarten(INSTITUTIONS, POPULATION)
    (city,) = res.records("city")
    ind = city["indicators"]
    # public 500 of 700 children = 71.4 % (the mean of 50 % and 100 % would be 75 %)
    assert ind["kg_public_share"]["value"] == pytest.approx(500 / 700 * 100)
    assert ind["kg_gross_enrolment"]["value"] == pytest.approx(700 / 770 * 100)
    assert ind["kg_standardized_share"]["value"] == pytest.approx(50.0)
    assert city["n_kindergartens"] == 4


def test_a_district_without_kindergartens_still_gets_its_enrolment_rate():
    pop = [*POPULATION, {"district": "安义县", "year": 2023, "population_3_5": 100}]
    res = evaluate_kindergarten(INSTITUTIONS, pop)
    ind = _by_district(res)["安义县"]["indicators"]
    assert ind["kg_gross_enrolment"]["value"] == 0
    assert ind["kg_public_share"]["value"] is None
    (city,) = res.records("city")
    assert city["indicators"]["kg_gross_enrolment"]["value"] == pytest.approx(700 / 870 * 100)


def test_district_targets_per_year_are_data():
    th = Thresholds().with_targets(
        Target("kg_public_share", 45.0, "district", year=2023, district="东湖区"),
        Target("kg_public_share", 60.0, "district", year=2024, district="东湖区"),
    )
    res = evaluate_kindergarten(INSTITUTIONS, POPULATION, thresholds=th)
    d = _by_district(res)
    assert d["东湖区"]["indicators"]["kg_public_share"]["district_target"] == 45.0
    assert d["东湖区"]["indicators"]["kg_public_share"]["district_target_met"] is True
    assert d["西湖区"]["indicators"]["kg_public_share"]["district_target"] is None


def test_a_flag_that_is_not_zero_or_one_is_rejected_with_its_row():
    bad = [dict(INSTITUTIONS[0]), dict(INSTITUTIONS[1], is_public=2)]
    with pytest.raises(StatsError) as err:
        evaluate_kindergarten(bad, POPULATION)
    assert (err.value.row, err.value.column) == (1, "is_public")


def test_duplicate_population_rows_are_rejected():
    with pytest.raises(StatsError) as err:
        evaluate_kindergarten(INSTITUTIONS, [*POPULATION, POPULATION[0]])
    assert err.value.row == 2
