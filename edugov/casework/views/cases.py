"""The case list, its export, the case page with its timeline and move forms, the moves,
comments and the evidence download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.audit.services import audit_record
from edugov.core.actions import object_view
from edugov.core.privacy import NoStoreMixin, mark_no_store
from edugov.core.scoping import allowed_actions
from edugov.core.views import ScopedDetailView, ScopedListView

from ..filters import CaseFilter
from ..forms import CommentForm, move_form
from ..models import Case, CaseEvidence
from ..rules import confined
from ..services import case_comment, case_move
from ..tables import CaseTable


class CaseList(ScopedListView):
    model = Case
    table_class = CaseTable
    filterset_class = CaseFilter
    select_related = ("unit", "lead_unit")
    title = gettext_lazy("Cases")
    export_url_name = "casework:case_export"
    empty_hint = gettext_lazy(
        "Cases are opened by the modules that find or receive them (hotline orders, "
        "proposals, hazards, 督导 findings) and handed to the units that handle them."
    )


CaseExport = CaseList.export_view("cases")


class CaseDetail(NoStoreMixin, ScopedDetailView):
    model = Case
    select_related = ("unit", "lead_unit", "supervising_unit", "school", "opened_by")
    template_name = "casework/case_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if confined(self.object.case_type):
            # A need-to-know case (a crisis case): every read is on the audit chain.
            audit_record("casework.read", obj=self.object)
        ctx.update(case_page_context(self.object, self.request.user), title=str(self.object))
        return ctx


def case_page_context(case: Case, user, *, return_to: str = "") -> dict:
    """What ``casework/_case_body.html`` shows: the parties, the timeline, the comments and
    the forms of the reader's moves. A module's own page about the case's subject (a
    proposal) includes the same body with ``return_to`` its own URL, where the moves
    come back to."""
    try:
        ct = case.type
    except LookupError:
        ct = None
    moves = []
    may_comment = False
    if ct is not None:
        allowed = allowed_actions(user, case, [*ct.actions(), "comment"])
        may_comment = "comment" in allowed
        moves = [
            {"move": t, "form": move_form(t, user)}
            for t in ct.transitions
            if ct.action(t.name) in allowed
        ]
    subject = case.subject if case.subject_type_id else None
    return {
        "case": case,
        "case_type": ct,
        "co_units": list(case.co_units.order_by("path")),
        "timeline": case.timeline.select_related("actor", "actor_unit").prefetch_related(
            "evidence"
        ),
        "comments": case.comments.select_related("author"),
        "moves": moves,
        "may_comment": may_comment,
        "comment_form": CommentForm(),
        "subject_url": subject.get_absolute_url()
        if subject is not None and hasattr(subject, "get_absolute_url")
        else "",
        "return_to": return_to,
    }


def _back(request, case: Case):
    """Back to the page the move was made from (a module's page), or the case page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(case.get_absolute_url())


@object_view(Case, "view")
def case_move_view(request, case: Case):
    """Make one move (POST ``move`` and the move's fields). Whether this user may make
    it, in this state, with these fields, is the service's to say."""
    ct = case.type
    name = request.POST.get("move", "")
    if not ct.has_transition(name):
        raise ValidationError(_("No such step."))
    move = ct.transition(name)
    form = move_form(move, request.user, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            "；".join(
                f"{form.fields[f].label}：{e}" if f in form.fields else str(e)
                for f, errs in form.errors.items()
                for e in errs
            ),
        )
        return _back(request, case)
    data = {k: v for k, v in form.cleaned_data.items() if k != "files"}
    case_move(
        user=request.user,
        case=case,
        transition=name,
        files=form.cleaned_data["files"],
        **data,
    )
    messages.success(request, _("%(move)s: done.") % {"move": move.label})
    return _back(request, case)


@object_view(Case, "comment")
def case_comment_view(request, case: Case):
    form = CommentForm(request.POST)
    if form.is_valid():
        case_comment(user=request.user, case=case, text=form.cleaned_data["text"])
        messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("Write the comment."))
    return redirect(case.get_absolute_url())


@object_view(CaseEvidence, "view", methods=("GET", "HEAD"))
def evidence_download(request, evidence: CaseEvidence):
    """The file, to a reader of its case only (404 otherwise); never a public URL."""
    return mark_no_store(
        FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)
    )
