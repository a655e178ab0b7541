"""The second part's ledgers: 防溺水 patrols and incident reports (the name masked), 大宗食材
purchases, 留样 checks, food incidents opening cases, insurance claims summed on their
policy. Scope, empty states, rules, masking."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from edugov.audit.models import AuditEvent
from edugov.casework.models import Notification
from edugov.casework.services import case_move
from edugov.core.context import acting

from ..models import (
    Canteen,
    DrowningIncident,
    FoodIncident,
    FoodPurchase,
    InsuranceClaim,
    InsurancePolicy,
    PatrolRecord,
    SampleCheck,
    Supplier,
)
from ..services import claim_save, food_incident_report, record_save
from .world import NOW, build

pytestmark = pytest.mark.django_db

NEW_LISTS = (
    ("patrol_list", "patrol_export", "东湖巡查组长", "进贤巡查组长"),
    ("drowning_list", "drowning_export", "东湖水塘", "进贤水塘"),
    ("purchase_list", "purchase_export", "东湖大米", "进贤大米"),
    ("sample_list", "sample_export", "东湖留样员", "进贤留样员"),
    ("food_incident_list", "food_incident_export", "东湖食堂", "进贤食堂"),
    ("claim_list", "claim_export", "LP东湖001", "LP进贤001"),
)


@pytest.fixture
def world(cast, settings):
    settings.EDUGOV_TODAY = "2023-09-25"
    build(cast)
    return cast


def _csv(client, name, **params):
    response = client.get(reverse(f"safety:{name}"), {"format": "csv", **params})
    assert response.status_code == 200, name
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_new_lists_and_exports_hold_in_scope_rows_only(world, client_for):
    for user in (world.donghu_officer, world.donghu_principal):
        client = client_for(user)
        for lst, exp, inside, outside in NEW_LISTS:
            if lst == "patrol_list" and user == world.donghu_principal:
                continue  # the district's patrol is its own; a school records its own
            page = client.get(reverse(f"safety:{lst}")).content.decode()
            assert inside in page and outside not in page, (user, lst)
            body = _csv(client, exp)
            assert inside in body and outside not in body, (user, exp)


def test_the_new_edit_pages_are_404_out_of_scope(world, client_for):
    client = client_for(world.donghu_principal)
    for model, name in (
        (DrowningIncident, "drowning_edit"),
        (FoodPurchase, "purchase_edit"),
        (SampleCheck, "sample_edit"),
        (FoodIncident, "food_incident_detail"),
        (FoodIncident, "food_incident_edit"),
    ):
        mine = model.objects.get(school=world.donghu_school)
        other = model.objects.get(school=world.jinxian_school)
        assert client.get(reverse(f"safety:{name}", args=[mine.pk])).status_code == 200, name
        assert client.get(reverse(f"safety:{name}", args=[other.pk])).status_code == 404, name
    mine = InsuranceClaim.objects.get(policy__school=world.donghu_school)
    other = InsuranceClaim.objects.get(policy__school=world.jinxian_school)
    assert client.get(reverse("safety:claim_edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("safety:claim_edit", args=[other.pk])).status_code == 404
    # A patrol is its unit's: a school does not read the district's.
    patrol = PatrolRecord.objects.get(unit=world.jinxian)
    assert client.get(reverse("safety:patrol_edit", args=[patrol.pk])).status_code == 404


def test_empty_new_lists_say_who_fills_them(cast, client_for):
    client = client_for(cast.city_admin)
    for lst, _exp, _a, _b in NEW_LISTS:
        response = client.get(reverse(f"safety:{lst}"))
        assert 'data-testid="empty-state"' in response.content.decode(), lst


def test_a_drowning_report_shows_the_name_masked_everywhere(world, client_for):
    incident = DrowningIncident.objects.get(school=world.donghu_school)
    assert incident.student_name == "东湖张小明"  # stored whole (encrypted) for follow-up
    client = client_for(world.donghu_officer)
    page = client.get(reverse("safety:drowning_list")).content.decode()
    assert "东湖张小明" not in page and incident.masked("student_name") in page
    assert "东湖张小明" not in _csv(client, "drowning_export")
    edit = client.get(reverse("safety:drowning_edit", args=[incident.pk])).content.decode()
    assert "东湖张小明" not in edit
    # Saving the form with the name left blank keeps it.
    response = client.post(
        reverse("safety:drowning_edit", args=[incident.pk]),
        {
            "school": world.donghu_school.pk,
            "occurred_on": "2023-07-20",
            "place": "东湖水塘西岸",
            "student_name": "",
            "sex": "m",
            "age": 11,
            "grade": "五年级",
            "outcome": "safe",
            "description": "路人救起",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    incident.refresh_from_db()
    assert incident.student_name == "东湖张小明" and incident.place == "东湖水塘西岸"
    created = AuditEvent.objects.filter(object_type__endswith="drowningincident").first()
    assert created is not None and "东湖张小明" not in str(created.changes)


def test_a_purchase_from_a_supplier_with_an_expired_licence_is_refused(world):
    supplier = Supplier.objects.get(unit=world.donghu)
    canteen = Canteen.objects.get(school=world.donghu_school)
    purchase = FoodPurchase(
        school=world.donghu_school,
        canteen=canteen,
        supplier=supplier,
        date=supplier.licence_expiry + dt.timedelta(days=1),
        goods="面粉",
        quantity=Decimal("100"),
        amount=Decimal("500"),
        certificates_checked=True,
        accepted_by="张师傅",
    )
    with acting(world.donghu_principal), pytest.raises(ValidationError) as exc:
        record_save(obj=purchase, user=world.donghu_principal)
    assert "supplier" in exc.value.message_dict
    # And a canteen of another school is not this school's.
    purchase.date = supplier.licence_expiry
    purchase.canteen = Canteen.objects.get(school=world.jinxian_school)
    with acting(world.donghu_principal), pytest.raises(ValidationError) as exc:
        record_save(obj=purchase, user=world.donghu_principal)
    assert "canteen" in exc.value.message_dict


def test_sample_checks_not_as_required_are_filtered(world, client_for):
    check = SampleCheck.objects.get(school=world.donghu_school)
    assert not check.compliant  # 4 of 5 dishes kept
    client = client_for(world.donghu_officer)
    assert (
        "东湖留样员"
        in client.get(reverse("safety:sample_list"), {"failing": "true"}).content.decode()
    )
    assert (
        "东湖留样员"
        not in client.get(reverse("safety:sample_list"), {"failing": "false"}).content.decode()
    )
    check.sampled = 6
    with acting(world.donghu_principal), pytest.raises(ValidationError):
        record_save(obj=check, user=world.donghu_principal)


class TestFoodIncidents:
    def test_an_incident_opens_a_case_led_by_the_school_and_supervised_by_the_district(self, world):
        incident = FoodIncident.objects.select_related("case").get(school=world.donghu_school)
        case = incident.case
        assert case.case_type == "safety_food_incident" and case.state == "handling"
        assert (case.unit, case.lead_unit, case.supervising_unit) == (
            world.donghu_school,
            world.donghu_school,
            world.donghu,
        )
        assert case.subject == incident and case.number.startswith("食安〔2023〕")
        # Nobody in hospital: not sent to the city.
        assert not Notification.objects.filter(case=case, recipient=world.city_admin).exists()

    def test_one_with_people_in_hospital_reaches_the_district_and_the_city(self, world):
        with acting(world.donghu_principal):
            incident = food_incident_report(
                incident=FoodIncident(
                    school=world.donghu_school,
                    occurred_at=NOW,
                    kind="illness",
                    affected=12,
                    hospitalised=3,
                    description="午餐后多名学生腹痛",
                ),
                user=world.donghu_principal,
                now=NOW,
            )
        told = set(
            Notification.objects.filter(case=incident.case).values_list(
                "recipient__username", flat=True
            )
        )
        assert {"donghu_admin", "city_admin"} <= told and "jinxian_principal" not in told

    def test_the_school_reports_and_the_district_closes_it_on_the_page(self, world, client_for):
        incident = FoodIncident.objects.get(school=world.donghu_school)
        url = reverse("safety:food_incident_detail", args=[incident.pk])
        principal = client_for(world.donghu_principal).get(url).content.decode()
        assert 'data-testid="move-report"' in principal
        assert 'data-testid="move-close"' not in principal
        with acting(world.donghu_principal):
            case_move(
                user=world.donghu_principal,
                case=incident.case,
                transition="report",
                outcome="异物为菜叶梗，已约谈供应商",
                now=NOW,
            )
        officer = client_for(world.donghu_officer)
        assert 'data-testid="move-close"' in officer.get(url).content.decode()
        officer.post(
            reverse("casework:case_move", args=[incident.case_id]), {"move": "close", "next": url}
        )
        incident.case.refresh_from_db()
        assert incident.case.state == "closed" and not incident.case.is_open

    def test_the_report_form_opens_the_case(self, world, client_for):
        client = client_for(world.donghu_principal)
        response = client.post(
            reverse("safety:food_incident_create"),
            {
                "school": world.donghu_school.pk,
                "occurred_at": "2023-09-25T12:10",
                "kind": "spoiled",
                "affected": 0,
                "hospitalised": 0,
                "description": "牛奶过期",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        incident = FoodIncident.objects.get(description="牛奶过期")
        assert incident.case.lead_unit == world.donghu_school
        assert response.url == incident.get_absolute_url()


class TestClaims:
    def test_the_policy_totals_are_its_claims(self, world):
        policy = InsurancePolicy.objects.get(school=world.donghu_school)
        assert (policy.claims, policy.claims_paid) == (1, 0)
        claim = policy.claim_rows.get()
        claim.status, claim.paid, claim.settled_on = "paid", Decimal("3000"), dt.date(2023, 6, 1)
        with acting(world.donghu_principal):
            claim_save(claim=claim, user=world.donghu_principal)
        policy.refresh_from_db()
        assert (policy.claims, policy.claims_paid) == (1, Decimal("3000"))

    def test_a_claim_outside_the_policy_year_or_paid_without_amount_is_refused(self, world):
        policy = InsurancePolicy.objects.get(school=world.donghu_school)
        claim = InsuranceClaim(
            policy=policy,
            claim_no="LP9",
            incident_date=dt.date(2022, 12, 30),
            injury="摔伤",
            claimed=Decimal("100"),
            status="paid",
        )
        with acting(world.donghu_principal), pytest.raises(ValidationError) as exc:
            claim_save(claim=claim, user=world.donghu_principal)
        assert {"incident_date", "paid", "settled_on"} <= set(exc.value.message_dict)

    def test_the_claim_list_masks_the_name(self, world, client_for):
        client = client_for(world.donghu_principal)
        page = client.get(reverse("safety:claim_list")).content.decode()
        assert "东湖李小红" not in page and "LP东湖001" in page
        assert "东湖李小红" not in _csv(client, "claim_export")


def test_a_school_buys_from_its_districts_suppliers_and_patrols_its_waters(world, client_for):
    client = client_for(world.donghu_principal)
    form = client.get(reverse("safety:purchase_create")).content.decode()
    assert "东湖粮油公司" in form and "进贤粮油公司" not in form
    form = client.get(reverse("safety:patrol_create")).content.decode()
    assert "东湖水塘" in form and "进贤水塘" not in form
    purchase = FoodPurchase.objects.get(school=world.donghu_school)
    purchase.supplier = Supplier.objects.get(unit=world.jinxian)
    with acting(world.donghu_principal), pytest.raises(ValidationError) as exc:
        record_save(obj=purchase, user=world.donghu_principal)
    assert "supplier" in exc.value.message_dict


def test_a_principal_files_a_claim_on_her_policy_only(world, client_for):
    client = client_for(world.donghu_principal)
    mine = InsurancePolicy.objects.get(school=world.donghu_school)
    other = InsurancePolicy.objects.get(school=world.jinxian_school)
    form = client.get(reverse("safety:claim_create")).content.decode()
    assert mine.policy_no in form and other.policy_no not in form
    data = {
        "claim_no": "LP东湖002",
        "incident_date": "2023-09-01",
        "student_name": "王小华",
        "injury": "课间摔伤",
        "claimed": "1200",
        "status": "filed",
        "paid": "0",
    }
    response = client.post(reverse("safety:claim_create"), {**data, "policy": mine.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    mine.refresh_from_db()
    assert mine.claims == 2
    # Another school's policy, posted by hand, is not hers to claim on.
    response = client.post(
        reverse("safety:claim_create"), {**data, "claim_no": "LP东湖003", "policy": other.pk}
    )
    assert (
        response.status_code in (400, 404)
        and not InsuranceClaim.objects.filter(claim_no="LP东湖003").exists()
    )
