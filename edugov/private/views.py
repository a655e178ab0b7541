"""Pages of the private-school module: the file (the school's own dashboard), its
records, approvals and risk. Views parse input, call one service or selector, render.
年检 pages are in ``views_inspection.py``; the public list in ``public.py``."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.casework.models import Case
from edugov.casework.selectors import visible_cases
from edugov.core import clock
from edugov.core.actions import object_view
from edugov.core.privacy import NoStoreMixin
from edugov.core.scoping import allowed_actions, may
from edugov.core.views import ImportView, ScopedDetailView, ScopedFormView, ScopedListView

from . import config, services
from .filters import NoticeFilter, RiskFilter, SchoolFilter
from .forms import (
    FeeForm,
    FounderForm,
    NoticeForm,
    PlacementForm,
    RelatedPartyForm,
    RiskInputsForm,
    SchoolForm,
)
from .models import (
    AnnualInspection,
    FeeFiling,
    Founder,
    Notice,
    Placement,
    PrivateSchool,
    RelatedPartyTransaction,
    RiskAssessment,
)
from .risk import explanation_rows, risk_assess, risk_inputs_save
from .tables import NoticeTable, RiskTable, SchoolTable


class SchoolList(ScopedListView):
    model = PrivateSchool
    table_class = SchoolTable
    filterset_class = SchoolFilter
    select_related = ("school",)
    title = gettext_lazy("Private schools")
    export_url_name = "private:school_export"
    import_url_name = "private:school_import"
    create_url_name = "private:school_create"
    empty_hint = gettext_lazy(
        "The district's 民办教育 office opens a file for each private institution of the "
        "registry (New, or Import from xlsx)."
    )


SchoolExport = SchoolList.export_view("private-schools", importer="private.school")


class SchoolEdit(NoStoreMixin, ScopedFormView):
    model = PrivateSchool
    form_class = SchoolForm

    def save(self, form, *, creating):
        return services.school_save(file=form.save(commit=False), user=self.request.user)


class SchoolDetail(NoStoreMixin, ScopedDetailView):
    """The school's file and, for the school's own account, its dashboard: licence,
    inspections, risk with its reasons, open cases."""

    model = PrivateSchool
    template_name = "private/school_detail.html"
    select_related = ("school",)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        f = self.object
        risk = f.assessments.select_related("case").order_by("-year").first()
        alert_days = config.get("licence_alert_days")
        days_left = (f.licence_valid_until - clock.today()).days if f.licence_valid_until else None
        ctx.update(
            founders=[(x, x.masked("id_number"), x.masked("phone")) for x in f.founders.all()],
            fees=f.fees.all(),
            disclosures=f.related_party_transactions.all(),
            placements=f.placements.select_related("receiving_school"),
            placed=sum(p.students for p in f.placements.all()),
            changes=[_change_row(c) for c in f.changes.all()[:30]],
            inspections=AnnualInspection.objects.visible_to(user, "view")
            .filter(school=f.school)
            .select_related("round"),
            risk=risk,
            risk_rows=explanation_rows(risk) if risk else [],
            cases=visible_cases(user).filter(school=f.school).order_by("-opened_at")[:30]
            if may(user, Case, "view")
            else [],
            allowed=allowed_actions(user, f, ("apply", "assess", "change")),
            may_add={
                name: may(user, model, "add")
                for name, model in (
                    ("founder", Founder),
                    ("fee", FeeFiling),
                    ("disclosure", RelatedPartyTransaction),
                    ("placement", Placement),
                )
            },
            days_left=days_left,
            licence_alert=days_left is not None and days_left <= alert_days,
            account_masked=f.masked("account_number"),
            notices=Notice.objects.visible_to(user, "view")
            .filter(recipients=f.school)
            .select_related("unit")[:5],
        )
        return ctx


def _change_row(change):
    """A history row in words: the field's name, choices and yes/no as the page says them."""
    field = PrivateSchool._meta.get_field(change.field)

    def shown(value: str) -> str:
        if field.get_internal_type() == "BooleanField":
            return _("yes") if value == "True" else _("no")
        return str(dict(field.choices).get(value, value)) if field.choices else value

    return change.effective_on, field.verbose_name, shown(change.old), shown(change.new)


class _RowEdit(NoStoreMixin, ScopedFormView):
    """A record of a file: created from the file's page (``?file=<pk>``), saved by the
    one audited service."""

    def get_initial(self):
        initial = super().get_initial()
        if self.object is None and self.request.GET.get("file", "").isdigit():
            initial["file"] = int(self.request.GET["file"])
        return initial

    def save(self, form, *, creating):
        return services.row_save(obj=form.save(commit=False), user=self.request.user)


class FounderEdit(_RowEdit):
    model = Founder
    form_class = FounderForm


class FeeEdit(_RowEdit):
    model = FeeFiling
    form_class = FeeForm


class RelatedPartyEdit(_RowEdit):
    model = RelatedPartyTransaction
    form_class = RelatedPartyForm


class PlacementEdit(_RowEdit):
    model = Placement
    form_class = PlacementForm


@object_view(PrivateSchool, "apply", methods=("GET", "POST"), select_related=("school",))
def approval_apply(request, file: PrivateSchool):
    """受理 an application: choose the kind, attach each document it requires."""
    kinds = config.approval_kinds()
    kind = request.POST.get("kind") or request.GET.get("kind") or ""
    errors: list[str] = []
    if request.method == "POST":
        documents = {
            name: request.FILES.get(f"doc_{i}")
            for i, name in enumerate(kinds.get(kind, {}).get("documents", ()))
        }
        try:
            case = services.approval_open(
                file=file,
                user=request.user,
                kind=kind,
                documents=documents,
                detail=request.POST.get("detail", ""),
            )
        except services.ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Application %(n)s registered.") % {"n": case.number})
            return redirect("casework:case_detail", pk=case.pk)
    return render(
        request,
        "private/apply.html",
        {
            "object": file,
            "kinds": kinds,
            "kind": kind,
            "documents": list(enumerate(kinds.get(kind, {}).get("documents", ()))),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@object_view(PrivateSchool, "assess", select_related=("school",))
def school_assess(request, file: PrivateSchool):
    assessment = risk_assess(file=file, user=request.user)
    messages.success(
        request,
        _("Risk tier for %(year)s: %(tier)s.") % {"year": assessment.year, "tier": assessment.tier},
    )
    return redirect(file.get_absolute_url())


class RiskList(ScopedListView):
    model = RiskAssessment
    table_class = RiskTable
    filterset_class = RiskFilter
    select_related = ("file__school",)
    title = gettext_lazy("Risk tiers")
    export_url_name = "private:risk_export"
    empty_hint = gettext_lazy(
        "A bureau computes a school's tier from its file's page (Assess risk); a 年检 result "
        "recomputes it."
    )


RiskExport = RiskList.export_view("risk-tiers")


class RiskEdit(ScopedFormView):
    """The indicators entered by the bureau (finance, wage arrears); saving recomputes."""

    model = RiskAssessment
    form_class = RiskInputsForm

    def save(self, form, *, creating):
        return risk_inputs_save(assessment=form.save(commit=False), user=self.request.user)


class SchoolImport(ImportView):
    importer = "private.school"


class NoticeList(ScopedListView):
    """The bureau's notices, and for a school the notices addressed to it."""

    model = Notice
    table_class = NoticeTable
    filterset_class = NoticeFilter
    select_related = ("unit",)
    title = gettext_lazy("Notices to private schools")
    export_url_name = "private:notice_export"
    create_url_name = "private:notice_create"
    empty_hint = gettext_lazy(
        "A bureau's 民办教育 office sends notices here (New); every licensed private school "
        "under it receives them."
    )


NoticeExport = NoticeList.export_view("notices")


class NoticeEdit(ScopedFormView):
    model = Notice
    form_class = NoticeForm

    def save(self, form, *, creating):
        return services.notice_send(notice=form.save(commit=False), user=self.request.user)


class NoticeDetail(ScopedDetailView):
    model = Notice
    template_name = "private/notice_detail.html"
    select_related = ("unit",)
