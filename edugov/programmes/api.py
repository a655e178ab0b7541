"""The registry's read-only API: programmes and party organizations, with the list
pages' filters and the same scoping (``core.api.ScopedReadOnlyViewSet``). Writes go
through the pages and the importer."""

from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedModelSerializer, ScopedReadOnlyViewSet

from .filters import PartyOrganizationFilter, ProgrammeFilter
from .models import PartyOrganization, Programme


class ProgrammeSerializer(ScopedModelSerializer):
    class Meta:
        model = Programme
        fields = [
            "id",
            "code",
            "kind",
            "title",
            "unit",
            "task",
            "year",
            "start_date",
            "end_date",
            "schools",
            "school_count",
            "student_count",
            "results",
            "awards",
            "extra",
            "state",
            "confirmed_on",
        ]
        read_only_fields = fields


class ProgrammeViewSet(ScopedReadOnlyViewSet):
    queryset = Programme.objects.select_related("unit").prefetch_related("schools")
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter


class PartyOrganizationSerializer(ScopedModelSerializer):
    class Meta:
        model = PartyOrganization
        fields = ["id", "school", "form", "established_on", "members", "brand"]
        read_only_fields = fields


class PartyOrganizationViewSet(ScopedReadOnlyViewSet):
    queryset = PartyOrganization.objects.select_related("school")
    serializer_class = PartyOrganizationSerializer
    filterset_class = PartyOrganizationFilter


def register(router: BaseRouter) -> None:
    router.register("programmes/programmes", ProgrammeViewSet, basename="programmes-programme")
    router.register("programmes/party", PartyOrganizationViewSet, basename="programmes-party")
