"""Inspections and complaints: plans with checklists, records from a phone, findings
(cases on casework), complaints (public form or 12345) with the case's page inside."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.casework.views.cases import case_page_context
from edugov.core import clock
from edugov.core.actions import object_view
from edugov.core.privacy import NoStoreMixin, RefusePersonalQueryMixin
from edugov.core.scoping import can, may
from edugov.core.views import ScopedDetailView, ScopedFormView, ScopedListView
from edugov.hotline.models import HotlineOrder

from ..filters import ComplaintFilter, PlanFilter, RecordFilter
from ..forms import ComplaintLinkForm, FindingForm, PlanForm, RecordForm
from ..models import Complaint, FieldRecord, InspectionPlan, Institution
from ..services import complaint_link_hotline, finding_record, plan_save, record_save
from ..tables import ComplaintTable, PlanTable, RecordTable


class PlanList(ScopedListView):
    model = InspectionPlan
    table_class = PlanTable
    filterset_class = PlanFilter
    select_related = ("unit",)
    title = gettext_lazy("Inspection plans")
    export_url_name = "training:plan_export"
    create_url_name = "training:plan_create"
    empty_hint = gettext_lazy(
        "Plans (季度巡检, 专项检查) are written by the city or a district bureau, with "
        "their checklist."
    )


PlanExport = PlanList.export_view("training-inspection-plans")


class PlanEdit(ScopedFormView):
    model = InspectionPlan
    form_class = PlanForm

    def get_initial(self):
        return {"unit": self.request.user.unit}

    def save(self, form, *, creating):
        return plan_save(user=self.request.user, plan=form.instance)


class RecordList(ScopedListView):
    model = FieldRecord
    table_class = RecordTable
    filterset_class = RecordFilter
    select_related = ("institution", "district", "plan")
    title = gettext_lazy("Training inspections")
    export_url_name = "training:record_export"
    create_url_name = "training:record_create"
    empty_hint = gettext_lazy(
        "Inspectors record each visit from their phone, for an institution of the "
        "registry or an operator found outside it."
    )

    def get_queryset(self):
        return super().get_queryset().annotate(n_findings=Count("findings"))


class RecordExport(RecordList.export_view("training-inspections")):
    def get_queryset(self):
        return super().get_queryset().annotate(n_findings=Count("findings"))


class RecordCreate(ScopedFormView):
    """The phone page. ``?institution=`` / ``?complaint=`` / ``?plan=`` pre-fill it (from
    an institution's or a complaint's page)."""

    model = FieldRecord
    form_class = RecordForm
    template_name = "training/record_form.html"

    def _plan(self):
        pk = self.request.GET.get("plan") or self.request.POST.get("plan")
        if not (pk and str(pk).isdigit()):
            return None
        return InspectionPlan.objects.visible_to(self.request.user, "view").filter(pk=pk).first()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self._plan()}

    def get_initial(self):
        initial = {
            "inspectors": self.request.user.display_name or self.request.user.username,
            "visited_on": clock.today(),
        }
        user = self.request.user
        complaint = self.request.GET.get("complaint", "")
        if complaint.isdigit():
            found = Complaint.objects.visible_to(user, "view").filter(pk=complaint).first()
            if found is not None:
                initial.update(complaint=found.pk, institution=found.institution_id)
        institution = self.request.GET.get("institution", "")
        if institution.isdigit():
            initial["institution"] = institution
        plan = self._plan()
        if plan is not None:
            initial["plan"] = plan.pk
        return initial

    def save(self, form, *, creating):
        return record_save(user=self.request.user, record=form.instance)


class RecordDetail(ScopedDetailView):
    model = FieldRecord
    select_related = ("institution", "district", "plan", "complaint")
    template_name = "training/record_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        record = self.object
        ctx.update(
            title=str(record),
            findings=record.findings.select_related("case"),
            finding_form=FindingForm(),
            may_change=can(self.request.user, record, "change"),
        )
        return ctx


@object_view(FieldRecord, "change", select_related=("institution", "district"))
def finding_add(request, record):
    form = FindingForm(request.POST)
    if not form.is_valid():
        raise ValidationError(list(form.errors.values())[0])
    data = form.cleaned_data
    finding = finding_record(
        user=request.user,
        record=record,
        kind=data["kind"],
        description=data["description"],
        order_rectify=data["order_rectify"],
        co_units=list(data["co_units"]),
        joint_departments=data["joint_departments"],
    )
    messages.success(
        request, _("Finding recorded: case %(number)s opened.") % {"number": finding.case.number}
    )
    return redirect(record.get_absolute_url())


class ComplaintList(NoStoreMixin, RefusePersonalQueryMixin, ScopedListView):
    model = Complaint
    table_class = ComplaintTable
    filterset_class = ComplaintFilter
    select_related = ("institution", "district", "case")
    title = gettext_lazy("Training complaints")
    export_url_name = "training:complaint_export"
    create_url_name = "training:complaint_link"
    empty_hint = gettext_lazy(
        "Complaints come from parents through the public form, and from 12345 orders the "
        "district links to the institution they are about."
    )


ComplaintExport = ComplaintList.export_view("training-complaints")


class ComplaintDetail(NoStoreMixin, ScopedDetailView):
    """The complaint, and its case's page (the moves, the timeline) inside it."""

    model = Complaint
    select_related = ("institution", "district", "case")
    template_name = "training/complaint_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        complaint, user = self.object, self.request.user
        ctx.update(
            title=str(complaint),
            contact={name: complaint.masked(name) for name in Complaint.personal_fields},
            records=complaint.records.all(),
            may_inspect=can(user, complaint.institution, "change")
            and may(user, FieldRecord, "add"),
            order=HotlineOrder.objects.filter(case_id=complaint.case_id).first(),
        )
        if can(user, complaint.case, "view"):
            ctx.update(
                case_page_context(complaint.case, user, return_to=complaint.get_absolute_url())
            )
        return ctx


class ComplaintLink(ScopedFormView):
    """Link a 12345 order to the institution it is about (the hotline keeps the loop)."""

    model = Complaint
    form_class = ComplaintLinkForm

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["institution"].queryset = Institution.objects.visible_to(
            self.request.user, "change"
        )
        return form

    def save(self, form, *, creating):
        number = form.cleaned_data["order"].strip()
        order = (
            HotlineOrder.objects.visible_to(self.request.user, "view")
            .select_related("case")
            .filter(platform_no=number)
            .first()
        )
        if order is None:
            raise ValidationError({"order": _("No 12345 order you can read has this number.")})
        return complaint_link_hotline(
            user=self.request.user, institution=form.cleaned_data["institution"], order=order
        )
