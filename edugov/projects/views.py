"""Pages of the project ledger. Views parse input, call one service or selector, render."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.casework.selectors import visible_cases
from edugov.core import clock
from edugov.core.actions import object_view
from edugov.core.privacy import mark_no_store
from edugov.core.scoping import can, may, scoped_view
from edugov.core.views import ImportView, ScopedDetailView, ScopedFormView, ScopedListView
from edugov.org.models import Unit, UnitKind

from . import reports, selectors, services
from .filters import ProjectFilter, ReportFilter
from .forms import MilestoneForm, ProjectForm, ReportForm
from .models import (
    SOURCES,
    MilestonePhoto,
    ProgressReport,
    Project,
    ProjectMilestone,
    Stage,
)
from .tables import ProjectTable, ReportTable


class ProjectList(ScopedListView):
    model = Project
    table_class = ProjectTable
    filterset_class = ProjectFilter
    select_related = ("unit",)
    title = gettext_lazy("Project ledger")
    export_url_name = "projects:project_export"
    import_url_name = "projects:project_import"
    create_url_name = "projects:project_create"
    empty_hint = gettext_lazy(
        "The bureau's 发展规划科 imports the ledger from xlsx (one row per project: places, "
        "budget by source, planned milestones); districts then file monthly reports."
    )


class ProjectExport(ProjectList.export_view("projects", importer="projects.project")):
    """The import's columns, planned dates included: the milestones are prefetched per
    chunk of the export's iterator, not read project by project."""

    def get_queryset(self):
        return super().get_queryset().prefetch_related("milestones")


class ProjectImport(ImportView):
    importer = "projects.project"


class ProjectDetail(ScopedDetailView):
    """The project, its milestones with photos and delay cases, and its monthly reports."""

    model = Project
    template_name = "projects/project_detail.html"
    select_related = ("unit", "task")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        p = self.object
        milestones = sorted(
            p.milestones.select_related("case").prefetch_related("photos"),
            key=lambda m: m.order,
        )
        readable = set(
            visible_cases(self.request.user)
            .filter(pk__in=[m.case_id for m in milestones if m.case_id])
            .values_list("pk", flat=True)
        )
        reports_ = list(p.reports.order_by("month"))
        paid = {s: sum((getattr(r, f"paid_{s}") for r in reports_), 0) for s, _l in SOURCES}
        ctx.update(
            milestones=milestones,
            readable_cases=readable,
            reports=reports_,
            sources=[(label, getattr(p, f"budget_{s}"), paid[s]) for s, label in SOURCES],
            may_report=may(self.request.user, ProgressReport, "add"),
            # A principal reads her school's project but does not edit it: no link to a 404.
            can_change=can(self.request.user, p, "change"),
        )
        return ctx


class ProjectEdit(ScopedFormView):
    model = Project
    form_class = ProjectForm

    def save(self, form, *, creating):
        return services.project_save(project=form.save(commit=False), user=self.request.user)


class MilestoneEdit(ScopedFormView):
    """A milestone's dates and photos; 投用 adds the places to next year's capacity."""

    model = ProjectMilestone
    form_class = MilestoneForm
    template_name = "projects/milestone_form.html"  # multipart: the photos

    def save(self, form, *, creating):
        milestone = services.milestone_save(
            milestone=form.save(commit=False), user=self.request.user
        )
        photos = form.cleaned_data.get("photos") or []
        if photos:
            services.milestone_photos_add(
                milestone=milestone, user=self.request.user, uploads=photos
            )
        return milestone


@object_view(MilestonePhoto, "view", methods=("GET",))
def photo_download(request, photo: MilestonePhoto):
    """The kept (EXIF-free) photo."""
    return mark_no_store(FileResponse(photo.file.open("rb"), filename=photo.name))


class ReportList(ScopedListView):
    model = ProgressReport
    table_class = ReportTable
    filterset_class = ReportFilter
    select_related = ("project",)
    title = gettext_lazy("Monthly progress reports")
    export_url_name = "projects:report_export"
    create_url_name = "projects:report_create"
    empty_hint = gettext_lazy(
        "Districts (or schools) file each project's report monthly: percent complete, "
        "amounts paid by source and any reasons for delay."
    )


ReportExport = ReportList.export_view("project-reports")


class ReportEdit(ScopedFormView):
    model = ProgressReport
    form_class = ReportForm

    def get_initial(self):
        initial = super().get_initial()
        project = self.request.GET.get("project")
        if project and project.isdigit():
            initial["project"] = int(project)
        initial.setdefault("month", clock.today().replace(day=1))
        return initial

    def save(self, form, *, creating):
        return services.report_save(report=form.save(commit=False), user=self.request.user)


# --- the map, the milestone view and the monthly summary ----------------------------------------


def _year(request) -> int | None:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() else None


def _month(request) -> dt.date:
    text = request.GET.get("month", "")
    try:
        return dt.date.fromisoformat(text[:7] + "-01")
    except ValueError:
        return selectors.latest_report_month(request.user) or clock.today().replace(day=1)


COLOURS = {"green": "#16a34a", "amber": "#f59e0b", "red": "#dc2626", "grey": "#64748b"}


@scoped_view(Project, "view")
def project_map(request):
    """The projects on the district map, coloured by state (green on track, amber
    behind by the latest report, red with an open delay case, grey in use)."""
    if request.method != "GET" or not may(request.user, Project, "view"):
        raise Http404
    from edugov.safety.views import nanchang_geojson

    states = selectors.project_states(request.user, year=_year(request))
    option = {
        "tooltip": {"trigger": "item"},
        "geo": {"map": "nanchang", "roam": True},
        "series": [
            {
                "type": "scatter",
                "coordinateSystem": "geo",
                "name": _("Projects"),
                "symbolSize": 9,
                "data": [
                    {
                        "name": f"{s['code']} {s['name']}",
                        "value": [float(s["longitude"]), float(s["latitude"])],
                        "itemStyle": {"color": COLOURS[s["colour"]]},
                    }
                    for s in states
                    if s["latitude"] is not None
                ],
            }
        ],
    }
    return render(
        request,
        "projects/map.html",
        {
            "title": _("Project map"),
            "states": states,
            "map_option": option,
            "geojson": nanchang_geojson(),
        },
    )


@scoped_view(ProjectMilestone, "view")
def milestone_view(request):
    """A Gantt-like table per district: each project's seven milestones, planned and
    actual, late ones marked."""
    if request.method != "GET" or not may(request.user, ProjectMilestone, "view"):
        raise Http404
    district = None
    text = request.GET.get("district", "")
    if text.isdigit():
        district = (
            Unit.objects.visible_to(request.user, "view")
            .filter(pk=int(text), kind__in=[UnitKind.DISTRICT, UnitKind.ZONE])
            .first()
        )
    today = clock.today()
    rows = selectors.gantt(request.user, district=district, year=_year(request))
    late = {m.pk for r in rows for m in services.late_milestones(r["stages"].values(), today)}
    return render(
        request,
        "projects/gantt.html",
        {
            "title": _("Milestones by district"),
            "rows": rows,
            "stages": Stage.choices,
            "late": late,
            "today": today,
            "districts": Unit.objects.visible_to(request.user, "view").filter(
                kind__in=[UnitKind.DISTRICT, UnitKind.ZONE]
            ),
            "district": district,
        },
    )


@scoped_view(Project, "view")
def summary(request):
    """The monthly city summary (the bureau's 月报 layout), with its .xlsx and .docx."""
    if request.method != "GET" or not may(request.user, Project, "view"):
        raise Http404
    month = _month(request)
    result = selectors.city_summary(request.user, month=month, year=_year(request))
    fmt = request.GET.get("format")
    if fmt == "docx":
        return reports.summary_docx(result, request.user)
    if fmt == "xlsx":
        return reports.summary_xlsx(result, request.user)
    return render(
        request,
        "projects/summary.html",
        {"title": _("Monthly project summary"), "summary": result, "month": month},
    )
