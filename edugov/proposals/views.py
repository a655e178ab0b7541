"""Pages: the list (filters, export), a proposal (its data, 面商 records, the 答复
document, and the case's own page body with the reader's moves), the imports, the
year's summary (page, .xlsx, .docx) and the 答复 download."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.audit.services import audit_record
from edugov.casework.views.cases import case_page_context
from edugov.core import clock
from edugov.core.actions import object_view
from edugov.core.charts import category_axis, zoom_window
from edugov.core.privacy import NoStoreMixin, mark_no_store
from edugov.core.scoping import may, scoped_view
from edugov.core.views import ImportView, ScopedDetailView, ScopedListView

from .casetypes import class_label
from .documents import (
    build_reply_docx,
    build_summary_docx,
    build_summary_xlsx,
    consultations,
    reply_step,
)
from .filters import ProposalFilter
from .models import Proposal, ProposalKind
from .selectors import summary
from .tables import ProposalTable

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ProposalList(ScopedListView):
    model = Proposal
    table_class = ProposalTable
    filterset_class = ProposalFilter
    select_related = ("case", "case__lead_unit")
    title = gettext_lazy("NPC suggestions and CPPCC proposals")
    export_url_name = "proposals:export"
    import_url_name = "proposals:import_npc"
    empty_hint = gettext_lazy(
        "The year's suggestions and proposals arrive as lists from the 人大 and 政协 "
        "offices; the bureau's office imports them here, and each is handed to the "
        "department named in the list."
    )


ProposalExport = ProposalList.export_view("proposals")


class ProposalDetail(NoStoreMixin, ScopedDetailView):
    model = Proposal
    select_related = ("unit", "listed_lead", "case", "case__lead_unit", "case__unit")
    template_name = "proposals/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        proposal = self.object
        reply = reply_step(proposal)
        ctx.update(
            title=str(proposal),
            consultations=consultations(proposal),
            reply=reply,
            reply_class=class_label((reply.data or {}).get("classification", "")) if reply else "",
        )
        if proposal.case_id:
            ctx.update(
                case_page_context(proposal.case, self.request.user, return_to=self.request.path)
            )
        return ctx


class _Import(ImportView):
    template_name = "proposals/import.html"


class NpcImport(_Import):
    importer = "proposals.npc"


class CppccImport(_Import):
    importer = "proposals.cppcc"


@object_view(Proposal, "view", methods=("GET", "HEAD"), select_related=("unit", "case"))
def reply_download(request, proposal: Proposal):
    """The 答复 as a .docx, to a reader of the proposal (404 otherwise, or before the
    answer)."""
    step = reply_step(proposal)
    if step is None:
        raise Http404
    data = build_reply_docx(proposal, step)
    audit_record("export", obj=proposal, changes={"format": "docx", "document": "reply"})
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="reply-{proposal.year}-{proposal.kind}-{proposal.number}.docx"'
    )
    return mark_no_store(response)


class SummaryFilter(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("year"), required=False, min_value=2000)
    kind = forms.ChoiceField(
        label=gettext_lazy("kind"),
        required=False,
        choices=[("", "---------"), *ProposalKind.choices],
    )


def _figures(request):
    if request.method != "GET" or not may(request.user, Proposal, "view"):
        raise Http404
    form = SummaryFilter(request.GET or None)
    year, kind = clock.today().year, ""
    if form.is_valid():
        year = form.cleaned_data["year"] or year
        kind = form.cleaned_data["kind"] or ""
    return form, summary(request.user, year=year, kind=kind, now=clock.now())


def _chart(data: dict) -> dict:
    rows = data["by_unit"]
    names = [r["lead_unit__name"] for r in rows]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {},
        "grid": {"left": 50, "right": 20, "bottom": 110 if len(names) > 25 else 90},
        "xAxis": category_axis(names),
        "yAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
        "dataZoom": zoom_window(len(names)),
        "series": [
            {
                "type": "bar",
                "name": _("on-time answer rate"),
                "data": [r["on_time_rate"] for r in rows],
            },
            {
                "type": "bar",
                "name": _("satisfaction rate"),
                "data": [r["satisfaction_rate"] for r in rows],
            },
        ],
    }


def _class_pie(data: dict) -> dict:
    return {
        "tooltip": {"trigger": "item"},
        "legend": {},
        "series": [
            {
                "type": "pie",
                "radius": "60%",
                "data": [
                    {"name": f"{c['code']} {class_label(c['code'])}", "value": c["count"]}
                    for c in data["overall"]["classes"]
                ],
            }
        ],
    }


@scoped_view(Proposal, "view")
def summary_page(request):
    form, data = _figures(request)
    return render(
        request,
        "proposals/summary.html",
        {
            "title": _("Proposal summary"),
            "form": form,
            **data,
            "querystring": request.GET.urlencode(),
            "may_export": may(request.user, Proposal, "export"),
            "rates_chart": _chart(data),
            "class_chart": _class_pie(data),
        },
    )


def _download(request, fmt: str):
    if not may(request.user, Proposal, "export"):
        raise Http404
    _form, data = _figures(request)
    name = f"proposals-summary-{data['year']}{'-' + data['kind'] if data['kind'] else ''}"
    if fmt == "xlsx":
        body, mime = build_summary_xlsx(data), XLSX
    else:
        unit = request.user.unit.name if request.user.unit_id else ""
        body, mime = build_summary_docx(data, unit_name=unit), DOCX
    audit_record(
        "export",
        object_type="proposals.proposal",
        object_repr=name,
        changes={"format": fmt, "year": data["year"], "kind": data["kind"]},
    )
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@scoped_view(Proposal, "export")
def summary_xlsx(request):
    return _download(request, "xlsx")


@scoped_view(Proposal, "export")
def summary_docx(request):
    return _download(request, "docx")
