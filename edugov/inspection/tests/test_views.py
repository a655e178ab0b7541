"""Every list, detail, edit and export page of the module: in scope 200, out of scope 404;
the lists' empty states and filters; the phone masked in the inspector list and export."""

import datetime as dt

import pytest
from django.urls import reverse

from edugov.core.context import acting
from edugov.core.testing import ScopedViewTests

from ..models import Assignment, Campaign, Inspector, Visit
from ..services import assignment_save, campaign_save, inspector_save, visit_save

pytestmark = pytest.mark.django_db


def make_inspector(user, unit, name, phone="13907912345"):
    with acting(user):
        return inspector_save(
            inspector=Inspector(unit=unit, name=name, phone=phone, background="teacher"), user=user
        )


class TestInspectorPages(ScopedViewTests):
    list_url = "inspection:inspector_list"
    edit_url = "inspection:inspector_edit"
    export_url = "inspection:inspector_export"
    not_applicable = {
        "test_the_detail_page_answers_200_in_scope_and_404_outside": "the edit page is the detail"
    }

    def objects(self, cast):
        inside = make_inspector(cast.donghu_officer, cast.donghu, "东湖督学甲")
        outside = make_inspector(cast.city_admin, cast.jinxian, "进贤督学乙")
        return cast.donghu_officer, inside, outside

    def label(self, obj):
        return obj.name


def test_the_inspector_phone_is_masked_on_the_list_and_in_the_export(cast, client_for):
    make_inspector(cast.donghu_officer, cast.donghu, "王建国", phone="13907912345")
    client = client_for(cast.donghu_officer)
    page = client.get(reverse("inspection:inspector_list")).content.decode()
    assert "王建国" in page and "13907912345" not in page
    response = client.get(reverse("inspection:inspector_export"), {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "王建国" in body and "13907912345" not in body


def _visit(user, school, inspector):
    with acting(user):
        return visit_save(
            visit=Visit(
                date=dt.date(2023, 5, 9), school=school, inspector=inspector, items_checked="食堂"
            ),
            user=user,
        )


class TestVisitPages(ScopedViewTests):
    list_url = "inspection:visit_list"
    detail_url = "inspection:visit_detail"
    edit_url = "inspection:visit_edit"
    export_url = "inspection:visit_export"

    def objects(self, cast):
        a = make_inspector(cast.donghu_officer, cast.donghu, "东湖督学甲")
        b = make_inspector(cast.city_admin, cast.jinxian, "进贤督学乙")
        return (
            cast.donghu_officer,
            _visit(cast.donghu_officer, cast.donghu_school, a),
            _visit(cast.city_admin, cast.jinxian_school, b),
        )

    def label(self, obj):
        return obj.school.name


class TestAssignmentPages(ScopedViewTests):
    list_url = "inspection:assignment_list"
    edit_url = "inspection:assignment_edit"
    export_url = "inspection:assignment_export"
    not_applicable = {
        "test_the_detail_page_answers_200_in_scope_and_404_outside": "the edit page is the detail"
    }

    def objects(self, cast):
        a = make_inspector(cast.donghu_officer, cast.donghu, "东湖督学甲")
        b = make_inspector(cast.city_admin, cast.jinxian, "进贤督学乙")
        with acting(cast.city_admin):
            inside = assignment_save(
                assignment=Assignment(
                    inspector=a, school=cast.donghu_school, start_date=dt.date(2023, 2, 1)
                ),
                user=cast.city_admin,
            )
            outside = assignment_save(
                assignment=Assignment(
                    inspector=b, school=cast.jinxian_school, start_date=dt.date(2023, 2, 1)
                ),
                user=cast.city_admin,
            )
        return cast.donghu_officer, inside, outside

    def label(self, obj):
        return obj.inspector.name


def _campaign(user, code, unit, evaluated):
    with acting(user):
        return campaign_save(
            campaign=Campaign(
                code=code,
                title="评估",
                kind="principal_term",
                year=2023,
                unit=unit,
                evaluated_unit=evaluated,
            ),
            user=user,
        )


class TestCampaignPages(ScopedViewTests):
    list_url = "inspection:campaign_list"
    detail_url = "inspection:campaign_detail"
    edit_url = "inspection:campaign_edit"
    export_url = "inspection:campaign_export"

    def objects(self, cast):
        return (
            cast.donghu_officer,
            _campaign(cast.donghu_officer, "DH-1", cast.donghu, cast.donghu_school),
            _campaign(cast.city_admin, "JX-1", cast.jinxian, cast.jinxian_school),
        )


def test_the_evaluated_school_reads_its_campaign_but_cannot_edit_it(cast, client_for):
    c = _campaign(cast.donghu_officer, "DH-1", cast.donghu, cast.donghu_school)
    client = client_for(cast.donghu_principal)
    assert client.get(reverse("inspection:campaign_detail", args=[c.pk])).status_code == 200
    assert client.get(reverse("inspection:campaign_edit", args=[c.pk])).status_code == 404
    # Not yet open for self-assessment: the form is not there.
    assert client.get(reverse("inspection:campaign_self_assess", args=[c.pk])).status_code == 404


def test_empty_lists_say_who_fills_them(cast, client_for):
    client = client_for(cast.donghu_officer)
    for name in ("inspector_list", "visit_list", "campaign_list", "assignment_list"):
        page = client.get(reverse(f"inspection:{name}")).content.decode()
        assert "督导室" in page, name


def test_the_visit_list_filters_by_findings(cast, client_for):
    a = make_inspector(cast.donghu_officer, cast.donghu, "东湖督学甲")
    _visit(cast.donghu_officer, cast.donghu_school, a)
    with acting(cast.donghu_officer):
        visit_save(
            visit=Visit(
                date=dt.date(2023, 6, 9), school=cast.donghu_junior, inspector=a, items_checked="x"
            ),
            user=cast.donghu_officer,
            findings=[{"description": "作业超时", "severity": "minor"}],
        )
    client = client_for(cast.donghu_officer)
    page = client.get(reverse("inspection:visit_list"), {"with_findings": "true"}).content.decode()
    assert cast.donghu_junior.name in page and cast.donghu_school.name not in page


def test_the_visit_list_query_count_is_fixed(cast, client_for, django_assert_max_num_queries):
    a = make_inspector(cast.donghu_officer, cast.donghu, "东湖督学甲")
    for m in range(1, 9):
        with acting(cast.donghu_officer):
            visit_save(
                visit=Visit(
                    date=dt.date(2023, m, 9),
                    school=cast.donghu_school,
                    inspector=a,
                    items_checked="x",
                ),
                user=cast.donghu_officer,
            )
    client = client_for(cast.donghu_officer)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("inspection:visit_list")).status_code == 200
