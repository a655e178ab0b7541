"""Pages of the teachers module. Scope comes from the core base views (``visible_to``);
every workflow move is an ``object_view`` on a declared action; pages with personal data
send ``no-store`` and refuse it in the address (``core.privacy``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.defaults import permission_denied

from edugov.audit.services import audit_record
from edugov.core import clock
from edugov.core.actions import object_view
from edugov.core.privacy import (
    NoStoreMixin,
    RefusePersonalQueryMixin,
    no_store,
    query_has_personal_data,
)
from edugov.core.scoping import allowed_actions, can, may
from edugov.core.views import ImportView, ScopedDetailView, ScopedFormView, ScopedListView

from . import recruitment, rotation, selectors, services
from .filters import (
    ConfirmationFilter,
    EthicsFilter,
    GraduateFilter,
    PlanFilter,
    PostFilter,
    ProgressFilter,
    RecruitmentFilter,
    TeacherFilter,
    TrainingFilter,
)
from .forms import EthicsForm, PlanForm, TeacherForm, WhatIfForm
from .models import (
    ApprovedPost,
    EthicsRecord,
    Graduate,
    PlanStatus,
    RecruitmentLine,
    RotationPlan,
    SchoolConfirmation,
    Teacher,
    TrainingRecord,
)
from .tables import (
    ConfirmationTable,
    EthicsTable,
    GraduateTable,
    MoveTable,
    PlanTable,
    PostTable,
    ProgressTable,
    RecruitmentTable,
    TeacherTable,
    TrainingTable,
)


class PersonalDataMixin(NoStoreMixin, RefusePersonalQueryMixin):
    """Pages that carry teachers' personal data."""


# --- registry ----------------------------------------------------------------------------


class TeacherList(PersonalDataMixin, ScopedListView):
    model = Teacher
    table_class = TeacherTable
    filterset_class = TeacherFilter
    select_related = ("school",)
    template_name = "teachers/teacher_list.html"
    title = gettext_lazy("Teacher registry")
    export_url_name = "teachers:teacher_export"
    import_url_name = "teachers:teacher_import"
    empty_hint = gettext_lazy(
        "Teachers come from the national teacher-management system's export, imported by "
        "the district or the school."
    )

    @method_decorator(sensitive_post_parameters("id_number"))
    def post(self, request):
        """Find one teacher by ID number: a POST (never a URL), through the blind index
        inside the scope; the same answer whether she exists elsewhere or nowhere."""
        found = services.teacher_search(
            user=request.user, id_number=request.POST.get("id_number", "")
        )
        if found is None:
            messages.error(request, _("No teacher with this ID number in your scope."))
            return redirect("teachers:teacher_list")
        return redirect(found.get_absolute_url())


TeacherExport = TeacherList.export_view("teachers")


class TeacherImport(ImportView):
    importer = "teachers.teacher"


class TeacherDetail(PersonalDataMixin, ScopedDetailView):
    model = Teacher
    select_related = ("school",)
    template_name = "teachers/teacher_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        t, user = self.object, self.request.user
        audit_record("personal_data.view", obj=t)
        hours = selectors.with_cycle_hours(Teacher.objects.filter(pk=t.pk)).values_list(
            "cycle_hours", flat=True
        )[0]
        ctx.update(
            masked={k: t.masked(k) for k in Teacher.personal_fields},
            can_view_full=may(user, Teacher, "view_full"),
            can_change=can(user, t, "change"),
            events=t.events.all()[:50],
            cycle=selectors.cycle_of(clock.today()),
            cycle_hours=hours,
            expected_hours=selectors.expected_hours(clock.today()),
            ethics=t.ethics.select_related("case").order_by("-year"),
        )
        return ctx


@no_store
@object_view(Teacher, "view", select_related=("school",))
def teacher_full_view(request, teacher: Teacher):
    """POST "显示完整信息": the full name and ID number, one audit event each time."""
    if query_has_personal_data(request.GET):
        return HttpResponseBadRequest(
            _("Personal data is not accepted in the address; use the search form.")
        )
    if not may(request.user, Teacher, "view_full"):
        return permission_denied(request, PermissionDenied())
    full = services.teacher_view_full(teacher=teacher, user=request.user)
    return render(
        request,
        "teachers/teacher_detail.html",
        {
            "object": teacher,
            "masked": {k: teacher.masked(k) for k in Teacher.personal_fields},
            "full": full,
            "can_view_full": True,
            "events": teacher.events.all()[:50],
        },
    )


class TeacherEdit(PersonalDataMixin, ScopedFormView):
    model = Teacher
    form_class = TeacherForm

    def save(self, form, *, creating):
        return services.teacher_save(teacher=form.instance, user=self.request.user)


# --- 县管校聘 posts ------------------------------------------------------------------------


class PostBalance(ScopedListView):
    """Each school's approved posts by subject against its teachers in post."""

    model = ApprovedPost
    table_class = PostTable
    filterset_class = PostFilter
    select_related = ("school",)
    title = gettext_lazy("Approved posts: surplus and shortage")
    export_url_name = "teachers:post_export"
    import_url_name = "teachers:post_import"
    empty_hint = gettext_lazy(
        "The district imports each school's approved posts (核定编制) by subject and year."
    )

    def get_queryset(self):
        return selectors.posts_with_balance(super().get_queryset())


class PostExport(PostBalance.export_view("approved-posts")):
    def get_queryset(self):
        return selectors.posts_with_balance(super().get_queryset())


class PostImport(ImportView):
    importer = "teachers.post"


class SiteImport(ImportView):
    importer = "teachers.site"


# --- 交流轮岗 ------------------------------------------------------------------------------


class PlanList(ScopedListView):
    model = RotationPlan
    table_class = PlanTable
    filterset_class = PlanFilter
    select_related = ("district",)
    title = gettext_lazy("Rotation plans (交流轮岗)")
    create_url_name = "teachers:plan_create"
    empty_hint = gettext_lazy(
        "A district officer generates the summer's plan from the registry and the approved posts."
    )


class PlanCreate(ScopedFormView):
    model = RotationPlan
    form_class = PlanForm

    def save(self, form, *, creating):
        return rotation.plan_generate(user=self.request.user, plan=form.instance)


PLAN_MOVES = ("submit", "approve", "publish")


class PlanDetail(ScopedDetailView):
    model = RotationPlan
    select_related = ("district",)
    template_name = "teachers/plan_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        plan = self.object
        moves = plan.moves.select_related("teacher", "from_school", "to_school")
        allowed = allowed_actions(self.request.user, plan, (*PLAN_MOVES, "change"))
        ctx.update(
            moves=MoveTable(moves),
            confirmations=plan.confirmations.select_related("school"),
            allowed={
                "submit": "submit" in allowed and plan.status == PlanStatus.DRAFT,
                "approve": "approve" in allowed and plan.status == PlanStatus.CONFIRMING,
                "publish": "publish" in allowed and plan.status == PlanStatus.APPROVED,
                "whatif": "change" in allowed and plan.status == PlanStatus.DRAFT,
            },
        )
        return ctx


def _plan_step(service, done: str):
    def view(request, plan: RotationPlan):
        service(user=request.user, plan=plan)
        messages.success(request, done)
        return redirect(plan.get_absolute_url())

    return view


plan_submit = object_view(RotationPlan, "submit")(
    _plan_step(rotation.plan_submit, gettext_lazy("Sent to the schools for confirmation."))
)
plan_approve = object_view(RotationPlan, "approve")(
    _plan_step(rotation.plan_approve, gettext_lazy("Plan approved."))
)
plan_publish = object_view(RotationPlan, "publish")(
    _plan_step(rotation.plan_publish, gettext_lazy("Plan published; the moves are recorded."))
)


@object_view(RotationPlan, "change", methods=("GET", "POST"), select_related=("district",))
def plan_whatif(request, plan: RotationPlan):
    """Change the quota or the distance limit and see the plan and the indicators move
    (GET, nothing saved); POST applies the values to the draft and re-generates it."""
    initial = {
        "quota_percent": plan.quota_percent,
        "backbone_percent": plan.backbone_percent,
        "max_km": plan.max_km,
        "min_years": plan.min_years,
    }
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = WhatIfForm(data, initial=initial)
    trial = plan
    if form.is_valid():
        trial = RotationPlan(
            pk=plan.pk,
            district=plan.district,
            year=plan.year,
            status=plan.status,
            **form.cleaned_data,
        )
        if request.method == "POST":
            for k, v in form.cleaned_data.items():
                setattr(plan, k, v)
            rotation.plan_generate(user=request.user, plan=plan)
            messages.success(request, _("The draft was re-generated with these values."))
            return redirect(plan.get_absolute_url())
    result, inputs = rotation.plan_compute(trial)
    names = {sid: u.name for sid, u in inputs.units.items()}
    return render(
        request,
        "teachers/plan_whatif.html",
        {
            "object": plan,
            "form": form if form.is_bound else WhatIfForm(initial=initial),
            "before": plan.report or {},
            "after": rotation._report(result, inputs),
            "moves": [
                {
                    "from": names[m.from_school],
                    "to": names[m.to_school],
                    "subject": m.subject,
                    "km": m.km,
                    "backbone": m.backbone,
                    "reason": m.reason,
                }
                for m in result.moves[:200]
            ],
            "can_apply": plan.status == PlanStatus.DRAFT,
        },
    )


class ConfirmationList(ScopedListView):
    model = SchoolConfirmation
    table_class = ConfirmationTable
    filterset_class = ConfirmationFilter
    select_related = ("plan", "plan__district", "school")
    title = gettext_lazy("Rotation confirmations")
    empty_hint = gettext_lazy(
        "A school confirms here the moves of a rotation plan the district sent it."
    )


class ConfirmationDetail(ScopedDetailView):
    model = SchoolConfirmation
    select_related = ("plan", "plan__district", "school")
    template_name = "teachers/confirmation_detail.html"

    def get_context_data(self, **kwargs):
        from django.db.models import Q

        ctx = super().get_context_data(**kwargs)
        c = self.object
        moves = c.plan.moves.filter(Q(from_school=c.school) | Q(to_school=c.school)).select_related(
            "teacher", "from_school", "to_school"
        )
        ctx.update(
            moves=MoveTable(moves),
            can_confirm=c.confirmed_at is None
            and c.plan.status == PlanStatus.CONFIRMING
            and can(self.request.user, c, "confirm"),
        )
        return ctx


@object_view(SchoolConfirmation, "confirm", select_related=("plan",))
def confirmation_confirm(request, confirmation: SchoolConfirmation):
    rotation.confirmation_confirm(user=request.user, confirmation=confirmation)
    messages.success(request, _("Confirmed."))
    return redirect(confirmation.get_absolute_url())


# --- 继续教育 and 师德 ----------------------------------------------------------------------


class TrainingProgress(PersonalDataMixin, ScopedListView):
    """Hours this cycle per teacher (filter: behind the cycle), and per school."""

    model = Teacher
    table_class = ProgressTable
    filterset_class = ProgressFilter
    select_related = ("school",)
    template_name = "teachers/training_progress.html"
    title = gettext_lazy("Training hours (继续教育)")
    export_url_name = "teachers:progress_export"
    empty_hint = gettext_lazy(
        "Teachers appear here once they are in the registry; their hours come from the "
        "training platform's export."
    )

    def get_queryset(self):
        return selectors.with_cycle_hours(super().get_queryset())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = clock.today()
        ctx.update(
            cycle=selectors.cycle_of(today),
            expected=selectors.expected_hours(today),
            schools=selectors.school_progress(
                Teacher.objects.visible_to(self.request.user, "view"), today
            ),
        )
        return ctx


class ProgressExport(TrainingProgress.export_view("training-progress")):
    def get_queryset(self):
        return selectors.with_cycle_hours(super().get_queryset())


class TrainingList(ScopedListView):
    model = TrainingRecord
    table_class = TrainingTable
    filterset_class = TrainingFilter
    select_related = ("teacher", "teacher__school")
    title = gettext_lazy("Training records")
    export_url_name = "teachers:training_export"
    import_url_name = "teachers:training_import"
    empty_hint = gettext_lazy("Training records come from the training platform's export.")


TrainingExport = TrainingList.export_view("training-records")


class TrainingImport(ImportView):
    importer = "teachers.training"


class EthicsList(ScopedListView):
    model = EthicsRecord
    table_class = EthicsTable
    filterset_class = EthicsFilter
    select_related = ("teacher", "case")
    title = gettext_lazy("Professional ethics (师德)")
    create_url_name = "teachers:ethics_create"
    empty_hint = gettext_lazy(
        "A violation is recorded here by the school or the district; its handling is a case."
    )


class EthicsCreate(ScopedFormView):
    model = EthicsRecord
    form_class = EthicsForm

    def save(self, form, *, creating):
        d = form.cleaned_data
        return services.ethics_open(
            user=self.request.user,
            teacher=d["teacher"],
            year=d["year"],
            summary=d["summary"],
            veto=d["veto"],
        )


# --- 招聘 ------------------------------------------------------------------------------------


class RecruitmentList(ScopedListView):
    """The year's recruitment plan by district and subject beside the district's
    shortage of that subject."""

    model = RecruitmentLine
    table_class = RecruitmentTable
    filterset_class = RecruitmentFilter
    select_related = ("district",)
    title = gettext_lazy("Recruitment plan (招聘)")
    export_url_name = "teachers:recruitment_export"
    import_url_name = "teachers:recruitment_import"
    empty_hint = gettext_lazy(
        "The district imports its recruitment plan by subject; the shortages come from "
        "the approved posts."
    )

    def get_queryset(self):
        return selectors.lines_with_shortage(super().get_queryset())


class RecruitmentExport(RecruitmentList.export_view("recruitment-plan")):
    def get_queryset(self):
        return selectors.lines_with_shortage(super().get_queryset())


class RecruitmentImport(ImportView):
    importer = "teachers.recruitment"


class GraduateList(PersonalDataMixin, ScopedListView):
    """公费师范生 graduates (masked); POST places the unplaced ones the user may place."""

    model = Graduate
    table_class = GraduateTable
    filterset_class = GraduateFilter
    select_related = ("district", "placed_school")
    template_name = "teachers/graduate_list.html"
    title = gettext_lazy("Free normal graduates (公费师范生)")
    export_url_name = "teachers:graduate_export"
    import_url_name = "teachers:graduate_import"
    empty_hint = gettext_lazy(
        "The district imports the 公费师范生 returning this year, then places them in the "
        "schools short of their subject."
    )

    def post(self, request):
        graduates = list(
            Graduate.objects.visible_to(request.user, "place").filter(placed_school=None)
        )
        try:
            result = recruitment.graduates_place(user=request.user, graduates=graduates)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("You cannot do this."))
            return redirect("teachers:graduate_list")
        messages.success(
            request,
            _("%(placed)s graduates placed; %(unplaced)s with no school short of their subject.")
            % result,
        )
        return redirect("teachers:graduate_list")


GraduateExport = GraduateList.export_view("graduates")


class GraduateImport(ImportView):
    importer = "teachers.graduate"
