"""The institution picker (issue 25, ``core.autocomplete``): by name, platform code or
licence number, district first, inside ``visible_to``."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from edugov.conftest import session_login
from edugov.core import autocomplete

from .world import institutions

pytestmark = pytest.mark.django_db
URL = reverse("training:institution_autocomplete")


def ids(user, **params) -> set[int]:
    response = session_login(Client(), user).get(URL, params)
    assert response.status_code == 200, response.content
    return {r["id"] for r in response.json()["results"]}


def test_by_name_code_or_licence_inside_the_scope_labelled_with_the_district(cast):
    donghu, jinxian = institutions(cast)
    assert ids(cast.donghu_officer, q="培训") == {donghu.pk}
    assert ids(cast.city_admin, q="培训") == {donghu.pk, jinxian.pk}
    assert ids(cast.city_admin, q="JG-JX") == {jinxian.pk}
    assert ids(cast.city_admin, q=jinxian.licence_no[:7]) == {jinxian.pk}
    assert ids(cast.city_admin, district=cast.jinxian.pk) == {jinxian.pk}
    assert ids(cast.donghu_officer, district=cast.jinxian.pk) == set()
    client = session_login(Client(), cast.city_admin)
    text = client.get(URL, {"q": "进贤博学"}).json()["results"][0]["text"]
    assert text == f"{jinxian.name}（{cast.jinxian.name}）"


def test_the_staff_form_offers_the_picker_district_first(cast, monkeypatch):
    institutions(cast)
    monkeypatch.setattr(autocomplete, "PICKER_ABOVE", 1)
    page = session_login(Client(), cast.city_admin).get(reverse("training:staff_create"))
    select = re.search(r'<select name="institution"[^>]*>.*?</select>', page.content.decode(), re.S)
    assert select is not None and f'data-autocomplete="{URL}"' in select.group(0)
    assert 'data-autocomplete-with="district"' in select.group(0)
    assert 'data-autocomplete-method="get"' in select.group(0)
