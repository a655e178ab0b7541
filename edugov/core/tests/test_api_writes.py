"""The API base is safe by default: a viewset accepts only the writes it declares, and a
DELETE, where declared, goes through a service and is audited.

The cases are generated from the project's router, so a viewset added later is checked
without anyone remembering to add it here.
"""

from __future__ import annotations

import pytest
from django.urls import include, path
from rest_framework.routers import SimpleRouter

from edugov.audit.models import AuditEvent
from edugov.audit.services import audit_record
from edugov.conftest import token_client
from edugov.core.api import ScopedModelViewSet
from edugov.registry.models import DistrictPopulation
from edugov.urls import router

pytestmark = pytest.mark.django_db

VIEWSETS = [(prefix, viewset) for prefix, viewset, _basename in router.registry]


def _some_row(cast, viewset):
    """A row of the viewset's model in a city-wide department's scope, or None."""
    model = viewset.queryset.model
    return model.objects.visible_to(cast.dept_staff, "view").order_by("pk").first()


@pytest.mark.parametrize("prefix,viewset", VIEWSETS, ids=[p for p, _ in VIEWSETS])
def test_delete_is_refused_unless_the_viewset_declares_it(cast, prefix, viewset):
    assert "delete" not in viewset.writes, f"{prefix}: DELETE opted in, test it below"
    client = token_client(cast.dept_staff)
    row = _some_row(cast, viewset)
    before = AuditEvent.objects.count()
    pk = row.pk if row is not None else 1
    response = client.delete(f"/api/{prefix}/{pk}/")
    assert response.status_code == 405, (prefix, response.status_code)
    assert client.delete(f"/api/{prefix}/").status_code == 405
    if row is not None:
        assert type(row).objects.filter(pk=row.pk).exists()
    assert not AuditEvent.objects.filter(pk__gt=before, event_type__endswith=".delete").exists()


@pytest.mark.parametrize("prefix,viewset", VIEWSETS, ids=[p for p, _ in VIEWSETS])
def test_undeclared_writes_are_405(cast, prefix, viewset):
    client = token_client(cast.dept_staff)
    for method in {"post", "put", "patch"} - set(viewset.writes):
        url = f"/api/{prefix}/" if method == "post" else f"/api/{prefix}/1/"
        assert getattr(client, method)(url, {}).status_code == 405, (prefix, method)


def test_the_default_is_read_only_and_a_delete_needs_a_service():
    class Plain(ScopedModelViewSet):
        queryset = DistrictPopulation.objects.all()

    assert Plain.http_method_names == ["get", "head", "options"]
    with pytest.raises(TypeError, match="perform_remove"):

        class Careless(ScopedModelViewSet):
            queryset = DistrictPopulation.objects.all()
            writes = ("delete",)

    with pytest.raises(TypeError, match="unknown"):

        class Typo(ScopedModelViewSet):
            queryset = DistrictPopulation.objects.all()
            writes = ("destroy",)


class _PopulationDeletes(ScopedModelViewSet):
    """A viewset that opts in to DELETE, as a module would, with its delete service."""

    queryset = DistrictPopulation.objects.all()
    writes = ("delete",)

    def perform_remove(self, instance):
        audit_record("population.delete", obj=instance)
        instance.delete()


_router = SimpleRouter()
_router.register("populations", _PopulationDeletes, basename="test-population")
urlpatterns = [path("api/", include(_router.urls))]


@pytest.mark.urls(__name__)
def test_a_declared_delete_is_scoped_and_audited(cast):
    inside = DistrictPopulation.objects.create(district=cast.donghu, year=2031, population_3_5=9)
    outside = DistrictPopulation.objects.create(district=cast.jinxian, year=2031, population_3_5=9)
    client = token_client(cast.donghu_officer)
    assert client.delete(f"/api/populations/{outside.pk}/").status_code == 404
    assert DistrictPopulation.objects.filter(pk=outside.pk).exists()
    assert client.delete(f"/api/populations/{inside.pk}/").status_code == 204
    assert not DistrictPopulation.objects.filter(pk=inside.pk).exists()
    assert AuditEvent.objects.filter(
        event_type="population.delete", object_id=str(inside.pk)
    ).exists()
