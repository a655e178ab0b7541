"""The 督导 API: campaigns (评估), visits and their findings, read-only (written through the
pages; a finding's rectification moves on the casework loop), with the list pages'
filters and the same scoping."""

from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedReadOnlyViewSet, read_only_serializer

from .filters import CampaignFilter, VisitFilter
from .models import Campaign, Finding, Visit


class CampaignViewSet(ScopedReadOnlyViewSet):
    queryset = Campaign.objects.select_related("unit", "evaluated_unit")
    serializer_class = read_only_serializer(
        Campaign,
        [
            "id",
            "code",
            "title",
            "kind",
            "year",
            "unit",
            "evaluated_unit",
            "state",
            "self_due",
            "total_score",
            "max_score",
            "grade",
            "conclusion",
        ],
    )
    filterset_class = CampaignFilter


class VisitViewSet(ScopedReadOnlyViewSet):
    queryset = Visit.objects.select_related("school", "inspector")
    serializer_class = read_only_serializer(
        Visit, ["id", "date", "school", "inspector", "items_checked", "summary"]
    )
    filterset_class = VisitFilter


class FindingViewSet(ScopedReadOnlyViewSet):
    queryset = Finding.objects.select_related("visit")
    serializer_class = read_only_serializer(
        Finding, ["id", "visit", "description", "severity", "case"]
    )
    filterset_fields = ["severity"]


def register(router: BaseRouter) -> None:
    router.register("inspection/campaigns", CampaignViewSet, basename="inspection-campaign")
    router.register("inspection/visits", VisitViewSet, basename="inspection-visit")
    router.register("inspection/findings", FindingViewSet, basename="inspection-finding")
