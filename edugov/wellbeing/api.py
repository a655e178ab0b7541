"""The API: campaigns, counts by tier (suppressed: "<5"), and the case files their
readers may read. Read-only; the same filters and scoping as the pages."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedModelSerializer, ScopedReadOnlyViewSet
from edugov.core.privacy import NoStoreMixin

from .filters import CampaignFilter, CaseFileFilter, TierCountFilter
from .models import Campaign, CaseFile, TierCount


class CampaignSerializer(ScopedModelSerializer):
    class Meta:
        model = Campaign
        fields = ["id", "unit", "title", "grades", "instruments", "opens_on", "closes_on"]
        read_only_fields = fields


class CampaignViewSet(ScopedReadOnlyViewSet):
    queryset = Campaign.objects.select_related("unit")
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilter


class TierCountSerializer(ScopedModelSerializer):
    # The suppressed count, a string ("<5" for 1–4): the raw number never leaves.
    count = serializers.CharField(source="count_shown", read_only=True)

    class Meta:
        model = TierCount
        fields = ["id", "campaign", "school", "tier", "count"]
        read_only_fields = fields


class TierCountViewSet(ScopedReadOnlyViewSet):
    queryset = TierCount.objects.select_related("school")
    serializer_class = TierCountSerializer
    filterset_class = TierCountFilter


class CaseFileSerializer(ScopedModelSerializer):
    number = serializers.CharField(source="case.number", read_only=True)
    state = serializers.CharField(source="case.state", read_only=True)

    class Meta:
        model = CaseFile
        fields = ["id", "number", "state", "school", "tier", "counselor", "escalated", "opened_at"]
        read_only_fields = fields


class CaseFileViewSet(NoStoreMixin, ScopedReadOnlyViewSet):
    """Case files for their readers only (``readers.py``); no notes, no answers."""

    queryset = CaseFile.objects.select_related("case")
    serializer_class = CaseFileSerializer
    filterset_class = CaseFileFilter


def register(router: BaseRouter) -> None:
    router.register("wellbeing/campaigns", CampaignViewSet, basename="wellbeing-campaign")
    router.register("wellbeing/counts", TierCountViewSet, basename="wellbeing-count")
    router.register("wellbeing/cases", CaseFileViewSet, basename="wellbeing-case")
