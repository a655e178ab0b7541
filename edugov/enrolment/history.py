"""Starting another enrolment year from one on record: its published catchments (the
newest version of each, with its communities, schools and polygon) and its school
plans (seats, stage, private, paired primaries), copied to the other year as the first
version, unpublished, for the district to edit and publish. Also how a past year is put
on record for the year-on-year figures (the demo copies 2026 back to 2025, then applies
and places through the ordinary services with a 2025 clock).

Idempotent: a catchment or plan the target year already has is left as it is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core.scoping import can, may

from .models import Catchment, Community, SchoolPlan
from .services import catchments_published


def year_copy(
    *,
    user: Any,
    from_year: int,
    to_year: int,
    at: dt.datetime,
    published_at: dt.datetime | None = None,
) -> dict[str, int]:
    """Copy the catchments published by ``at`` and the plans of ``from_year`` that the
    user may add in ``to_year`` (``published_at`` publishes the copies, for a past
    year put on record). Returns the numbers copied; audited once."""
    if not (may(user, Catchment, "add") and may(user, SchoolPlan, "add")):
        raise PermissionDenied(_("Starting an enrolment year is the district's."))
    done = {"catchments": 0, "plans": 0}
    have = set(Catchment.objects.filter(year=to_year).values_list("district_id", "name"))
    with transaction.atomic():
        for c in catchments_published(year=from_year, at=at):
            new = Catchment(
                district_id=c.district_id,
                year=to_year,
                name=c.name,
                version=1,
                polygon=c.polygon,
                published_at=published_at,
            )
            if (c.district_id, c.name) in have or not can(user, new, "add"):
                continue
            new.save()
            new.schools.set(c.schools.all())
            Community.objects.bulk_create(
                Community(catchment=new, name=n)
                for n in c.communities.values_list("name", flat=True)
            )
            done["catchments"] += 1
        planned = set(SchoolPlan.objects.filter(year=to_year).values_list("school_id", "stage"))
        for p in SchoolPlan.objects.filter(year=from_year).prefetch_related("feeders"):
            new = SchoolPlan(
                school_id=p.school_id, year=to_year, stage=p.stage, seats=p.seats, private=p.private
            )
            if (p.school_id, p.stage) in planned or not can(user, new, "add"):
                continue
            new.save()
            new.feeders.set(p.feeders.all())
            done["plans"] += 1
        audit_record(
            "enrolment.year_copy",
            object_type="enrolment.schoolplan",
            changes={"from": from_year, "to": to_year, **done},
        )
    return done
