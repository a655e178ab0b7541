"""课后服务: each school's programme (list, export, form) and coverage and participation
by district (the same figures as the work plan's KPIs)."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edugov.core import clock
from edugov.core.scoping import may, scoped_view
from edugov.core.views import ScopedFormView, ScopedListView

from ..filters import ProgrammeFilter
from ..forms import ProgrammeForm
from ..models import Programme
from ..selectors import afterschool_by_district
from ..services import programme_problems, programme_save
from ..tables import ProgrammeTable


class ProgrammeList(ScopedListView):
    model = Programme
    table_class = ProgrammeTable
    filterset_class = ProgrammeFilter
    select_related = ("school",)
    title = gettext_lazy("After-school programmes")
    export_url_name = "training:programme_export"
    create_url_name = "training:programme_create"
    empty_hint = gettext_lazy(
        "Each school records its own after-school programme for the school year; the "
        "district bureau sees its schools'."
    )


ProgrammeExport = ProgrammeList.export_view("afterschool-programmes")


class ProgrammeEdit(ScopedFormView):
    model = Programme
    form_class = ProgrammeForm
    template_name = "training/programme_form.html"

    def get_initial(self):
        user = self.request.user
        today = clock.today()
        return {
            "school": user.unit if user.unit and user.unit.kind == "school" else None,
            "year": today.year if today.month >= 9 else today.year - 1,
            "students": getattr(user.unit, "enrolment", None),
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["problems"] = programme_problems(self.object) if self.object else []
        return ctx

    def save(self, form, *, creating):
        return programme_save(
            user=self.request.user,
            programme=form.instance,
            providers=form.cleaned_data["providers"],
        )


class YearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("school year"), required=False, min_value=2000)


@scoped_view(Programme, "view")
def afterschool_stats(request):
    """Coverage and participation by district over the reader's schools."""
    if request.method != "GET" or not may(request.user, Programme, "view"):
        raise Http404
    form = YearForm(request.GET or None)
    today = clock.today()
    default = today.year if today.month >= 9 else today.year - 1
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or default
    rows = afterschool_by_district(request.user, year=year)
    return render(
        request,
        "training/afterschool_stats.html",
        {"title": _("After-school services by district"), "form": form, "year": year, "rows": rows},
    )
