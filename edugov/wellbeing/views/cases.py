"""A student's case file: its page (each read audited), notes, referral and its letter,
escalation, hand-over to a new school, follow-up date and closure. Every view looks the
file up through ``visible_to``: outside the readers, a 404."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.casework.views.cases import case_page_context
from edugov.core.actions import object_view
from edugov.core.privacy import NoStoreMixin
from edugov.core.views import ScopedDetailView, ScopedListView
from edugov.org.models import Unit

from .. import letters, selectors, services
from ..filters import CaseFileFilter
from ..forms import NoteForm, ReferralForm
from ..models import CaseFile, Referral, Submission
from ..tables import CaseFileTable


class CaseFileList(NoStoreMixin, ScopedListView):
    model = CaseFile
    table_class = CaseFileTable
    filterset_class = CaseFileFilter
    select_related = ("case", "school", "student", "counselor")
    title = gettext_lazy("Psychological cases")
    export_url_name = "wellbeing:case_export"
    empty_hint = gettext_lazy(
        "A 红 sheet opens a crisis case and a 橙 sheet a psychological case, for the "
        "school's lead counselor; only the counselors of the case and the district "
        "center (once escalated) see them."
    )


CaseFileExport = CaseFileList.export_view("psychological-cases")


def referral_form(user, data=None):
    form = ReferralForm(data)
    form.fields["hospital"].queryset = selectors.hospitals_for(user)
    return form


class CaseFileDetail(NoStoreMixin, ScopedDetailView):
    model = CaseFile
    select_related = ("case", "school", "student", "counselor")
    template_name = "wellbeing/case_detail.html"

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        services.record_read(user=self.request.user, obj=obj)
        return obj

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        file, user = self.object, self.request.user
        ctx.update(
            note_form=NoteForm(),
            referral_form=referral_form(user),
            notes=file.notes.select_related("author"),
            referrals=file.referrals.select_related("hospital"),
            results=Submission.objects.visible_to(user, "view")
            .filter(student=file.student)
            .select_related("campaign"),
            schools=Unit.objects.filter(kind="school")
            .exclude(pk=file.school_id)
            .order_by("path")[:500],
            **case_page_context(file.case, user, return_to=file.get_absolute_url()),
        )
        return ctx


def _done(request, file, text):
    messages.success(request, text)
    return redirect(file.get_absolute_url())


@object_view(CaseFile, "change", select_related=("case",))
def note_add(request, file):
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the note."))
        return redirect(file.get_absolute_url())
    services.note_add(user=request.user, file=file, **form.cleaned_data)
    return _done(request, file, _("Note recorded."))


@object_view(CaseFile, "change", select_related=("case",))
def referral_create(request, file):
    form = referral_form(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the hospital and give the reason."))
        return redirect(file.get_absolute_url())
    services.referral_create(user=request.user, file=file, **form.cleaned_data)
    return _done(request, file, _("Referral recorded; its letter is ready."))


@object_view(Referral, "view", methods=("GET",), select_related=("case_file__case", "hospital"))
def referral_letter(request, referral):
    services.record_read(user=request.user, obj=referral)
    body = letters.referral_letter(referral)
    response = HttpResponse(
        body,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="referral-{referral.pk}.docx"'
    response["Cache-Control"] = "no-store"
    return response


@object_view(CaseFile, "change", select_related=("case",))
def escalate(request, file):
    services.file_escalate(user=request.user, file=file)
    return _done(request, file, _("Escalated to the district center."))


@object_view(CaseFile, "change", select_related=("case",))
def transfer(request, file):
    school = Unit.objects.filter(pk=request.POST.get("school") or 0, kind="school").first()
    if school is None:
        messages.error(request, _("Choose the student's new school."))
        return redirect(file.get_absolute_url())
    services.file_transfer(user=request.user, file=file, school=school)
    messages.success(request, _("The case was handed over to the new school."))
    return redirect("wellbeing:case_list")


@object_view(CaseFile, "change", select_related=("case",))
def follow_up(request, file):
    try:
        on = dt.date.fromisoformat(request.POST.get("on", ""))
    except ValueError:
        messages.error(request, _("Give the date of the next follow-up."))
        return redirect(file.get_absolute_url())
    services.follow_up_schedule(user=request.user, file=file, on=on)
    return _done(request, file, _("Follow-up scheduled."))


@object_view(CaseFile, "change", select_related=("case",))
def close(request, file):
    services.file_close(user=request.user, file=file, outcome=request.POST.get("outcome", ""))
    return _done(request, file, _("Case closed."))
