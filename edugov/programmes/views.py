"""Pages of the programme registry: the list (filters, export, import), a programme
(its kind's fields, schools, evidence, 认定), its edit page; the party organizations'
list and edit pages, and their coverage by district. Views parse, call one service or
selector, render; scoping is the base views' and ``object_view``'s."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core import clock
from edugov.core.actions import object_view
from edugov.core.privacy import mark_no_store
from edugov.core.scoping import allowed_actions, can, may, scoped_view
from edugov.core.views import ImportView, ScopedDetailView, ScopedFormView, ScopedListView

from . import selectors, services
from .filters import PartyOrganizationFilter, ProgrammeFilter
from .forms import PartyOrganizationForm, ProgrammeForm
from .kinds import ProgrammeKind
from .models import PartyOrganization, Programme, ProgrammeEvidence
from .tables import PartyOrganizationTable, ProgrammeTable


class ProgrammeList(ScopedListView):
    model = Programme
    table_class = ProgrammeTable
    filterset_class = ProgrammeFilter
    select_related = ("unit", "task")
    title = gettext_lazy("Programme registry")
    export_url_name = "programmes:export"
    import_url_name = "programmes:import"
    create_url_name = "programmes:create"
    empty_hint = gettext_lazy(
        "The departments, districts and schools running 德育, 美育, 劳动, 科技 and 教研 "
        "programmes, pairings, 专业 and 党建 brands record them here (one by one or from "
        "an xlsx sheet), each linked to the work-plan task it serves."
    )


ProgrammeExport = ProgrammeList.export_view("programmes", importer="programmes.programme")


class ProgrammeImport(ImportView):
    importer = "programmes.programme"


class ProgrammeDetail(ScopedDetailView):
    model = Programme
    template_name = "programmes/detail.html"
    select_related = ("unit", "task", "task__point")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        p = self.object
        moves = allowed_actions(self.request.user, p, ("change", "confirm"))
        ctx.update(
            title=str(p),
            schools=list(p.schools.order_by("path")),
            evidence=list(p.evidence.all()),
            can_change="change" in moves,
            can_confirm="confirm" in moves and p.state != "confirmed",
        )
        return ctx


class ProgrammeEdit(ScopedFormView):
    """Create or change a programme; the kind's extra fields follow the kind (``?kind=``
    on a new one), and evidence files are checked and kept by the service."""

    model = Programme
    form_class = ProgrammeForm
    template_name = "programmes/form.html"  # multipart: the evidence

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["kind"] = self.request.GET.get("kind", "")
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["kinds"] = ProgrammeKind.choices if self.object is None else []
        return ctx

    def save(self, form, *, creating):
        programme = services.programme_save(
            programme=form.save(commit=False),
            user=self.request.user,
            schools=list(form.cleaned_data.get("schools") or []),
        )
        uploads = form.cleaned_data.get("evidence") or []
        if uploads:
            services.evidence_add(programme=programme, user=self.request.user, uploads=uploads)
        return programme


@object_view(Programme, "confirm")
def programme_confirm(request, programme: Programme):
    services.programme_confirm(programme=programme, user=request.user, today=clock.today())
    return redirect(programme.get_absolute_url())


@object_view(ProgrammeEvidence, "view", methods=("GET",))
def evidence_download(request, evidence: ProgrammeEvidence):
    return mark_no_store(FileResponse(evidence.file.open("rb"), filename=evidence.name))


class PartyOrganizationList(ScopedListView):
    model = PartyOrganization
    table_class = PartyOrganizationTable
    filterset_class = PartyOrganizationFilter
    select_related = ("school",)
    title = gettext_lazy("School party organizations")
    export_url_name = "programmes:party_export"
    import_url_name = "programmes:party_import"
    create_url_name = "programmes:party_create"
    empty_hint = gettext_lazy(
        "Each school records its party organization (its form, founding date and "
        "members) and its 一校一品 brand; the 组织人事科 may import them for all schools. "
        "A school with no row counts as without an organization."
    )


PartyOrganizationExport = PartyOrganizationList.export_view(
    "party-organizations", importer="programmes.party"
)


class PartyOrganizationImport(ImportView):
    importer = "programmes.party"


class PartyOrganizationDetail(ScopedDetailView):
    model = PartyOrganization
    template_name = "programmes/party_detail.html"
    select_related = ("school",)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=str(self.object), can_change=can(self.request.user, self.object, "change"))
        return ctx


class PartyOrganizationEdit(ScopedFormView):
    model = PartyOrganization
    form_class = PartyOrganizationForm

    def save(self, form, *, creating):
        return services.party_organization_save(
            organization=form.save(commit=False), user=self.request.user
        )


@scoped_view(PartyOrganization, "view")
def coverage(request):
    """The coverage by district over the reader's scope, public and private apart."""
    if request.method not in ("GET", "HEAD") or not may(request.user, PartyOrganization, "view"):
        raise Http404
    try:
        year = int(request.GET.get("year") or clock.today().year)
    except ValueError:
        year = clock.today().year
    year = min(max(year, 2000), 2100)
    figures = selectors.coverage(request.user, year=year)
    if figures is None:
        raise Http404
    rows, total = figures
    return render(
        request,
        "programmes/coverage.html",
        {"title": _("Party organization coverage"), "year": year, "rows": rows, "total": total},
    )
