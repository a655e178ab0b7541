"""Run pages: configure, start (background job with progress), results per programme with
the cutoff and its tie-break detail, publish (locks), replay, and the what-if comparison.

Function views are ``core.actions.object_view`` views: the run is looked up through
``visible_to`` before anything else, so any method outside the scope is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.actions import object_view
from edugov.core.charts import category_axis, zoom_window
from edugov.core.privacy import NoStoreMixin, RefusePersonalQueryMixin
from edugov.core.scoping import can, get_visible_or_404, may
from edugov.core.views import ScopedDetailView, ScopedFormView, ScopedListView

from ..filters import CutoffFilter, ResultFilter, RunFilter
from ..forms import CompareForm, RunForm
from ..models import CandidateResult, Programme, ProgrammeCutoff, Run, RunStatus
from ..selectors import programme_label, programme_plans
from ..services import run_compare, run_publish, run_replay, run_save, run_start
from ..tables import CutoffTable, ResultTable, RunTable


class RunList(ScopedListView):
    model = Run
    empty_hint = gettext_lazy(
        "The admissions office imports candidates and programmes, then starts a run."
    )
    table_class = RunTable
    filterset_class = RunFilter
    select_related = ("session",)
    title = gettext_lazy("Admission runs")
    create_url_name = "admissions:run_create"


class RunEdit(ScopedFormView):
    """Create a run or change its batch configuration (refused once published)."""

    model = Run
    form_class = RunForm
    template_name = "admissions/run_form.html"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["session"].queryset = form.fields["session"].queryset.visible_to(
            self.request.user, "change"
        )
        return form

    def save(self, form, *, creating):
        run = form.save(commit=False)
        run.config = form.config()
        return run_save(run=run)


def _programme_axis(labels: list[str]) -> dict:
    """The x axis of a chart over a session's programmes (60 in the demo): every school
    named, turned and cut at a width, 25 at a time with a slider, and room below the plot
    for the turned names. Laid at 40° with no window, the 60 names ran into each other and
    past the card's bottom edge (issue 15, screenshots)."""
    return {
        "grid": {"left": 50, "right": 50, "top": 50, "bottom": 130},
        "xAxis": category_axis(labels, rotate=45, width=120),
        "dataZoom": zoom_window(len(labels)),
    }


def _cutoff_chart(cutoffs) -> dict:
    """ECharts option: admitted vs seats per programme of the 统招 batch."""
    rows = [c for c in cutoffs if c.batch == "统招" and not c.quota]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [_("seats"), _("admitted"), _("cutoff score")]},
        **_programme_axis([programme_label(c.programme) for c in rows]),
        "yAxis": [{"type": "value"}, {"type": "value", "min": "dataMin"}],
        "series": [
            {"name": _("seats"), "type": "bar", "data": [c.seats for c in rows]},
            {"name": _("admitted"), "type": "bar", "data": [c.admitted for c in rows]},
            {
                "name": _("cutoff score"),
                "type": "line",
                "yAxisIndex": 1,
                "data": [c.cutoff_score for c in rows],
            },
        ],
    }


class RunDetail(ScopedDetailView):
    """A run: status, audit hashes, summary, the cutoff table and its chart."""

    model = Run
    select_related = ("session", "published_by", "job")
    template_name = "admissions/run_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        run = self.object
        user = self.request.user
        cutoffs = list(
            ProgrammeCutoff.objects.filter(run=run).select_related("programme", "programme__school")
        )
        others = (
            Run.objects.visible_to(user, "view")
            .filter(session=run.session_id, status__in=[RunStatus.SUCCEEDED, RunStatus.PUBLISHED])
            .exclude(pk=run.pk)
            .select_related("session")  # each option's label is "year name"
        )
        form = CompareForm()
        form.fields["other"].queryset = others
        ctx.update(
            cutoffs=cutoffs,
            chart=_cutoff_chart(cutoffs),
            can_change=not run.is_locked and can(user, run, "change"),
            can_export=may(user, CandidateResult, "export"),
            compare_form=form if others.exists() else None,
        )
        return ctx


@object_view(Run, "change", select_related=("session",))
def run_start_view(request, run: Run):
    """POST: queue the computation; the job page shows the progress bar."""
    job = run_start(run=run, user=request.user)
    return redirect("jobs:detail", pk=job.pk)


@object_view(Run, "change", select_related=("session",))
def run_publish_view(request, run: Run):
    run_publish(run=run, user=request.user)
    messages.success(request, _("Published. The run is now locked."))
    return redirect(run.get_absolute_url())


@object_view(Run, "view", select_related=("session",))
def run_replay_view(request, run: Run):
    """POST: recompute from the stored inputs and compare every hash."""
    if not run.has_results:
        messages.error(request, _("The run has no result to replay."))
        return redirect(run.get_absolute_url())
    report = run_replay(run=run)
    return render(request, "admissions/run_replay.html", {"run": run, "report": report})


class WhatIfRow:
    def __init__(self, programme, a, b):
        self.programme, self.a, self.b = programme, a, b

    @property
    def cutoff_delta(self):
        if self.a and self.b and self.a["cutoff"] is not None and self.b["cutoff"] is not None:
            return self.b["cutoff"] - self.a["cutoff"]
        return None


def _per_programme(run: Run, plans: dict[int, int]) -> dict[int, dict]:
    """Admitted over all batches, the plan and the 统招 cutoff, per programme."""
    out: dict[int, dict] = {}
    for c in ProgrammeCutoff.objects.filter(run=run):
        row = out.setdefault(
            c.programme_id,
            {"admitted": 0, "seats": plans.get(c.programme_id, 0), "cutoff": None},
        )
        row["admitted"] += c.admitted
        if c.batch in ("统招", "民办批") and not c.quota:
            row["cutoff"] = c.cutoff_score
    for row in out.values():
        row["fill"] = row["admitted"] / row["seats"] if row["seats"] else None
    return out


@object_view(Run, "view", methods=("GET", "HEAD"), select_related=("session",))
def run_compare_view(request, run: Run):
    """The policy what-if: two runs of the same session side by side."""
    # The second run comes from the query string, so it is looked up here.
    other = get_visible_or_404(
        Run.objects.select_related("session"),
        request.user,
        "view",
        pk=request.GET.get("other") or 0,
    )
    if not (run.has_results and other.has_results):
        messages.error(request, _("Both runs must be computed."))
        return redirect(run.get_absolute_url())
    try:
        moved = run_compare(a=run, b=other)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(run.get_absolute_url())
    plans = programme_plans(run.session_id)
    a, b = _per_programme(run, plans), _per_programme(other, plans)
    programmes = (
        Programme.objects.filter(session=run.session)
        .select_related("school")
        .order_by("-is_key", "sector", "code")
    )
    rows = [WhatIfRow(p, a.get(p.pk), b.get(p.pk)) for p in programmes]
    chart = {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [run.name, other.name]},
        **_programme_axis([programme_label(r.programme) for r in rows]),
        "yAxis": {"type": "value", "min": "dataMin"},
        "series": [
            {
                "name": n,
                "type": "line",
                "data": [(d.get(r.programme.pk) or {}).get("cutoff") for r in rows],
            }
            for n, d in ((run.name, a), (other.name, b))
        ],
    }
    return render(
        request,
        "admissions/run_compare.html",
        {"a": run, "b": other, "moved": moved, "rows": rows, "chart": chart},
    )


class PersonalDataMixin(NoStoreMixin, RefusePersonalQueryMixin):
    """Pages that show candidates' (masked) names."""


class ResultList(PersonalDataMixin, ScopedListView):
    """Placements in scope: a junior school's candidates, a district's, a high school's
    admissions. Filter ``placed = no`` for the unplaced list."""

    model = CandidateResult
    empty_hint = gettext_lazy("Results appear when an admission run finishes.")
    table_class = ResultTable
    filterset_class = ResultFilter
    select_related = ("run__session", "candidate", "candidate__junior_school", "programme")
    title = gettext_lazy("Admission results")
    export_url_name = "admissions:result_export"


class ResultExport(PersonalDataMixin, ResultList.export_view("admission-results")):
    """The list's export (names masked through ``personal_fields``), never cached."""


class CutoffList(ScopedListView):
    model = ProgrammeCutoff
    empty_hint = gettext_lazy("Cutoff scores are computed by each finished admission run.")
    table_class = CutoffTable
    filterset_class = CutoffFilter
    select_related = ("run__session", "programme")  # str(run) shows the session's year
    title = gettext_lazy("Cutoff scores (录取分数线)")
    export_url_name = "admissions:cutoff_export"


CutoffExport = CutoffList.export_view("admission-cutoffs")
