"""Lottery pages: the draw and its protocol steps (commit, close, reveal, draw), the
public bundle download and its re-verification, applications (list, import, export)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.actions import object_view
from edugov.core.scoping import can
from edugov.core.views import (
    ImportView,
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
)

from ..filters import ApplicantFilter, DrawFilter
from ..forms import CommitForm, DrawForm, DrawRunForm, RevealForm
from ..models import DrawStatus, LotteryApplicant, LotteryDraw, PriorityClass
from ..services import draw_close, draw_run, draw_save, draw_verify, party_commit, party_reveal
from ..tables import ApplicantTable, DrawTable


class DrawList(ScopedListView):
    model = LotteryDraw
    empty_hint = gettext_lazy(
        "A district creates a lottery for an oversubscribed compulsory school."
    )
    table_class = DrawTable
    filterset_class = DrawFilter
    select_related = ("school",)
    title = gettext_lazy("Compulsory-school lotteries")
    create_url_name = "admissions:draw_create"


class DrawEdit(ScopedFormView):
    model = LotteryDraw
    form_class = DrawForm

    def save(self, form, *, creating):
        return draw_save(draw=form.save(commit=False))


class DrawDetail(ScopedDetailView):
    model = LotteryDraw
    select_related = ("school",)
    template_name = "admissions/draw_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        draw = self.object
        by_class = list(
            draw.applicants.values("priority_class")
            .annotate(n=Count("pk"), admitted=Count("pk", filter=Q(admitted=True)))
            .order_by("priority_class")
        )
        for r in by_class:
            r["label"] = PriorityClass(r["priority_class"]).label
        ctx["by_class"] = by_class
        ctx["applicant_count"] = sum(r["n"] for r in by_class)
        ctx["parties"] = list(draw.parties.all())
        ctx["can_change"] = can(self.request.user, draw, "change")
        ctx["commit_form"] = CommitForm()
        ctx["draw_form"] = DrawRunForm()
        ctx["reveal_form"] = RevealForm()
        ctx["verification"] = draw_verify(draw=draw) if draw.status == DrawStatus.DRAWN else None
        return ctx


# Every step is a POST by someone who may change the draw; object_view turns a
# service's ValidationError into a message on the draw's page.
_change_step = object_view(LotteryDraw, "change", select_related=("school",))


def _step(request, draw: LotteryDraw, fn) -> HttpResponse:
    fn()
    messages.success(request, _("Done."))
    return redirect(draw.get_absolute_url())


@_change_step
def draw_commit_view(request, draw: LotteryDraw):
    form = CommitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A party name and a 64-digit hex commitment are required."))
        return redirect(draw.get_absolute_url())
    return _step(
        request,
        draw,
        lambda: party_commit(
            draw=draw, party=form.cleaned_data["party"], commitment=form.cleaned_data["commitment"]
        ),
    )


@_change_step
def draw_close_view(request, draw: LotteryDraw):
    return _step(request, draw, lambda: draw_close(draw=draw))


@_change_step
def draw_reveal_view(request, draw: LotteryDraw):
    form = RevealForm(request.POST)
    party = draw.parties.filter(pk=request.POST.get("party") or 0).first()
    if not form.is_valid() or party is None:
        messages.error(request, _("Choose a party and enter its secret."))
        return redirect(draw.get_absolute_url())
    return _step(
        request, draw, lambda: party_reveal(party=party, secret=form.cleaned_data["secret"])
    )


@_change_step
def draw_run_view(request, draw: LotteryDraw):
    form = DrawRunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the public number."))
        return redirect(draw.get_absolute_url())
    return _step(
        request, draw, lambda: draw_run(draw=draw, public_number=form.cleaned_data["public_number"])
    )


@object_view(LotteryDraw, "view", methods=("GET", "HEAD"), select_related=("school",))
def draw_bundle_view(request, draw: LotteryDraw):
    """The public verification bundle, as the JSON file parents download."""
    if draw.status != DrawStatus.DRAWN:
        raise Http404
    response = HttpResponse(draw.bundle, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="lottery-{draw.school.code}-{draw.year}.json"'
    )
    return response


class ApplicantList(ScopedListView):
    model = LotteryApplicant
    empty_hint = gettext_lazy("The district running a lottery imports its applicants.")
    table_class = ApplicantTable
    filterset_class = ApplicantFilter
    select_related = ("draw",)
    title = gettext_lazy("Lottery applications")
    export_url_name = "admissions:applicant_export"
    import_url_name = "admissions:applicant_import"


ApplicantExport = ApplicantList.export_view("lottery-applications")


class ApplicantImport(ImportView):
    importer = "admissions.lotteryapplicant"
