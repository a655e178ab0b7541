"""The city's working-day adjustments (list, export, import, add, change, delete) and the
years it declares entered in full (declared, corrected and withdrawn from the list page)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.actions import object_view
from edugov.core.scoping import may
from edugov.core.views import ImportView, ScopedFormView, ScopedListView
from edugov.engines.workdays import package_years

from ..filters import CalendarAdjustmentFilter
from ..forms import CalendarAdjustmentForm, CalendarYearForm
from ..models import CalendarAdjustment, CalendarYear
from ..services import adjustment_delete, adjustment_save, year_delete, year_save
from ..tables import CalendarAdjustmentTable


class CalendarList(ScopedListView):
    model = CalendarAdjustment
    table_class = CalendarAdjustmentTable
    filterset_class = CalendarAdjustmentFilter
    title = gettext_lazy("Working-day adjustments")
    template_name = "casework/calendar_list.html"
    export_url_name = "casework:calendar_export"
    create_url_name = "casework:calendar_create"
    import_url_name = "casework:calendar_import"
    empty_hint = gettext_lazy(
        "Deadlines count the national holidays and make-up days already. The city admin "
        "adds the local ones here: a typhoon day off, a local make-up working day."
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        first, last = package_years()
        years = list(CalendarYear.objects.visible_to(self.request.user, "view"))
        ctx.update(
            national_first=first,
            national_last=last,
            declared_years=years,
            next_year=last + 1,
            next_year_declared=any(y.year == last + 1 for y in years),
            can_declare=may(self.request.user, CalendarYear, "add"),
        )
        return ctx


CalendarExport = CalendarList.export_view(
    "working-day-adjustments", importer="casework.calendaradjustment"
)


class CalendarImport(ImportView):
    importer = "casework.calendaradjustment"


class CalendarEdit(ScopedFormView):
    model = CalendarAdjustment
    form_class = CalendarAdjustmentForm
    template_name = "casework/calendar_form.html"

    def save(self, form, *, creating):
        return adjustment_save(adjustment=form.instance, user=self.request.user)


@object_view(CalendarAdjustment, "delete")
def calendar_delete(request, adjustment: CalendarAdjustment):
    adjustment_delete(adjustment=adjustment, user=request.user)
    messages.success(request, _("Deleted."))
    return redirect("casework:calendar_list")


class CalendarYearEdit(ScopedFormView):
    model = CalendarYear
    form_class = CalendarYearForm
    template_name = "casework/calendar_year_form.html"

    def get_initial(self):
        if self.object is not None:
            return {}
        # The year the package lacks next, from the State Council's General Office.
        return {
            "year": package_years()[1] + 1,
            "issued_by": _("General Office of the State Council"),
        }

    def save(self, form, *, creating):
        return year_save(declaration=form.instance, user=self.request.user)


@object_view(CalendarYear, "delete")
def calendar_year_delete(request, declaration: CalendarYear):
    year_delete(declaration=declaration, user=request.user)
    messages.success(request, _("Deleted."))
    return redirect("casework:calendar_list")
