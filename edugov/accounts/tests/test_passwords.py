import datetime as dt

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from edugov.accounts.passwords import password_set
from edugov.conftest import PASSWORD, session_login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pw", ["short1A", "alllowercaseletters", "ALLUPPER12345", "lower12345678"])
def test_weak_passwords_are_refused(cast, pw):
    with pytest.raises(ValidationError):
        validate_password(pw, cast.donghu_officer)


@pytest.mark.parametrize("pw", ["Gan#river88", "赣江Nanchang2023", "x" * 40 + "Y7!" + "z" * 21])
def test_good_passwords_pass_including_a_64_character_one(cast, pw):
    validate_password(pw, cast.donghu_officer)


def test_a_password_containing_the_username_is_refused(cast):
    with pytest.raises(ValidationError):
        validate_password("Donghu_Admin#2023", cast.donghu_officer)


def test_a_common_password_is_refused(cast):
    with pytest.raises(ValidationError):
        validate_password("Password123", cast.donghu_officer)


def test_the_last_five_passwords_cannot_be_reused(cast):
    user = cast.donghu_officer
    used = [f"Gan#river{i:02d}x" for i in range(6)]
    for pw in used:
        password_set(user=user, raw=pw, by_self=True)
    for pw in used[1:]:  # the current one and the four before it, plus the history
        with pytest.raises(ValidationError):
            validate_password(pw, user)
    validate_password(used[0], user)  # six changes ago: allowed again


def test_a_new_account_must_change_its_password_before_anything_else(cast, client):
    user = cast.donghu_officer
    user.must_change_password = True
    user.save()
    session_login(client, user)
    response = client.get(reverse("org:unit_list"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:password_change")
    )
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Gan#river2024",
            "new_password2": "Gan#river2024",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("org:unit_list")).status_code == 200


def test_a_password_older_than_90_days_must_be_changed(cast, client):
    user = cast.donghu_officer
    user.password_changed_at = timezone.now() - dt.timedelta(days=91)
    user.save()
    session_login(client, user)
    assert client.get(reverse("org:unit_list"))["Location"].startswith(
        reverse("accounts:password_change")
    )


def test_an_admin_reset_forces_a_change_and_is_audited_without_the_password(cast, client_for):
    from edugov.audit.models import AuditEvent

    response = client_for(cast.sysadmin).post(
        reverse("accounts:user_reset_password", args=[cast.donghu_officer.pk])
    )
    assert response.status_code == 200
    temp = response.context["password"]
    user = type(cast.donghu_officer).objects.get(pk=cast.donghu_officer.pk)
    assert user.check_password(temp) and user.must_change_password
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.event_type == "password.reset" and temp not in str(event.changes) + event.detail


def test_the_startup_check_refuses_a_password_equal_to_the_username(cast):
    from edugov.accounts.checks import no_password_equals_username

    assert no_password_equals_username(None) == []
    user = cast.donghu_officer
    user.set_password("Donghu_Admin")
    user.save()
    errors = no_password_equals_username(None)
    assert [e.id for e in errors] == ["edugov.E001"]


def test_a_superuser_is_refused_outside_demo_mode(cast, settings):
    from edugov.accounts.checks import no_superuser_in_production

    cast.city_admin.is_superuser = True
    cast.city_admin.save()
    settings.EDUGOV_DEMO_MODE = False
    assert [e.id for e in no_superuser_in_production(None)] == ["edugov.E002"]
    settings.EDUGOV_DEMO_MODE = True
    assert no_superuser_in_production(None) == []


def test_idle_accounts_are_disabled_after_90_days(cast):
    from edugov.accounts.security import accounts_disable_idle

    User = type(cast.donghu_officer)
    User.objects.update(last_login=timezone.now())
    User.objects.filter(pk=cast.counselor.pk).update(
        last_login=timezone.now() - dt.timedelta(days=91)
    )
    with time_machine.travel(timezone.now(), tick=False):
        assert accounts_disable_idle() == 1
    assert not User.objects.get(pk=cast.counselor.pk).is_active
