"""The order list, its export and import, an order's page, the statistics by unit and
by topic, and the 舆情 form. The loop's moves are made on the case page
(``casework:case_detail``), which the order page links."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.audit.services import audit_record
from edugov.casework.models import Case
from edugov.casework.selectors import statistics_by
from edugov.core import clock
from edugov.core.charts import category_axis, zoom_window
from edugov.core.privacy import NoStoreMixin
from edugov.core.scoping import can, may, scoped_view
from edugov.core.views import ImportView, ScopedDetailView, ScopedFormView, ScopedListView

from . import config
from .casetypes import ORDER
from .filters import OrderFilter
from .models import HotlineOrder
from .services import opinion_open
from .tables import OrderTable


class OrderList(ScopedListView):
    model = HotlineOrder
    table_class = OrderTable
    filterset_class = OrderFilter
    select_related = ("case", "case__lead_unit")
    title = gettext_lazy("12345 orders")
    export_url_name = "hotline:order_export"
    import_url_name = "hotline:order_import"
    empty_hint = gettext_lazy(
        "Orders come from the 12345 platform's export, imported here by the unit that "
        "receives them (the bureau's hotline desk or a district's), and from the orders "
        "dispatched to your unit."
    )


OrderExport = OrderList.export_view("12345-orders")


class OrderImport(ImportView):
    importer = "hotline.order"


class OrderDetail(NoStoreMixin, ScopedDetailView):
    model = HotlineOrder
    select_related = ("case", "case__lead_unit", "case__unit", "school", "district")
    template_name = "hotline/order_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        order, user = self.object, self.request.user
        full = can(user, order, "view_full")
        if full:
            # Reading a caller's full name and number is recorded, as for students.
            audit_record("hotline.view_full", obj=order, changes={"fields": ["caller"]})
        caller = {
            name: getattr(order, name) if full else order.masked(name)
            for name in HotlineOrder.personal_fields
        }
        visible = HotlineOrder.objects.visible_to(user, "view").select_related("case")
        main_no = order.case.attrs.get("main", "")
        ctx.update(
            title=f"{order.platform_no} {order.case.number}",
            case=order.case,
            caller=caller,
            full=full,
            main=visible.filter(platform_no=main_no).first() if main_no else None,
            main_no=main_no,
            duplicates=visible.filter(case__attrs__main=order.platform_no).order_by("received_at"),
        )
        return ctx


class StatsFilter(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("year"), required=False, min_value=2000)


def bar_chart(rows: list[dict], key: str) -> dict:
    names = [r["label"] for r in rows]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {},
        "grid": {"left": 50, "right": 20, "bottom": 90},
        "xAxis": category_axis(names),
        "yAxis": {"type": "value", "minInterval": 1},
        "dataZoom": zoom_window(len(names)),
        "series": [
            {"type": "bar", "name": _("orders"), "data": [r["total"] for r in rows]},
            {"type": "bar", "name": _("overdue"), "data": [r["overdue"] for r in rows]},
            {"type": "bar", "name": _("reopened"), "data": [r["reopened"] for r in rows]},
        ],
    }


@scoped_view(Case, "view")
def order_stats(request):
    """Casework's figures for 12345 orders, grouped by topic and by the district or
    school concerned (``casework.selectors.statistics_by``): reading only."""
    if request.method != "GET" or not may(request.user, Case, "view"):
        raise Http404
    form = StatsFilter(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else None
    now = clock.now()
    common = {"now": now, "case_type": ORDER, "year": year}
    topics = config.get("topics")
    by_topic = statistics_by(request.user, by="hotline_order__topic", **common)
    for row in by_topic:
        row["label"] = topics.get(row["hotline_order__topic"], row["hotline_order__topic"] or "—")
    by_district = statistics_by(request.user, by="hotline_order__district__name", **common)
    for row in by_district:
        row["label"] = row["hotline_order__district__name"] or _("(no district named)")
    by_school = statistics_by(request.user, by="school__name", **common)
    by_school = sorted((r for r in by_school if r["school__name"]), key=lambda r: -r["total"])[:30]
    for row in by_school:
        row["label"] = row["school__name"]
    return render(
        request,
        "hotline/stats.html",
        {
            "title": _("12345 statistics"),
            "form": form,
            "by_topic": by_topic,
            "by_district": by_district,
            "by_school": by_school,
            "total": sum(r["total"] for r in by_topic),
            "topic_chart": bar_chart(by_topic, "topic"),
            "district_chart": bar_chart(by_district, "district"),
        },
    )


class OpinionForm(forms.ModelForm):
    level = forms.ChoiceField(label=gettext_lazy("opinion level"), choices=config.level_choices)
    source = forms.CharField(label=gettext_lazy("where it appeared"), required=False)
    link = forms.URLField(label=gettext_lazy("link"), required=False, assume_scheme="https")

    class Meta:
        model = Case
        fields = ("title", "description")


class OpinionCreate(ScopedFormView):
    """A 舆情 item found: opened as a case; 交办 and the rest on the case page."""

    model = Case
    form_class = OpinionForm

    def save(self, form, *, creating):
        data = form.cleaned_data
        return opinion_open(
            user=self.request.user,
            title=data["title"],
            description=data["description"],
            level=data["level"],
            source=data["source"],
            link=data["link"],
        )
