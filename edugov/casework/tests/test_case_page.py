"""The case page's body as a module's page includes it: moves come back to that page,
never to another site; statistics narrowed by a module's own condition."""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.urls import reverse

from edugov.casework.models import Case
from edugov.casework.selectors import statistics
from edugov.casework.views.cases import case_page_context

from .conftest import T0

pytestmark = pytest.mark.django_db


def test_a_move_returns_to_the_page_it_was_made_from(cast, handling, client_for):
    url = reverse("casework:case_move", args=[handling.pk])
    client = client_for(cast.donghu_officer)
    response = client.post(
        url,
        {"move": "extend", "extend-until": "2023-10-20", "extend-reason": "x", "next": "/home/x"},
    )
    assert response.status_code == 302 and response["Location"] == "/home/x"
    assert Case.objects.get(pk=handling.pk).extension_pending


def test_a_move_never_returns_to_another_site(cast, handling, client_for):
    url = reverse("casework:case_move", args=[handling.pk])
    client = client_for(cast.donghu_officer)
    response = client.post(
        url,
        {
            "move": "extend",
            "extend-until": "2023-10-20",
            "extend-reason": "x",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == handling.get_absolute_url()


def test_the_page_context_offers_the_readers_moves_only(cast, handling):
    lead = case_page_context(handling, cast.donghu_officer, return_to="/p/1/")
    assert lead["return_to"] == "/p/1/"
    assert "extend" in {m["move"].name for m in lead["moves"]}
    owner = case_page_context(handling, cast.city_admin)
    assert "extend" not in {m["move"].name for m in owner["moves"]}


def test_statistics_are_narrowed_by_a_modules_condition(cast, open_case):
    open_case(title="甲")
    open_case(title="乙")
    everything = statistics(cast.city_admin, now=T0)
    narrowed = statistics(cast.city_admin, now=T0, where=Q(title="甲"))
    assert everything["overall"]["total"] == 2
    assert narrowed["overall"]["total"] == 1
