"""The security admin's page of supervising powers (督办权): which bureaus and
departments may issue 督办单 and strike off tasks. Data, not a department's name."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from edugov.core.actions import object_view
from edugov.core.scoping import may

from .models import Unit, UnitKind
from .services import unit_set_supervision


def supervision_list(request):
    if not may(request.user, Unit, "grant_supervision"):
        raise Http404
    units = (
        Unit.objects.visible_to(request.user, "grant_supervision")
        .exclude(kind=UnitKind.SCHOOL)
        .filter(is_active=True)
        .order_by("path")
    )
    return render(
        request,
        "org/supervision.html",
        {"units": units, "title": _("Supervising powers (督办权)")},
    )


@object_view(Unit, "grant_supervision")
def supervision_set(request, unit: Unit):
    grant = request.POST.get("supervises") == "1"
    unit_set_supervision(unit=unit, supervises=grant, user=request.user)
    messages.success(
        request,
        (
            _("%(unit)s now holds the supervising power.")
            if grant
            else _("%(unit)s no longer holds the supervising power.")
        )
        % {"unit": unit.name},
    )
    return redirect("org:supervision")
