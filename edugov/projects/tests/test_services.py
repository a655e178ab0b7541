"""The ledger's rules: milestones in order, payments within the budget by source (the
field named), a late milestone opens one delay case, 投用 adds capacity for the next
school year, photos lose their EXIF."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from edugov.casework.models import Case
from edugov.core.context import acting

from ..models import CapacityAddition, ProgressReport, Stage
from ..selectors import added_places_unscoped
from ..services import milestone_photos_add, milestone_save, next_school_year, report_save
from .world import PLANNED, TODAY, jpeg, project, reach, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(cast):
    return project(cast.donghu_officer, cast.donghu_school, "T-01")


def test_a_milestone_dated_before_the_previous_one_is_refused_naming_the_field(cast, p):
    reach(cast.donghu_officer, p, Stage.APPROVAL, dt.date(2023, 3, 1))
    with pytest.raises(ValidationError) as exc:
        reach(cast.donghu_officer, p, Stage.FEASIBILITY, dt.date(2023, 2, 1))
    assert "actual" in exc.value.message_dict
    assert (
        "立项" in str(exc.value)
        or "approval" in str(exc.value).lower()
        or "立项" in repr(exc.value)
    )


def test_an_actual_date_in_the_future_is_refused(cast, p):
    m = p.milestones.get(stage=Stage.APPROVAL)
    m.actual = TODAY + dt.timedelta(days=1)
    with acting(cast.donghu_officer), pytest.raises(ValidationError) as exc:
        milestone_save(milestone=m, user=cast.donghu_officer, today=TODAY)
    assert "actual" in exc.value.message_dict


def test_a_report_paying_more_than_a_sources_budget_is_refused_naming_the_source(cast, p):
    report(cast.donghu_officer, p, dt.date(2023, 6, 1), central="150000")
    # 中央 budget is 200,000.00: 150,000 + 50,000.01 exceeds it by one fen.
    with pytest.raises(ValidationError) as exc:
        report(cast.donghu_officer, p, dt.date(2023, 7, 1), central="50000.01")
    assert list(exc.value.message_dict) == ["paid_central"]
    assert ProgressReport.objects.filter(project=p).count() == 1
    # To the fen is allowed.
    report(cast.donghu_officer, p, dt.date(2023, 7, 1), central="50000.00")


def test_a_report_of_a_future_month_is_refused(cast, p):
    with pytest.raises(ValidationError) as exc:
        report(cast.donghu_officer, p, dt.date(2023, 10, 1))
    assert "month" in exc.value.message_dict


def test_a_delay_needs_its_reasons(cast, p):
    with pytest.raises(ValidationError) as exc:
        report(cast.donghu_officer, p, dt.date(2023, 8, 1), delayed=True, reason="")
    assert "delay_reason" in exc.value.message_dict


def test_a_milestone_late_beyond_the_configured_days_opens_one_case(cast, p, settings):
    # 主体完工 planned 2023-07-31: 56 days late on 2023-09-25. With 60 days allowed, none.
    settings.EDUGOV_PROJECTS = {"late_days": 60}
    for stage in (Stage.APPROVAL, Stage.FEASIBILITY, Stage.TENDER, Stage.START):
        reach(cast.donghu_officer, p, stage, PLANNED[stage])
    report(cast.donghu_officer, p, dt.date(2023, 8, 1))
    assert not Case.objects.filter(case_type="project_delay").exists()
    settings.EDUGOV_PROJECTS = {"late_days": 55}
    report(cast.donghu_officer, p, dt.date(2023, 9, 1))
    case = Case.objects.get(case_type="project_delay")
    assert case.lead_unit == cast.donghu_school and case.supervising_unit == cast.donghu
    assert p.milestones.get(stage=Stage.STRUCTURE).case == case
    # Checked again: still one case.
    with acting(cast.donghu_officer):
        r = ProgressReport.objects.get(project=p, month=dt.date(2023, 9, 1))
        r.percent = Decimal("55")
        report_save(report=r, user=cast.donghu_officer, today=TODAY)
    assert Case.objects.filter(case_type="project_delay").count() == 1


def test_in_use_adds_the_places_to_the_next_school_years_capacity(cast, p):
    for stage, day in PLANNED.items():
        reach(cast.donghu_officer, p, stage, min(day, dt.date(2023, 8, 20)))
    rows = list(CapacityAddition.objects.filter(project=p))
    assert [(r.year, r.level, r.places, r.unit) for r in rows] == [
        (2023, "primary", 540, cast.donghu_school)
    ]
    assert added_places_unscoped(scope=cast.donghu, year=2023)["primary"] == 540
    assert added_places_unscoped(scope=cast.jinxian, year=2023)["primary"] == 0
    # Taking the date back removes it.
    m = p.milestones.get(stage=Stage.IN_USE)
    m.actual = None
    with acting(cast.donghu_officer):
        milestone_save(milestone=m, user=cast.donghu_officer, today=TODAY)
    assert not CapacityAddition.objects.filter(project=p).exists()


def test_the_next_school_year_starts_in_september():
    assert next_school_year(dt.date(2024, 8, 31)) == 2024
    assert next_school_year(dt.date(2024, 9, 1)) == 2025


def test_milestone_photos_are_kept_without_exif_and_a_bad_one_keeps_none(cast, p):
    from PIL import Image

    m = p.milestones.get(stage=Stage.START)
    with acting(cast.donghu_officer):
        with pytest.raises(ValidationError):
            milestone_photos_add(
                milestone=m,
                user=cast.donghu_officer,
                uploads=[
                    SimpleUploadedFile("a.jpg", jpeg()),
                    SimpleUploadedFile("b.jpg", b"MZ not an image"),
                ],
            )
        assert not m.photos.exists()
        [photo] = milestone_photos_add(
            milestone=m, user=cast.donghu_officer, uploads=[SimpleUploadedFile("a.jpg", jpeg())]
        )
    with photo.file.open("rb") as fh, Image.open(fh) as image:
        assert not image.getexif()


def test_the_school_may_not_change_another_schools_milestone(cast):
    other = project(cast.city_admin, cast.jinxian_school, "T-02")
    m = other.milestones.get(stage=Stage.APPROVAL)
    m.actual = dt.date(2023, 1, 10)
    from django.core.exceptions import PermissionDenied

    with acting(cast.donghu_principal), pytest.raises(PermissionDenied):
        milestone_save(milestone=m, user=cast.donghu_principal, today=TODAY)
