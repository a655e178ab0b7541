import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from edugov.audit.models import AuditEvent
from edugov.conftest import PASSWORD, session_login

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.mark.parametrize("name", ["city_admin", "sysadmin", "secadmin", "auditadmin"])
def test_admin_roles_are_sent_to_the_second_factor_for_every_protected_url(cast, name):
    client = Client()
    session_login(client, getattr(cast, name), verified=False)
    for url in (
        "/",
        reverse("org:unit_list"),
        reverse("audit:list"),
        reverse("accounts:user_list"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            reverse("accounts:two_factor")
        ), url


def test_a_district_officer_needs_no_second_factor(cast):
    client = Client()
    session_login(client, cast.donghu_officer, verified=False)
    assert client.get("/").status_code == 200


def test_first_use_sets_up_totp_and_shows_recovery_codes_that_work_once(cast):
    client = Client()
    client.post("/accounts/login/", {"username": "city_admin", "password": PASSWORD})
    page = client.get(reverse("accounts:two_factor"))
    assert page.status_code == 200 and b"totp-secret" in page.content
    device = TOTPDevice.objects.get(user=cast.city_admin, confirmed=False)
    response = client.post(reverse("accounts:two_factor"), {"token": code(device)})
    codes = response.context["codes"]
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(event_type="2fa.setup").count() == 1

    # A new session: a recovery code passes once, and only once.
    for attempt, expected in ((1, 200), (2, 302)):
        other = Client()
        other.post("/accounts/login/", {"username": "city_admin", "password": PASSWORD})
        other.post(reverse("accounts:two_factor"), {"token": codes[0]})
        assert other.get("/").status_code == expected, attempt


def test_a_wrong_code_is_refused_and_audited(cast):
    client = Client()
    client.post("/accounts/login/", {"username": "city_admin", "password": PASSWORD})
    TOTPDevice.objects.create(user=cast.city_admin, name="phone", confirmed=True)
    response = client.post(reverse("accounts:two_factor"), {"token": "000000"})
    assert response.status_code == 200
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(event_type="2fa.failure").count() == 1
    assert "000000" not in str(list(AuditEvent.objects.values_list("changes", "detail")))
