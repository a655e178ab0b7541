"""The public pages: no login; the lookup shows licence, type, status and public
penalty, never a staff member's personal data; both pages answer 429 past the rate."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edugov.casework.models import Case
from edugov.core.context import acting

from ..models import Complaint, Staff
from ..services import staff_save

pytestmark = pytest.mark.django_db


def test_the_lookup_needs_no_login_and_shows_the_public_columns(world):
    inst = world["donghu"]
    inst.penalty = "2023-08 警告"
    inst.save()
    page = Client().get(reverse("training:public_lookup"), {"q": "启航"})
    body = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert inst.licence_no in body and "非学科类" in body and "2023-08 警告" in body
    assert 'data-testid="lookup-status"' in body


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.text(alphabet="赵钱孙李周吴郑王冯陈褚卫", min_size=2, max_size=3),
    phone=st.from_regex(r"1[3-9]\d{9}", fullmatch=True),
    cert=st.from_regex(r"20\d{12}", fullmatch=True),
)
def test_the_lookup_never_shows_a_staff_members_personal_data(world, cast, name, phone, cert):
    from django.test import override_settings

    inst = world["jinxian"]
    with acting(cast.city_admin):
        staff_save(
            user=cast.city_admin,
            staff=Staff(
                institution=inst,
                name=name,
                phone=phone,
                qualification="teacher",
                certificate_no=cert,
            ),
        )
    for q in ("博学", inst.licence_no, inst.code):
        with override_settings(EDUGOV_TRAINING={"public_rate": 10_000}):
            body = Client().get(reverse("training:public_lookup"), {"q": q}).content.decode()
        assert inst.name in body
        assert name not in body and phone not in body and cert not in body
        assert phone[-4:] + "</" not in body  # not even masked


def test_a_parent_complains_and_the_district_receives_it(world, cast):
    inst = world["donghu"]
    url = reverse("training:public_complaint") + f"?institution={inst.code}"
    c = Client()
    assert c.get(url).status_code == 200
    response = c.post(
        url,
        {
            "institution": inst.code,
            "content": "周末在居民楼上数学课",
            "contact_name": "刘女士",
            "contact_phone": "13900001111",
        },
    )
    assert (
        response.status_code == 200 and 'data-testid="complaint-done"' in response.content.decode()
    )
    complaint = Complaint.objects.filter(content="周末在居民楼上数学课").get()
    from edugov.audit.models import AuditEvent

    event = AuditEvent.objects.filter(event_type="training.complaint").latest("pk")
    assert event.ip == "127.0.0.1" and event.actor.username == "public-intake"
    assert "13900001111" not in str(event.changes)
    assert complaint.district == cast.donghu and complaint.case.unit == cast.donghu
    todo = Case.objects.visible_to(cast.donghu_officer, "training_complaint:accept")
    assert todo.filter(pk=complaint.case_id).exists()
    assert (
        not Case.objects.visible_to(cast.jinxian_principal, "view")
        .filter(pk=complaint.case_id)
        .exists()
    )
    # The form refuses an unknown institution and empty content.
    assert c.get(reverse("training:public_complaint") + "?institution=NOPE").status_code == 404
    bad = c.post(url, {"institution": inst.code, "content": "", "contact_phone": "123"})
    assert bad.status_code == 400


def test_the_public_pages_answer_429_past_the_rate(world, settings):
    settings.EDUGOV_TRAINING = {"public_rate": 3}
    c = Client()
    url = reverse("training:public_lookup")
    codes = [c.get(url, {"q": "启航"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert (
        c.get(reverse("training:public_complaint"), {"institution": "JG-DH-1"}).status_code == 429
    )
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.get(url, {"q": "启航"}).status_code == 200
