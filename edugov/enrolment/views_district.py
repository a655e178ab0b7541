"""The district's pages: the 统筹 list (children not placed) with the assignment form,
and the enrolment statistics with their xlsx export and chart."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.audit.services import audit_record
from edugov.core import clock
from edugov.core.actions import object_view
from edugov.core.charts import category_axis, zoom_window
from edugov.core.io.export import ExportColumn, xlsx_response
from edugov.core.privacy import NoStoreMixin
from edugov.core.scoping import may, scoped_view
from edugov.core.views import ScopedListView, add_service_errors
from edugov.org.models import Unit

from .filters import AllocationFilter
from .models import Application
from .selectors import statistics
from .services import application_assign, assign_targets
from .tables import AllocationTable
from .trends import oversubscribed


class AllocationList(NoStoreMixin, ScopedListView):
    """统筹: the unplaced children of the district's schools (``visible_to(user,
    "assign")``: a school, even its own, sees none; the city sees every district's)."""

    model = Application
    action = "assign"
    table_class = AllocationTable
    filterset_class = AllocationFilter
    select_related = ("school",)
    title = gettext_lazy("District allocation (统筹): children not placed")
    export_url_name = "enrolment:allocation_export"
    empty_hint = gettext_lazy(
        "A child comes here when the schools' placement (by category, then by lottery) "
        "leaves them without a place; the district then assigns each one by hand."
    )


# The same rows as the page: the 统筹 action, not the plain export (which is every
# application of the scope).
AllocationExport = type(
    "AllocationExport",
    (AllocationList.export_view("enrolment-allocation"),),
    {"__module__": __name__, "action": "assign"},
)


class AssignForm(forms.Form):
    school = forms.ModelChoiceField(
        label=gettext_lazy("school assigned"), queryset=Unit.objects.none()
    )
    reason = forms.CharField(
        label=gettext_lazy("reason (kept in the audit log and shown to the parent)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = assign_targets(user, application)


@object_view(Application, "assign", methods=("GET", "POST"), select_related=("school",))
def application_assign_view(request, app):
    form = AssignForm(request.POST or None, user=request.user, application=app)
    if request.method == "POST" and form.is_valid():
        try:
            application_assign(
                user=request.user,
                application=app,
                school=form.cleaned_data["school"],
                reason=form.cleaned_data["reason"],
            )
        except forms.ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(no)s assigned to %(school)s.")
                % {"no": app.number, "school": form.cleaned_data["school"]},
            )
            return redirect("enrolment:allocation_list")
    response = render(request, "enrolment/allocation_assign.html", {"object": app, "form": form})
    response["Cache-Control"] = "no-store"
    return response


# --- statistics -------------------------------------------------------------------


class StatsFilter(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("year"), required=False, min_value=2000)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _school_chart(rows: list[dict]) -> dict:
    names = [r["name"] for r in rows]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {},
        "grid": {"left": 50, "right": 20, "bottom": 90},
        "xAxis": category_axis(names),
        "yAxis": {"type": "value", "minInterval": 1},
        "dataZoom": zoom_window(len(names)),
        "series": [
            {"type": "bar", "name": _("seats"), "data": [r["seats"] for r in rows]},
            {"type": "bar", "name": _("applications"), "data": [r["total"] for r in rows]},
            {"type": "bar", "name": _("placed"), "data": [r["placed"] for r in rows]},
            {"type": "bar", "name": _("not placed (统筹)"), "data": [r["unplaced"] for r in rows]},
        ],
    }


def _export(figures: dict, year: int, user) -> object:
    cats = figures["categories"]
    columns = [
        ExportColumn(_("school"), lambda r: r["name"]),
        ExportColumn(_("school code"), lambda r: r["code"]),
        ExportColumn(_("seats"), lambda r: r["seats"]),
        ExportColumn(_("applications"), lambda r: r["total"]),
        *[
            ExportColumn(str(label), lambda r, key=key: r["by_category"].get(key, 0))
            for key, label in cats
        ],
        ExportColumn(_("placed"), lambda r: r["placed"]),
        ExportColumn(_("fill rate"), lambda r: _percent(r["fill_rate"])),
        ExportColumn(_("not placed (统筹)"), lambda r: r["unplaced"]),
        ExportColumn(_("assigned by the district"), lambda r: r["assigned"]),
    ]
    audit_record(
        "export",
        object_type="enrolment.statistics",
        changes={"rows": len(figures["schools"]), "format": "xlsx", "year": year},
    )
    rows = [*figures["schools"], figures["total"]]
    name = slugify(f"enrolment-statistics-{year}", allow_unicode=True)
    return xlsx_response(rows, columns, name, watermark=f"{user.username} {clock.now():%Y-%m-%d}")


@scoped_view(Application, "view")
def statistics_page(request):
    """Applications by category and school, fill rates and 统筹 counts over the reader's
    scope (a school: itself; a district: its schools; the city: all). Reading only."""
    if request.method != "GET" or not may(request.user, Application, "view"):
        raise Http404
    form = StatsFilter(request.GET or None)
    year = (form.cleaned_data["year"] if form.is_valid() else None) or clock.now().year
    figures = statistics(request.user, year=year)
    if request.GET.get("format") == "xlsx":
        if not may(request.user, Application, "export"):
            raise Http404
        return _export(figures, year, request.user)
    ctx = {
        "title": _("Enrolment statistics"),
        "form": form,
        "year": year,
        "figures": figures,
        "school_chart": _school_chart(figures["schools"]),
        # A reader over several districts (the city) reads the districts first.
        "show_districts": len(figures["districts"]) > 1,
        "year_on_year": oversubscribed(request.user, year=year),
        "may_export": may(request.user, Application, "export"),
    }
    return render(request, "enrolment/statistics.html", ctx)
