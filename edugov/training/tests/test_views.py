"""Every list, detail, edit and export page of the module: in scope 200, out of scope
404 (a district sees only its institutions and schools); empty states, filters, masking,
pinned query counts."""

import pytest
from django.urls import reverse

from edugov.core.testing import ScopedViewTests

from ..models import (
    Complaint,
    FieldRecord,
    InspectionPlan,
    Institution,
    Programme,
    Staff,
    StatementLine,
)
from . import world

pytestmark = pytest.mark.django_db


def pair(model, cast, **donghu):
    """(东湖区 officer, a 东湖区 row, a 进贤县 row) from the world."""
    inside = model.objects.filter(**donghu).order_by("pk").first()
    outside = model.objects.exclude(pk=inside.pk).order_by("pk").first()
    return cast.donghu_officer, inside, outside


class TestInstitutionPages(ScopedViewTests):
    list_url = "training:institution_list"
    detail_url = "training:institution_detail"
    edit_url = "training:institution_edit"
    export_url = "training:institution_export"

    def objects(self, cast):
        world.institutions(cast)
        return pair(Institution, cast, district=cast.donghu)

    def label(self, obj):
        return obj.code


class TestStaffPages(ScopedViewTests):
    list_url = "training:staff_list"
    edit_url = "training:staff_edit"
    export_url = "training:staff_export"
    not_applicable = {
        "test_the_detail_page_answers_200_in_scope_and_404_outside": "the edit page is the detail"
    }

    def objects(self, cast):
        world.institutions(cast)
        return pair(Staff, cast, institution__district=cast.donghu)

    def label(self, obj):
        return obj.institution.name


class TestStatementPages(ScopedViewTests):
    list_url = "training:statement_list"
    export_url = "training:statement_export"
    not_applicable = {
        "test_the_detail_page_answers_200_in_scope_and_404_outside": "a line is read in the list",
        "test_the_edit_page_answers_200_in_scope_and_404_outside": "lines come from the bank only",
    }

    def objects(self, cast):
        world.institutions(cast)
        return pair(StatementLine, cast, institution__district=cast.donghu)

    def label(self, obj):
        return obj.serial


class TestPlanPages(ScopedViewTests):
    list_url = "training:plan_list"
    edit_url = "training:plan_edit"
    export_url = "training:plan_export"
    not_applicable = {
        "test_the_detail_page_answers_200_in_scope_and_404_outside": "the edit page is the detail"
    }

    def objects(self, cast):
        donghu, jinxian = world.institutions(cast)
        world.plan_and_record(cast.donghu_officer, "东湖", donghu, finding=False)
        world.plan_and_record(cast.city_admin, "进贤", jinxian, finding=False)
        return pair(InspectionPlan, cast, unit=cast.donghu)

    def label(self, obj):
        return obj.title


class TestRecordPages(ScopedViewTests):
    list_url = "training:record_list"
    detail_url = "training:record_detail"
    export_url = "training:record_export"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": "a record is kept as made; "
        "findings are added on its page"
    }

    def objects(self, cast):
        donghu, jinxian = world.institutions(cast)
        world.plan_and_record(cast.donghu_officer, "东湖", donghu)
        world.plan_and_record(cast.city_admin, "进贤", jinxian, finding=False)
        return pair(FieldRecord, cast, district=cast.donghu)

    def label(self, obj):
        return obj.inspectors


class TestComplaintPages(ScopedViewTests):
    list_url = "training:complaint_list"
    detail_url = "training:complaint_detail"
    export_url = "training:complaint_export"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": "the loop is the case's moves"
    }

    def objects(self, cast):
        donghu, jinxian = world.institutions(cast)
        world.complaint(donghu, "东湖")
        world.complaint(jinxian, "进贤")
        return pair(Complaint, cast, district=cast.donghu)

    def label(self, obj):
        return obj.institution.name


class TestProgrammePages(ScopedViewTests):
    list_url = "training:programme_list"
    edit_url = "training:programme_edit"
    export_url = "training:programme_export"
    not_applicable = {
        "test_the_detail_page_answers_200_in_scope_and_404_outside": "the edit page is the detail"
    }

    def objects(self, cast):
        world.programme(cast.donghu_officer, cast.donghu_school)
        world.programme(cast.city_admin, cast.jinxian_school)
        # The principal sees her school's programme, not another district's.
        inside = Programme.objects.get(school=cast.donghu_school)
        return cast.donghu_principal, inside, Programme.objects.get(school=cast.jinxian_school)

    def label(self, obj):
        return obj.school.name


def test_the_lists_say_who_fills_them_when_empty(cast, client_for):
    c = client_for(cast.donghu_officer)
    for name in ("institution_list", "statement_list", "record_list", "complaint_list"):
        body = c.get(reverse(f"training:{name}")).content.decode()
        assert 'data-testid="empty-state"' in body, name


def test_the_staff_list_and_export_are_masked(cast, world, client_for):
    c = client_for(cast.donghu_officer)
    page = c.get(reverse("training:staff_list")).content.decode()
    assert "13907911234" not in page and "王老师" not in page and "139****1234" in page
    assert "20233601234567" not in page
    body = b"".join(
        c.get(reverse("training:staff_export"), {"format": "csv"}).streaming_content
    ).decode("utf-8-sig")
    assert "13907911234" not in body and "20233601234567" not in body


def test_the_institution_filter_query_count_and_page(
    cast, world, client_for, django_assert_max_num_queries
):
    c = client_for(cast.city_admin)
    page = c.get(reverse("training:institution_list"), {"category": "subject"}).content.decode()
    assert "JG-JX-1" in page and "JG-DH-1" not in page
    c.get(reverse("training:institution_list"))
    with django_assert_max_num_queries(15):
        c.get(reverse("training:institution_list"))


def test_the_institution_page_lists_its_cases_and_complaints(cast, world, client_for):
    page = (
        client_for(cast.donghu_officer)
        .get(reverse("training:institution_detail", args=[world["donghu"].pk]))
        .content.decode()
    )
    assert page.count('data-testid="case-row"') == 2  # the finding's case and the complaint


def test_the_reserve_page_flags_a_shortfall(cast, world, client_for):
    import datetime as dt
    from decimal import Decimal

    StatementLine.objects.create(
        institution=world["donghu"],
        serial="BAL-1",
        booked_on=dt.date(2023, 9, 30),
        kind="balance",
        amount=Decimal("2500.00"),
    )
    c = client_for(cast.donghu_officer)
    page = c.get(reverse("training:reserve"), {"as_of": "2023-10-01"}).content.decode()
    assert page.count('data-testid="reserve-row"') == 1  # 进贤县's line is not read
    assert "500.00" in page  # 3000 should be held, 2500 is
    assert c.post(reverse("training:reserve")).status_code == 404


def test_the_status_change_is_audited_and_refused_out_of_scope(cast, world, client_for):
    from edugov.audit.models import AuditEvent

    c = client_for(cast.donghu_officer)
    url = reverse("training:institution_status", args=[world["donghu"].pk])
    c.post(url, {"status": "suspended", "reason": "消防不合格"})
    assert Institution.objects.get(pk=world["donghu"].pk).status == "suspended"
    assert AuditEvent.objects.filter(event_type="training.status").exists()
    other = reverse("training:institution_status", args=[world["jinxian"].pk])
    assert c.post(other, {"status": "suspended", "reason": "x"}).status_code == 404
