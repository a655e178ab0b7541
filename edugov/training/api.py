"""The 双减 API, read-only: institutions and bank statement lines, with the list pages'
filters and the same scoping (the national platform and the bank feed write through the
importers)."""

from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedModelSerializer, ScopedReadOnlyViewSet

from .filters import InstitutionFilter, StatementFilter
from .models import Institution, StatementLine


class InstitutionSerializer(ScopedModelSerializer):
    class Meta:
        model = Institution
        fields = [
            "id",
            "code",
            "name",
            "licence_no",
            "category",
            "field",
            "online",
            "address",
            "district",
            "status",
            "custody",
            "penalty",
        ]
        read_only_fields = fields


class InstitutionViewSet(ScopedReadOnlyViewSet):
    queryset = Institution.objects.select_related("district")
    serializer_class = InstitutionSerializer
    filterset_class = InstitutionFilter


class StatementLineSerializer(ScopedModelSerializer):
    class Meta:
        model = StatementLine
        fields = [
            "id",
            "serial",
            "institution",
            "booked_on",
            "kind",
            "amount",
            "lessons",
            "covers_from",
            "covers_to",
            "ref",
        ]
        read_only_fields = fields


class StatementLineViewSet(ScopedReadOnlyViewSet):
    queryset = StatementLine.objects.all()
    serializer_class = StatementLineSerializer
    filterset_class = StatementFilter


def register(router: BaseRouter) -> None:
    router.register("training/institutions", InstitutionViewSet, basename="training-institution")
    router.register("training/statements", StatementLineViewSet, basename="training-statement")
