"""Every list, detail, edit and export page of the module: in scope 200, out of scope 404;
empty states; the phone form end to end over HTTP (resubmission included); the hazard's
moves on its page; the dashboard's figures; the list query counts."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edugov.casework.services import case_move
from edugov.core.context import acting

from ..models import (
    Canteen,
    Hazard,
    Inspection,
    InspectionPlan,
    InsurancePolicy,
    MealRecord,
    ParentLetter,
    RiskWater,
    Supplier,
    UniformProcurement,
)
from .world import NOW, build, inspect, jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, settings):
    settings.EDUGOV_TODAY = "2023-09-25"
    build(cast)
    return cast


def _pair(model, **inside):
    a = model.objects.get(**inside)
    b = model.objects.exclude(pk=a.pk).first()
    return a, b


class TestHazardPages:
    def test_the_principal_sees_her_schools_hazards_and_another_schools_is_404(
        self, world, client_for
    ):
        cast = world
        mine = Hazard.objects.get(school=cast.donghu_school)
        other = Hazard.objects.get(school=cast.jinxian_school)
        client = client_for(cast.donghu_principal)
        page = client.get(reverse("safety:hazard_list")).content.decode()
        assert mine.description in page and cast.jinxian_school.name not in page
        assert client.get(reverse("safety:hazard_detail", args=[mine.pk])).status_code == 200
        assert client.get(reverse("safety:hazard_detail", args=[other.pk])).status_code == 404
        for name in ("inspection_detail",):
            assert (
                client.get(reverse(f"safety:{name}", args=[other.inspection_id])).status_code == 404
            )

    def test_the_district_sees_its_districts_hazards_only(self, world, client_for):
        cast = world
        client = client_for(cast.donghu_officer)
        body = b"".join(
            client.get(reverse("safety:hazard_export"), {"format": "csv"}).streaming_content
        ).decode("utf-8-sig")
        assert cast.donghu_school.name in body and cast.jinxian_school.name not in body
        other = Hazard.objects.get(school=cast.jinxian_school)
        assert client.get(reverse("safety:hazard_detail", args=[other.pk])).status_code == 404

    def test_the_loop_runs_on_the_hazard_page(self, world, client_for):
        cast = world
        hazard = Hazard.objects.get(school=cast.donghu_school)
        with acting(cast.donghu_principal):
            case_move(
                user=cast.donghu_principal,
                case=hazard.case,
                transition="report",
                outcome="已清理通道",
                files=[SimpleUploadedFile("after.jpg", jpeg())],
                now=NOW,
            )
        url = reverse("safety:hazard_detail", args=[hazard.pk])
        principal = client_for(cast.donghu_principal).get(url).content.decode()
        assert 'data-testid="move-recheck"' not in principal  # not the school's to re-check
        officer = client_for(cast.donghu_officer)
        assert 'data-testid="move-recheck"' in officer.get(url).content.decode()
        move = reverse("casework:case_move", args=[hazard.case_id])
        officer.post(move, {"move": "recheck", "next": url})
        officer.post(move, {"move": "strike_off", "next": url})
        hazard.case.refresh_from_db()
        assert hazard.case.state == "closed" and not hazard.case.is_open


class TestInspectionPages:
    def test_lists_and_exports_hold_in_scope_rows_only(self, world, client_for):
        cast = world
        client = client_for(cast.donghu_officer)
        for lst, exp, inside, outside in (
            ("inspection_list", "inspection_export", cast.donghu_school, cast.jinxian_school),
            # Their exports are their imports' columns: the school by its code, so look
            # for the uniform's supplier and the policy's number.
            ("uniform_list", "uniform_export", "东湖服饰", "进贤服饰"),
            ("insurance_list", "insurance_export", "BX东湖2023", "BX进贤2023"),
            ("canteen_list", "canteen_export", "东湖食堂", "进贤食堂"),
            ("water_list", "water_export", "东湖水塘", "进贤水塘"),
            ("supplier_list", "supplier_export", "东湖粮油公司", "进贤粮油公司"),
            ("plan_list", "plan_export", "东湖月度安全自查", "进贤月度安全自查"),
            ("meal_list", "meal_export", "东湖校长", "进贤校长"),
            ("letter_list", "letter_export", "东湖三年级1班", "进贤三年级1班"),
        ):
            inside, outside = str(inside), str(outside)
            page = client.get(reverse(f"safety:{lst}"), {"per_page": 500}).content.decode()
            assert inside in page and outside not in page, lst
            body = b"".join(
                client.get(reverse(f"safety:{exp}"), {"format": "csv"}).streaming_content
            ).decode("utf-8-sig")
            assert inside in body and outside not in body, exp

    def test_edit_and_detail_pages_are_404_out_of_scope(self, world, client_for):
        cast = world
        client = client_for(cast.donghu_officer)
        for model, name, field, unit in (
            (RiskWater, "water_edit", "unit", cast.donghu),
            (Supplier, "supplier_edit", "unit", cast.donghu),
            (Canteen, "canteen_edit", "school", cast.donghu_school),
            (UniformProcurement, "uniform_edit", "school", cast.donghu_school),
            (InsurancePolicy, "insurance_edit", "school", cast.donghu_school),
            (InspectionPlan, "plan_edit", "unit", cast.donghu),
            (InspectionPlan, "plan_detail", "unit", cast.donghu),
            (MealRecord, "meal_edit", "school", cast.donghu_school),
            (ParentLetter, "letter_edit", "school", cast.donghu_school),
        ):
            inside, outside = _pair(model, **{field: unit})
            assert client.get(reverse(f"safety:{name}", args=[inside.pk])).status_code == 200
            assert client.get(reverse(f"safety:{name}", args=[outside.pk])).status_code == 404
            if name.endswith("_edit"):
                assert (
                    client.post(reverse(f"safety:{name}", args=[outside.pk]), {}).status_code == 404
                )

    def test_the_phone_form_records_once_when_submitted_twice(self, world, client_for):
        cast = world
        client = client_for(cast.donghu_principal)
        url = reverse("safety:inspection_create")
        assert "XF" in client.get(url).content.decode()  # the checklist chooser
        page = client.get(url, {"checklist": "XF"}).content.decode()
        assert 'capture="environment"' in page and 'name="key"' in page
        from ..models import ChecklistItem

        items = list(ChecklistItem.objects.filter(checklist="XF").order_by("position"))
        data = {
            "key": str(uuid.uuid4()),
            "checklist": "XF",
            "version": 1,
            "school": cast.donghu_school.pk,
            "kind": "self",
            "date": "2023-09-26",
            f"item_{items[0].pk}": "fail",
            f"note_{items[0].pk}": "走廊堆放桌椅",
            f"level_{items[0].pk}": "serious",
            f"item_{items[1].pk}": "pass",
            f"item_{items[2].pk}": "pass",
        }
        before = Inspection.objects.count()
        first = client.post(
            url, {**data, f"photo_{items[0].pk}": SimpleUploadedFile("a.jpg", jpeg(gps=True))}
        )
        assert first.status_code == 302, first.content.decode()[:2000]
        again = client.post(
            url, {**data, f"photo_{items[0].pk}": SimpleUploadedFile("a.jpg", jpeg(gps=True))}
        )
        assert again.status_code == 302 and again.url == first.url
        assert Inspection.objects.count() == before + 1
        assert Hazard.objects.filter(inspection__date="2023-09-26").count() == 1

    def test_a_non_image_photo_is_refused_on_the_form(self, world, client_for):
        cast = world
        from ..models import ChecklistItem

        items = list(ChecklistItem.objects.filter(checklist="XF").order_by("position"))
        response = client_for(cast.donghu_principal).post(
            reverse("safety:inspection_create"),
            {
                "key": str(uuid.uuid4()),
                "checklist": "XF",
                "version": 1,
                "school": cast.donghu_school.pk,
                "kind": "self",
                "date": "2023-09-26",
                **{f"item_{i.pk}": "pass" for i in items},
                "photos": SimpleUploadedFile("scan.jpg", b"%PDF-1.7 not a photo"),
            },
        )
        assert response.status_code == 400
        assert "scan.jpg" in response.content.decode()


def test_empty_lists_say_who_fills_them(cast, client_for):
    client = client_for(cast.city_admin)
    for name in (
        "hazard_list",
        "inspection_list",
        "plan_list",
        "checklist_list",
        "water_list",
        "canteen_list",
        "meal_list",
        "letter_list",
        "supplier_list",
        "uniform_list",
        "insurance_list",
    ):
        response = client.get(reverse(f"safety:{name}"))
        assert (
            response.status_code == 200 and 'data-testid="empty-state"' in response.content.decode()
        ), name


def test_the_dashboard_counts_by_level_for_the_district(world, client_for):
    cast = world
    page = client_for(cast.donghu_officer).get(reverse("safety:dashboard"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="total">1<' in html  # 东湖's one hazard, not 进贤's
    assert "东湖月度安全自查" in html and "进贤月度安全自查" not in html
    assert "东湖食堂" in html  # its licence expires 2023-10-10, within 30 days
    assert client_for(cast.counselor).get(reverse("safety:dashboard")).status_code == 404


def test_the_hazard_list_query_count_is_fixed(world, client_for, django_assert_max_num_queries):
    cast = world
    from ..models import ChecklistItem

    items = list(ChecklistItem.objects.filter(checklist="XF").order_by("position"))
    for _ in range(4):
        inspect(cast.donghu_principal, cast.donghu_school, items, failed=("XF-01", "XF-02"))
    client = client_for(cast.donghu_officer)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("safety:hazard_list")).status_code == 200


def test_the_rectification_rate_is_a_work_plan_kpi(world):
    from edugov.workplan.kpis import kpi_compute

    cast = world
    hazard = Hazard.objects.get(school=cast.donghu_school)
    from decimal import Decimal

    assert kpi_compute("safety.rectification_rate", year=2023, scope=cast.donghu) == Decimal("0.0")
    with acting(cast.donghu_principal):
        case_move(
            user=cast.donghu_principal,
            case=hazard.case,
            transition="report",
            outcome="已整改",
            files=[SimpleUploadedFile("after.jpg", jpeg())],
            now=NOW,
        )
    with acting(cast.donghu_officer):
        case_move(user=cast.donghu_officer, case=hazard.case, transition="recheck", now=NOW)
        case_move(user=cast.donghu_officer, case=hazard.case, transition="strike_off", now=NOW)
    assert kpi_compute("safety.rectification_rate", year=2023, scope=cast.donghu) == Decimal(
        "100.0"
    )
    assert kpi_compute("casework.on_time.safety_hazard", year=2023, scope=cast.donghu) == Decimal(
        "100.0"
    )
