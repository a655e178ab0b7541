"""The 体质健康 API: scored results, read-only (written through the import), with the list
page's filter and the same scoping. Height, weight and the other raw measurements are
health data and stay on the student's card; the API gives the scores and the level."""

from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedReadOnlyViewSet, read_only_serializer
from edugov.core.privacy import NoStoreMixin

from .filters import ResultFilter
from .models import FitnessResult


class ResultViewSet(NoStoreMixin, ScopedReadOnlyViewSet):
    queryset = FitnessResult.objects.select_related("school")
    serializer_class = read_only_serializer(
        FitnessResult,
        [
            "id",
            "school",
            "student",
            "school_year",
            "grade",
            "sex",
            "class_name",
            "exempt",
            "scores",
            "standard_tenths",
            "bonus",
            "total_tenths",
            "level",
        ],
    )
    filterset_class = ResultFilter


def register(router: BaseRouter) -> None:
    router.register("fitness/results", ResultViewSet, basename="fitness-result")
