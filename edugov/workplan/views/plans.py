"""Plan pages: list, upload, side-by-side review and confirm, the dashboard with its
drill-down (plan → area → point), settings, and the generated reports."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.audit.services import snapshot
from edugov.core import clock
from edugov.core.actions import object_view
from edugov.core.charts import gauge_series, pie_series
from edugov.core.scoping import can, get_visible_or_404, may
from edugov.core.views import ScopedDetailView, ScopedFormView, ScopedListView
from edugov.jobs.models import Job

from ..filters import PlanFilter
from ..forms import PlanSettingsForm, PlanUploadForm
from ..models import Area, Plan, PlanStatus, WorkPoint
from ..selectors import changes_since, league_table, plan_cycle, plan_tree
from ..selectors import status_counts as count_statuses
from ..services import plan_configure, plan_confirm, plan_revise, plan_upload
from ..status import Status
from ..tables import BADGE, PlanTable

RAG_COLOURS = {"red": "#dc3545", "amber": "#ffc107", "green": "#198754"}
STATUS_COLOURS = {
    "not_started": "#6c757d",
    "on_track": "#198754",
    "lagging": "#ffc107",
    "overdue": "#dc3545",
    "report_missing": "#fd7e14",
    "done": "#0d6efd",
    "closed": "#212529",
}


def today_for(request) -> dt.date:
    """Today, or the ``as_of`` date a reviewer looks back at (never in the future)."""
    today = clock.today()
    try:
        asked = dt.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return today
    return min(asked, today)


def plan_today(request, plan: Plan) -> dt.date:
    """The date a plan's pages are computed for: today (or ``as_of``), but no later than
    the date an archived plan's status was frozen on."""
    today = today_for(request)
    return min(today, plan.status_date) if plan.status_date else today


class PlanList(ScopedListView):
    model = Plan
    empty_hint = gettext_lazy(
        "The bureau's office uploads the year's 工作要点 document, then reviews and confirms it here."
    )
    table_class = PlanTable
    filterset_class = PlanFilter
    title = gettext_lazy("Work plans")
    create_url_name = "workplan:plan_upload"


class PlanUpload(ScopedFormView):
    """Upload a plan document: parsed into a draft, then reviewed before confirming."""

    model = Plan
    form_class = PlanUploadForm
    template_name = "workplan/plan_upload.html"

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as exc:
            form = self.get_form()
            form.is_valid()
            for msg in exc.messages:
                form.add_error("file", msg)
            return render(request, self.template_name, self.get_context_data(form=form), status=400)

    def save(self, form, *, creating):
        upload = form.cleaned_data["file"]
        return plan_upload(user=self.request.user, name=upload.name, data=upload.read())


def _review_context(plan: Plan) -> dict:
    lines = plan.source_text.splitlines()
    return {
        "object": plan,
        "plan": plan,
        "parsed": plan.parsed,
        "source_lines": list(enumerate(lines, start=1)),
        "point_count": sum(len(a["points"]) for a in plan.parsed.get("areas", [])),
        "title": _("Review %(title)s") % {"title": plan.title},
    }


@object_view(Plan, "change", methods=("GET", "POST"))
def plan_review(request, plan: Plan):
    """The source text beside the parsed areas, points and targets; fix, then confirm."""
    if plan.status != PlanStatus.DRAFT:
        return redirect(plan.get_absolute_url())
    if request.method == "POST":
        edits = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        try:
            plan = plan_revise(plan=plan, edits=edits)
            if "confirm" in request.POST:
                plan = plan_confirm(plan=plan, user=request.user)
                messages.success(
                    request, _("The plan is confirmed; its work points can now be assigned.")
                )
                return redirect(plan.get_absolute_url())
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
            return render(request, "workplan/plan_review.html", _review_context(plan), status=400)
        messages.success(request, _("Corrections saved."))
        return redirect("workplan:plan_review", pk=plan.pk)
    return render(request, "workplan/plan_review.html", _review_context(plan))


MET_COLOUR, OFF_COLOUR, NO_DATA_COLOUR = "#198754", "#ffc107", "#6c757d"
OFF_TEXT_COLOUR = "#997404"  # the amber of text on white (Bootstrap's warning-text)


def _gauge(row) -> dict:
    """An ECharts gauge of one KPI: the latest value against the target. The green band
    is where ``kpi_verdict`` says 达标 — past the target for ≥, below it for ≤, a narrow
    band at the target for = — so the target needs no tick labels; the detail says the
    verdict in words, as the home page and the .docx do."""
    k, verdict = row.kpi, row.verdict
    top = float(max(k.target_value, row.actual or 0)) * 1.2 or 1.0
    at_target = round(float(k.target_value) / top, 4)
    wants = verdict.comparator.wants
    if wants == "less":
        bands = [(at_target, MET_COLOUR), (1, OFF_COLOUR)]
    elif wants == "exact":
        # Half the last stated digit (a count's 0.5, else 0.005), at least 1 % of the
        # dial so that the band can be seen.
        half = max((0.5 if verdict.whole else 0.005) / top, 0.01)
        bands = [
            (round(max(at_target - half, 0), 4), OFF_COLOUR),
            (round(min(at_target + half, 1), 4), MET_COLOUR),
            (1, OFF_COLOUR),
        ]
    else:
        bands = [(at_target, OFF_COLOUR), (1, MET_COLOUR)]
    if not verdict.has_value:
        colour = NO_DATA_COLOUR
    else:
        colour = MET_COLOUR if verdict.met else OFF_TEXT_COLOUR
    return {
        "series": [
            gauge_series(
                value=float(row.actual_text) if row.actual is not None else None,  # counts whole
                top=top,
                bands=bands,
                # The comparator of the KPI's definition, as on the home page and in the .docx.
                name=f"{k.name} {row.target_text}{k.unit}",
                unit=k.unit,
                verdict=verdict.label,
                colour=colour,
            )
        ]
    }


class PlanDetail(ScopedDetailView):
    """The dashboard: status counts, areas with their roll-up, KPI gauges, the league
    table of units and what changed since the last period."""

    model = Plan
    template_name = "workplan/plan_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        plan, user = self.object, self.request.user
        today = plan_today(self.request, plan)
        tree, rows, facts = plan_tree(plan, user, today)
        counts = count_statuses(rows)
        cycle = plan_cycle(plan)
        since = cycle.period_start(today)
        ctx.update(
            tree=tree,
            rows=rows,
            today=today,
            since=since,
            counts=counts,
            badge=BADGE,
            lagging=[r for r in rows if r.status in (Status.LAGGING, Status.OVERDUE)],
            league=league_table(rows, facts, today),
            changes=changes_since(facts, today, since),
            gauges=[
                {"id": f"gauge-{k.kpi.pk}", "option": _gauge(k)}
                for r in rows
                for k in r.kpis
                if k.kpi.target_id
            ][:8],
            chart_status={
                "tooltip": {"trigger": "item"},
                "series": [
                    pie_series(
                        [
                            {
                                "name": str(c["label"]),
                                "value": c["n"],
                                "itemStyle": {"color": STATUS_COLOURS[c["status"]]},
                            }
                            for c in counts
                            if c["n"]
                        ]
                    )
                ],
            },
            chart_areas={
                "tooltip": {"trigger": "axis"},
                "legend": {"bottom": 0},
                "grid": {"left": 40, "right": 10, "bottom": 60},
                "xAxis": {"type": "category", "data": [n.obj.number_cn for n in tree.children]},
                "yAxis": {"type": "value"},
                "series": [
                    {
                        "type": "bar",
                        "stack": "s",
                        "name": str(s.label),
                        "itemStyle": {"color": STATUS_COLOURS[s]},
                        "data": [n.counts.get(s, 0) for n in tree.children],
                    }
                    for s in Status
                ],
            },
            can_export=may(user, Plan, "export"),
            can_configure=can(user, plan, "change"),
            rag_colours=RAG_COLOURS,
            title=plan.title,
        )
        return ctx


class PlanSettings(ScopedFormView):
    """The plan's reporting cycle and status rule."""

    model = Plan
    form_class = PlanSettingsForm

    def save(self, form, *, creating):
        before = snapshot(Plan.objects.get(pk=form.instance.pk))
        return plan_configure(plan=form.instance, before=before)


class AreaDetail(ScopedDetailView):
    """One area: its points with their roll-up status."""

    model = Area
    select_related = ("plan",)
    template_name = "workplan/area_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = plan_today(self.request, self.object.plan)
        tree, _rows, _facts = plan_tree(self.object.plan, self.request.user, today)
        node = next(n for n in tree.children if n.obj.pk == self.object.pk)
        ctx.update(node=node, today=today, badge=BADGE, title=str(self.object))
        return ctx


class PointDetail(ScopedDetailView):
    """One work point: its text, targets, and tasks with their status."""

    model = WorkPoint
    select_related = ("area__plan",)
    template_name = "workplan/point_detail.html"

    def get_context_data(self, **kwargs):
        from ..models import Task
        from ..selectors import task_rows, visible_tasks

        ctx = super().get_context_data(**kwargs)
        point = self.object
        today = plan_today(self.request, point.area.plan)
        rows = task_rows(
            visible_tasks(self.request.user).filter(point=point), today, reader=self.request.user
        )
        ctx.update(
            rows=rows,
            today=today,
            targets=point.targets.all(),
            can_add_task=may(self.request.user, Task, "add"),
            title=str(point),
        )
        return ctx


# Generated reports (background jobs) ------------------------------------------------


@object_view(Plan, "export")
def plan_report_start(request, plan: Plan, kind: str):
    """Start the period report (.docx) or the ledger (.xlsx) as a background job."""
    from edugov.jobs.services import job_create

    if kind not in ("docx", "xlsx") or plan.status != PlanStatus.CONFIRMED:
        raise Http404
    today = plan_today(request, plan)
    title = (_("Progress report: %(plan)s") if kind == "docx" else _("Task ledger: %(plan)s")) % {
        "plan": plan.title
    }
    job = job_create(
        kind=f"workplan.{kind}",
        title=title,
        owner=request.user,
        params={"plan": plan.pk, "today": today.isoformat()},
    )
    return redirect("workplan:report_job", pk=job.pk)


def report_job(request, pk: int):
    """The report's progress (polled with htmx) and, once done, its download."""
    job = Job.objects.filter(pk=pk, owner=request.user).first() or get_visible_or_404(
        Job, request.user, "view", pk=pk
    )
    if not job.kind.startswith("workplan."):
        raise Http404
    if request.GET.get("download"):
        from django.core.files.storage import default_storage

        name = job.result.get("file") if job.finished else None
        if not name or not default_storage.exists(name):
            raise Http404
        return FileResponse(
            default_storage.open(name, "rb"),
            as_attachment=True,
            filename=job.result.get("filename", name.rsplit("/", 1)[-1]),
        )
    template = "workplan/_report_job.html" if request.htmx else "workplan/report_job.html"
    return render(request, template, {"job": job, "title": job.title})
