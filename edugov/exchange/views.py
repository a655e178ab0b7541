"""The 教基 workbook upload: the registry's import page and job, with the layouts listed."""

from __future__ import annotations

from django.shortcuts import render

from edugov.core.views import ImportForm, ImportView

from .layouts import statistics_layouts


class StatisticsWorkbookImport(ImportView):
    """Upload one school's 教基 workbook; the job page shows progress and every error."""

    importer = "exchange.statistics"
    template_name = "exchange/statistics_import.html"

    def get(self, request):
        # No "download the template": the file is the national system's own export.
        return render(request, self.template_name, self.context(ImportForm()))

    def context(self, form) -> dict:
        return {
            "form": form,
            "importer": self.importer_class(),
            "layouts": list(reversed(statistics_layouts())),
        }
