"""The pages: scope (in scope 200, out of scope 404), a participating school reads but
does not write, the kind's own fields on the form, evidence checked and served in scope
only, 认定 by the unit above the owner only, the empty state and a pinned query count."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edugov.core.testing import ScopedViewTests
from edugov.programmes.models import PartyForm, Programme, ProgrammeEvidence, State

from .world import evidence, organization, programme

pytestmark = pytest.mark.django_db


class TestProgrammePages(ScopedViewTests):
    list_url = "programmes:list"
    detail_url = "programmes:detail"
    edit_url = "programmes:edit"
    export_url = "programmes:export"

    def objects(self, cast):
        inside = programme(cast.donghu_officer, cast.donghu, "P-DH-1")
        outside = programme(cast.city_admin, cast.jinxian, "P-JX-1")
        return cast.donghu_officer, inside, outside


class TestPartyOrganizationPages(ScopedViewTests):
    list_url = "programmes:party_list"
    detail_url = "programmes:party_detail"
    edit_url = "programmes:party_edit"
    export_url = "programmes:party_export"

    def objects(self, cast):
        inside = organization(cast.donghu_principal, cast.donghu_school, brand="红烛先锋")
        outside = organization(cast.jinxian_principal, cast.jinxian_school, brand="清廉校园")
        return cast.donghu_officer, inside, outside

    def label(self, obj):
        return obj.brand


def test_a_participating_school_reads_but_does_not_write(cast, client_for):
    p = programme(cast.donghu_officer, cast.donghu, "P-DH-2", schools=[cast.jinxian_school])
    client = client_for(cast.jinxian_principal)
    assert client.get(reverse("programmes:detail", args=[p.pk])).status_code == 200
    assert client.get(reverse("programmes:edit", args=[p.pk])).status_code == 404
    other = programme(cast.donghu_officer, cast.donghu, "P-DH-3")
    assert client.get(reverse("programmes:detail", args=[other.pk])).status_code == 404


def test_the_form_shows_the_kinds_fields_and_saves_them(cast, client_for):
    client = client_for(cast.donghu_officer)
    page = client.get(reverse("programmes:create"), {"kind": "vocational"}).content.decode()
    assert 'name="x_major_code"' in page and 'name="x_area_sqm"' not in page
    data = {
        "code": "ZY-1",
        "kind": "vocational",
        "title": "智能制造专业",
        "unit": cast.donghu.pk,
        "start_date": "2023-03-01",
        "schools": [cast.donghu_school.pk],
        "school_count": "1",
        "student_count": "120",
        "x_major_code": "700206",
        "x_industry": "先进制造业",
        "x_pipeline_3_2": "on",
    }
    refused = client.post(reverse("programmes:create"), data)
    assert refused.status_code == 400 and not Programme.objects.filter(code="ZY-1").exists()
    assert "partner college" in refused.content.decode() or "合作" in refused.content.decode()
    data["x_partner_college"] = "南昌职业大学"
    data["evidence"] = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")
    response = client.post(reverse("programmes:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    p = Programme.objects.get(code="ZY-1")
    assert p.extra == {
        "major_code": "700206",
        "industry": "先进制造业",
        "pipeline_3_2": True,
        "partner_college": "南昌职业大学",
    }
    assert list(p.schools.all()) == [cast.donghu_school]
    assert p.evidence.get().name == "plan.pdf"


def test_a_bad_evidence_file_keeps_nothing(cast, client_for):
    p = programme(cast.donghu_officer, cast.donghu, "P-DH-4")
    client = client_for(cast.donghu_officer)
    data = {
        "code": p.code,
        "title": p.title,
        "unit": cast.donghu.pk,
        "start_date": "2023-03-01",
        "school_count": "0",
        "student_count": "0",
        "x_area_sqm": "900",
        "evidence": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"),
    }
    response = client.post(reverse("programmes:edit", args=[p.pk]), data)
    assert response.status_code == 400
    assert not ProgrammeEvidence.objects.filter(programme=p).exists()
    p.refresh_from_db()
    assert p.extra == {"area_sqm": 1200}  # the change rolled back with the file


def test_evidence_is_served_in_scope_only(cast, client_for):
    p = programme(cast.donghu_principal, cast.donghu_school, "P-DH-5")
    e = evidence(cast.donghu_principal, p, "photo.pdf")
    url = reverse("programmes:evidence", args=[e.pk])
    assert client_for(cast.donghu_officer).get(url).status_code == 200
    assert client_for(cast.jinxian_principal).get(url).status_code == 404


def test_the_unit_above_confirms_never_the_owner(cast, client_for):
    p = programme(cast.donghu_principal, cast.donghu_school, "P-DH-6")
    url = reverse("programmes:confirm", args=[p.pk])
    detail = reverse("programmes:detail", args=[p.pk])
    # the owner: the page offers no button and the move is a 404
    assert (
        'data-testid="confirm"'
        not in client_for(cast.donghu_principal).get(detail).content.decode()
    )
    assert client_for(cast.donghu_principal).post(url).status_code == 404
    # another district: 404
    assert client_for(cast.jinxian_principal).post(url).status_code == 404
    officer = client_for(cast.donghu_officer)
    assert 'data-testid="confirm"' in officer.get(detail).content.decode()
    assert officer.post(url).status_code == 302
    p.refresh_from_db()
    assert p.state == State.CONFIRMED and p.confirmed_on is not None
    # a second confirmation is refused with a message, not a second event
    officer.post(url)
    p.refresh_from_db()
    assert p.state == State.CONFIRMED


def test_filters_narrow_by_kind_year_district_and_task(cast, client_for):
    programme(cast.city_admin, cast.donghu, "P-F-1", kind="competition", extra={"field": "science"})
    programme(cast.city_admin, cast.jinxian, "P-F-2", schools=[cast.jinxian_school])
    client = client_for(cast.city_admin)
    body = client.get(reverse("programmes:list"), {"kind": "competition"}).content.decode()
    assert "P-F-1" in body and "P-F-2" not in body
    body = client.get(reverse("programmes:list"), {"district": cast.jinxian.pk}).content.decode()
    assert "P-F-2" in body and "P-F-1" not in body
    body = client.get(
        reverse("programmes:list"), {"school": cast.jinxian_school.pk}
    ).content.decode()
    assert "P-F-2" in body and "P-F-1" not in body
    body = client.get(reverse("programmes:list"), {"year": 2022}).content.decode()
    assert "P-F-1" not in body and "P-F-2" not in body


def test_the_empty_list_says_who_fills_it(cast, client_for):
    body = client_for(cast.donghu_officer).get(reverse("programmes:list")).content.decode()
    assert "xlsx" in body


def test_the_list_runs_a_fixed_number_of_queries(cast, client_for, django_assert_max_num_queries):
    for i in range(12):
        programme(cast.donghu_officer, cast.donghu, f"P-Q-{i}", schools=[cast.donghu_school])
    client = client_for(cast.donghu_officer)
    client.get(reverse("programmes:list"))
    with django_assert_max_num_queries(25):
        assert client.get(reverse("programmes:list")).status_code == 200


def test_the_menu_shows_the_registry_to_its_roles_only(cast, client_for):
    url = reverse("programmes:list")
    assert url in client_for(cast.donghu_principal).get("/").content.decode()
    assert url not in client_for(cast.counselor).get("/").content.decode()


def test_an_established_organization_needs_its_founding_date(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        organization(cast.donghu_principal, cast.donghu_school, established_on=None)
    with pytest.raises(ValidationError):
        organization(
            cast.donghu_principal,
            cast.donghu_school,
            form=PartyForm.NONE,
            established_on=__import__("datetime").date(2020, 1, 1),
        )
