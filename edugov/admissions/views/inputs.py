"""Pages of a session's inputs: sessions, candidates (names masked), programmes, imports."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from edugov.audit.services import audit_record
from edugov.core.views import ImportView, ScopedDetailView, ScopedFormView, ScopedListView
from edugov.org.models import UnitKind

from ..filters import CandidateFilter, ProgrammeFilter, SessionFilter
from ..forms import SessionForm
from ..models import (
    AdmissionSession,
    Candidate,
    CandidateResult,
    Programme,
    Run,
)
from ..services import session_save
from ..tables import CandidateTable, ProgrammeTable, SessionTable
from .runs import PersonalDataMixin


class SessionList(ScopedListView):
    model = AdmissionSession
    empty_hint = gettext_lazy(
        "The admissions office creates a 中考 year before importing its candidates."
    )
    table_class = SessionTable
    filterset_class = SessionFilter
    title = gettext_lazy("中考 sessions")
    create_url_name = "admissions:session_create"


class SessionEdit(ScopedFormView):
    model = AdmissionSession
    form_class = SessionForm

    def save(self, form, *, creating):
        session = form.save(commit=False)
        if creating:
            session.city = self.request.user.scope_root()
            if session.city is None or session.city.kind != UnitKind.CITY:
                raise PermissionDenied
        return session_save(session=session)


class SessionDetail(ScopedDetailView):
    model = AdmissionSession
    template_name = "admissions/session_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        s = self.object
        ctx["counts"] = {
            "candidates": Candidate.objects.filter(session=s).count(),
            "programmes": Programme.objects.filter(session=s).count(),
        }
        ctx["runs"] = Run.objects.visible_to(self.request.user, "view").filter(session=s)
        ctx["locked"] = s.is_locked()
        return ctx


class CandidateList(PersonalDataMixin, ScopedListView):
    model = Candidate
    empty_hint = gettext_lazy("中考 candidates are imported by the admissions office.")
    table_class = CandidateTable
    filterset_class = CandidateFilter
    select_related = ("junior_school",)
    title = gettext_lazy("中考 candidates")
    export_url_name = "admissions:candidate_export"
    import_url_name = "admissions:candidate_import"


class CandidateExport(PersonalDataMixin, CandidateList.export_view("candidates")):
    """The list's export (names masked through ``personal_fields``), never cached."""


class CandidateDetail(PersonalDataMixin, ScopedDetailView):
    """One candidate (name masked): scores, preferences, placement in every run the
    viewer may see."""

    model = Candidate
    select_related = ("session", "junior_school")
    template_name = "admissions/candidate_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        c = self.object
        user = self.request.user
        ctx["subjects"] = list(zip(c.session.subjects, c.scores, strict=False))
        ctx["preferences"] = c.preferences.select_related("programme").order_by("batch", "rank")
        ctx["results"] = (
            CandidateResult.objects.visible_to(user, "view")
            .filter(candidate=c)
            .select_related("run__session", "programme")
        )
        audit_record("personal_data.view", obj=c)
        return ctx


class CandidateImport(ImportView):
    importer = "admissions.candidate"


class ProgrammeList(ScopedListView):
    model = Programme
    empty_hint = gettext_lazy(
        "Programmes and their seats are imported by the admissions office from the enrolment plan."
    )
    table_class = ProgrammeTable
    filterset_class = ProgrammeFilter
    select_related = ("school", "session")
    title = gettext_lazy("Programmes and plans")
    export_url_name = "admissions:programme_export"
    import_url_name = "admissions:programme_import"


ProgrammeExport = ProgrammeList.export_view("programmes")


class ProgrammeImport(ImportView):
    importer = "admissions.programme"


class PreferenceImport(ImportView):
    importer = "admissions.preference"
