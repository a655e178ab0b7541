"""Opening a case, numbering it, commenting on it, attaching evidence.

``case_open`` is what other modules call: a hazard found, a proposal imported, an order
received. It checks, numbers, saves, writes the opening on the timeline and its audit
event, and tells the 主办/协办 units, all in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.core import clock
from edugov.core.files import read_evidence
from edugov.core.scoping import can, may
from edugov.org.models import Unit

from .. import registry
from ..calendar import current_calendar
from ..deadlines import due, schedule
from ..declarations import CaseType
from ..models import Case, CaseComment, CaseCounter, CaseEvidence, CaseTransition, EntryKind
from ..notify import notify


def case_type_for(code: str | CaseType) -> CaseType:
    if isinstance(code, CaseType):
        return code
    try:
        return registry.get(code)
    except LookupError:
        raise ValidationError(_("Unknown case type: %(code)s") % {"code": code}) from None


def number_for(case_type: CaseType, year: int, seq: int, unit: Unit | None = None) -> str:
    """The case number as the bureau writes it: 热线〔2023〕第12号, or the type's own
    ``number_format`` (which may name the owning unit)."""
    if case_type.number_format is not None:
        return case_type.number_format(case_type, unit, year, seq)
    return f"{case_type.prefix}〔{year}〕第{seq}号"


def next_seq(*, case_type: CaseType, year: int, unit: Unit) -> int:
    """The next number of the series, gapless: the counter row is locked until the caller's
    transaction ends (PostgreSQL: ``SELECT … FOR UPDATE``; SQLite: the IMMEDIATE
    transaction already holds the write lock), and the increment rolls back with it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_seq must run inside the transaction that saves the case")
    try:
        with transaction.atomic():
            CaseCounter.objects.get_or_create(case_type=case_type.code, year=year, unit=unit)
    except IntegrityError:  # another creator made the row first: it exists now
        pass
    counter = CaseCounter.objects.select_for_update().get(
        case_type=case_type.code, year=year, unit=unit
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def check_parties(
    user: Any, *, lead_unit: Unit | None, co_units: Sequence[Unit], supervising_unit: Unit | None
) -> None:
    """The 主办 and 协办 units lie in the actor's scope; the 督办 unit holds the
    supervising power (``Unit.supervises``, data). Refused with the unit named."""
    parties = [u for u in (lead_unit, *co_units) if u is not None]
    if parties:
        visible = set(
            Unit.objects.visible_to(user, "view")
            .filter(pk__in=[u.pk for u in parties])
            .values_list("pk", flat=True)
        )
        for u in parties:
            if u.pk not in visible:
                raise ValidationError(
                    _("The unit %(unit)s is outside your scope and cannot be given this case.")
                    % {"unit": u.name}
                )
    if lead_unit is not None and any(u.pk == lead_unit.pk for u in co_units):
        raise ValidationError(_("The lead unit cannot also be a co-operating unit."))
    if supervising_unit is not None and not supervising_unit.supervises:
        raise ValidationError(
            _("%(unit)s does not hold the supervising power (督办).")
            % {"unit": supervising_unit.name}
        )


def store_evidence(
    *,
    case: Case,
    files: Iterable[Any],
    user: Any,
    now: dt.datetime,
    step: Any = None,
    stored: list[tuple[Any, str]],
) -> list[CaseEvidence]:
    """Check and keep the files (type, size, first bytes; SHA-256), refusing the first bad
    one by name before any is kept. Each kept file is added to ``stored`` so that the
    caller removes it if its transaction rolls back (``discard``)."""
    checked = []
    for upload in files:
        try:
            digest = read_evidence(upload)
        except ValidationError as exc:
            raise ValidationError(
                _("%(file)s: %(reason)s") % {"file": upload.name, "reason": "；".join(exc.messages)}
            ) from None
        checked.append((upload, digest))
    kept = []
    for upload, digest in checked:
        evidence = CaseEvidence(
            case=case,
            step=step,
            name=upload.name[:200],
            size=upload.size,
            sha256=digest,
            uploaded_by=user,
            uploaded_at=now,
        )
        evidence.file.save(upload.name, upload, save=False)
        stored.append((evidence.file.storage, evidence.file.name))
        evidence.save()
        kept.append(evidence)
    return kept


def discard(stored: list[tuple[Any, str]]) -> None:
    """Remove the files of a transaction that rolled back."""
    for storage, name in stored:
        storage.delete(name)


def case_open(
    *,
    user: Any,
    case_type: str | CaseType,
    title: str,
    unit: Unit | None = None,
    description: str = "",
    lead_unit: Unit | None = None,
    co_units: Sequence[Unit] = (),
    supervising_unit: Unit | None = None,
    school: Unit | None = None,
    subject: Model | None = None,
    subject_label: str = "",
    attrs: dict[str, Any] | None = None,
    files: Iterable[Any] = (),
    now: dt.datetime | None = None,
) -> Case:
    """Open a case of ``case_type`` owned by ``unit`` (default: the user's unit), in the
    type's initial state, numbered in the owning unit's series for the year.

    The user must be allowed to add cases for ``unit`` (``can(user, case, "add")``). The
    clock starts now unless the type starts it at a move (交办)."""
    ct = case_type_for(case_type)
    now = now or clock.now()
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the case a title.")})
    # A member of the public (``CaseType.public_opener``) names the owning unit and no
    # other party: the unit's own scope then handles the case like any other.
    public = (
        bool(ct.public_opener)
        and not user.unit_id
        and may(user, apps.get_model(ct.public_opener[0]), ct.public_opener[1])
    )
    if public and (unit is None or co_units or supervising_unit is not None):
        raise PermissionDenied(_("A case opened by the public names its owning unit only."))
    if public and lead_unit is not None and lead_unit.pk != unit.pk:
        raise PermissionDenied(_("A case opened by the public names its owning unit only."))
    unit = unit or user.unit
    if unit is None:
        raise PermissionDenied(_("Only a member of a unit opens cases."))
    case = Case(
        case_type=ct.code,
        unit=unit,
        title=title[:200],
        description=description.strip(),
        state=ct.initial,
        lead_unit=lead_unit,
        supervising_unit=supervising_unit,
        school=school,
        opened_by=user,
        opened_at=now,
        state_entered_at=now,
        attrs=dict(attrs or {}),
        year=now.year,
        seq=0,
        number="",
    )
    if subject is not None:
        case.subject_type = ContentType.objects.get_for_model(subject)
        case.subject_id = subject.pk
        case.subject_label = (subject_label or str(subject))[:200]
    else:
        case.subject_label = subject_label[:200]
    if not public and not can(user, case, "add"):
        raise PermissionDenied(_("You cannot open cases for %(unit)s.") % {"unit": unit.name})
    co_units = list(co_units)
    if not public:
        check_parties(
            user, lead_unit=lead_unit, co_units=co_units, supervising_unit=supervising_unit
        )
    calendar = current_calendar()
    state = ct.state(ct.initial)
    case.state_due_at = due(state.deadline, now, calendar)
    if not ct.clock_starts:
        case.clock_started_at = now
        case.due_at = due(ct.deadline_rule(case), now, calendar)
    schedule(case, ct, calendar)
    files = list(files)
    stored: list[tuple[Any, str]] = []
    try:
        with transaction.atomic():
            case.seq = next_seq(case_type=ct, year=case.year, unit=unit)
            case.number = number_for(ct, case.year, case.seq, unit)
            case.full_clean(exclude=["co_units"])
            case.save()
            if co_units:
                case.co_units.set(co_units)
            step = CaseTransition.objects.create(
                case=case,
                kind=EntryKind.OPEN,
                to_state=case.state,
                actor=user,
                actor_unit=user.unit,
                at=now,
            )
            kept = store_evidence(
                case=case, files=files, user=user, now=now, step=step, stored=stored
            )
            audit_record(
                "casework.open",
                obj=case,
                changes={
                    "type": ct.code,
                    "number": case.number,
                    "state": case.state,
                    "lead_unit": lead_unit.pk if lead_unit else None,
                    "co_units": [u.pk for u in co_units],
                    "files": [e.sha256 for e in kept],
                },
            )
            if lead_unit is not None:
                notify(
                    case=case,
                    units=("lead_unit", "co_units"),
                    subject=_("New case %(number)s: %(title)s")
                    % {"number": case.number, "title": case.title},
                    now=now,
                    exclude=user,
                )
    except BaseException:
        discard(stored)
        raise
    return case


def case_comment(*, user: Any, case: Case, text: str, now: dt.datetime | None = None):
    """A remark on the case (the ``comment`` action: readers holding change)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    if not can(user, case, "comment"):
        raise PermissionDenied(_("You cannot comment on this case."))
    now = now or clock.now()
    with transaction.atomic():
        comment = CaseComment(case=case, author=user, text=text, at=now)
        comment.full_clean()
        comment.save()
        audit_record("casework.comment", obj=case, changes={"comment": comment.pk})
    return comment
