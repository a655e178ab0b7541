"""Task, progress report and 督办单 pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied

from edugov.audit.services import snapshot
from edugov.casework.models import Case
from edugov.core.actions import object_view
from edugov.core.scoping import can, may
from edugov.core.views import (
    ImportView,
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
)

from ..casetypes import DUBAN
from ..filters import NoticeFilter, ReportFilter, TaskFilter
from ..forms import (
    CloseForm,
    KpiForm,
    MilestoneForm,
    NoticeForm,
    ReportForm,
    RespondForm,
    ReviewForm,
    TaskForm,
)
from ..models import (
    DubanCase,
    Evidence,
    Kpi,
    Milestone,
    ProgressReport,
    Task,
    WorkPoint,
)
from ..selectors import notice_record, task_row, task_rows
from ..services import (
    can_issue,
    escalation_label,
    escalation_level,
    kpi_save,
    milestone_save,
    notice_close,
    notice_issue,
    notice_respond,
    notices_of,
    report_review,
    report_submit,
    reporting_unit_for,
    task_close,
    task_complete,
    task_save,
)
from ..tables import BADGE, NoticeTable, ReportTable, TaskTable
from .plans import plan_today, today_for


class TaskList(ScopedListView):
    model = Task
    empty_hint = gettext_lazy(
        "Tasks come from a confirmed work plan; the lead unit names their owners."
    )
    table_class = TaskTable
    filterset_class = TaskFilter
    select_related = ("point__area__plan", "lead_unit", "owner")
    title = gettext_lazy("Tasks")
    export_url_name = "workplan:task_export"
    import_url_name = "workplan:task_import"
    create_url_name = "workplan:task_create"

    def get_table(self, **kwargs):
        # Status for the page's rows only, in a fixed number of queries.
        table = super().get_table(**kwargs)
        records = [row.record for row in table.page.object_list] if table.page else []
        rows = task_rows(records, today_for(self.request), reader=self.request.user)
        table.verdicts = {r.task.pk: r.verdict for r in rows}
        return table


TaskExport = TaskList.export_view("tasks")


class TaskImport(ImportView):
    importer = "workplan.task"


class TaskEdit(ScopedFormView):
    """Create a task on a work point (``?point=``) or change one."""

    model = Task
    form_class = TaskForm
    template_name = "workplan/task_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        point_id = self.request.GET.get("point")
        if point_id and point_id.isdigit() and self.object is None:
            kwargs["point"] = (
                WorkPoint.objects.visible_to(self.request.user).filter(pk=point_id).first()
            )
        return kwargs

    def save(self, form, *, creating):
        before = None if creating else snapshot(Task.objects.get(pk=form.instance.pk))
        return task_save(
            task=form.instance,
            co_units=form.cleaned_data["co_units"],
            targets=form.cleaned_data["targets"],
            before=before,
        )


class TaskDetail(ScopedDetailView):
    model = Task
    select_related = ("point__area__plan", "lead_unit", "owner")
    template_name = "workplan/task_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        task, user = self.object, self.request.user
        today = plan_today(self.request, task.point.area.plan)
        row = task_row(task, today, reader=user)
        can_change = can(user, task, "change")
        ctx.update(
            row=row,
            today=today,
            badge=BADGE,
            co_units=task.co_units.all(),
            milestones=task.milestones.all(),
            reports=ProgressReport.objects.visible_to(user)
            .filter(task=task)
            .select_related("unit", "submitted_by"),
            notices=[
                (n, escalation_label(escalation_level(n, today)))
                for n in notices_of(task, Case.objects.visible_to(user))
            ],
            can_change=can_change,
            can_report=may(user, ProgressReport, "add")
            and reporting_unit_for(user, task) is not None,
            can_issue=can_issue(user, task, row.status),
            can_strike_off=bool(task.done_on and not task.closed_on)
            and can(user, task, "strike_off"),
            milestone_form=MilestoneForm() if can_change else None,
            kpi_form=KpiForm() if can_change else None,
            title=task.title,
        )
        return ctx


def _forbidden(request):
    # object_view turns a raised PermissionDenied into a message on the object's page;
    # a refused access must stay a 403, which audit.middleware records.
    return permission_denied(request, PermissionDenied())


@object_view(Task, "change")
def task_add_item(request, task: Task, what: str):
    """Add a milestone or a manual KPI to a task (POST, lead unit only)."""
    if what not in ("milestone", "kpi"):
        raise Http404
    form_class, model = {"milestone": (MilestoneForm, Milestone), "kpi": (KpiForm, Kpi)}[what]
    if not may(request.user, model, "add"):
        return _forbidden(request)
    form = form_class(request.POST, instance=model(task=task))
    if form.is_valid():
        try:
            if what == "milestone":
                milestone_save(milestone=form.instance)
            else:
                kpi_save(kpi=form.instance)
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect(task.get_absolute_url())


@object_view(Task, "change")
def task_done(request, task: Task):
    """The lead unit marks the task completed (POST)."""
    task_complete(task=task, user=request.user, on=today_for(request))
    return redirect(task.get_absolute_url())


@object_view(Task, "strike_off", select_related=("lead_unit",))
def task_strike_off(request, task: Task):
    """A supervising unit verifies a completed task and strikes it off (POST)."""
    task_close(task=task, user=request.user, on=today_for(request))
    messages.success(request, _("The task is struck off (销号)."))
    return redirect(task.get_absolute_url())


@object_view(
    Task, "view", methods=("GET", "POST"), select_related=("point__area__plan", "lead_unit")
)
def task_report(request, task: Task):
    """A unit working on the task reports its progress for a period."""
    unit = reporting_unit_for(request.user, task)
    if unit is None or not may(request.user, ProgressReport, "add"):
        return _forbidden(request)
    kpis = task.kpis.all()
    form = ReportForm(request.POST or None, request.FILES or None, kpis=kpis)
    if request.method == "POST" and form.is_valid():
        try:
            report = report_submit(
                task=task,
                user=request.user,
                unit=unit,
                period_start=form.cleaned_data["period"],
                text=form.cleaned_data["text"],
                percent=form.cleaned_data["percent"],
                actuals=form.actuals(),
                files=form.cleaned_data["files"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Report submitted."))
            return redirect(report.get_absolute_url())
    if not form.is_bound:
        form.initial["period"] = today_for(request)
    return render(
        request,
        "workplan/report_form.html",
        {"form": form, "task": task, "unit": unit, "title": _("Report progress")},
        status=400 if form.is_bound else 200,
    )


class ReportList(ScopedListView):
    model = ProgressReport
    empty_hint = gettext_lazy(
        "Task owners submit a progress report each reporting period; the lead unit reviews it."
    )
    table_class = ReportTable
    filterset_class = ReportFilter
    select_related = ("task", "unit")
    title = gettext_lazy("Progress reports")
    export_url_name = "workplan:report_export"


ReportExport = ReportList.export_view("progress-reports")


class ReportDetail(ScopedDetailView):
    model = ProgressReport
    select_related = ("task__lead_unit", "unit", "submitted_by", "reviewer")
    template_name = "workplan/report_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = self.object
        ctx.update(
            actuals=report.actuals.select_related("kpi"),
            evidence=report.evidence.all(),
            can_review=can(self.request.user, report, "review") and report.status == "submitted",
            review_form=ReviewForm(),
            title=str(report),
        )
        return ctx


@object_view(ProgressReport, "review", select_related=("task__lead_unit",))
def report_review_view(request, report: ProgressReport):
    """Accept or return a report (POST, the task's lead unit)."""
    form = ReviewForm(request.POST)
    if form.is_valid():
        report_review(
            report=report,
            user=request.user,
            accept=form.cleaned_data["decision"] == "accept",
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Review recorded."))
    return redirect(report.get_absolute_url())


@object_view(Evidence, "view", methods=("GET", "HEAD"))
def evidence_download(request, evidence: Evidence):
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


# 督办单 ----------------------------------------------------------------------------------


class NoticeList(ScopedListView):
    """督办单: the casework cases of the type ``duban``, as the work plan lists them."""

    model = DubanCase
    empty_hint = gettext_lazy(
        "The office or the 督导室 issues a 督办单 on a lagging or overdue task."
    )
    table_class = NoticeTable
    filterset_class = NoticeFilter
    select_related = ("supervising_unit",)
    title = gettext_lazy("Supervision notices (督办单)")
    export_url_name = "workplan:notice_export"


NoticeExport = NoticeList.export_view("supervision-notices")


class NoticeDetail(ScopedDetailView):
    model = DubanCase
    select_related = ("supervising_unit", "lead_unit")
    template_name = "workplan/notice_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        notice, user = self.object, self.request.user
        record = notice_record(notice)
        today = plan_today(self.request, record.task.point.area.plan) if record.task else None
        allowed = {a for a in ("respond", "close") if can(user, notice, DUBAN.action(a))}
        ctx.update(
            record=record,
            level_label=escalation_label(
                escalation_level(notice, today or today_for(self.request))
            ),
            can_respond="respond" in allowed,
            can_close="close" in allowed,
            respond_form=RespondForm(),
            close_form=CloseForm(),
            title=notice.number,
        )
        return ctx


@object_view(
    Task, "supervise", methods=("GET", "POST"), select_related=("point__area__plan", "lead_unit")
)
def notice_issue_view(request, task: Task):
    """Issue a 督办单 on a lagging or overdue task."""
    today = today_for(request)
    row = task_row(task, today, reader=request.user)
    if not can_issue(request.user, task, row.status):
        raise PermissionDenied(_("Only a lagging or overdue task can be supervised."))
    form = NoticeForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            notice = notice_issue(
                task=task,
                user=request.user,
                status=row.status,
                reason=form.cleaned_data["reason"],
                response_due=form.cleaned_data["response_due"],
                today=today,
            )
        except ValidationError as exc:
            form.add_error(None, "; ".join(exc.messages))
        else:
            messages.success(request, _("Notice %(n)s issued.") % {"n": notice.number})
            return redirect("workplan:notice_detail", notice.pk)
    if not form.is_bound:
        form.initial["reason"] = "；".join(row.verdict.reasons)
    return render(
        request,
        "workplan/notice_form.html",
        {"form": form, "task": task, "row": row, "title": _("Issue a supervision notice")},
        status=400 if form.is_bound else 200,
    )


def _notice_form_errors(request, form) -> bool:
    if form.is_valid():
        return False
    messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return True


@object_view(DubanCase, DUBAN.action("respond"))
def notice_respond_view(request, notice: Case):
    """The task's owner or lead unit answers a 督办单 (POST)."""
    form = RespondForm(request.POST)
    if not _notice_form_errors(request, form):
        notice_respond(
            notice=notice,
            user=request.user,
            measures=form.cleaned_data["measures"],
            new_due_date=form.cleaned_data["new_due_date"],
            today=today_for(request),
        )
        messages.success(request, _("Response recorded."))
    return redirect("workplan:notice_detail", notice.pk)


@object_view(DubanCase, DUBAN.action("close"))
def notice_close_view(request, notice: Case):
    """The issuing unit verifies the response and closes the 督办单 (销号, POST)."""
    form = CloseForm(request.POST)
    if not _notice_form_errors(request, form):
        notice_close(
            notice=notice,
            user=request.user,
            comment=form.cleaned_data["comment"],
            today=today_for(request),
        )
        messages.success(request, _("Notice closed (销号)."))
    return redirect("workplan:notice_detail", notice.pk)
