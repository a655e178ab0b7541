"""Every list, detail, edit and export page of the module: in scope 200, out of scope 404
(a school sees its projects, a district its own); the summary and map pages."""

import pytest
from django.urls import reverse

from edugov.core.testing import ScopedViewTests

from ..models import (
    Asset,
    BudgetLine,
    EducationSpending,
    Indicator,
    LineExecution,
    ProgressReport,
    Project,
    ProjectMilestone,
    PublicFundAllocation,
)
from .world import build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world(cast, settings):
    settings.EDUGOV_TODAY = "2023-09-25"
    build(cast)


class TestProjectPages(ScopedViewTests):
    list_url = "projects:project_list"
    detail_url = "projects:project_detail"
    edit_url = "projects:project_edit"
    export_url = "projects:project_export"

    def objects(self, cast):
        return (
            cast.donghu_officer,
            Project.objects.get(code="DH-01"),
            Project.objects.get(code="JX-01"),
        )

    def label(self, obj):
        return obj.code


class TestTheSchoolSeesItsOwnProjects(ScopedViewTests):
    list_url = "projects:project_list"
    detail_url = "projects:project_detail"
    export_url = "projects:project_export"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": "a school may not change "
        "the ledger"
    }

    def objects(self, cast):
        # The district's own site project is the district's, not the school's.
        return (
            cast.donghu_principal,
            Project.objects.get(code="DH-01"),
            Project.objects.get(code="DH-02"),
        )

    def label(self, obj):
        return obj.code


class TestReportPages(ScopedViewTests):
    list_url = "projects:report_list"
    edit_url = "projects:report_edit"
    export_url = "projects:report_export"
    not_applicable = {
        "test_the_detail_page_answers_200_in_scope_and_404_outside": "a report is read on "
        "its project's page"
    }

    def objects(self, cast):
        return (
            cast.donghu_principal,
            ProgressReport.objects.get(project__code="DH-01"),
            ProgressReport.objects.get(project__code="JX-01"),
        )

    def label(self, obj):
        return obj.delay_reason


class TestMilestonePages(ScopedViewTests):
    edit_url = "projects:milestone_edit"
    not_applicable = {
        "test_the_list_shows_in_scope_rows_only": "milestones are listed on the project page",
        "test_the_detail_page_answers_200_in_scope_and_404_outside": "the project page",
        "test_the_export_contains_in_scope_rows_only": "exported with the ledger",
    }

    def objects(self, cast):
        return (
            cast.donghu_principal,
            ProjectMilestone.objects.get(project__code="DH-01", stage="structure"),
            ProjectMilestone.objects.get(project__code="JX-01", stage="structure"),
        )


class TestLinePages(ScopedViewTests):
    list_url = "projects:line_list"
    detail_url = "projects:line_detail"
    edit_url = "projects:line_edit"
    export_url = "projects:line_export"

    def objects(self, cast):
        return (
            cast.donghu_officer,
            BudgetLine.objects.get(code="DH-L1"),
            BudgetLine.objects.get(code="JX-L1"),
        )


class TestIndicatorPages(ScopedViewTests):
    list_url = "projects:indicator_list"
    edit_url = "projects:indicator_edit"
    export_url = "projects:indicator_export"
    not_applicable = {"test_the_detail_page_answers_200_in_scope_and_404_outside": "its line's"}

    def objects(self, cast):
        return (
            cast.donghu_officer,
            Indicator.objects.get(name="DH覆盖学校数"),
            Indicator.objects.get(name="JX覆盖学校数"),
        )

    def label(self, obj):
        return obj.name


class TestExecutionPages(ScopedViewTests):
    list_url = "projects:execution_list"
    edit_url = "projects:execution_edit"
    export_url = "projects:execution_export"
    not_applicable = {"test_the_detail_page_answers_200_in_scope_and_404_outside": "its line's"}

    def objects(self, cast):
        return (
            cast.donghu_officer,
            LineExecution.objects.get(line__code="DH-L1"),
            LineExecution.objects.get(line__code="JX-L1"),
        )

    def label(self, obj):
        return obj.line.name


class TestAllocationPages(ScopedViewTests):
    list_url = "projects:allocation_list"
    edit_url = "projects:allocation_edit"
    export_url = "projects:allocation_export"
    not_applicable = {"test_the_detail_page_answers_200_in_scope_and_404_outside": "a row"}

    def objects(self, cast):
        return (
            cast.donghu_officer,
            PublicFundAllocation.objects.get(school=cast.donghu_school),
            PublicFundAllocation.objects.get(school=cast.jinxian_school),
        )

    def label(self, obj):
        return obj.school.name


class TestSpendingPages(ScopedViewTests):
    list_url = "projects:spending_list"
    edit_url = "projects:spending_edit"
    export_url = "projects:spending_export"
    not_applicable = {"test_the_detail_page_answers_200_in_scope_and_404_outside": "a row"}

    def objects(self, cast):
        return (
            cast.donghu_officer,
            EducationSpending.objects.get(unit=cast.donghu),
            EducationSpending.objects.get(unit=cast.jinxian),
        )

    def label(self, obj):
        return obj.unit.name


def test_the_summary_map_and_milestones_show_the_readers_projects_only(cast, client_for):
    client = client_for(cast.donghu_officer)
    for name in ("projects:summary", "projects:map", "projects:gantt"):
        page = client.get(reverse(name), {"month": "2023-08"}).content.decode()
        assert "DH-01" in page and "JX-01" not in page, name
    summary = client.get(reverse("projects:summary"), {"month": "2023-08"}).content.decode()
    assert "DH雨季停工" in summary


def test_the_funding_and_monitor_pages_answer_in_scope(cast, client_for):
    client = client_for(cast.donghu_officer)
    page = client.get(reverse("projects:funding")).content.decode()
    assert cast.donghu_school.name in page and cast.jinxian_school.name not in page
    page = client.get(reverse("projects:monitor"), {"year": 2023, "month": 9}).content.decode()
    assert "DH生均公用经费" in page and "JX生均公用经费" not in page


def test_the_project_list_runs_in_a_fixed_number_of_queries(
    cast, client_for, django_assert_max_num_queries
):
    client = client_for(cast.city_admin)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("projects:project_list")).status_code == 200


class TestAssetPages(ScopedViewTests):
    list_url = "projects:asset_list"
    detail_url = "projects:asset_detail"
    edit_url = "projects:asset_edit"
    export_url = "projects:asset_export"

    def objects(self, cast):
        return (
            cast.donghu_principal,
            Asset.objects.get(code="DH-A1"),
            Asset.objects.get(code="JX-A1"),
        )


def test_a_transfer_is_seen_by_both_schools_and_not_by_another_district(cast, client_for):
    for user in (cast.donghu_officer, cast.donghu_principal):
        page = client_for(user).get(reverse("projects:transfer_list")).content.decode()
        assert "DH-A3" in page
    page = client_for(cast.jinxian_principal).get(reverse("projects:transfer_list"))
    assert "DH-A3" not in page.content.decode()
    # The junior school now holds the books; the school that lent them no longer sees them.
    asset = Asset.objects.get(code="DH-A3")
    assert asset.school == cast.donghu_junior
    detail = reverse("projects:asset_detail", args=[asset.pk])
    assert client_for(cast.donghu_principal).get(detail).status_code == 404
    assert client_for(cast.donghu_officer).get(detail).status_code == 200


def test_the_equipment_page_shows_the_readers_schools(cast, client_for):
    page = client_for(cast.donghu_officer).get(reverse("projects:equipment")).content.decode()
    assert cast.donghu_school.name in page and cast.jinxian_school.name not in page


def test_the_ledger_export_reads_the_milestones_in_a_fixed_number_of_queries(
    cast, client_for, django_assert_max_num_queries
):
    client = client_for(cast.city_admin)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("projects:project_export"), {"format": "csv"})
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "2023-12-20" in body and "DH-01" in body and "JX-02" in body


@pytest.mark.parametrize(("who", "edits"), [("donghu_officer", True), ("donghu_principal", False)])
def test_the_project_page_links_to_its_edit_page_only_for_who_may_edit(
    cast, client_for, who, edits
):
    """A principal reads her school's project but may not change the ledger: a link to its
    edit page was a 404 for her (the browser crawl found it)."""
    project = Project.objects.get(code="DH-01")  # the principal's school's project
    page = client_for(getattr(cast, who)).get(reverse("projects:project_detail", args=[project.pk]))
    assert page.status_code == 200
    edit = reverse("projects:project_edit", args=[project.pk])
    assert (f'href="{edit}"' in page.content.decode()) is edits
