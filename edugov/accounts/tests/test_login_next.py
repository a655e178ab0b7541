"""Where the login page sends a user afterwards (issue 13 L5): only to a local page that
exists; anything else (a bare word, another host, a path that resolves to nothing) goes
home. ``?next=nonexistent`` after a good login was a 500."""

import pytest
from django.urls import reverse

from edugov.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"

UNSAFE = [
    "nonexistent",
    "accounts:logout",  # a URL name: ``redirect()`` would have reversed it
    "//evil.example/",
    "https://evil.example/",
    "/\\evil.example/",
    "javascript:alert(1)",
    "/no/such/page/",
]


@pytest.mark.parametrize("target", UNSAFE)
def test_a_good_login_with_an_unusable_next_goes_home(cast, client, target):
    response = client.post(
        f"{LOGIN}?next={target}", {"username": "donghu_admin", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("target", UNSAFE)
def test_a_next_posted_with_the_form_is_checked_the_same_way(cast, client, target):
    response = client.post(
        LOGIN, {"username": "donghu_admin", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_good_login_goes_to_a_local_page_it_was_sent_from(cast, client):
    target = reverse("workplan:task_list") + "?status=lagging"
    response = client.post(
        LOGIN, {"username": "donghu_admin", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == target


def test_a_logged_in_user_opening_the_login_page_with_a_bad_next_goes_home(cast, client_for):
    response = client_for(cast.donghu_officer).get(f"{LOGIN}?next=nonexistent")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_login_form_does_not_carry_an_unusable_next(cast, client):
    page = client.get(f"{LOGIN}?next=nonexistent").content.decode()
    assert '<input type="hidden" name="next" value="">' in page
