"""Enrolment services: the catchment lookup, a parent's submission (idempotent, one
active application per child city-wide), the school's review through the casework loop,
the placement by category with the admissions lottery for an oversubscribed category,
and the district's 统筹 assignment."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.casework.services import case_move, case_open
from edugov.core import clock
from edugov.core.crypto import blind_index
from edugov.core.files import PHOTO_TYPES, read_evidence, read_photo
from edugov.core.scoping import can, may
from edugov.engines.codes import id_number_error

from . import config, rules
from .casetypes import REVIEW
from .models import (
    Application,
    ApplicationDocument,
    Catchment,
    Community,
    SchoolPlan,
    Status,
)

# --- catchments ---------------------------------------------------------------------


def catchments_published(*, year: int, at: dt.datetime | None = None):
    """The version of each catchment published by ``at`` (the window's opening): the
    highest version whose publication is not later. Catchments are public knowledge."""
    at = at or clock.now()
    rows = (
        Catchment.objects.filter(year=year, published_at__lte=at)
        .order_by("district_id", "name", "-version")
        .prefetch_related("schools")
    )
    seen: dict[tuple[int, str], Catchment] = {}
    for c in rows:
        seen.setdefault((c.district_id, c.name), c)
    return list(seen.values())


def catchment_for(
    *,
    year: int,
    community: str = "",
    lon: float | None = None,
    lat: float | None = None,
    at: dt.datetime | None = None,
) -> list[Catchment]:
    """The published catchments of a community name (exact, then containing) or of a
    point inside their polygon."""
    current = {c.pk: c for c in catchments_published(year=year, at=at)}
    found: list[Catchment] = []
    name = " ".join(community.split())
    if name:
        names = Community.objects.filter(catchment_id__in=current)
        ids = list(names.filter(name=name).values_list("catchment_id", flat=True)) or list(
            names.filter(name__contains=name).values_list("catchment_id", flat=True)
        )
        found = [current[i] for i in dict.fromkeys(ids)]
    if lon is not None and lat is not None:
        found += [c for c in current.values() if c not in found and c.contains(lon, lat)]
    return found


# --- submission ---------------------------------------------------------------------


def _store_documents(
    *, application: Application, files: Sequence[tuple[str, Any]], now: dt.datetime
) -> list[ApplicationDocument]:
    root = Path(settings.MEDIA_ROOT) / "enrolment" / str(application.year)
    root.mkdir(parents=True, exist_ok=True)
    docs = []
    for kind, upload in files:
        if Path(upload.name).suffix.lower() in PHOTO_TYPES:
            # Decoded and re-encoded without EXIF (the phone's GPS position), upright.
            clean, sha = read_photo(upload)
        else:
            clean, sha = upload, read_evidence(upload)
        path = root / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
        with open(path, "wb") as fh:
            for chunk in clean.chunks():
                fh.write(chunk)
        docs.append(
            ApplicationDocument(
                application=application,
                kind=kind[:40],
                name=Path(upload.name).name[:200],
                path=str(path),
                sha256=sha,
                size=clean.size,
                uploaded_at=now,
            )
        )
    ApplicationDocument.objects.bulk_create(docs)
    return docs


def application_submit(
    *,
    user: Any,
    idempotency_key: str,
    school: Any,
    stage: str,
    child_name: str,
    child_id: str,
    birth_date: dt.date,
    community: str,
    facts: rules.Facts,
    files: Sequence[tuple[str, Any]] = (),
    now: dt.datetime | None = None,
    from_school: Any = None,
) -> Application:
    """A parent's submission. For junior grade 1, ``from_school`` is the primary school
    the child leaves: one of the plan's ``feeders`` makes the category 对口直升
    (``config`` ``junior_feeder_first``). The same idempotency key returns the stored application
    (a flaky connection's second POST); an ID number failing GB 11643, an age outside the
    window or a second active application for the child is refused."""
    now = now or clock.now()
    if not may(user, Application, "own"):
        raise PermissionDenied(_("Only a parent's account applies."))
    done = Application.objects.filter(parent=user, idempotency_key=idempotency_key).first()
    if done is not None:
        return done
    year = now.year
    errors: dict[str, str] = {}
    if id_number_error(child_id):
        errors["child_id"] = _("This ID number is not valid (check digit).")
    cut = rules.cutoff_date(year, month=config.get("cutoff_month"), day=config.get("cutoff_day"))
    years = config.get("age_years") if stage == "primary" else config.get("junior_age_years")
    if not rules.age_ok(birth_date, year, years=years, month=cut.month, day=cut.day):
        errors["birth_date"] = _("The child must be %(n)d years old by %(date)s.") % {
            "n": years,
            "date": cut.isoformat(),
        }
    plan = SchoolPlan.objects.filter(school=school, year=year, stage=stage).first()
    if plan is None:
        errors["school"] = _("This school takes no applications for this grade this year.")
    if errors:
        raise ValidationError(errors)
    found = catchment_for(year=year, community=community)
    catchment = next((c for c in found if school in c.schools.all()), None)
    category = rules.category(
        facts,
        year,
        property_by=tuple(config.get("property_by")),
        permit_by_previous_year_end=config.get("permit_by_previous_year_end"),
    )
    if catchment is None and not plan.private:
        category = rules.NONE  # the facts hold, but not for this school's catchment
    if stage != "junior":
        from_school = None
    if from_school is not None:
        category = rules.junior_category(
            category,
            from_feeder=plan.feeders.filter(pk=from_school.pk).exists(),
            feeder_first=config.get("junior_feeder_first"),
        )
    app = Application(
        number="",
        parent=user,
        idempotency_key=idempotency_key[:64],
        year=year,
        stage=stage,
        school=school,
        private=plan.private,
        catchment=catchment,
        from_school=from_school,
        community=community[:100],
        child_name=child_name.strip(),
        child_id=child_id.strip().upper(),
        child_index=blind_index(child_id, "id"),
        birth_date=birth_date,
        household_in_catchment=facts.household_in_catchment,
        household_since=facts.household_since,
        property_in_catchment=facts.property_in_catchment,
        property_since=facts.property_since,
        residence_permit=facts.residence_permit,
        permit_since=facts.permit_since,
        category=category,
        submitted_at=now,
    )
    try:
        with transaction.atomic():
            app.number = f"RX{year}{uuid.uuid4().hex[:10].upper()}"
            app.full_clean(exclude=["case"])
            app.save()
            _store_documents(application=app, files=files, now=now)
            app.case = case_open(
                user=user,
                case_type=REVIEW,
                title=_("Enrolment application %(no)s") % {"no": app.number},
                unit=school,
                lead_unit=school,
                school=school,
                subject=app,
                subject_label=app.number,
                now=now,
            )
            app.save(update_fields=["case"])
            audit_record(
                "enrolment.submit",
                obj=app,
                changes={"school": school.pk, "category": category, "files": len(files)},
            )
    except (IntegrityError, ValidationError) as exc:
        # The same submission sent twice at once: whichever commits first is the one, and
        # the other is answered with it — also when the first committed between the check
        # above and this one's validation, whose unique check then refuses the child (the
        # peak-day bench saw that once in 200 parents arriving at the same instant).
        again = Application.objects.filter(parent=user, idempotency_key=idempotency_key).first()
        if again is not None:
            return again
        if isinstance(exc, ValidationError):
            raise
        raise ValidationError(_("This child already has an active application this year."))
    return app


# --- review -------------------------------------------------------------------------

MOVE_STATUS = {
    "ask_more": Status.MORE,
    "supplement": Status.SUBMITTED,
    "approve": Status.APPROVED,
    "refuse": Status.REFUSED,
}


def application_review(
    *,
    user: Any,
    application: Application,
    move: str,
    reason: str = "",
    files: Sequence[tuple[str, Any]] = (),
    now: dt.datetime | None = None,
) -> Application:
    """One move of the review loop (``casetypes.REVIEW``): who may make it is the case
    type's rule (the school for ask_more / approve / refuse, the parent for supplement).
    The application's status and reason follow the case."""
    if move not in MOVE_STATUS:
        raise ValidationError(_("Unknown step."))
    now = now or clock.now()
    data: dict[str, Any] = {}
    if move == "ask_more":
        data["reason"] = reason
    elif move in ("approve", "refuse"):
        data["outcome"] = reason or str(MOVE_STATUS[move].label)
    if move == "supplement" and not files:
        raise ValidationError(_("Add at least one document."))
    with transaction.atomic():
        case_move(
            user=user,
            case=application.case,
            transition=move,
            now=now,
            **data,
        )
        app = Application.objects.select_for_update().get(pk=application.pk)
        if files:
            _store_documents(application=app, files=files, now=now)
        app.status = MOVE_STATUS[move]
        if move in ("ask_more", "refuse"):
            app.reason = reason[:300]
        app.save(update_fields=["status", "reason"])
        audit_record("enrolment.review", obj=app, changes={"move": move, "files": len(files)})
    _tell_parent(app, now=now)
    return app


def _tell_parent(app: Application, *, now: dt.datetime) -> None:
    """The parent hears of each change through the SMS interface (the in-app status is
    their application page)."""
    from . import sms

    phone = app.parent.phone or app.parent.username
    sms.backend().send(phone, f"您的入学申请 {app.number} 状态：{app.get_status_display()}")


# --- placement ----------------------------------------------------------------------

GRADE_NAME = {"primary": "一年级", "junior": "七年级"}


def placement_prepare(*, user: Any, plan: SchoolPlan, public_number_rule: str) -> Any:
    """Place a school's approved applicants by category order; the category that does not
    fit in the remaining seats goes to the admissions lottery (a ``LotteryDraw`` of
    that category's applicants for the seats left), to be closed and drawn through the
    admissions protocol. The categories above it are placed now, those below go to 统筹.
    Returns the draw, or None when everyone fits."""
    from edugov.admissions.models import LotteryApplicant, LotteryDraw
    from edugov.admissions.services.lottery import applicant_save, draw_save

    if not can(user, plan, "change"):
        raise PermissionDenied(_("This school's placement is not yours to run."))
    order = rules.order(
        plan.stage, tuple(config.get("categories")), feeder_first=config.get("junior_feeder_first")
    )
    apps = list(
        Application.objects.filter(
            school=plan.school, year=plan.year, stage=plan.stage, status=Status.APPROVED
        )
    )
    left = plan.seats
    draw = None
    with transaction.atomic():
        for cat in order:
            group = [a for a in apps if a.category == cat]
            if not group:
                continue
            if left >= len(group):
                for a in group:
                    a.status, a.placed_school = Status.PLACED, plan.school
                left -= len(group)
            elif left > 0:
                draw = draw_save(
                    draw=LotteryDraw(
                        school=plan.school,
                        year=plan.year,
                        draw_name=f"{plan.school.name}{plan.year}年{GRADE_NAME[plan.stage]}",
                        seats=left,
                        public_number_rule=public_number_rule,
                    )
                )
                for a in group:
                    applicant_save(
                        applicant=LotteryApplicant(
                            draw=draw, application_number=a.number, priority_class=1
                        ),
                        audit=False,
                    )
                left = 0
            else:
                for a in group:
                    a.status = Status.UNPLACED
        Application.objects.bulk_update(apps, ["status", "placed_school"])
        plan.draw = draw
        plan.save(update_fields=["draw"])
        audit_record("enrolment.placement", obj=plan, changes={"draw": draw.pk if draw else None})
    return draw


def placement_apply_draw(*, user: Any, plan: SchoolPlan) -> int:
    """After the admissions draw: admitted applicants are placed, the rest go to 统筹.
    A child placed at a private school leaves the public list (their public application
    is withdrawn from placement). Returns the number placed by the draw."""
    from edugov.admissions.models import DrawStatus

    if not can(user, plan, "change"):
        raise PermissionDenied(_("This school's placement is not yours to run."))
    draw = plan.draw
    if draw is None or draw.status != DrawStatus.DRAWN:
        raise ValidationError(_("The lottery has not been drawn yet."))
    admitted = dict(draw.applicants.values_list("application_number", "admitted"))
    apps = list(Application.objects.filter(number__in=admitted))
    for a in apps:
        a.status = Status.PLACED if admitted[a.number] else Status.UNPLACED
        a.placed_school = plan.school if admitted[a.number] else None
    with transaction.atomic():
        Application.objects.bulk_update(apps, ["status", "placed_school"])
        if plan.private:
            placed = [a.child_index for a in apps if a.status == Status.PLACED]
            Application.objects.filter(
                year=plan.year, private=False, child_index__in=placed
            ).exclude(status=Status.REFUSED).update(status=Status.REFUSED, reason="民办已录取")
        audit_record("enrolment.placement_draw", obj=plan, changes={"draw": draw.pk})
    for a in apps:
        _tell_parent(a, now=clock.now())
    return sum(1 for a in apps if a.status == Status.PLACED)


def assign_targets(user: Any, application: Application):
    """The schools a 统筹 child may be sent to: the public schools of the application's
    district with a plan for its year and stage, that the user may see."""
    from edugov.org.models import Unit

    district = application.school.district()
    plans = SchoolPlan.objects.filter(
        year=application.year, stage=application.stage, private=False
    ).values("school_id")
    qs = Unit.objects.visible_to(user, "view").filter(pk__in=plans)
    if district is not None:
        qs = qs.filter(path__startswith=district.path)
    return qs.order_by("code")


def application_assign(
    *, user: Any, application: Application, school: Any, reason: str, now: dt.datetime | None = None
) -> Application:
    """统筹: the district places an unplaced child by hand, with a reason, audited."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this assignment.")})
    if application.status != Status.UNPLACED:
        raise ValidationError(_("Only an unplaced child is assigned by hand."))
    if not can(user, application, "assign") or not can(user, school, "view"):
        raise PermissionDenied(_("This assignment is not yours to make."))
    if school not in assign_targets(user, application):
        raise ValidationError(
            {"school": _("Assign to a public school of this district with a plan this year.")}
        )
    with transaction.atomic():
        application.status, application.placed_school = Status.PLACED, school
        application.reason = reason.strip()[:300]
        application.assigned_at = now or clock.now()
        application.save(update_fields=["status", "placed_school", "reason", "assigned_at"])
        audit_record(
            "enrolment.assign", obj=application, changes={"school": school.pk, "reason": reason}
        )
    _tell_parent(application, now=application.assigned_at)
    return application
