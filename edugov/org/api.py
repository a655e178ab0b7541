"""REST API for units: the same scoping and the same filter as the pages."""

from edugov.core.api import ScopedModelSerializer, ScopedModelViewSet

from .filters import UnitFilter
from .models import Unit
from .services import unit_save


class UnitSerializer(ScopedModelSerializer):
    class Meta:
        model = Unit
        fields = [
            "id",
            "kind",
            "code",
            "name",
            "parent",
            "legal_district",
            "credit_code",
            "institution_type",
            "ownership",
            "inclusive",
            "urban_rural",
            "address",
            "enrolment",
            "opened_on",
            "closed_on",
            "is_active",
            "path",
        ]
        read_only_fields = ["path"]


class UnitViewSet(ScopedModelViewSet):
    """Units and institutions in the caller's scope."""

    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    ordering_fields = ["code", "name", "enrolment"]
    writes = ("post", "put", "patch")

    def perform_save(self, instance, before):
        return unit_save(unit=instance, before=before)
