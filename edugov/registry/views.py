"""Registry pages: statistics (list, import, entry, approval), status history, groups
and alliances, populations and targets. Scope comes from the core base views; the
evaluation pages are in ``views_eval.py``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.actions import object_view
from edugov.core.scoping import can, may, units_for_new
from edugov.core.views import (
    ImportView,
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
)
from edugov.org.models import Unit

from .filters import (
    AllianceFilter,
    PopulationFilter,
    StatisticsFilter,
    StatusFilter,
    TargetFilter,
)
from .forms import (
    AllianceForm,
    PopulationForm,
    ReturnForm,
    StatisticsForm,
    StatusForm,
    TargetForm,
)
from .models import (
    GRADE_FIELDS,
    Alliance,
    AnnualStatistics,
    DistrictPopulation,
    InstitutionStatus,
    StatsStatus,
    Target,
)
from .services import (
    EDITABLE_BY_SCHOOL,
    alliance_save,
    population_save,
    statistics_approve,
    statistics_open_year,
    statistics_return,
    statistics_save,
    statistics_submit,
    status_save,
    target_save,
)
from .tables import AllianceTable, PopulationTable, StatisticsTable, StatusTable, TargetTable

# Annual statistics ------------------------------------------------------------------


class StatisticsList(ScopedListView):
    model = AnnualStatistics
    empty_hint = gettext_lazy(
        "Each school submits its annual statistics (import or form); its district reviews them."
    )
    table_class = StatisticsTable
    filterset_class = StatisticsFilter
    select_related = ("school",)
    template_name = "registry/stats_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        root = user.scope_root()
        if (
            root is not None
            and units_for_new(user, AnnualStatistics, Unit.objects.filter(pk=root.pk)).exists()
        ):
            ctx["open_year_unit"] = root
        return ctx

    title = gettext_lazy("Annual statistics")
    export_url_name = "registry:stats_export"
    import_url_name = "registry:stats_import"
    create_url_name = "registry:stats_create"


StatisticsExport = StatisticsList.export_view("annual-statistics", importer="registry.statistics")


class StatisticsImport(ImportView):
    importer = "registry.statistics"


class StatisticsDetail(ScopedDetailView):
    model = AnnualStatistics
    select_related = ("school", "school__parent")
    template_name = "registry/stats_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        stats = self.object
        can_change = can(user, stats, "change")
        reviewer = can(user, stats, "review")
        ctx.update(
            grades=[
                (AnnualStatistics._meta.get_field(g).verbose_name, getattr(stats, g))
                for g in GRADE_FIELDS
                if getattr(stats, g)
            ],
            fields=[
                (f.verbose_name, getattr(stats, f.name))
                for f in AnnualStatistics._meta.concrete_fields
                if f.name not in (*GRADE_FIELDS, "id", "school", "year", "status", "return_reason")
            ],
            can_edit=can_change
            and stats.status != StatsStatus.APPROVED
            and (reviewer or stats.status in EDITABLE_BY_SCHOOL),
            can_submit=can_change and stats.status in EDITABLE_BY_SCHOOL,
            can_approve=reviewer and stats.status == StatsStatus.SUBMITTED,
            can_return=reviewer and stats.status in (StatsStatus.SUBMITTED, StatsStatus.APPROVED),
            return_form=ReturnForm(),
        )
        return ctx


class StatisticsEdit(ScopedFormView):
    model = AnnualStatistics
    form_class = StatisticsForm

    def save(self, form, *, creating):
        return statistics_save(stats=form.instance, user=self.request.user)


@object_view(AnnualStatistics, "change", select_related=("school",))
def statistics_submit_view(request, stats):
    statistics_submit(stats=stats, user=request.user)
    messages.success(request, _("Saved."))
    return redirect(stats.get_absolute_url())


# Approving and returning are the reviewer's move: to anyone else the button's URL is a 404.
@object_view(AnnualStatistics, "review", select_related=("school",))
def statistics_approve_view(request, stats):
    statistics_approve(stats=stats, user=request.user)
    messages.success(request, _("Saved."))
    return redirect(stats.get_absolute_url())


@object_view(AnnualStatistics, "review", select_related=("school",))
def statistics_return_view(request, stats):
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the statistics are returned."))
        return redirect(stats.get_absolute_url())
    statistics_return(stats=stats, user=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("Saved."))
    return redirect(stats.get_absolute_url())


class OpenYearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("school year"), min_value=2000, max_value=2100)


@object_view(Unit, "view", methods=("GET", "POST"))
def statistics_open_year_view(request, unit: Unit):
    """Open a school year for the institutions under one unit (GET: the form)."""
    if not may(request.user, AnnualStatistics, "add"):
        raise Http404
    form = OpenYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = statistics_open_year(
                unit=unit, year=form.cleaned_data["year"], user=request.user
            )
        except PermissionDenied:
            raise Http404
        messages.success(request, _("%(n)s drafts created.") % {"n": created})
        return redirect(reverse("registry:stats_list") + f"?year={form.cleaned_data['year']}")
    return render(request, "registry/open_year.html", {"form": form, "unit": unit})


# Status history -----------------------------------------------------------------------


class StatusList(ScopedListView):
    model = InstitutionStatus
    empty_hint = gettext_lazy(
        "Status changes (standardized, demonstration) are recorded by the district or city bureau."
    )
    table_class = StatusTable
    filterset_class = StatusFilter
    select_related = ("school",)
    title = gettext_lazy("Institution status history")
    export_url_name = "registry:status_export"
    create_url_name = "registry:status_create"


StatusExport = StatusList.export_view("institution-status")


class StatusEdit(ScopedFormView):
    model = InstitutionStatus
    form_class = StatusForm

    def save(self, form, *, creating):
        return status_save(status=form.instance)


# Education groups and alliances ---------------------------------------------------------


class AllianceList(ScopedListView):
    model = Alliance
    empty_hint = gettext_lazy(
        "Education groups and alliances are registered by the district or city bureau."
    )
    table_class = AllianceTable
    filterset_class = AllianceFilter
    select_related = ("unit", "lead_school")
    title = gettext_lazy("Education groups and alliances")
    export_url_name = "registry:alliance_export"
    create_url_name = "registry:alliance_create"


AllianceExport = AllianceList.export_view("alliances")


class AllianceEdit(ScopedFormView):
    model = Alliance
    form_class = AllianceForm

    def save(self, form, *, creating):
        return alliance_save(
            alliance=form.instance, members=list(form.cleaned_data["member_schools"])
        )


# Populations and targets ------------------------------------------------------------------


class PopulationList(ScopedListView):
    model = DistrictPopulation
    empty_hint = gettext_lazy(
        "Each district's population aged 3–5 is entered by the district or city bureau."
    )
    table_class = PopulationTable
    filterset_class = PopulationFilter
    select_related = ("district",)
    title = gettext_lazy("District populations aged 3–5")
    export_url_name = "registry:population_export"
    import_url_name = "registry:population_import"
    create_url_name = "registry:population_create"


PopulationExport = PopulationList.export_view("population-3-5", importer="registry.population")


class PopulationImport(ImportView):
    importer = "registry.population"


class PopulationEdit(ScopedFormView):
    model = DistrictPopulation
    form_class = PopulationForm

    def save(self, form, *, creating):
        return population_save(population=form.instance)


class TargetList(ScopedListView):
    model = Target
    empty_hint = gettext_lazy(
        "Thresholds and targets are set by the city bureau (national standards, city targets) and by the districts."
    )
    table_class = TargetTable
    filterset_class = TargetFilter
    select_related = ("unit",)
    title = gettext_lazy("Thresholds and targets")
    export_url_name = "registry:target_export"
    create_url_name = "registry:target_create"


TargetExport = TargetList.export_view("targets")


class TargetEdit(ScopedFormView):
    model = Target
    form_class = TargetForm

    def save(self, form, *, creating):
        return target_save(target=form.instance)
