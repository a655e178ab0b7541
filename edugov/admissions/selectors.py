"""Reading admissions data for pages: figures that several views need and that must come
from one place."""

from __future__ import annotations

from django.db.models import Sum

from .models import Programme, ProgrammeQuota


def programme_plans(session_id: int) -> dict[int, int]:
    """Each programme's plan (招生计划): open seats plus every 指标到校 allocation.

    A fill rate divides by this plan. The per-batch ``ProgrammeCutoff.seats`` cannot
    serve: a quota batch holds only the quota share and a later batch only what is left,
    so summing or picking among them gave 167 % / 200 % for key schools (issue 15). A
    run's quota share moves seats between open and quota but keeps this total
    (``engine_io.rescale_quotas``), so it is the same for every run of the session.
    """
    plans = dict(Programme.objects.filter(session=session_id).values_list("pk", "open_seats"))
    quota = (
        ProgrammeQuota.objects.filter(programme__session=session_id)
        .order_by()
        .values_list("programme")
        .annotate(total=Sum("seats"))
    )
    for pk, seats in quota:
        plans[pk] = plans.get(pk, 0) + seats
    return plans


def programme_label(programme: Programme) -> str:
    """What a chart axis shows for a programme: its school's name, and the programme's own
    name when it differs (a school's 特长班 beside its 统招 programme); codes mean
    nothing to a reader."""
    school = programme.school.name
    if programme.name and programme.name != school:
        return f"{school} {programme.name}"
    return school
