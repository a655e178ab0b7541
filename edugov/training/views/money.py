"""预收费资金监管: the statement lines (list, export, import) and the reconciliation."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core import clock
from edugov.core.scoping import may, scoped_view
from edugov.core.views import ImportView, ScopedListView
from edugov.core.widgets import DateInput

from ..filters import StatementFilter
from ..models import Institution, StatementLine
from ..selectors import positions
from ..tables import StatementTable


class StatementList(ScopedListView):
    model = StatementLine
    table_class = StatementTable
    filterset_class = StatementFilter
    select_related = ("institution",)
    title = gettext_lazy("Bank statement lines")
    export_url_name = "training:statement_export"
    import_url_name = "training:statement_import"
    empty_hint = gettext_lazy(
        "Lines come from the supervising bank's statements (csv or xlsx), imported by the "
        "district bureau, or from the bank's feed."
    )


StatementExport = StatementList.export_view("bank-statements", importer="training.statement")


class StatementImport(ImportView):
    importer = "training.statement"


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        label=gettext_lazy("as of"),
        required=False,
        widget=DateInput(),
    )
    flagged = forms.BooleanField(label=gettext_lazy("flagged only"), required=False)


@scoped_view(StatementLine, "view")
def reserve(request):
    """Every visible institution's account reconciled on a day: the books, the bank's
    balance, the required reserve, shortfalls and refunds overdue."""
    if request.method != "GET" or not may(request.user, StatementLine, "view"):
        raise Http404
    form = AsOfForm(request.GET or None)
    as_of = (form.cleaned_data.get("as_of") if form.is_valid() else None) or clock.today()
    rows = positions(request.user, as_of=as_of)
    names = dict(
        Institution.objects.filter(pk__in=[p.institution for p in rows]).values_list("pk", "name")
    )
    if form.is_valid() and form.cleaned_data.get("flagged"):
        rows = [p for p in rows if p.flags]
    flag_labels = {
        "shortfall": _("reserve shortfall"),
        "mismatch": _("balance differs from the books"),
        "lessons": _("more lessons used than bought"),
        "refund_overdue": _("refund overdue"),
    }
    table = [
        {"p": p, "name": names.get(p.institution, "?"), "flags": [flag_labels[f] for f in p.flags]}
        for p in rows[:500]
    ]
    return render(
        request,
        "training/reserve.html",
        {
            "title": _("Prepaid-fee supervision"),
            "form": form,
            "as_of": as_of,
            "rows": table,
            "flagged": sum(1 for p in rows if p.flags),
            "total": len(rows),
            "shortfall": sum((p.shortfall for p in rows), Decimal("0.00")),
        },
    )
