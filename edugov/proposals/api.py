"""The 建议提案 API: proposals, read-only (they are registered through the import and
answered on the casework loop), with the list page's filter and the same scoping."""

from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedReadOnlyViewSet, read_only_serializer

from .filters import ProposalFilter
from .models import Proposal


class ProposalViewSet(ScopedReadOnlyViewSet):
    queryset = Proposal.objects.select_related("unit", "case")
    serializer_class = read_only_serializer(
        Proposal,
        [
            "id",
            "unit",
            "kind",
            "year",
            "number",
            "title",
            "proposer",
            "co_signers",
            "category",
            "listed_lead",
            "listed_co",
            "case",
        ],
    )
    filterset_class = ProposalFilter


def register(router: BaseRouter) -> None:
    router.register("proposals/proposals", ProposalViewSet, basename="proposals-proposal")
