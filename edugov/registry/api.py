"""The registry API: viewsets on the project router (see edugov/urls.py)."""

from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedModelSerializer, ScopedModelViewSet

from .filters import PopulationFilter, StatisticsFilter, StatusFilter
from .models import AnnualStatistics, DistrictPopulation, InstitutionStatus
from .services import population_save, statistics_save, status_save


class StatisticsSerializer(ScopedModelSerializer):
    class Meta:
        model = AnnualStatistics
        fields = "__all__"
        read_only_fields = ["status", "return_reason"]


class StatisticsViewSet(ScopedModelViewSet):
    """Annual statistics of the institutions in the caller's scope. Status changes go
    through the pages (submit / approve / return), not through field writes."""

    queryset = AnnualStatistics.objects.select_related("school")
    serializer_class = StatisticsSerializer
    filterset_class = StatisticsFilter
    ordering_fields = ["year", "id"]
    writes = ("post", "put", "patch")

    def perform_save(self, instance, before):
        return statistics_save(stats=instance, user=self.request.user)


class StatusSerializer(ScopedModelSerializer):
    class Meta:
        model = InstitutionStatus
        fields = "__all__"


class StatusViewSet(ScopedModelViewSet):
    """Dated ownership / 普惠 / standardization status of institutions."""

    queryset = InstitutionStatus.objects.select_related("school")
    serializer_class = StatusSerializer
    filterset_class = StatusFilter
    writes = ("post", "put", "patch")

    def perform_save(self, instance, before):
        return status_save(status=instance)


class PopulationSerializer(ScopedModelSerializer):
    class Meta:
        model = DistrictPopulation
        fields = "__all__"


class PopulationViewSet(ScopedModelViewSet):
    """Population aged 3–5 per district and year."""

    queryset = DistrictPopulation.objects.select_related("district")
    serializer_class = PopulationSerializer
    filterset_class = PopulationFilter
    writes = ("post", "put", "patch")

    def perform_save(self, instance, before):
        return population_save(population=instance)


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the API router."""
    router.register("registry/statistics", StatisticsViewSet, basename="registry-statistics")
    router.register("registry/status", StatusViewSet, basename="registry-status")
    router.register("registry/population", PopulationViewSet, basename="registry-population")
