"""The 平安校园 API: inspections, hazards and incidents, read-only (each is written through
its page's service, hazards and incidents on the casework loop), with the list pages'
filters and the same scoping. A student's name leaves masked (``personal_fields``)."""

from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedReadOnlyViewSet, read_only_serializer
from edugov.core.privacy import NoStoreMixin

from .filters import (
    ClaimFilter,
    DrowningFilter,
    FoodIncidentFilter,
    HazardFilter,
    InspectionFilter,
)
from .models import DrowningIncident, FoodIncident, Hazard, Inspection, InsuranceClaim


class InspectionViewSet(ScopedReadOnlyViewSet):
    queryset = Inspection.objects.select_related("school")
    serializer_class = read_only_serializer(
        Inspection,
        ["id", "school", "kind", "plan", "checklist", "version", "date", "items", "failed", "note"],
    )
    filterset_class = InspectionFilter


class HazardViewSet(ScopedReadOnlyViewSet):
    queryset = Hazard.objects.select_related("school")
    serializer_class = read_only_serializer(
        Hazard,
        [
            "id",
            "school",
            "level",
            "topic",
            "place",
            "description",
            "found_on",
            "inspection",
            "case",
        ],
    )
    filterset_class = HazardFilter


class FoodIncidentViewSet(ScopedReadOnlyViewSet):
    queryset = FoodIncident.objects.select_related("school")
    serializer_class = read_only_serializer(
        FoodIncident,
        [
            "id",
            "school",
            "canteen",
            "occurred_at",
            "kind",
            "affected",
            "hospitalised",
            "description",
            "reported_to_regulator",
            "case",
        ],
    )
    filterset_class = FoodIncidentFilter


class DrowningViewSet(NoStoreMixin, ScopedReadOnlyViewSet):
    queryset = DrowningIncident.objects.select_related("school")
    serializer_class = read_only_serializer(
        DrowningIncident,
        [
            "id",
            "school",
            "occurred_on",
            "water",
            "place",
            "student_name",
            "sex",
            "age",
            "grade",
            "outcome",
            "supervised",
            "description",
        ],
    )
    filterset_class = DrowningFilter


class ClaimViewSet(NoStoreMixin, ScopedReadOnlyViewSet):
    queryset = InsuranceClaim.objects.select_related("policy")
    serializer_class = read_only_serializer(
        InsuranceClaim,
        [
            "id",
            "policy",
            "claim_no",
            "incident_date",
            "student_name",
            "injury",
            "claimed",
            "status",
            "paid",
            "settled_on",
        ],
    )
    filterset_class = ClaimFilter


def register(router: BaseRouter) -> None:
    router.register("safety/inspections", InspectionViewSet, basename="safety-inspection")
    router.register("safety/hazards", HazardViewSet, basename="safety-hazard")
    router.register("safety/food-incidents", FoodIncidentViewSet, basename="safety-food")
    router.register("safety/drownings", DrowningViewSet, basename="safety-drowning")
    router.register("safety/claims", ClaimViewSet, basename="safety-claim")
