"""Statistics pages: scope on list/detail/edit/export, school entry and district approval."""

import pytest
from django.urls import reverse

from edugov.audit.models import AuditEvent
from edugov.core.testing import ScopedViewTests
from edugov.registry.models import AnnualStatistics, StatsStatus

from .conftest import make_stats

pytestmark = pytest.mark.django_db


class TestStatisticsScope(ScopedViewTests):
    list_url = "registry:stats_list"
    detail_url = "registry:stats_detail"
    edit_url = "registry:stats_edit"
    export_url = "registry:stats_export"

    def objects(self, cast):
        inside = make_stats(cast.donghu_school, primary=200, status=StatsStatus.DRAFT)
        outside = make_stats(cast.jinxian_school, primary=200, status=StatsStatus.DRAFT)
        return cast.donghu_officer, inside, outside

    def label(self, obj):
        return obj.school.code


def form_data(stats, **changes):
    from edugov.registry.forms import STAT_FORM_FIELDS

    data = {}
    for name in STAT_FORM_FIELDS:
        value = getattr(stats, name)
        if name == "school":
            value = stats.school_id
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        data[name] = value
    data.update(changes)
    return data


def test_a_school_corrects_and_submits_and_the_district_approves(cast, client_for):
    stats = make_stats(cast.donghu_school, primary=200, status=StatsStatus.DRAFT, floor_area=800)
    school = client_for(cast.donghu_principal)
    response = school.post(
        reverse("registry:stats_edit", args=[stats.pk]), form_data(stats, floor_area="950")
    )
    assert response.status_code == 302
    school.post(reverse("registry:stats_submit", args=[stats.pk]))
    stats.refresh_from_db()
    assert stats.floor_area == 950 and stats.status == StatsStatus.SUBMITTED
    # A school cannot approve its own figures, nor change them once submitted.
    school.post(reverse("registry:stats_approve", args=[stats.pk]))
    assert AnnualStatistics.objects.get(pk=stats.pk).status == StatsStatus.SUBMITTED
    response = school.post(
        reverse("registry:stats_edit", args=[stats.pk]), form_data(stats, floor_area="990")
    )
    assert response.status_code == 400
    district = client_for(cast.donghu_officer)
    district.post(reverse("registry:stats_approve", args=[stats.pk]))
    assert AnnualStatistics.objects.get(pk=stats.pk).status == StatsStatus.APPROVED
    assert AuditEvent.objects.filter(event_type="statistics.approved").count() == 1


def test_the_district_returns_figures_with_a_reason(cast, client_for):
    stats = make_stats(cast.donghu_school, primary=200, status=StatsStatus.SUBMITTED)
    district = client_for(cast.donghu_officer)
    district.post(reverse("registry:stats_return", args=[stats.pk]), {"reason": "体育馆面积有误"})
    stats.refresh_from_db()
    assert stats.status == StatsStatus.RETURNED and stats.return_reason == "体育馆面积有误"
    page = client_for(cast.donghu_principal).get(stats.get_absolute_url()).content.decode()
    assert "体育馆面积有误" in page and 'data-testid="submit"' in page


def test_the_form_rejects_classes_that_cannot_hold_the_pupils(cast, client_for):
    stats = make_stats(cast.donghu_school, primary=200, status=StatsStatus.DRAFT)
    response = client_for(cast.donghu_principal).post(
        reverse("registry:stats_edit", args=[stats.pk]),
        form_data(stats, classes_primary="2", max_class_size_primary="45"),
    )
    assert response.status_code == 400 and "200" in response.content.decode()


def test_transitions_outside_scope_are_404(cast, client_for):
    stats = make_stats(cast.jinxian_school, primary=200, status=StatsStatus.SUBMITTED)
    client = client_for(cast.donghu_officer)
    for name in ("registry:stats_submit", "registry:stats_approve", "registry:stats_return"):
        assert client.post(reverse(name, args=[stats.pk])).status_code == 404


def test_the_list_page_issues_a_fixed_number_of_queries(
    cast, school_factory, client_for, django_assert_max_num_queries
):
    client = client_for(cast.city_admin)
    make_stats(cast.donghu_school, primary=100)
    client.get(reverse("registry:stats_list"))
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("registry:stats_list"))
    for _ in range(20):
        make_stats(school_factory(cast.jinxian), primary=100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("registry:stats_list")).status_code == 200


def test_the_district_opens_a_year_and_the_school_enters_its_figures(cast, client_for):
    district = client_for(cast.donghu_officer)
    url = reverse("registry:stats_open_year", args=[cast.donghu.pk])
    assert district.get(url).status_code == 200
    assert district.post(url, {"year": 2024}).status_code == 302
    opened = AnnualStatistics.objects.filter(year=2024)
    assert sorted(s.school.code for s in opened) == sorted(
        [cast.donghu_school.code, cast.donghu_junior.code]
    )
    assert district.post(url, {"year": 2024}).status_code == 302  # nothing twice
    assert AnnualStatistics.objects.filter(year=2024).count() == 2
    # Another district's unit is not there for this officer; a school cannot open years.
    jinxian = reverse("registry:stats_open_year", args=[cast.jinxian.pk])
    assert district.post(jinxian, {"year": 2024}).status_code == 404
    school = client_for(cast.donghu_principal)
    own = reverse("registry:stats_open_year", args=[cast.donghu_school.pk])
    assert school.get(own).status_code == 404
    draft = opened.get(school=cast.donghu_school)
    response = school.post(
        reverse("registry:stats_edit", args=[draft.pk]),
        form_data(draft, g1="40", classes_primary="1", max_class_size_primary="40", teachers="3"),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.students_primary == 40 and draft.status == StatsStatus.DRAFT
