"""Personal data through the API, over every endpoint and every app's world rows (a
module of its own: the ``world`` fixture builds its own cast, which the ``cast`` of
test_api.py's tests would collide with)."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_every_personal_field_leaves_the_api_masked(world):
    """Every endpoint, over every app's world rows, as the city's administrator (who sees
    most): each field the model declares personal is the masked form of the stored value,
    whatever the module's serializer does — the base serializer masks."""
    from edugov.engines.codes import mask_value
    from edugov.urls import router

    api = APIClient()
    api.force_authenticate(world.city_admin)
    checked = 0
    for prefix, viewset, _basename in router.registry:
        model = viewset.queryset.model
        personal = getattr(model, "personal_fields", {})
        if not personal:
            continue
        response = api.get(f"/api/{prefix}/", {"page_size": 1000})
        assert response.status_code in (200, 403, 404), prefix
        if response.status_code != 200:
            continue
        rows = {row["id"]: row for row in response.json()["results"]}
        for obj in model._default_manager.filter(pk__in=rows):
            for name, kind in personal.items():
                if name in rows[obj.pk] and getattr(obj, name):
                    clear = getattr(obj, name)
                    assert rows[obj.pk][name] == mask_value(kind, clear), (prefix, name)
                    assert rows[obj.pk][name] != clear, (prefix, name)
                    checked += 1
    assert checked >= 5
