"""Pages that show a secret are never stored by a browser or a proxy (issue 13 L6):
the temporary password after a reset, the 2FA set-up page (its QR code and secret),
the recovery codes, and the 2FA page as a whole."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from edugov.conftest import PASSWORD, session_login

from .test_two_factor import code

pytestmark = pytest.mark.django_db


def assert_no_store(response):
    cache_control = {p.strip() for p in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= cache_control, response.get("Cache-Control")
    assert response["Pragma"] == "no-cache"


def test_the_temporary_password_page_is_not_stored(cast, client_for):
    response = client_for(cast.sysadmin).post(
        reverse("accounts:user_reset_password", args=[cast.donghu_officer.pk])
    )
    assert response.status_code == 200 and response.context["password"]
    assert_no_store(response)


def test_the_two_factor_setup_and_the_recovery_codes_are_not_stored(cast):
    client = Client()
    client.post("/accounts/login/", {"username": "city_admin", "password": PASSWORD})
    setup = client.get(reverse("accounts:two_factor"))
    assert setup.status_code == 200 and b"totp-secret" in setup.content
    assert_no_store(setup)
    device = TOTPDevice.objects.get(user=cast.city_admin, confirmed=False)
    codes = client.post(reverse("accounts:two_factor"), {"token": code(device)})
    assert len(codes.context["codes"]) == 10
    assert_no_store(codes)


def test_the_two_factor_verify_page_is_not_stored(cast):
    client = session_login(Client(), cast.city_admin, verified=False)
    TOTPDevice.objects.create(user=cast.city_admin, name="phone", confirmed=True)
    assert_no_store(client.get(reverse("accounts:two_factor")))
