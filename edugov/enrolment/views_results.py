"""Results and pre-registration: the plans of a year in the reader's scope, each with
its placed children and how many are on the 学籍 roll, and the two moves — publish the
results, pre-register the placed children — for whoever ``can`` make them."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from edugov.core import clock
from edugov.core.actions import object_view
from edugov.core.scoping import may, scoped_view

from .models import Application, SchoolPlan, Status
from .preregister import preregister, results_publish
from .views_district import StatsFilter


@scoped_view(SchoolPlan, "view")
def results_page(request):
    """Reading only; the moves are the POST views below."""
    if request.method != "GET" or not may(request.user, SchoolPlan, "view"):
        raise Http404
    form = StatsFilter(request.GET or None)
    year = (form.cleaned_data["year"] if form.is_valid() else None) or clock.now().year
    plans = list(
        SchoolPlan.objects.visible_to(request.user, "view")
        .filter(year=year)
        .select_related("school")
        .order_by("school__code", "stage")
    )
    counts = {
        (r["placed_school_id"], r["stage"]): r
        for r in Application.objects.filter(
            year=year, status=Status.PLACED, placed_school_id__in=[p.school_id for p in plans]
        )
        .values("placed_school_id", "stage")
        .annotate(placed=Count("pk"), on_roll=Count("pk", filter=Q(student__isnull=False)))
        .order_by()
    }
    publish = set(
        SchoolPlan.objects.visible_to(request.user, "publish")
        .filter(year=year)
        .values_list("pk", flat=True)
    )
    prereg = set(
        SchoolPlan.objects.visible_to(request.user, "preregister")
        .filter(year=year)
        .values_list("pk", flat=True)
    )
    rows = []
    for p in plans:
        c = counts.get((p.school_id, p.stage), {})
        rows.append(
            {
                "plan": p,
                "placed": c.get("placed", 0),
                "on_roll": c.get("on_roll", 0),
                "may_publish": p.pk in publish,
                "may_preregister": p.pk in prereg and c.get("placed", 0) > c.get("on_roll", 0),
            }
        )
    ctx = {"title": _("Results and pre-registration (学籍)"), "form": form, "year": year}
    return render(request, "enrolment/results.html", {**ctx, "rows": rows})


@object_view(SchoolPlan, "publish", select_related=("school",))
def results_publish_view(request, plan):
    results_publish(user=request.user, plan=plan)
    messages.success(request, _("Results of %(school)s published.") % {"school": plan.school})
    return redirect(plan.get_absolute_url())


@object_view(SchoolPlan, "preregister", select_related=("school",))
def preregister_view(request, plan):
    out = preregister(user=request.user, plan=plan)
    messages.success(
        request,
        _("%(new)d children pre-registered, %(linked)d already on a roll linked.")
        % {"new": len(out.created), "linked": len(out.linked)},
    )
    return redirect(plan.get_absolute_url())
