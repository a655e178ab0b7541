"""Pages of the 督导 module. Views parse input, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.actions import object_view
from edugov.core.privacy import NoStoreMixin, RefusePersonalQueryMixin, mark_no_store
from edugov.core.scoping import allowed_actions, can, may
from edugov.core.views import ImportView, ScopedDetailView, ScopedFormView, ScopedListView

from . import services
from .filters import AssignmentFilter, CampaignFilter, InspectorFilter, VisitFilter
from .forms import (
    AssignmentForm,
    CampaignForm,
    FinishForm,
    InspectorForm,
    RectifyForm,
    VisitForm,
)
from .models import Assignment, Campaign, Finding, Indicator, Inspector, Visit, VisitPhoto
from .tables import AssignmentTable, CampaignTable, InspectorTable, VisitTable
from .youzhi import youzhi_summary

# --- inspectors ---------------------------------------------------------------------------


class InspectorList(NoStoreMixin, RefusePersonalQueryMixin, ScopedListView):
    model = Inspector
    table_class = InspectorTable
    filterset_class = InspectorFilter
    select_related = ("unit",)
    title = gettext_lazy("Inspectors (责任督学)")
    export_url_name = "inspection:inspector_export"
    create_url_name = "inspection:inspector_create"
    empty_hint = gettext_lazy("The bureau's 督导室 registers its 责任督学 here (New), one by one.")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(n_schools=Count("assignments", filter=Q(assignments__end_date__isnull=True)))
        )


InspectorExport = InspectorList.export_view("inspectors")


class InspectorEdit(NoStoreMixin, ScopedFormView):
    model = Inspector
    form_class = InspectorForm

    def save(self, form, *, creating):
        return services.inspector_save(inspector=form.save(commit=False), user=self.request.user)


# --- assignments ----------------------------------------------------------------------------


class AssignmentList(ScopedListView):
    """The 责任区: every school's inspector, and below, the schools that have none."""

    model = Assignment
    table_class = AssignmentTable
    filterset_class = AssignmentFilter
    select_related = ("school", "inspector__unit")
    template_name = "inspection/assignment_list.html"
    title = gettext_lazy("Inspector assignments (责任区)")
    export_url_name = "inspection:assignment_export"
    import_url_name = "inspection:assignment_import"
    create_url_name = "inspection:assignment_create"
    empty_hint = gettext_lazy(
        "The district's 督导室 assigns each school to a 责任督学 (New, or Import from xlsx)."
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = services.unassigned_schools(self.request.user)
        ctx.update(unassigned=qs[:200], unassigned_count=qs.count())
        ctx["per_inspector"] = services.schools_per_inspector()
        return ctx


AssignmentExport = AssignmentList.export_view("assignments", importer="inspection.assignment")


class AssignmentImport(ImportView):
    importer = "inspection.assignment"


class AssignmentEdit(ScopedFormView):
    model = Assignment
    form_class = AssignmentForm

    def save(self, form, *, creating):
        return services.assignment_save(assignment=form.save(commit=False), user=self.request.user)


# --- visits -----------------------------------------------------------------------------------


class VisitList(ScopedListView):
    model = Visit
    table_class = VisitTable
    filterset_class = VisitFilter
    select_related = ("school", "inspector")
    title = gettext_lazy("Inspection visits")
    export_url_name = "inspection:visit_export"
    create_url_name = "inspection:visit_create"
    empty_hint = gettext_lazy(
        "Each 责任督学 visits their schools (monthly, locally); the 督导室 records the visit "
        "here (New) with what was checked and found."
    )

    def get_queryset(self):
        return super().get_queryset().annotate(n_findings=Count("findings"))


VisitExport = VisitList.export_view("visits")


class VisitEdit(ScopedFormView):
    model = Visit
    form_class = VisitForm
    template_name = "inspection/visit_form.html"

    def save(self, form, *, creating):
        return services.visit_save(
            visit=form.save(commit=False),
            user=self.request.user,
            findings=form.findings(),
            files=self.request.FILES.getlist("files"),
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "POST":
            kwargs["files"] = self.request.FILES
        return kwargs


class VisitDetail(ScopedDetailView):
    model = Visit
    template_name = "inspection/visit_detail.html"
    select_related = ("school", "inspector")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        findings = list(self.object.findings.select_related("case"))
        for f in findings:
            f.may_rectify = not f.case_id and can(user, f, "rectify")
        ctx.update(findings=findings, photos=self.object.photos.all(), rectify_form=RectifyForm())
        return ctx


@object_view(Finding, "rectify", select_related=("visit__school", "visit__inspector"))
def finding_rectify(request, finding: Finding):
    """下达整改: open the rectification case, then show it on casework."""
    form = RectifyForm(request.POST)
    form.is_valid()
    services.finding_open_case(
        finding=finding, user=request.user, deadline=form.cleaned_data.get("deadline", "")
    )
    messages.success(request, _("Rectification case %(n)s opened.") % {"n": finding.case.number})
    return redirect("casework:case_detail", pk=finding.case_id)


@object_view(VisitPhoto, "view", methods=("GET",))
def photo_download(request, photo: VisitPhoto):
    return mark_no_store(
        FileResponse(photo.file.open("rb"), as_attachment=True, filename=photo.name)
    )


# --- campaigns --------------------------------------------------------------------------------


class CampaignList(ScopedListView):
    model = Campaign
    table_class = CampaignTable
    filterset_class = CampaignFilter
    select_related = ("evaluated_unit",)
    title = gettext_lazy("Evaluation campaigns")
    export_url_name = "inspection:campaign_export"
    create_url_name = "inspection:campaign_create"
    empty_hint = gettext_lazy(
        "The 督导室 creates a campaign (履行教育职责评价 of a county, 校长任期结束综合督导评估 "
        "of a school) and imports its indicator checklist."
    )


CampaignExport = CampaignList.export_view("campaigns")


class CampaignEdit(ScopedFormView):
    model = Campaign
    form_class = CampaignForm

    def save(self, form, *, creating):
        return services.campaign_save(campaign=form.save(commit=False), user=self.request.user)


STEPS = ("start", "self_assess", "submit_self", "score", "finish")


class CampaignDetail(ScopedDetailView):
    """The checklist with the self-assessment, the experts' scores and the result."""

    model = Campaign
    template_name = "inspection/campaign_detail.html"
    select_related = ("unit", "evaluated_unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        indicators = list(self.object.indicators.select_related("case", "youzhi_area"))
        summaries = {}
        for ind in indicators:
            if ind.youzhi_area_id:
                key = (ind.youzhi_area_id, ind.youzhi_year)
                if key not in summaries:
                    summaries[key] = youzhi_summary(user, ind.youzhi_area, ind.youzhi_year)
                ind.youzhi = summaries[key]
        ctx.update(
            indicators=indicators,
            allowed=allowed_actions(user, self.object, STEPS),
            may_import=may(user, Indicator, "add"),
        )
        return ctx


class IndicatorImport(ImportView):
    importer = "inspection.indicator"


@object_view(Campaign, "start")
def campaign_start(request, campaign: Campaign):
    services.campaign_start(campaign=campaign, user=request.user)
    messages.success(request, _("The self-assessment is open."))
    return redirect(campaign.get_absolute_url())


@object_view(Campaign, "submit_self")
def campaign_submit_self(request, campaign: Campaign):
    services.campaign_submit_self(campaign=campaign, user=request.user)
    messages.success(request, _("The self-assessment was submitted for scoring."))
    return redirect(campaign.get_absolute_url())


def _answers(request, indicators, prefix):
    return {
        ind.pk: {
            "score": request.POST.get(f"{prefix}score_{ind.pk}", ""),
            "note": request.POST.get(f"{prefix}note_{ind.pk}", ""),
            "youzhi_area": request.POST.get(f"youzhi_area_{ind.pk}", ""),
            "youzhi_year": request.POST.get(f"youzhi_year_{ind.pk}", ""),
        }
        for ind in indicators
    }


def _answer_page(request, campaign, template, extra=None, errors=None, status=200):
    from edugov.registry.selectors import visible_areas

    ctx = {
        "object": campaign,
        "indicators": list(campaign.indicators.all()),
        "areas": visible_areas(request.user),
        "errors": errors or [],
        "posted": request.POST,
        **(extra or {}),
    }
    return render(request, template, ctx, status=status)


@object_view(Campaign, "self_assess", methods=("GET", "POST"))
def campaign_self_assess(request, campaign: Campaign):
    """The evaluated unit's form: a score, a note and evidence per indicator."""
    if request.method == "GET":
        return _answer_page(request, campaign, "inspection/self_assess.html")
    indicators = list(campaign.indicators.all())
    files = {
        i.pk: request.FILES[f"evidence_{i.pk}"]
        for i in indicators
        if f"evidence_{i.pk}" in request.FILES
    }
    try:
        services.campaign_self_assess(
            campaign=campaign,
            user=request.user,
            answers=_answers(request, indicators, ""),
            files=files,
        )
    except services.ValidationError as exc:
        return _answer_page(
            request, campaign, "inspection/self_assess.html", errors=exc.messages, status=400
        )
    messages.success(request, _("Saved."))
    return redirect(campaign.get_absolute_url())


@object_view(Campaign, "score", methods=("GET", "POST"))
def campaign_score(request, campaign: Campaign):
    """The experts' form: beside each indicator, the unit's self score and evidence."""
    if request.method == "GET":
        return _answer_page(request, campaign, "inspection/score.html")
    indicators = list(campaign.indicators.all())
    try:
        services.campaign_score(
            campaign=campaign, user=request.user, answers=_answers(request, indicators, "")
        )
    except services.ValidationError as exc:
        return _answer_page(
            request, campaign, "inspection/score.html", errors=exc.messages, status=400
        )
    messages.success(request, _("Saved."))
    return redirect(campaign.get_absolute_url())


@object_view(Campaign, "finish", methods=("GET", "POST"))
def campaign_finish(request, campaign: Campaign):
    """The result, and the indicators whose shortfall becomes a rectification case."""
    form = FinishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rectify = [int(x) for x in request.POST.getlist("rectify") if x.isdigit()]
        try:
            services.campaign_finish(
                campaign=campaign,
                user=request.user,
                conclusion=form.cleaned_data["conclusion"],
                rectify=rectify,
                deadline=form.cleaned_data["deadline"],
            )
        except services.ValidationError as exc:
            return _answer_page(
                request, campaign, "inspection/finish.html", {"form": form}, exc.messages, 400
            )
        messages.success(request, _("The result is recorded."))
        return redirect(campaign.get_absolute_url())
    return _answer_page(request, campaign, "inspection/finish.html", {"form": form})


@object_view(Indicator, "view", methods=("GET",))
def evidence_download(request, indicator: Indicator):
    if not indicator.evidence:
        from django.http import Http404

        raise Http404
    return mark_no_store(
        FileResponse(
            indicator.evidence.open("rb"), as_attachment=True, filename=indicator.evidence_name
        )
    )
