"""The exchange upload pages, on the registry's and the roll's import job."""

from __future__ import annotations

from django.shortcuts import render

from edugov.core.privacy import NoStoreMixin
from edugov.core.views import ImportForm, ImportView

from .layouts import statistics_layouts
from .roster import roster_differences


class StatisticsWorkbookImport(ImportView):
    """Upload one school's 教基 workbook; the job page shows progress and every error."""

    importer = "exchange.statistics"
    template_name = "exchange/statistics_import.html"

    def get(self, request):
        # No "download the template": the file is the national system's own export.
        return render(
            request,
            self.template_name,
            {
                "form": ImportForm(),
                "importer": self.importer_class(),
                "layouts": list(reversed(statistics_layouts())),
            },
        )


class RosterImport(NoStoreMixin, ImportView):
    """Upload a national 学籍 list: first the differences (new, changed, left), checked
    and shown without writing anything; then the import job."""

    importer = "exchange.roster"
    template_name = "exchange/roster_import.html"

    def get(self, request):
        return render(
            request, self.template_name, {"form": ImportForm(), "importer": self.importer_class()}
        )

    def post(self, request):
        if not request.POST.get("preview"):
            return super().post(request)
        form = ImportForm(request.POST, request.FILES)
        context = {"form": ImportForm(), "importer": self.importer_class()}
        if form.is_valid():
            upload = form.cleaned_data["file"]
            context["differences"] = roster_differences(
                user=request.user, fh=upload, name=upload.name, size=upload.size
            )
            context["file_name"] = upload.name
        else:
            context["form"] = form
        return render(request, self.template_name, context)
