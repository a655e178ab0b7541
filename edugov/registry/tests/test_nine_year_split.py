"""A 九年一贯制 school is evaluated as a primary part and a junior part; shared resources
are split by students weighted 1 : 1.1, and the qualification table by stage line."""

import pytest

from edugov.registry.evaluations import youzhi_evaluation
from edugov.registry.selectors import load_area_unscoped

from .conftest import make_stats

pytestmark = pytest.mark.django_db


def test_a_nine_year_school_is_split_into_primary_and_junior_parts(cast, school_factory):
    school = school_factory(cast.donghu, "nine_year", name="东湖区九年一贯制学校")
    make_stats(
        school,
        primary=600,
        junior=400,
        teachers_associate=10,
        teachers_bachelor=40,
        teachers_postgraduate=5,
        floor_area=6000,
        backbone_county=12,
        teachers_pe=10,
        sports_ground_area=10000,
        equipment_value=2_600_000,
        multimedia_classrooms=30,
    )
    result = youzhi_evaluation(load_area_unscoped(cast.donghu))
    primary = result["primary"]["schools"][0]["indicators"]
    junior = result["junior"]["schools"][0]["indicators"]
    # Weights: primary 600 × 1 = 600, junior 400 × 1.1 = 440, together 1040.
    # Floor area: primary 6000 × 600/1040 = 3461.54 ㎡ → 5.769 ㎡ per pupil;
    #             junior  6000 × 440/1040 = 2538.46 ㎡ → 6.346 ㎡ per pupil.
    assert primary["yz_floor_area"]["value"] == pytest.approx(6000 * 600 / 1040 / 600)
    assert junior["yz_floor_area"]["value"] == pytest.approx(6000 * 440 / 1040 / 400)
    # Qualified teachers: primary counts 专科+ (10 + 40 + 5 = 55), junior 本科+ (45).
    # Primary part 55 × 600/1040 = 31.73 → 5.288 per 100 (≥ 4.2, met);
    # junior part 45 × 440/1040 = 19.04 → 4.760 per 100 (< 5.3, missed).
    assert primary["yz_qualified_teachers"]["value"] == pytest.approx(55 * 600 / 1040 / 6)
    assert primary["yz_qualified_teachers"]["met"] is True
    assert junior["yz_qualified_teachers"]["value"] == pytest.approx(45 * 440 / 1040 / 4)
    assert junior["yz_qualified_teachers"]["met"] is False
    # The school-size line applies to the whole school: 1000 ≤ 2500.
    assert result["junior"]["schools"][0]["school_size_limit"] == 2500
    assert result["junior"]["schools"][0]["oversize"] is False


def test_special_schools_are_left_out(cast, school_factory):
    special = school_factory(cast.donghu, "special", name="东湖区特殊教育学校")
    make_stats(special, primary=60, floor_area=100)
    data = load_area_unscoped(cast.donghu)
    result = youzhi_evaluation(data)
    assert result["primary"]["schools"] == []
    assert [e["school_code"] for e in result["excluded"]] == [special.code]
