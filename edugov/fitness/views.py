"""The class report (the result list, filtered by year, grade and class), its export, and a
student's card (item scores, weakest first, with what to improve)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from edugov.core.privacy import NoStoreMixin
from edugov.core.views import ImportView, ScopedDetailView, ScopedListView

from .filters import ResultFilter
from .models import FitnessResult
from .tables import ResultTable


class ResultList(NoStoreMixin, ScopedListView):
    model = FitnessResult
    table_class = ResultTable
    filterset_class = ResultFilter
    select_related = ("school", "student")
    title = gettext_lazy("Fitness test results")
    export_url_name = "fitness:result_export"
    import_url_name = "fitness:result_import"
    empty_hint = gettext_lazy(
        "Results come from the PE teachers' uploads of the testing devices' exports, one "
        "file per class and year; each row is scored by the national standard."
    )


ResultExport = ResultList.export_view("fitness-results")


class ResultImport(ImportView):
    importer = "fitness.result"


class ResultDetail(NoStoreMixin, ScopedDetailView):
    model = FitnessResult
    select_related = ("school", "student")
    template_name = "fitness/result_detail.html"
