"""Institutions and their staff: list, export, import, page, form, status, rule check."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.casework.models import Case
from edugov.core.actions import object_view
from edugov.core.privacy import NoStoreMixin, RefusePersonalQueryMixin
from edugov.core.scoping import can
from edugov.core.views import ImportView, ScopedDetailView, ScopedFormView, ScopedListView

from ..casetypes import CASE, COMPLAINT
from ..filters import InstitutionFilter, StaffFilter
from ..forms import InstitutionForm, StaffForm, StatusForm
from ..models import Complaint, Institution, Staff
from ..services import institution_save, institution_set_status, rules_check, staff_save
from ..tables import InstitutionTable, StaffTable


class InstitutionList(ScopedListView):
    model = Institution
    table_class = InstitutionTable
    filterset_class = InstitutionFilter
    select_related = ("district",)
    title = gettext_lazy("Training institutions")
    export_url_name = "training:institution_export"
    import_url_name = "training:institution_import"
    create_url_name = "training:institution_create"
    empty_hint = gettext_lazy(
        "Institutions come from the national platform's registry export, imported here by "
        "the city or a district bureau; import it again to keep them in sync."
    )


InstitutionExport = InstitutionList.export_view(
    "training-institutions", importer="training.institution"
)


class InstitutionImport(ImportView):
    importer = "training.institution"


class CourseImport(ImportView):
    importer = "training.course"


class SessionImport(ImportView):
    importer = "training.session"


class InstitutionDetail(NoStoreMixin, ScopedDetailView):
    model = Institution
    select_related = ("district",)
    template_name = "training/institution_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        inst, user = self.object, self.request.user
        visible_cases = Case.objects.visible_to(user, "view")
        linked = Complaint.objects.filter(institution=inst).values("case_id")
        cases = (
            visible_cases.filter(Q(case_type=CASE, attrs__institution=inst.pk) | Q(pk__in=linked))
            .select_related("lead_unit")
            .order_by("-opened_at")[:50]
        )
        ctx.update(
            title=inst.name,
            courses=inst.courses.annotate(n=Count("sessions")).order_by("code"),
            staff=Staff.objects.visible_to(user, "view").filter(institution=inst)[:200],
            cases=cases,
            complaint_type=COMPLAINT,
            status_form=StatusForm(initial={"status": inst.status}),
            may_change=can(user, inst, "change"),
        )
        return ctx


class InstitutionForm_(ScopedFormView):
    model = Institution
    form_class = InstitutionForm

    def save(self, form, *, creating):
        return institution_save(user=self.request.user, institution=form.instance)


@object_view(Institution, "change")
def institution_status(request, institution):
    form = StatusForm(request.POST)
    if form.is_valid():
        institution_set_status(
            user=request.user,
            institution=institution,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a status and give the reason."))
    return redirect(institution.get_absolute_url())


@object_view(Institution, "change")
def institution_check(request, institution):
    case = rules_check(user=request.user, institution=institution)
    if case is None:
        messages.info(request, _("No new violation found in the lessons and charges."))
        return redirect(institution.get_absolute_url())
    messages.warning(
        request, _("Violations found: case %(number)s opened.") % {"number": case.number}
    )
    return redirect(case.get_absolute_url())


class StaffList(NoStoreMixin, RefusePersonalQueryMixin, ScopedListView):
    model = Staff
    table_class = StaffTable
    filterset_class = StaffFilter
    select_related = ("institution",)
    title = gettext_lazy("Staff of training institutions")
    export_url_name = "training:staff_export"
    create_url_name = "training:staff_create"
    empty_hint = gettext_lazy(
        "Staff are entered by the district bureau from the institution's filing; names, "
        "phones and certificate numbers are stored encrypted and shown masked."
    )


StaffExport = StaffList.export_view("training-staff")


class StaffEdit(NoStoreMixin, ScopedFormView):
    model = Staff
    form_class = StaffForm

    def save(self, form, *, creating):
        return staff_save(user=self.request.user, staff=form.instance)
