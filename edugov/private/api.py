"""The 民办学校 API: files, annual inspections, risk assessments and fee filings,
read-only (each is written through its page's service), with the list pages' filters and
the same scoping. The tuition account number leaves masked (``personal_fields``)."""

from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedReadOnlyViewSet, read_only_serializer
from edugov.core.privacy import NoStoreMixin

from .filters import InspectionFilter, RiskFilter, SchoolFilter
from .models import AnnualInspection, FeeFiling, PrivateSchool, RiskAssessment


class PrivateSchoolViewSet(NoStoreMixin, ScopedReadOnlyViewSet):
    queryset = PrivateSchool.objects.select_related("school")
    serializer_class = read_only_serializer(
        PrivateSchool,
        [
            "id",
            "school",
            "status",
            "profit_type",
            "licence_number",
            "licence_scope",
            "licence_valid_from",
            "licence_valid_until",
            "registered_on",
            "registration_authority",
            "approved_capacity",
            "account_bank",
            "account_number",
            "account_supervised",
            "charter_approved_on",
        ],
    )
    filterset_class = SchoolFilter


class AnnualInspectionViewSet(ScopedReadOnlyViewSet):
    queryset = AnnualInspection.objects.select_related("round", "school")
    serializer_class = read_only_serializer(
        AnnualInspection,
        [
            "id",
            "round",
            "school",
            "state",
            "self_total",
            "review_total",
            "max_total",
            "result",
            "conclusion",
            "submitted_at",
            "decided_at",
            "case",
        ],
    )
    filterset_class = InspectionFilter


class RiskAssessmentViewSet(ScopedReadOnlyViewSet):
    queryset = RiskAssessment.objects.select_related("file")
    serializer_class = read_only_serializer(
        RiskAssessment,
        [
            "id",
            "file",
            "year",
            "debt_ratio",
            "cash_months",
            "audit_opinion",
            "wage_arrears",
            "enrolment",
            "tier",
            "previous_tier",
            "score",
            "explanation",
            "computed_at",
            "case",
        ],
    )
    filterset_class = RiskFilter


class FeeFilingViewSet(ScopedReadOnlyViewSet):
    queryset = FeeFiling.objects.select_related("file")
    serializer_class = read_only_serializer(
        FeeFiling, ["id", "file", "year", "item", "amount", "period", "filed_on", "filing_number"]
    )
    filterset_fields = ["year"]


def register(router: BaseRouter) -> None:
    router.register("private/schools", PrivateSchoolViewSet, basename="private-school")
    router.register("private/inspections", AnnualInspectionViewSet, basename="private-inspection")
    router.register("private/risk", RiskAssessmentViewSet, basename="private-risk")
    router.register("private/fees", FeeFilingViewSet, basename="private-fee")
