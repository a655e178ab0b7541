"""The per-kind fields: declared, parsed, refused with the field named, and checked on
every save (the model's ``clean``), whatever writes the programme."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from edugov.programmes.kinds import KIND_FIELDS, ProgrammeKind, clean_extra
from edugov.programmes.models import Programme

from .world import programme

pytestmark = pytest.mark.django_db


def test_every_kind_declares_its_fields_and_the_required_ones_are_enforced():
    assert set(KIND_FIELDS) == set(ProgrammeKind.values)
    with pytest.raises(ValidationError) as exc:
        clean_extra("vocational", {"industry": "先进制造业"})
    assert any("专业代码" in m or "major code" in m for m in exc.value.message_dict["extra"])


def test_values_are_parsed_to_their_types():
    assert clean_extra(
        "vocational",
        {"major_code": " 700206 ", "industry": "先进制造业", "pipeline_3_2": "否"},
    ) == {"major_code": "700206", "industry": "先进制造业", "pipeline_3_2": False}
    assert clean_extra("labour", {"area_sqm": "1200", "capacity": 40}) == {
        "area_sqm": 1200,
        "capacity": 40,
    }
    # a choice by its code or by its label
    assert clean_extra("competition", {"field": "defence"})["field"] == "defence"


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        ("labour", {"area_sqm": "-5"}),  # a whole number ≥ 0
        ("labour", {"area_sqm": True}),  # a bool is no count
        ("competition", {"field": "sports"}),  # not a choice
        ("labour", {"major_code": "700206"}),  # another kind's field
        ("vocational", {"major_code": "1", "industry": "x", "pipeline_3_2": "maybe"}),
        # a 3+2 pipeline names its partner college
        ("vocational", {"major_code": "1", "industry": "x", "pipeline_3_2": True}),
    ],
)
def test_bad_extra_values_are_refused(kind, extra):
    with pytest.raises(ValidationError):
        clean_extra(kind, extra)


def test_the_model_refuses_a_bad_extra_on_save_and_writes_nothing(cast):
    with pytest.raises(ValidationError) as exc:
        programme(
            cast.donghu_principal,
            cast.donghu_school,
            "K-1",
            kind="competition",
            extra={"field": "chess"},
        )
    assert "extra" in exc.value.message_dict
    assert not Programme.objects.filter(code="K-1").exists()


def test_a_saved_programme_keeps_the_parsed_values_and_its_year(cast):
    p = programme(
        cast.donghu_principal,
        cast.donghu_school,
        "K-2",
        kind="vocational",
        extra={
            "major_code": "700206",
            "industry": "先进制造业",
            "pipeline_3_2": "1",
            "partner_college": "南昌职业大学",
        },
    )
    p.refresh_from_db()
    assert p.extra["pipeline_3_2"] is True and p.year == 2023
    # the detail page's rows follow the declaration, the yes/no shown as words
    shown = [str(value) for _label, value in p.extra_rows()]
    assert shown == ["700206", "先进制造业", str(gettext_lazy("yes")), "南昌职业大学"]


def test_an_end_before_the_start_is_refused(cast):
    import datetime as dt

    with pytest.raises(ValidationError) as exc:
        programme(cast.donghu_principal, cast.donghu_school, "K-3", end_date=dt.date(2023, 1, 1))
    assert "end_date" in exc.value.message_dict
