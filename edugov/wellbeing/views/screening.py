"""Campaigns, answer codes, consent, counts by tier, and individual results (readers
only, each read audited)."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core.actions import object_view
from edugov.core.privacy import NoStoreMixin
from edugov.core.scoping import can
from edugov.core.views import ScopedDetailView, ScopedFormView, ScopedListView
from edugov.engines.codes import mask_value
from edugov.students.models import Student

from .. import selectors, services
from ..filters import CampaignFilter, ConsentFilter, SubmissionFilter, TierCountFilter
from ..forms import CampaignForm, ConsentForm
from ..models import Campaign, Consent, Submission, TierCount
from ..tables import CampaignTable, ConsentTable, SubmissionTable, TierCountTable


class CampaignList(ScopedListView):
    model = Campaign
    table_class = CampaignTable
    filterset_class = CampaignFilter
    select_related = ("unit",)
    title = gettext_lazy("Screening campaigns")
    export_url_name = "wellbeing:campaign_export"
    create_url_name = "wellbeing:campaign_create"
    empty_hint = gettext_lazy(
        "A district or a school schedules its yearly screening here (小学高年级, 初中, 高中); "
        "a district's campaign reaches its schools."
    )


CampaignExport = CampaignList.export_view("screening-campaigns")


class CampaignCreate(ScopedFormView):
    model = Campaign
    form_class = CampaignForm

    def save(self, form, *, creating):
        return services.campaign_create(user=self.request.user, campaign=form.instance)


class CampaignDetail(ScopedDetailView):
    model = Campaign
    select_related = ("unit",)
    template_name = "wellbeing/campaign_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["rollup"] = selectors.tier_rollup(user, campaign_id=self.object.pk)
        students = (
            Student.objects.visible_to(user, "view")
            .on_roll()
            .filter(grade__in=self.object.grades, school__in=self.object.counts.values("school"))
        )
        ctx["classes"] = (
            students.values_list("grade", "class_name").distinct().order_by("grade", "class_name")
            if can(user, self.object, "issue_codes")
            else []
        )
        return ctx


@object_view(Campaign, "issue_codes")
def codes_issue(request, campaign):
    """A class's codes as a CSV for the class teacher to hand out (shown once: only the
    digests are kept). Names are masked; the teacher knows her class."""
    grade, _sep, class_name = request.POST.get("grade_class", "").partition("|")
    students = (
        Student.objects.visible_to(request.user, "view")
        .on_roll()
        .filter(
            grade=int(grade) if grade.isdigit() else 0,
            class_name=class_name,
            school__in=campaign.counts.values("school"),
        )
    )
    issued = services.codes_issue(user=request.user, campaign=campaign, students=students)
    if not issued:
        messages.error(request, _("No student of that class takes part."))
        return redirect(campaign.get_absolute_url())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("class"), _("student"), _("code")])
    for student, code in issued:
        writer.writerow([student.class_name, mask_value("name", student.name), code])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="codes.csv"'
    response["Cache-Control"] = "no-store"
    return response


class ConsentList(ScopedListView):
    model = Consent
    table_class = ConsentTable
    filterset_class = ConsentFilter
    select_related = ("campaign", "student")
    title = gettext_lazy("Guardian consents")
    create_url_name = "wellbeing:consent_create"
    empty_hint = gettext_lazy(
        "The class teacher records here each guardian's consent for a student under 14 "
        "(a signed form, an online confirmation, a recorded call)."
    )


class ConsentCreate(NoStoreMixin, ScopedFormView):
    model = Consent
    form_class = ConsentForm

    def save(self, form, *, creating):
        return services.consent_record(user=self.request.user, consent=form.instance)


class TierCountList(ScopedListView):
    model = TierCount
    table_class = TierCountTable
    filterset_class = TierCountFilter
    select_related = ("campaign", "school")
    title = gettext_lazy("Counts by tier")
    template_name = "wellbeing/tiercount_list.html"
    export_url_name = "wellbeing:aggregate_export"
    empty_hint = gettext_lazy(
        'Counts appear as students answer a campaign. Cells under 5 show as "<5"; '
        "schools are never ranked on these figures."
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        campaign = self.request.GET.get("campaign") or None
        ctx["rollup"] = selectors.tier_rollup(
            self.request.user,
            campaign_id=int(campaign) if campaign and campaign.isdigit() else None,
        )
        return ctx


TierCountExport = TierCountList.export_view("counts-by-tier")


class ResultList(NoStoreMixin, ScopedListView):
    model = Submission
    table_class = SubmissionTable
    filterset_class = SubmissionFilter
    select_related = ("campaign", "school", "student")
    title = gettext_lazy("Screening results")
    empty_hint = gettext_lazy(
        "Results of your school's students, for the lead counselor and the counselors "
        "following a case; nobody else can list them."
    )


class ResultDetail(NoStoreMixin, ScopedDetailView):
    model = Submission
    select_related = ("campaign", "school", "student", "case_file__case")
    template_name = "wellbeing/result_detail.html"

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        services.record_read(user=self.request.user, obj=obj)
        return obj
