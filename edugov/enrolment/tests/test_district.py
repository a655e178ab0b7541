"""The district's 统筹 page and assignment, and the statistics page: scope, the reason
required, the audit event, the export, the figures and their query count."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from python_calamine import CalamineWorkbook

from edugov.audit.models import AuditEvent
from edugov.core.context import acting
from edugov.enrolment.models import Application, Status
from edugov.enrolment.selectors import statistics
from edugov.enrolment.services import application_assign

from . import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(cast):
    world.build(cast)
    return cast


def left(school):
    return Application.objects.get(school=school, status=Status.UNPLACED)


def test_the_allocation_list_shows_the_districts_unplaced_children_only(built, client_for):
    donghu, jinxian = left(built.donghu_school), left(built.jinxian_school)
    url = reverse("enrolment:allocation_list")
    body = client_for(built.donghu_officer).get(url).content.decode()
    assert donghu.number in body and jinxian.number not in body
    assert donghu.child_name not in body and donghu.masked("child_name") in body
    assert built.jinxian_school.name not in body  # nor in the filter's dropdown
    city = client_for(built.city_admin).get(url).content.decode()
    assert donghu.number in city and jinxian.number in city
    # A school may change its own applications but never assigns: it sees no row, not
    # even its own child left without a place.
    school = client_for(built.donghu_principal).get(url).content.decode()
    assert donghu.number not in school and 'data-testid="empty-state"' in school


def test_the_allocation_export_holds_the_page_rows_masked(built, client_for):
    donghu, jinxian = left(built.donghu_school), left(built.jinxian_school)
    response = client_for(built.donghu_officer).get(
        reverse("enrolment:allocation_export"), {"format": "csv"}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert donghu.number in text and jinxian.number not in text
    assert donghu.child_name not in text and donghu.masked("child_name") in text
    assert len(text.strip().splitlines()) == 2  # the header and the one unplaced child


def test_the_filter_narrows_the_allocation_list(built, client_for):
    donghu = left(built.donghu_school)
    client = client_for(built.city_admin)
    url = reverse("enrolment:allocation_list")
    body = client.get(url, {"school": built.jinxian_school.pk}).content.decode()
    assert donghu.number not in body and left(built.jinxian_school).number in body
    body = client.get(url, {"district": built.donghu.pk}).content.decode()
    assert donghu.number in body and left(built.jinxian_school).number not in body


def test_assigning_needs_a_reason_and_is_audited(built, client_for):
    app = left(built.donghu_school)
    client = client_for(built.donghu_officer)
    url = reverse("enrolment:application_assign", args=[app.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"school": built.donghu_school.pk, "reason": " "})
    assert response.status_code == 200 and "text-danger" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.UNPLACED and app.placed_school is None
    response = client.post(url, {"school": built.donghu_school.pk, "reason": "就近安置"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.PLACED and app.placed_school == built.donghu_school
    assert app.reason == "就近安置" and app.assigned_at is not None
    event = AuditEvent.objects.filter(event_type="enrolment.assign").get()
    assert event.changes["reason"] == "就近安置"
    # Placed: no longer on the 统筹 list, and its assignment page is gone.
    assert client.get(url).status_code == 404


def test_assignment_is_the_districts_only(built, client_for):
    donghu, jinxian = left(built.donghu_school), left(built.jinxian_school)
    officer = client_for(built.donghu_officer)
    url = reverse("enrolment:application_assign", args=[jinxian.pk])
    assert officer.get(url).status_code == 404
    assert officer.post(url, {"school": built.donghu_school.pk, "reason": "x"}).status_code == 404
    principal = client_for(built.donghu_principal)
    assert (
        principal.get(reverse("enrolment:application_assign", args=[donghu.pk])).status_code == 404
    )
    with acting(built.donghu_principal), pytest.raises(PermissionDenied):
        application_assign(
            user=built.donghu_principal, application=donghu, school=built.donghu_school, reason="x"
        )
    # Another district's school is not a target, even for the city.
    with acting(built.city_admin), pytest.raises(ValidationError):
        application_assign(
            user=built.city_admin, application=donghu, school=built.jinxian_school, reason="x"
        )
    jinxian.refresh_from_db()
    assert jinxian.status == Status.UNPLACED


# --- statistics ---------------------------------------------------------------------


def test_the_figures_by_school_and_category_follow_the_scope(built):
    figures = statistics(built.donghu_officer, year=2026)
    [school] = figures["schools"]
    assert school["name"] == built.donghu_school.name
    assert (school["seats"], school["total"], school["placed"], school["unplaced"]) == (2, 2, 0, 1)
    assert school["by_category"] == {"home_and_household": 2} and school["fill_rate"] == 0.0
    with acting(built.donghu_officer):
        application_assign(
            user=built.donghu_officer,
            application=left(built.donghu_school),
            school=built.donghu_school,
            reason="就近安置",
        )
    [school] = statistics(built.donghu_officer, year=2026)["schools"]
    assert (school["placed"], school["assigned"], school["unplaced"]) == (1, 1, 0)
    assert school["fill_rate"] == 50.0
    city = statistics(built.city_admin, year=2026)
    assert {r["name"] for r in city["schools"]} == {
        built.donghu_school.name,
        built.jinxian_school.name,
    }
    assert city["total"]["total"] == 4 and city["total"]["seats"] == 4
    assert city["total"]["fill_rate"] == 25.0
    by_cat = {c["key"]: c for c in city["by_category"]}
    assert by_cat["home_and_household"]["total"] == 4
    assert by_cat["home_and_household"]["unplaced"] == 1
    assert [r["name"] for r in statistics(built.jinxian_principal, year=2026)["schools"]] == [
        built.jinxian_school.name
    ]
    assert statistics(built.city_admin, year=2025)["schools"] == []


def test_the_statistics_take_the_same_queries_whatever_the_size(built):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            statistics(built.city_admin, year=2026)
        return len(ctx.captured_queries)

    count()  # the user's roles and grants, read once and then cached on the user
    small = count()
    for serial in range(20, 26):
        world.apply(world.parent(f"139000001{serial}"), built.jinxian_school, "民和小区", serial)
    # The applications grouped, the plans grouped, the schools' names; and the user's
    # explicit grants, once per model (core.scoping), whatever the rows.
    assert count() == small == 5


def test_the_statistics_page_chart_export_and_empty_state(built, client_for):
    client = client_for(built.donghu_officer)
    url = reverse("enrolment:statistics")
    body = client.get(url, {"year": 2026}).content.decode()
    assert 'data-chart="chart-schools"' in body and 'id="chart-schools"' in body
    assert body.count('data-testid="school-row"') == 1
    assert built.jinxian_school.name not in body
    empty = client.get(url, {"year": 2020}).content.decode()
    assert 'data-testid="empty-state"' in empty and "chart-schools" not in empty
    response = client.get(url, {"year": 2026, "format": "xlsx"})
    sheet = (
        CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert sheet[1][0] == built.donghu_school.name and sheet[1][2] == 2  # seats
    assert sheet[2][0] == "合计"
    assert AuditEvent.objects.filter(object_type="enrolment.statistics").exists()
    assert client.post(url).status_code == 404
    parent = Application.objects.order_by("pk").first().parent
    assert client_for(parent).get(url).status_code == 404


# --- API ----------------------------------------------------------------------------


def test_the_api_lists_the_scope_masked_and_hides_the_rest(built):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(built.donghu_officer)
    data = api.get("/api/enrolment/applications/").json()
    mine = Application.objects.filter(school=built.donghu_school)
    assert data["count"] == mine.count() == 2
    row = next(r for r in data["results"] if r["number"] == mine.first().number)
    app = mine.first()
    assert row["child_name"] == app.masked("child_name") != app.child_name
    assert row["child_id"] == app.masked("child_id") != app.child_id
    assert "birth_date" not in row and "parent" not in row
    other = Application.objects.filter(school=built.jinxian_school).first()
    assert api.get(f"/api/enrolment/applications/{other.pk}/").status_code == 404
    assert api.get(f"/api/enrolment/applications/{app.pk}/").status_code == 200
    assert api.get("/api/enrolment/applications/", {"status": "unplaced"}).json()["count"] == 1
    assert api.post("/api/enrolment/applications/", {}).status_code == 405
    api.force_authenticate(app.parent)  # a parent reads their own on their pages, not here
    assert api.get("/api/enrolment/applications/").status_code == 403
    assert api.get(f"/api/enrolment/applications/{app.pk}/").status_code == 404
