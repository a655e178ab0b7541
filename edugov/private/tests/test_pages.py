"""Every list, detail, edit and export page: in scope 200, out of scope 404; a private
school's own account sees its own file only; personal data masked on the file's page."""

import pytest
from django.urls import reverse

from edugov.conftest import make_user
from edugov.core.context import acting
from edugov.core.testing import ScopedViewTests

from ..models import AnnualInspection, Founder, PrivateSchool, RiskAssessment
from ..risk import risk_assess
from ..services import row_save
from .factories import NOW, inspection_round, private_school

pytestmark = pytest.mark.django_db


def two_files(cast):
    inside = private_school(cast.donghu_officer, cast.donghu, "1136000101", "东湖区民办启明幼儿园")
    outside = private_school(cast.city_admin, cast.jinxian, "1136000102", "进贤县民办春苗幼儿园")
    return inside, outside


class TestSchoolPages(ScopedViewTests):
    list_url = "private:school_list"
    detail_url = "private:school_detail"
    edit_url = "private:school_edit"
    export_url = "private:school_export"

    def objects(self, cast):
        inside, outside = two_files(cast)
        return cast.donghu_officer, inside, outside

    def label(self, obj):
        return obj.school.code


class TestInspectionPages(ScopedViewTests):
    list_url = "private:inspection_list"
    detail_url = "private:inspection_detail"
    export_url = "private:inspection_export"
    not_applicable = {
        "test_the_edit_page_answers_200_in_scope_and_404_outside": "moves are the self-report "
        "and review pages (object_view, in the matrix)"
    }

    def objects(self, cast):
        two_files(cast)
        a = inspection_round(cast.donghu_officer, cast.donghu, "NJ-DH").inspections.get()
        b = inspection_round(cast.city_admin, cast.jinxian, "NJ-JX").inspections.get()
        return cast.donghu_officer, a, b

    def label(self, obj):
        return obj.school.name


class TestRiskPages(ScopedViewTests):
    list_url = "private:risk_list"
    edit_url = "private:risk_edit"
    export_url = "private:risk_export"
    not_applicable = {
        "test_the_detail_page_answers_200_in_scope_and_404_outside": "the school's page shows it"
    }

    def objects(self, cast):
        a, b = two_files(cast)
        with acting(cast.city_admin):
            ra = risk_assess(file=a, user=cast.city_admin, year=2023, now=NOW)
            rb = risk_assess(file=b, user=cast.city_admin, year=2023, now=NOW)
        return cast.donghu_officer, ra, rb

    def label(self, obj):
        return obj.file.school.name


def test_a_private_school_account_sees_its_own_file_only(cast, client_for):
    mine, other = two_files(cast)
    neighbour = private_school(
        cast.donghu_officer, cast.donghu, "1136000103", "东湖区民办晨曦幼儿园"
    )
    user = make_user("qiming_head", "school_admin", mine.school)
    client = client_for(user)
    body = client.get(reverse("private:school_list")).content.decode()
    assert "东湖区民办启明幼儿园" in body
    assert "东湖区民办晨曦幼儿园" not in body and "进贤县民办春苗幼儿园" not in body
    assert client.get(reverse("private:school_detail", args=[mine.pk])).status_code == 200
    for f in (neighbour, other):
        assert client.get(reverse("private:school_detail", args=[f.pk])).status_code == 404
    # It reads its file, never edits it (the licence is the bureau's), nor assesses itself.
    assert client.get(reverse("private:school_edit", args=[mine.pk])).status_code == 404
    assert client.post(reverse("private:school_assess", args=[mine.pk])).status_code == 404
    assert PrivateSchool.objects.visible_to(user, "view").count() == 1


def test_a_district_sees_its_schools_and_the_city_all(cast):
    two_files(cast)
    assert [
        f.school.name for f in PrivateSchool.objects.visible_to(cast.donghu_officer, "view")
    ] == ["东湖区民办启明幼儿园"]
    assert PrivateSchool.objects.visible_to(cast.city_admin, "view").count() == 2
    assert PrivateSchool.objects.visible_to(cast.jinxian_principal, "view").count() == 0


def test_the_file_page_masks_founders_and_account_and_keeps_history(cast, client_for):
    mine, _ = two_files(cast)
    with acting(cast.donghu_officer):
        row_save(
            obj=Founder(
                file=mine, name="王建华", id_number="360102198001011234", phone="13907911234"
            ),
            user=cast.donghu_officer,
        )
    client = client_for(cast.donghu_officer)
    response = client.post(
        reverse("private:school_edit", args=[mine.pk]),
        {
            "school": mine.school_id,
            "status": "licensed",
            "profit_type": "non_profit",
            "licence_number": mine.licence_number,
            "licence_valid_until": "2026-08-31",
            "approved_capacity": 500,
            "account_number": "",
            "account_supervised": "",
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.account_number == "6217000011112222"  # an empty field kept it
    body = client.get(reverse("private:school_detail", args=[mine.pk])).content.decode()
    for secret in ("360102198001011234", "13907911234", "6217000011112222", "王建华"):
        assert secret not in body
    # The dated history, in words: the field's name and the values as the page says them.
    assert "核定办学规模" in body and "→ 500" in body and "approved_capacity" not in body
    assert (
        "no-store" in client.get(reverse("private:school_detail", args=[mine.pk]))["Cache-Control"]
    )


def test_the_risk_page_explains_the_tier_and_a_trigger_opens_disposal(cast, client_for):
    mine, _ = two_files(cast)
    mine.account_supervised = False
    mine.save()
    client = client_for(cast.donghu_officer)
    assert client.post(reverse("private:school_assess", args=[mine.pk])).status_code == 302
    risk = RiskAssessment.objects.get(file=mine)
    assert risk.tier == "红" and risk.case.case_type == "private_disposal"
    body = client.get(reverse("private:school_detail", args=[mine.pk])).content.decode()
    assert 'data-testid="risk-explanation"' in body and risk.case.number in body
    assert body.count("<tr") >= 10  # one row per indicator


def test_the_lists_are_empty_with_a_hint_and_filter(cast, client_for):
    client = client_for(cast.donghu_officer)
    for name in ("school_list", "round_list", "inspection_list", "risk_list"):
        response = client.get(reverse(f"private:{name}"))
        assert response.status_code == 200
    two_files(cast)
    response = client.get(reverse("private:school_list"), {"institution_type": "primary"})
    assert "东湖区民办启明幼儿园" not in response.content.decode()
    assert AnnualInspection.objects.count() == 0
