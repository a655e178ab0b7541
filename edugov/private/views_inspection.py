"""年检 pages: rounds and their form, each school's self-report, review and result."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.actions import object_view
from edugov.core.privacy import mark_no_store
from edugov.core.scoping import allowed_actions, may
from edugov.core.views import ImportView, ScopedDetailView, ScopedFormView, ScopedListView

from . import services
from .filters import InspectionFilter, RoundFilter
from .forms import ReviewForm, RoundForm
from .models import AnnualInspection, InspectionItem, InspectionRound, ItemAnswer
from .tables import InspectionTable, RoundTable


class RoundList(ScopedListView):
    model = InspectionRound
    table_class = RoundTable
    filterset_class = RoundFilter
    select_related = ("unit",)
    title = gettext_lazy("Annual inspection rounds")
    export_url_name = "private:round_export"
    create_url_name = "private:round_create"
    empty_hint = gettext_lazy(
        "The bureau's 民办教育 office creates the year's round (New) and imports its "
        "inspection form from xlsx."
    )


RoundExport = RoundList.export_view("inspection-rounds")


class RoundEdit(ScopedFormView):
    model = InspectionRound
    form_class = RoundForm

    def save(self, form, *, creating):
        return services.round_save(round=form.save(commit=False), user=self.request.user)


class RoundDetail(ScopedDetailView):
    """The form's items and the round's inspections: its results list once published."""

    model = InspectionRound
    template_name = "private/round_detail.html"
    select_related = ("unit",)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx.update(
            items=self.object.items.all(),
            inspections=AnnualInspection.objects.visible_to(user, "view")
            .filter(round=self.object)
            .select_related("school"),
            allowed=allowed_actions(user, self.object, ("start", "publish")),
            may_import=may(user, InspectionItem, "add"),
        )
        return ctx


class ItemImport(ImportView):
    importer = "private.item"


@object_view(InspectionRound, "start")
def round_start(request, round: InspectionRound):
    n = services.round_start(round=round, user=request.user)
    messages.success(request, _("%(n)s inspections opened.") % {"n": n})
    return redirect(round.get_absolute_url())


@object_view(InspectionRound, "publish")
def round_publish(request, round: InspectionRound):
    services.round_publish(round=round, user=request.user)
    messages.success(request, _("The results are published."))
    return redirect(round.get_absolute_url())


class InspectionList(ScopedListView):
    model = AnnualInspection
    table_class = InspectionTable
    filterset_class = InspectionFilter
    select_related = ("school", "round")
    title = gettext_lazy("Annual inspections")
    export_url_name = "private:inspection_export"
    empty_hint = gettext_lazy(
        "A bureau opens its round's inspections (the round's page, Open the inspections); "
        "each school then writes its self-report."
    )


InspectionExport = InspectionList.export_view("annual-inspections")

STEPS = ("self_report", "submit", "review")


class InspectionDetail(ScopedDetailView):
    model = AnnualInspection
    template_name = "private/inspection_detail.html"
    select_related = ("school", "round", "case")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            answers=self.object.answers.select_related("item"),
            allowed=allowed_actions(self.request.user, self.object, STEPS),
        )
        return ctx


def _answers(request, answers):
    return {
        a.pk: {
            "score": request.POST.get(f"score_{a.pk}", ""),
            "note": request.POST.get(f"note_{a.pk}", ""),
        }
        for a in answers
    }


def _page(request, inspection, template, errors=(), form=None, status=200):
    answers = list(inspection.answers.select_related("item"))
    # A refused form comes back with what the user typed, not the stored values.
    for a in answers:
        a.shown_score = request.POST.get(f"score_{a.pk}")
        a.shown_note = request.POST.get(f"note_{a.pk}")
    ctx = {
        "object": inspection,
        "answers": answers,
        "errors": list(errors),
        "posted": request.POST,
        "form": form,
    }
    return render(request, template, ctx, status=status)


@object_view(AnnualInspection, "self_report", methods=("GET", "POST"))
def inspection_self_report(request, inspection: AnnualInspection):
    """The school's self-report: a score, a note and evidence per item."""
    if request.method == "GET":
        return _page(request, inspection, "private/self_report.html")
    answers = list(inspection.answers.all())
    files = {
        a.pk: request.FILES[f"evidence_{a.pk}"]
        for a in answers
        if f"evidence_{a.pk}" in request.FILES
    }
    try:
        services.inspection_self_report(
            inspection=inspection,
            user=request.user,
            answers=_answers(request, answers),
            files=files,
        )
    except services.ValidationError as exc:
        return _page(request, inspection, "private/self_report.html", exc.messages, status=400)
    messages.success(request, _("Saved."))
    return redirect(inspection.get_absolute_url())


@object_view(AnnualInspection, "submit")
def inspection_submit(request, inspection: AnnualInspection):
    services.inspection_submit(inspection=inspection, user=request.user)
    messages.success(request, _("The self-report was submitted for review."))
    return redirect(inspection.get_absolute_url())


@object_view(AnnualInspection, "review", methods=("GET", "POST"))
def inspection_review(request, inspection: AnnualInspection):
    """The bureau's review score and reason per item, the conclusion, the result."""
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answers = list(inspection.answers.all())
        try:
            services.inspection_review(
                inspection=inspection,
                user=request.user,
                answers=_answers(request, answers),
                conclusion=form.cleaned_data["conclusion"],
                deadline=form.cleaned_data["deadline"],
            )
        except services.ValidationError as exc:
            return _page(request, inspection, "private/review.html", exc.messages, form, 400)
        messages.success(request, _("The result is recorded."))
        return redirect(inspection.get_absolute_url())
    return _page(request, inspection, "private/review.html", form=form)


@object_view(ItemAnswer, "view", methods=("GET",))
def evidence_download(request, answer: ItemAnswer):
    if not answer.evidence:
        raise Http404
    return mark_no_store(
        FileResponse(answer.evidence.open("rb"), as_attachment=True, filename=answer.evidence_name)
    )
