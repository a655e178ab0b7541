"""The projects API: the ledger read-only (written through the importer and the pages),
the monthly reports readable and writable through ``services.report_save`` (a district's
own system may file them), with the list pages' filters and the same scoping."""

from rest_framework.routers import BaseRouter

from edugov.core.api import ScopedModelSerializer, ScopedModelViewSet, ScopedReadOnlyViewSet

from .filters import ProjectFilter, ReportFilter
from .models import LEVEL_CODES, SOURCE_CODES, ProgressReport, Project


class ProjectSerializer(ScopedModelSerializer):
    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "year",
            "task",
            "unit",
            "site",
            "latitude",
            "longitude",
            *[f"places_{lv}" for lv in LEVEL_CODES],
            *[f"budget_{s}" for s in SOURCE_CODES],
        ]
        read_only_fields = fields


class ProjectViewSet(ScopedReadOnlyViewSet):
    queryset = Project.objects.select_related("unit")
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter


class ProgressReportSerializer(ScopedModelSerializer):
    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "project",
            "month",
            "percent",
            *[f"paid_{s}" for s in SOURCE_CODES],
            "delayed",
            "delay_reason",
        ]
        read_only_fields = ["id"]


class ReportViewSet(ScopedModelViewSet):
    queryset = ProgressReport.objects.select_related("project")
    serializer_class = ProgressReportSerializer
    filterset_class = ReportFilter
    writes = ("post", "put", "patch")

    def perform_save(self, instance, before):
        from .services import report_save

        return report_save(report=instance, user=self.request.user)


def register(router: BaseRouter) -> None:
    router.register("projects/projects", ProjectViewSet, basename="projects-project")
    router.register("projects/reports", ReportViewSet, basename="projects-report")
