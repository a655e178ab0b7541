"""The record pages: in scope 200, out of scope 404; the district reads counts, never rows."""

import pytest
from django.urls import reverse

from edugov.core.testing import ScopedViewTests
from edugov.portfolio.models import PortfolioRecord

from .world import record

pytestmark = pytest.mark.django_db


class TestRecordPages(ScopedViewTests):
    list_url = "portfolio:record_list"
    detail_url = "portfolio:record_detail"
    edit_url = "portfolio:record_edit"
    export_url = "portfolio:record_export"

    def objects(self, cast):
        inside = record(cast.donghu_principal, cast.donghu_school, class_name="东湖9班")
        outside = record(cast.jinxian_principal, cast.jinxian_school, class_name="进贤9班")
        return cast.donghu_principal, inside, outside

    def label(self, obj):
        return obj.class_name


def test_the_district_counts_its_schools_records_and_opens_none(cast, client_for):
    mine = record(cast.donghu_principal, cast.donghu_school, class_name="东湖9班")
    record(cast.donghu_principal, cast.donghu_school, class_name="东湖9班", dimension="arts")
    record(cast.jinxian_principal, cast.jinxian_school, class_name="进贤9班")
    client = client_for(cast.donghu_officer)
    page = client.get(reverse("portfolio:counts")).content.decode()
    assert cast.donghu_school.name in page and cast.jinxian_school.name not in page
    assert "<td>2</td>" in page and "东湖9班" not in page
    assert client.get(reverse("portfolio:record_detail", args=[mine.pk])).status_code == 404
    assert client.get(reverse("portfolio:record_list")).status_code in (403, 404)
    assert not PortfolioRecord.objects.visible_to(cast.donghu_officer, "view").exists()


def test_the_principal_lists_her_school_and_a_teacher_without_count_right_gets_404(
    cast, client_for
):
    record(cast.donghu_principal, cast.donghu_school, class_name="东湖9班")
    page = client_for(cast.donghu_principal).get(reverse("portfolio:record_list"))
    assert "东湖9班" in page.content.decode()
    assert client_for(cast.counselor).get(reverse("portfolio:counts")).status_code == 404


def test_a_health_record_shows_the_students_fitness_result_of_that_year(cast, client_for):
    from edugov.fitness.tests.world import record as fitness_record

    result = fitness_record(cast.donghu_principal, cast.donghu_school, class_name="东湖9班")
    health = record(
        cast.donghu_principal,
        cast.donghu_school,
        student=result.student,
        dimension="health",
        school_year=result.school_year,
    )
    arts = record(
        cast.donghu_principal,
        cast.donghu_school,
        student=result.student,
        dimension="arts",
        school_year=result.school_year,
    )
    client = client_for(cast.donghu_principal)
    page = client.get(reverse("portfolio:record_detail", args=[health.pk])).content.decode()
    assert 'data-testid="fitness"' in page and "49.3" in page and "不及格" in page
    page = client.get(reverse("portfolio:record_detail", args=[arts.pk])).content.decode()
    assert 'data-testid="fitness"' not in page
