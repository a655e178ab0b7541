"""The casework API: cases, read-only (moves are made through ``case_move``, on the case
page), with the list page's filter and the same scoping."""

from rest_framework import serializers
from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedModelSerializer, ScopedReadOnlyViewSet

from .filters import CaseFilter
from .models import Case


class CaseSerializer(ScopedModelSerializer):
    type_label = serializers.CharField(read_only=True)
    state_label = serializers.CharField(read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "case_type",
            "type_label",
            "number",
            "title",
            "state",
            "state_label",
            "is_open",
            "unit",
            "lead_unit",
            "co_units",
            "supervising_unit",
            "school",
            "subject_label",
            "opened_at",
            "due_at",
            "state_due_at",
            "deadline_at",
            "closed_at",
            "working_days",
            "on_time",
            "reopened",
            "extensions",
            "escalation",
            "outcome",
            "satisfaction",
        ]
        read_only_fields = fields


class CaseViewSet(ScopedReadOnlyViewSet):
    """Cases the caller may read: owned in their scope, or led, co-handled or supervised
    by a unit in it."""

    queryset = Case.objects.select_related("unit", "lead_unit").prefetch_related("co_units")
    serializer_class = CaseSerializer
    filterset_class = CaseFilter


def register(router: BaseRouter) -> None:
    router.register("casework/cases", CaseViewSet, basename="casework-case")
