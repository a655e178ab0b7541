"""The city's working-day adjustments: list, export, add, change, delete."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.actions import object_view
from edugov.core.views import ScopedFormView, ScopedListView

from ..filters import CalendarAdjustmentFilter
from ..forms import CalendarAdjustmentForm
from ..models import CalendarAdjustment
from ..services import adjustment_delete, adjustment_save
from ..tables import CalendarAdjustmentTable


class CalendarList(ScopedListView):
    model = CalendarAdjustment
    table_class = CalendarAdjustmentTable
    filterset_class = CalendarAdjustmentFilter
    title = gettext_lazy("Working-day adjustments")
    export_url_name = "casework:calendar_export"
    create_url_name = "casework:calendar_create"
    empty_hint = gettext_lazy(
        "Deadlines count the national holidays and make-up days already. The city admin "
        "adds the local ones here: a typhoon day off, a local make-up working day."
    )


CalendarExport = CalendarList.export_view("working-day-adjustments")


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
