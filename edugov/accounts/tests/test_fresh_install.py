import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from edugov.accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_freshly_migrated_database_has_no_account():
    assert User.objects.count() == 0


def test_the_demo_accounts_are_refused_outside_demo_mode(settings):
    settings.EDUGOV_DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("load_demo")
    assert User.objects.count() == 0


def test_the_first_system_admin_gets_a_one_time_password_to_change(capsys):
    call_command("seed_org")
    call_command("create_system_admin", "admin1")
    user = User.objects.get(username="admin1")
    assert user.must_change_password and not user.password_is_username
    assert user.role_codes() == ["system_admin"]
    assert "one-time password" in capsys.readouterr().out
