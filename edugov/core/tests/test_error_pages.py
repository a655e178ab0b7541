"""The error pages and the language switch speak the user's language (issue 15, defect 7).

Django's default 404 and 500 pages are English whatever the language; the 500 page must
also render without the database or any context processor, since it is shown while the
server is failing.
"""

import pytest
from django.test import Client
from django.urls import path

from edugov.conftest import session_login

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("broken on purpose")


urlpatterns = [path("boom/", _boom)]


def test_a_404_is_in_chinese_inside_the_shell(cast, client_for):
    response = client_for(cast.donghu_officer).get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'data-testid="not-found"' in html
    assert "页面不存在" in html
    assert "Not Found" not in html and "Page not found" not in html
    assert 'name="language"' in html  # the shell, with its language switch


def test_a_404_honours_the_english_switch(cast, client_for):
    client = client_for(cast.donghu_officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/no/such/page/").content.decode()
    assert "Page not found" in html
    assert "页面不存在" not in html


def test_a_500_is_in_chinese_and_needs_no_database(cast, settings, django_assert_num_queries):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    session_login(client, cast.donghu_officer)
    with django_assert_num_queries(0):
        from django.template.loader import get_template

        html = get_template("500.html").render({})
    assert "系统出错" in html
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "系统出错" in body and 'data-testid="server-error"' in body
    assert "Server Error (500)" not in body


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_language_buttons_show_each_language_by_its_own_name(cast, client_for, language):
    client = client_for(cast.donghu_officer)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    html = client.get("/").content.decode()
    assert 'value="en" lang="en">English</button>' in html
    assert 'value="zh-hans" lang="zh-hans">简体中文</button>' in html
    assert "英语</button>" not in html
    assert "Simplified Chinese</button>" not in html
