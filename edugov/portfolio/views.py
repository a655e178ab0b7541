"""The school's record list (filters, export, import), a record's page with its 公示 and
sign-off, the entry form, and the districts' counts page (no student on it)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.actions import object_view
from edugov.core.privacy import NoStoreMixin
from edugov.core.scoping import allowed_actions, can, scoped_view
from edugov.core.views import ImportView, ScopedDetailView, ScopedFormView, ScopedListView

from . import config, selectors, services
from .filters import ActivityFilter, RecordFilter
from .forms import ActivityForm, RecordForm
from .models import PortfolioActivity, PortfolioRecord
from .tables import ActivityTable, RecordTable


class RecordList(NoStoreMixin, ScopedListView):
    model = PortfolioRecord
    table_class = RecordTable
    filterset_class = RecordFilter
    select_related = ("school", "student")
    title = gettext_lazy("Student portfolios (综合素质评价)")
    export_url_name = "portfolio:record_export"
    import_url_name = "portfolio:record_import"
    create_url_name = "portfolio:record_create"
    empty_hint = gettext_lazy(
        "The class teacher enters each student's term in the five dimensions, one by one or "
        "by importing the class's grades; the principal puts them on public notice and signs "
        "them off."
    )


RecordExport = RecordList.export_view("portfolio-records")


class RecordImport(ImportView):
    importer = "portfolio.record"


class RecordDetail(NoStoreMixin, ScopedDetailView):
    model = PortfolioRecord
    select_related = ("school", "student", "signed_by")
    template_name = "portfolio/record_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["moves"] = allowed_actions(
            self.request.user, self.object, ("change", "publish", "sign_off", "object")
        )
        ctx["objections"] = selectors.objections(self.request.user, self.object)
        ctx["notice_workdays"] = config.get("notice_workdays")
        ctx["fitness"] = selectors.fitness_evidence(self.request.user, self.object)
        r = self.object
        ctx["activity_totals"] = selectors.activity_totals(
            self.request.user, r.student_id, r.school_year, r.term
        )
        ctx["may_summary"] = can(self.request.user, r, "summary")
        return ctx


class RecordCreate(ScopedFormView):
    model = PortfolioRecord
    form_class = RecordForm

    def save(self, form, *, creating):
        return services.portfolio_record_save(user=self.request.user, record=form.instance)


class RecordEdit(RecordCreate):
    pass


@object_view(PortfolioRecord, "publish")
def record_publish(request, record: PortfolioRecord):
    services.portfolio_publish(user=request.user, record=record)
    messages.success(
        request, _("The record is on public notice until %(end)s.") % {"end": record.notice_end}
    )
    return redirect(record.get_absolute_url())


@object_view(PortfolioRecord, "sign_off")
def record_sign_off(request, record: PortfolioRecord):
    services.portfolio_sign_off(user=request.user, record=record)
    messages.success(request, _("The record is signed off."))
    return redirect(record.get_absolute_url())


@scoped_view(PortfolioRecord, "count")
def record_counts(request):
    """Counts per school, year and status: what a district reads (no personal row)."""
    from django.http import Http404

    from edugov.core.scoping import may

    if request.method != "GET" or not may(request.user, PortfolioRecord, "count"):
        raise Http404
    rows = selectors.record_counts(request.user)
    return render(request, "portfolio/counts.html", {"rows": rows})


@object_view(PortfolioRecord, "object")
def record_object(request, record: PortfolioRecord):
    case = services.portfolio_object(
        user=request.user, record=record, text=request.POST.get("text", "")
    )
    messages.success(
        request,
        _("Objection %(number)s is recorded; the school answers it by %(due)s.")
        % {
            "number": case.number,
            "due": date_format(timezone.localtime(case.due_at), "DATE_FORMAT"),
        },
    )
    return redirect(record.get_absolute_url())


@object_view(PortfolioRecord, "publish")
def record_withdraw(request, record: PortfolioRecord):
    services.portfolio_withdraw(user=request.user, record=record)
    messages.success(request, _("The record is a draft again: correct it and put it on notice."))
    return redirect(record.get_absolute_url())


class ActivityList(NoStoreMixin, ScopedListView):
    model = PortfolioActivity
    table_class = ActivityTable
    filterset_class = ActivityFilter
    select_related = ("school", "student", "programme")
    title = gettext_lazy("Practice hours and reading (社会实践与智慧阅读)")
    export_url_name = "portfolio:activity_export"
    import_url_name = "portfolio:activity_import"
    create_url_name = "portfolio:activity_create"
    empty_hint = gettext_lazy(
        "The class teacher enters each student's practice hours (at a practice base of the "
        "programme registry or at the school) and the books read, one by one or by import; "
        "the term's totals show on the student's portfolio records."
    )


ActivityExport = ActivityList.export_view("portfolio-activities")


class ActivityImport(ImportView):
    importer = "portfolio.activity"


class ActivityCreate(ScopedFormView):
    model = PortfolioActivity
    form_class = ActivityForm

    def save(self, form, *, creating):
        return services.portfolio_activity_save(user=self.request.user, activity=form.instance)


class ActivityEdit(ActivityCreate):
    pass


@object_view(
    PortfolioRecord, "summary", methods=("GET", "HEAD"), select_related=("school", "student")
)
def summary_docx(request, record: PortfolioRecord):
    """The student's term summary (.docx, 档案 layout), named in full: for a reader who
    holds the roll's full-data permission in the student's school (404 otherwise)."""
    from django.http import HttpResponse

    from edugov.audit.services import audit_record
    from edugov.core.privacy import mark_no_store

    from .summary import DOCX
    from .summary import summary_docx as build

    data = build(request.user, record)
    audit_record("export", obj=record, changes={"format": "docx", "document": "term summary"})
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="portfolio-{record.school_year}-{record.term}-{record.student_id}.docx"'
    )
    return mark_no_store(response)
