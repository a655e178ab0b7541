"""Exam pages: list, detail, edit, score import, analysis, candidates. The report
pages are in ``report_views.py``. Scope comes from the core base views or, for
function views, from ``core.actions.object_view``, which declares model and action once."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters

from edugov.audit.services import audit_record, snapshot
from edugov.core.actions import object_view
from edugov.core.crypto import blind_index
from edugov.core.io.export import template_response
from edugov.core.privacy import NoStoreMixin, RefusePersonalQueryMixin
from edugov.core.scoping import can, may
from edugov.core.views import (
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    upload_refused,
)
from edugov.engines import codes
from edugov.jobs.services import job_create

from .filters import CandidateFilter, ExamFilter
from .forms import CandidateSearchForm, ExamForm, ScoreUploadForm
from .importers import MAX_BYTES, template_headers
from .models import Candidate, Exam, Level, UnitResult
from .reports import candidate_view
from .services import exam_clear_scores, exam_save
from .tables import CandidateTable, ExamTable


class ExamList(ScopedListView):
    model = Exam
    empty_hint = gettext_lazy(
        "The district or city bureau creates an exam, then imports its scores."
    )
    table_class = ExamTable
    filterset_class = ExamFilter
    select_related = ("owner",)
    title = gettext_lazy("Exams")
    export_url_name = "academics:exam_export"
    create_url_name = "academics:exam_create"


ExamExport = ExamList.export_view("exams")


class ExamEdit(ScopedFormView):
    model = Exam
    form_class = ExamForm

    def save(self, form, *, creating: bool) -> Exam:
        before = None if creating else snapshot(Exam.objects.get(pk=self.object.pk))
        return exam_save(
            exam=form.instance,
            subjects=form.cleaned_data.get("subjects_text"),
            before=before,
            user=self.request.user,
        )


class ExamDetail(ScopedDetailView):
    model = Exam
    select_related = ("owner", "prior")
    template_name = "academics/exam_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        exam = self.object
        can_change = can(user, exam, "change")
        # The user's own entry point: the highest level they can see (one query).
        levels = (Level.CITY, Level.DISTRICT, Level.SCHOOL)
        row = (
            UnitResult.objects.visible_to(user, "view")
            .filter(exam=exam, level__in=levels)
            .select_related("unit")
            .order_by(
                Case(
                    *[When(level=lv, then=Value(i)) for i, lv in enumerate(levels)],
                    output_field=IntegerField(),
                ),
                "pk",
            )
            .first()
        )
        top = {"level": row.level, "result": row} if row is not None else {}
        ctx.update(
            subjects=exam.subject_list(),
            items=exam.item_list(),
            can_change=can_change,
            can_import=can_change and may(user, Candidate, "add"),
            entry=top,
            has_value_added=exam.value_added.exists(),
        )
        return ctx


@object_view(Exam, "change", methods=("GET", "POST"), select_related=("owner", "prior"))
def exam_import(request, exam: Exam):
    """GET: the upload form and the template; POST: a background job that validates
    the whole file, writes it in one transaction and analyses the exam."""
    if not may(request.user, Candidate, "add"):
        raise Http404
    if request.method == "GET" and request.GET.get("template"):
        from edugov.core.io.importer import Column

        columns = [Column(field=h, label=h, example="") for h in template_headers(exam)]
        return template_response(columns, f"scores-{exam.pk}")
    if request.method == "POST":
        form = ScoreUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_BYTES:
                form.add_error("file", _("The file is too large."))
                upload_refused(Candidate, upload, "too_large", obj=exam)
            else:
                job = job_create(
                    kind="academics.scores",
                    title=_("Import scores: %(exam)s, %(file)s")
                    % {"exam": exam.name, "file": upload.name},
                    owner=request.user,
                    params={"exam": exam.pk, "file_name": upload.name},
                    upload=upload,
                    inline=upload.size <= settings.EDUGOV_INLINE_IMPORT_BYTES,
                )
                return redirect("jobs:detail", pk=job.pk)
        status = 400
    else:
        form, status = ScoreUploadForm(), 200
    ctx = {"exam": exam, "form": form, "headers": template_headers(exam)}
    return render(request, "academics/exam_import.html", ctx, status=status)


@object_view(Exam, "change", select_related=("owner", "prior"))
def exam_analyse_start(request, exam: Exam):
    """POST: re-run the analysis in the background (after changing thresholds or the
    prior exam)."""
    job = job_create(
        kind="academics.analyse",
        title=_("Analyse %(exam)s") % {"exam": exam.name},
        owner=request.user,
        params={"exam": exam.pk},
        inline=exam.candidate_count <= 20_000,
    )
    return redirect("jobs:detail", pk=job.pk)


@object_view(Exam, "change", select_related=("owner", "prior"))
def exam_clear(request, exam: Exam):
    """POST: delete the exam's scores and results (to fix the subjects, or re-import)."""
    if not may(request.user, Candidate, "delete"):
        raise Http404
    count = exam_clear_scores(exam=exam)
    messages.success(request, _("%(n)s candidates deleted.") % {"n": count})
    return redirect(exam.get_absolute_url())


# Candidates: personal data (the 学籍号), masked, never cached, never in a URL -------


class CandidateList(NoStoreMixin, RefusePersonalQueryMixin, ScopedListView):
    model = Candidate
    empty_hint = gettext_lazy("Exam candidates arrive with the score import.")
    table_class = CandidateTable
    filterset_class = CandidateFilter
    select_related = ("school", "exam")
    template_name = "academics/candidate_list.html"
    title = gettext_lazy("Candidates")
    export_url_name = "academics:candidate_export"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["search_form"] = CandidateSearchForm()
        return ctx

    def post(self, request):
        """Find a student's results by 学籍号 through the blind index, in scope; the
        same answer whether the student exists elsewhere or not at all."""
        return _candidate_search(request)


@sensitive_post_parameters("student_number")
def _candidate_search(request):
    form = CandidateSearchForm(request.POST)
    found = None
    if form.is_valid():
        number = codes.normalise_id_number(form.cleaned_data["student_number"])
        found = (
            Candidate.objects.visible_to(request.user, "view")
            .filter(student_number_index=blind_index(number, "student_number"))
            .select_related("exam")
            .order_by("-exam__date")
            .first()
        )
    audit_record(
        "search", object_type=Candidate._meta.label_lower, changes={"found": found is not None}
    )
    if found is None:
        messages.warning(request, _("No result found in your scope."))
        return redirect("academics:candidate_list")
    return redirect(found.get_absolute_url())


class CandidateExport(
    NoStoreMixin, RefusePersonalQueryMixin, CandidateList.export_view("candidates")
):
    """The list's export (学籍号 masked through ``personal_fields``), never cached."""


class CandidateDetail(NoStoreMixin, RefusePersonalQueryMixin, ScopedDetailView):
    """A student's own result page: marks and ranks by city, district and school."""

    model = Candidate
    select_related = ("school", "exam", "exam__owner")
    template_name = "academics/candidate_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        candidate = self.object
        ctx["rows"] = candidate_view(candidate)
        ctx["masked_number"] = codes.mask_value("id", candidate.student_number) or "—"
        audit_record("personal_data.view", obj=candidate)
        return ctx
