"""The priority category and the age check from the facts alone."""

import datetime as dt

import pytest

from edugov.enrolment import rules

D = dt.date


def facts(hh=False, prop=None, permit=None):
    return rules.Facts(hh, None, prop is not None, prop, permit is not None, permit)


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        (facts(True, D(2025, 1, 1)), rules.HOME_AND_HOUSEHOLD),
        (facts(True), rules.HOUSEHOLD_ONLY),
        (facts(False, D(2025, 1, 1)), rules.HOME_ONLY),
        (facts(permit=D(2025, 12, 31)), rules.MIGRANT),
        (facts(), rules.NONE),
        # property bought after 30 June of the year does not count: 户籍 only
        (facts(True, D(2026, 7, 1)), rules.HOUSEHOLD_ONLY),
        (facts(False, D(2026, 6, 30)), rules.HOME_ONLY),
        # a permit issued in the enrolment year itself is too late
        (facts(permit=D(2026, 1, 1)), rules.NONE),
    ],
)
def test_each_category_follows_from_the_facts(f, expected):
    assert rules.category(f, 2026) == expected


def test_born_on_31_august_passes_and_on_1_september_does_not():
    assert rules.age_ok(D(2020, 8, 31), 2026)
    assert not rules.age_ok(D(2020, 9, 1), 2026)


def test_the_cut_off_is_configurable():
    assert rules.age_ok(D(2020, 9, 1), 2026, month=9, day=1)
    assert not rules.age_ok(D(2020, 9, 2), 2026, month=9, day=1)


def test_point_in_polygon_respects_holes():
    poly = {
        "type": "Polygon",
        "coordinates": [
            [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
            [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
        ],
    }
    assert rules.point_in_polygon(1, 1, poly)
    assert not rules.point_in_polygon(5, 5, poly)
    assert not rules.point_in_polygon(11, 5, poly)
