"""Student pages. Every one sends ``Cache-Control: no-store`` and refuses personal data in
the query string (``core.privacy``); the scope comes from the core base views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.defaults import permission_denied

from edugov.audit.services import audit_record, snapshot
from edugov.core.actions import object_view
from edugov.core.io.export import columns_from_table
from edugov.core.privacy import (
    NoStoreMixin,
    RefusePersonalQueryMixin,
    mark_no_store,
    no_store,
    query_has_personal_data,
    watermarked_csv_response,
    watermarked_xlsx_response,
)
from edugov.core.scoping import can, may
from edugov.core.views import (
    ImportView,
    ScopedDetailView,
    ScopedExportView,
    ScopedFormView,
    ScopedListView,
    narrow_form_fields,
)

from .approval_tables import ApprovalFilter, ApprovalTable
from .filters import StudentFilter
from .forms import PERSONAL_FORM_FIELDS, SearchForm, StudentForm
from .models import ApprovalStatus, ExportApproval, Student
from .services import (
    DUPLICATE_LIMIT_MESSAGE,
    RowsChanged,
    TooManyDuplicates,
    approval_consume,
    approval_decide,
    approval_request,
    student_create,
    student_search,
    student_update,
    student_view_full,
)
from .tables import StudentTable


class PersonalDataMixin(NoStoreMixin, RefusePersonalQueryMixin):
    """Pages that carry students' personal data."""


class StudentList(PersonalDataMixin, ScopedListView):
    model = Student
    empty_hint = gettext_lazy("Each school's registrar adds its pupils, one by one or by import.")
    table_class = StudentTable
    filterset_class = StudentFilter
    select_related = ("school",)
    template_name = "students/student_list.html"
    title = gettext_lazy("Student registry")
    export_url_name = "students:student_export"
    import_url_name = "students:student_import"
    create_url_name = "students:student_create"

    def get_queryset(self):
        # Encrypted columns the table does not show are not read: each would be
        # decrypted for every row of the page (100 envelopes a page, for nothing).
        return super().get_queryset().defer("guardian_name", "home_address")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["search_form"] = SearchForm()
        ctx["can_export_full"] = may(self.request.user, Student, "view_full")
        return ctx

    @method_decorator(sensitive_post_parameters("value"))
    @method_decorator(sensitive_variables("form"))
    def post(self, request):
        """Find one student by ID number or 学籍号: a POST (never a URL), looked up
        through the blind index inside the scope."""
        form = SearchForm(request.POST)
        if not form.is_valid():
            return render(request, "students/search.html", {"form": form}, status=400)
        found = student_search(
            user=request.user, kind=form.cleaned_data["kind"], value=form.cleaned_data["value"]
        )
        if found is None:
            # Same answer whether the student exists elsewhere or not at all.
            return render(
                request,
                "students/search.html",
                {"form": SearchForm(initial={"kind": form.cleaned_data["kind"]}), "missing": True},
                status=404,
            )
        return redirect(found.get_absolute_url())


class StudentExport(PersonalDataMixin, ScopedExportView):
    """Masked unless ``full=1`` and the full-view permission; an export containing a
    child under 14 becomes an approval request instead of a file."""

    model = Student
    table_class = StudentTable
    filterset_class = StudentFilter
    select_related = ("school",)
    filename = "students"

    def get(self, request):
        full = request.GET.get("full") == "1"
        if full and not may(request.user, Student, "view_full"):
            raise PermissionDenied
        params = request.GET.copy()
        for key in ("full", "format"):
            params.pop(key, None)
        fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
        qs = StudentFilter(params, queryset=self.get_queryset(), request=request).qs
        minors = qs.minors().count()
        if minors:
            approval = approval_request(
                user=request.user,
                query=params.urlencode(),
                file_format=fmt,
                full=full,
                rows=qs,
                minor_count=minors,
            )
            messages.warning(
                request,
                _("This export contains students under 14 and needs approval before download."),
            )
            return redirect(approval.get_absolute_url())
        return export_students(request, qs, fmt=fmt, full=full, query=params.urlencode())


def watermark_text(user) -> str:
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S %Z")
    unit = user.unit.name if user.unit_id else ""
    return _("Exported by %(user)s, %(unit)s, at %(time)s") % {
        "user": user.username,
        "unit": unit,
        "time": stamp,
    }


def export_students(request, qs, *, fmt: str, full: bool, query: str, approval=None):
    """Write the export (masked unless ``full``) with a watermark and one audit event."""
    user = request.user
    columns = columns_from_table(StudentTable, Student, unmasked=full)
    mark = watermark_text(user)
    # The visible watermark row goes on approved (minors) and unmasked exports; every
    # xlsx names its exporter in the document properties.
    row_mark = mark if (approval is not None or full) else ""
    changes = {"rows": qs.count(), "format": fmt, "filter": query, "full": full}
    if approval is not None:
        changes.update(approval=approval.pk, approved_rows=approval.row_count)
    audit_record("export", object_type="students.student", changes=changes, detail=mark)
    rows = qs.iterator(chunk_size=2000)
    if fmt == "csv":
        return watermarked_csv_response(rows, columns, "students", row_mark)
    props = {
        "author": user.username,
        "company": user.unit.name if user.unit_id else "",
        "title": str(_("Student registry")),
    }
    return watermarked_xlsx_response(
        rows, columns, "students", row_mark, {**props, "comments": mark}
    )


class StudentDetail(PersonalDataMixin, ScopedDetailView):
    model = Student
    select_related = ("school",)
    template_name = "students/student_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        student = self.object
        ctx["masked"] = {name: student.masked(name) for name in Student.personal_fields}
        ctx["can_view_full"] = may(user, Student, "view_full")
        # A minor's record is sensitive personal information (PIPL art. 28): every view
        # is audited, masked or not.
        audit_record("personal_data.view", obj=student)
        ctx["can_change"] = (
            Student.objects.visible_to(user, "change").filter(pk=student.pk).exists()
        )
        return ctx


# no_store outermost: every answer of this view, the 405 included, is no-store as
# PersonalDataMixin made it. "view", not the declared "view_full": without that permission
# the POST is a 403 (audited as a denied access), not a 404.
@no_store
@object_view(Student, "view", select_related=("school",))
def student_full_view(request, student: Student):
    """POST "显示完整信息": the full values of this one student, one audit event each time."""
    if query_has_personal_data(request.GET):
        return HttpResponseBadRequest(
            _("Personal data is not accepted in the address; use the search form.")
        )
    if not may(request.user, Student, "view_full"):
        return permission_denied(request, PermissionDenied())
    full = student_view_full(student=student, user=request.user)
    return render(
        request,
        "students/student_detail.html",
        {
            "object": student,
            "student": student,
            "masked": {k: student.masked(k) for k in Student.personal_fields},
            "full": full,
            "can_view_full": True,
            "title": str(student),
        },
    )


@method_decorator(sensitive_post_parameters(*PERSONAL_FORM_FIELDS), name="dispatch")
class StudentEdit(PersonalDataMixin, ScopedFormView):
    model = Student
    form_class = StudentForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except TooManyDuplicates:
            messages.error(request, str(DUPLICATE_LIMIT_MESSAGE))
            # An unbound form: a bound one would validate, and so look up, again.
            kwargs = self.get_form_kwargs()
            kwargs.pop("data", None), kwargs.pop("files", None)
            form = self.get_form_class()(**kwargs)
            narrow_form_fields(form, request.user)
            return render(request, self.template_name, self.get_context_data(form=form), status=429)

    def save(self, form, *, creating):
        if creating:
            return student_create(student=form.instance)
        before = snapshot(Student.objects.get(pk=form.instance.pk))
        return student_update(student=form.instance, before=before)


class StudentImport(ImportView):
    importer = "students.student"


# Export approvals --------------------------------------------------------------------


class ApprovalList(ScopedListView):
    model = ExportApproval
    empty_hint = gettext_lazy(
        "A request appears here when someone exports records of children under 14; a city or district administrator decides it."
    )
    template_name = "students/approval_list.html"
    title = gettext_lazy("Export approvals")
    select_related = ("requested_by", "unit", "decided_by")
    table_class = ApprovalTable
    filterset_class = ApprovalFilter


class ApprovalDetail(NoStoreMixin, ScopedDetailView):
    model = ExportApproval
    select_related = ("requested_by", "unit", "decided_by")
    template_name = "students/approval_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["can_decide"] = (
            can(user, self.object, "approve") and self.object.status == ApprovalStatus.PENDING
        )
        ctx["can_download"] = (
            can(user, self.object, "download") and self.object.status == ApprovalStatus.APPROVED
        )
        return ctx


# "view", not the declared "approve": a self-approval must reach the service, which
# refuses and audits it, and answer 403 (test_self_approval_is_refused_and_audited).
@object_view(ExportApproval, "view")
def approval_decide_view(request, approval: ExportApproval):
    """Approve or reject (POST)."""
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        return render(request, "students/approval_detail.html", {"object": approval}, status=400)
    try:
        approval_decide(approval=approval, user=request.user, approve=decision == "approve")
    except PermissionDenied:
        messages.error(request, _("You cannot decide this request (your own, or not pending)."))
        return mark_no_store(
            render(
                request,
                "students/approval_detail.html",
                {"object": approval, "refused": True},
                status=403,
            )
        )
    messages.success(request, _("Decision recorded."))
    return redirect(approval.get_absolute_url())


@object_view(ExportApproval, "download")
def approval_download_view(request, approval: ExportApproval):
    """POST (a prefetching link must not spend the single download), by the requester."""
    if approval.full and not may(request.user, Student, "view_full"):
        # A 403 page (audited as a denied access), not object_view's message.
        return permission_denied(request, PermissionDenied())
    from django.http import QueryDict

    params = QueryDict(approval.query)
    base = Student.objects.visible_to(request.user, "export").select_related("school")
    qs = StudentFilter(params, queryset=base, request=request).qs
    try:
        approval_consume(approval=approval, user=request.user, rows=qs)
    except RowsChanged as exc:
        # Left approved but unusable: the requester asks again, and the approver sees
        # the rows as they are now.
        audit_record(
            "export.download",
            obj=approval,
            outcome="failure",
            detail="rows changed",
            changes={"approved_rows": exc.approved, "rows": exc.found},
        )
        messages.error(
            request,
            _(
                "The data no longer matches what was approved (%(approved)s rows approved, "
                "%(found)s now). Please request the export again."
            )
            % {"approved": exc.approved, "found": exc.found},
        )
        return redirect(approval.get_absolute_url())
    except (PermissionDenied, ValidationError):
        audit_record("export.download", obj=approval, outcome="failure")
        messages.error(request, _("This export is not approved or was already downloaded."))
        return redirect(approval.get_absolute_url())
    return export_students(
        request,
        qs,
        fmt=approval.file_format,
        full=approval.full,
        query=approval.query,
        approval=approval,
    )
