"""The workplan API: viewsets on the project router (see edugov/urls.py)."""

from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedModelSerializer, ScopedModelViewSet

from .filters import PlanFilter, ReportFilter, TaskFilter
from .models import Plan, ProgressReport, Task
from .services import task_save


class PlanSerializer(ScopedModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "year", "title", "issuer", "doc_number", "issued_on", "status"]


class TaskSerializer(ScopedModelSerializer):
    class Meta:
        model = Task
        fields = [
            "id",
            "point",
            "title",
            "description",
            "lead_unit",
            "co_units",
            "owner",
            "start_date",
            "due_date",
            "done_on",
            "closed_on",
        ]
        read_only_fields = ["co_units", "done_on", "closed_on"]


class ReportSerializer(ScopedModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ["id", "task", "unit", "period_start", "text", "percent", "status", "submitted_at"]


class PlanViewSet(ScopedModelViewSet):
    """Work plans visible to the caller (read-only: plans are uploaded and reviewed in the UI)."""

    queryset = Plan.objects.all()
    serializer_class = PlanSerializer
    filterset_class = PlanFilter


class TaskViewSet(ScopedModelViewSet):
    """Tasks led by or shared with the caller's scope; written through ``task_save``."""

    # co_units is a many-to-many in every row: one prefetch, not a query per task.
    queryset = Task.objects.select_related("point", "lead_unit").prefetch_related("co_units")
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    writes = ("post", "put", "patch")

    def perform_save(self, instance, before):
        return task_save(task=instance, before=before)


class ReportViewSet(ScopedModelViewSet):
    """Progress reports (read-only; submitted through the report page's rules)."""

    queryset = ProgressReport.objects.all()
    serializer_class = ReportSerializer
    filterset_class = ReportFilter


def register(router: BaseRouter) -> None:
    """Add this app's viewsets to the API router."""
    router.register("workplan/plans", PlanViewSet, basename="workplan-plan")
    router.register("workplan/tasks", TaskViewSet, basename="workplan-task")
    router.register("workplan/reports", ReportViewSet, basename="workplan-report")
    # 督办单 are casework cases: /api/casework/cases/?case_type=duban
