"""The module's services: typed, keyword-only, each in one transaction with its audit.

Screening: ``campaign_create`` → ``codes_issue`` (the class teacher) → ``consent_record``
(under 14) → ``code_redeem`` / ``sheet_submit`` (the student, no account). A 红 sheet
opens a crisis case (``alert_open``) in the same transaction, so the counselor's inbox
shows it in the same request cycle. Cases: ``note_add``, ``referral_create``,
``file_escalate``, ``file_transfer``, ``file_close``, ``follow_up_schedule``; every
read of a case or a result is ``record_read``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.casework.notify import notify
from edugov.casework.services import case_move, case_open
from edugov.core import clock
from edugov.core.context import acting
from edugov.core.scoping import can
from edugov.engines.screening import TIERS, assign, builtin, score
from edugov.org.models import Unit
from edugov.students.models import Student, minor_cutoff

from . import config
from .casetypes import CASE, CRISIS
from .models import (
    AnswerCode,
    Campaign,
    CaseFile,
    CaseNote,
    Consent,
    Referral,
    Staffing,
    Submission,
    Tier,
    TierCount,
)

# Letters and digits a child cannot misread (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def _require(user: Any, obj: Any, action: str) -> None:
    if not can(user, obj, action):
        raise PermissionDenied(_("You cannot do this."))
    if isinstance(obj, CaseFile):
        # The case as stored now: an earlier move in this request returned a new copy.
        obj.case.refresh_from_db()


def _save(*, user: Any, obj: Any, event: str, action: str) -> Any:
    """Check, save and audit a plain row; re-check the scope inside the transaction."""
    obj.full_clean()
    creating = obj.pk is None
    with transaction.atomic():
        if creating and not can(user, obj, "add"):
            raise PermissionDenied(_("The result would lie outside your scope."))
        if not creating:
            _require(user, type(obj)._default_manager.get(pk=obj.pk), action)
        obj.save()
        _require(user, obj, "view")
        audit_record(event, obj=obj, changes={"created": creating})
    return obj


def staffing_save(*, user: Any, staffing: Staffing) -> Staffing:
    return _save(user=user, obj=staffing, event="wellbeing.staffing", action="change")


def hospital_save(*, user: Any, hospital: Any) -> Any:
    return _save(user=user, obj=hospital, event="wellbeing.hospital", action="change")


def center_save(*, user: Any, center: Any, staff: Iterable[Any] | None = None) -> Any:
    with transaction.atomic():
        center = _save(user=user, obj=center, event="wellbeing.center", action="change")
        if staff is not None:
            center.staff.set(list(staff))
    return center


# --- Screening ---------------------------------------------------------------------------


def _schools_under(unit: Unit) -> list[Unit]:
    if unit.kind == "school":
        return [unit]
    return list(Unit.objects.filter(path__startswith=unit.path, kind="school").order_by("path"))


def campaign_create(*, user: Any, campaign: Campaign, now: dt.datetime | None = None) -> Campaign:
    """Schedule a campaign for the organising unit's schools. Refused while a school has
    no lead counselor: a 红 sheet must reach someone the moment it is submitted."""
    now = now or clock.now()
    known = set(config.get("instruments"))
    if not campaign.instruments or not set(campaign.instruments) <= known:
        raise ValidationError({"instruments": _("Choose among: %(k)s") % {"k": "、".join(known)}})
    if not campaign.grades:
        raise ValidationError({"grades": _("Name at least one grade.")})
    if campaign.closes_on < campaign.opens_on:
        raise ValidationError({"closes_on": _("The campaign closes before it opens.")})
    campaign.created_by, campaign.created_at = user, now
    campaign.full_clean()
    # The schools taking part: those under the organiser with students in the grades
    # (a district's kindergartens take no part and need no counselor for it).
    enrolled = set(
        Student.objects.on_roll()
        .filter(school__path__startswith=campaign.unit.path, grade__in=campaign.grades)
        .values_list("school_id", flat=True)
        .distinct()
    )
    schools = [s for s in _schools_under(campaign.unit) if s.pk in enrolled]
    if not schools:
        raise ValidationError({"grades": _("No school here has students in these grades.")})
    led = set(
        Staffing.objects.filter(school__in=schools, lead_counselor__isnull=False).values_list(
            "school_id", flat=True
        )
    )
    missing = [s.name for s in schools if s.pk not in led]
    if missing:
        raise ValidationError(
            _("These schools have no lead counselor to receive alerts: %(s)s")
            % {"s": "、".join(missing[:10]) + ("…" if len(missing) > 10 else "")}
        )
    with transaction.atomic():
        if not can(user, campaign, "add"):
            raise PermissionDenied(_("The result would lie outside your scope."))
        campaign.save()
        TierCount.objects.bulk_create(
            [TierCount(campaign=campaign, school=s, tier=t) for s in schools for t in TIERS]
        )
        audit_record(
            "wellbeing.campaign",
            obj=campaign,
            changes={"schools": len(schools), "grades": campaign.grades},
        )
    return campaign


def digest(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def codes_issue(
    *,
    user: Any,
    campaign: Campaign,
    students: Iterable[Student],
    now: dt.datetime | None = None,
) -> list[tuple[Student, str]]:
    """One code per student (a new one replaces an unused one). The codes are returned
    once, to be handed out; only their digests are kept."""
    _require(user, campaign, "issue_codes")
    now = now or clock.now()
    students = list(students)
    visible = set(
        Student.objects.visible_to(user, "view")
        .filter(pk__in=[s.pk for s in students])
        .values_list("pk", flat=True)
    )
    schools = campaign_schools(campaign)
    out, rows = [], []
    expires = now + dt.timedelta(hours=config.get("code_hours"))
    for s in students:
        if s.pk not in visible or s.school_id not in schools or s.grade not in campaign.grades:
            raise ValidationError(_("A student is not in this campaign's schools and grades."))
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        rows.append(
            AnswerCode(
                campaign=campaign,
                school_id=s.school_id,
                student=s,
                digest=digest(code),
                issued_by=user,
                issued_at=now,
                expires_at=expires,
            )
        )
        out.append((s, code))
    with transaction.atomic():
        AnswerCode.objects.filter(
            campaign=campaign, student__in=students, used_at__isnull=True
        ).delete()
        AnswerCode.objects.bulk_create(rows)
        audit_record("wellbeing.codes", obj=campaign, changes={"codes": len(rows)})
    return out


def consent_record(*, user: Any, consent: Consent, now: dt.datetime | None = None) -> Consent:
    consent.school_id = consent.student.school_id
    consent.recorded_by, consent.recorded_at = user, now or clock.now()
    return _save(user=user, obj=consent, event="wellbeing.consent", action="change")


def code_redeem(*, code: str, now: dt.datetime | None = None) -> AnswerCode:
    """The code's row if it may answer now. One message for unknown, used and expired
    codes, so that trying codes teaches nothing."""
    now = now or clock.now()
    row = (
        AnswerCode.objects.select_related("campaign", "student")
        .filter(digest=digest(code or ""))
        .first()
    )
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise ValidationError(_("This code is not valid: it is unknown, used or expired."))
    today = timezone.localdate(now)
    if not (row.campaign.opens_on <= today <= row.campaign.closes_on):
        raise ValidationError(_("This screening is not open today."))
    birth = row.student.birth_date
    if (
        birth is not None
        and birth > minor_cutoff(today)
        and not Consent.objects.filter(campaign=row.campaign, student=row.student).exists()
    ):
        raise ValidationError(
            _("A guardian's consent is needed first. Please ask your class teacher.")
        )
    return row


def sheet_submit(
    *, code: str, answers: Mapping[str, list[int]], now: dt.datetime | None = None
) -> Submission:
    """Score and store one student's sheet; the code is spent in the same transaction.
    A 红 sheet opens a crisis case, a 橙 one a psychological case, at once."""
    now = now or clock.now()
    with transaction.atomic():
        row = code_redeem(code=code, now=now)
        row = AnswerCode.objects.select_for_update().get(pk=row.pk)
        if row.used_at is not None:  # spent by a concurrent request
            raise ValidationError(_("This code is not valid: it is unknown, used or expired."))
        campaign = row.campaign
        results, totals, flags = {}, {}, []
        for inst_code in campaign.instruments:
            inst = builtin(inst_code)
            sheet = answers.get(inst_code)
            result = score(inst, [sheet if sheet is not None else [None] * len(inst.items)])
            if not result.valid[0]:
                raise ValidationError(_("Please answer every question."))
            results[inst_code] = result
            totals[inst_code] = int(result.totals[0])
            flags.extend(f"{inst_code}:{f}" for f in result.flag_codes(0))
        tier = TIERS[int(assign(config.tier_rules(), results)[0])]
        submission = Submission.objects.create(
            campaign=campaign,
            school_id=row.school_id,
            student=row.student,
            grade=row.student.grade,
            answers={k: list(v) for k, v in answers.items() if k in campaign.instruments},
            totals=totals,
            flags=flags,
            tier=tier,
            submitted_at=now,
        )
        row.used_at = now
        row.save(update_fields=["used_at"])
        TierCount.objects.filter(campaign=campaign, school_id=row.school_id, tier=tier).update(
            count=F("count") + 1
        )
        # No result in the audit chain: the audit admin is not a reader.
        audit_record("wellbeing.submit", obj=submission, changes={"campaign": campaign.pk})
        if tier == Tier.RED:
            alert_open(submission=submission, crisis=True, now=now)
        elif tier == Tier.ORANGE:
            alert_open(submission=submission, crisis=False, now=now)
    return submission


def subject_for(ct: Any, case: Any) -> str:
    """The alert's notification: the type, the number and the response time; no name."""
    return _("%(type)s %(number)s: respond by %(due)s") % {
        "type": ct.label,
        "number": case.number,
        "due": timezone.localtime(case.deadline_at).strftime("%m-%d %H:%M")
        if case.deadline_at
        else "—",
    }


def campaign_schools(campaign: Campaign) -> set[int]:
    """The schools taking part: those with a count row (made at scheduling)."""
    return set(campaign.counts.values_list("school_id", flat=True).distinct())


def alert_open(*, submission: Submission, crisis: bool, now: dt.datetime) -> CaseFile:
    """Open the case a sheet calls for, in the school lead counselor's name (the sheet
    has no account behind it), file it, and tell its readers: the lead counselor and,
    for a crisis, the district center (inbox, e-mail and the robots naming the type)."""
    school = submission.school
    lead = Staffing.objects.get(school=school).lead_counselor
    if lead is None:
        raise ValidationError(_("The school has no lead counselor to receive the alert."))
    ct = CRISIS if crisis else CASE
    with acting(lead):
        case = case_open(
            user=lead,
            case_type=ct,
            title=str(ct.label),
            unit=school,
            lead_unit=school,
            school=school,
            now=now,
        )
        file = CaseFile.objects.create(
            case=case,
            student=submission.student,
            school=school,
            counselor=lead,
            escalated=crisis,
            tier=submission.tier,
            opened_at=now,
        )
        submission.case_file = file
        submission.save(update_fields=["case_file"])
        notify(case=case, units=(), subject=subject_for(ct, case), kind="open", now=now)
    return file


# --- Cases ---------------------------------------------------------------------------------


def record_read(*, user: Any, obj: Any) -> None:
    """Every read of a case or an individual result is an audit event (its kind and id,
    never its content)."""
    audit_record("wellbeing.read", obj=obj, changes={"reader": user.pk})


def note_add(
    *, user: Any, file: CaseFile, kind: str, text: str, now: dt.datetime | None = None
) -> CaseNote:
    """A 约谈 or follow-up note (encrypted). The first interview of an alert is its
    response (the casework move ``respond``, which stops the response clock)."""
    _require(user, file, "change")
    now = now or clock.now()
    note = CaseNote(case_file=file, kind=kind, text=(text or "").strip(), at=now, author=user)
    note.full_clean()
    with transaction.atomic():
        note.save()
        if file.case.state == "alert":
            case_move(user=user, case=file.case, transition="respond", now=now)
        audit_record("wellbeing.note", obj=file, changes={"note": note.pk, "kind": kind})
    return note


def referral_create(
    *, user: Any, file: CaseFile, hospital: Any, reason: str, now: dt.datetime | None = None
) -> Referral:
    _require(user, file, "change")
    now = now or clock.now()
    referral = Referral(
        case_file=file,
        hospital=hospital,
        reason=(reason or "").strip(),
        referred_on=timezone.localdate(now),
        by=user,
    )
    referral.full_clean()
    with transaction.atomic():
        if file.case.state == "alert":
            case_move(user=user, case=file.case, transition="respond", now=now)
        referral.save()
        case_move(user=user, case=file.case, transition="refer", now=now)
        audit_record("wellbeing.refer", obj=file, changes={"referral": referral.pk})
    return referral


def file_escalate(*, user: Any, file: CaseFile, now: dt.datetime | None = None) -> CaseFile:
    _require(user, file, "change")
    if file.escalated:
        raise ValidationError(_("The case is already with the district center."))
    now = now or clock.now()
    with transaction.atomic():
        case_move(user=user, case=file.case, transition="escalate", now=now)
        file.escalated = True
        file.save(update_fields=["escalated"])
        notify(
            case=file.case,
            units=(),
            subject=_("Escalated to the district center: %(n)s") % {"n": file.case.number},
            now=now,
            exclude=user,
        )
        audit_record("wellbeing.escalate", obj=file)
    return file


def file_transfer(
    *, user: Any, file: CaseFile, school: Unit, now: dt.datetime | None = None
) -> CaseFile:
    """The student changed school: the file, their results and the readers move to the
    new school, whose lead counselor follows the case. Made before the readers change,
    so the move is the old readers' own."""
    _require(user, file, "change")
    if school.kind != "school" or school.pk == file.school_id:
        raise ValidationError(_("Choose the student's new school."))
    staffing = Staffing.objects.filter(school=school, lead_counselor__isnull=False).first()
    if staffing is None:
        raise ValidationError(_("The new school has no lead counselor to take the case."))
    now = now or clock.now()
    with transaction.atomic():
        case_move(user=user, case=file.case, transition="transfer_school", now=now)
        old = file.school_id
        file.school, file.counselor = school, staffing.lead_counselor
        file.save(update_fields=["school", "counselor"])
        Submission.objects.filter(student=file.student, school_id=old).update(school=school)
        audit_record("wellbeing.transfer", obj=file, changes={"from": old, "to": school.pk})
        notify(
            case=file.case,
            units=(),
            subject=_("A case was handed over to your school: %(n)s") % {"n": file.case.number},
            now=now,
            exclude=user,
        )
    return file


def file_close(
    *, user: Any, file: CaseFile, outcome: str, now: dt.datetime | None = None
) -> CaseFile:
    _require(user, file, "change")
    with transaction.atomic():
        case_move(user=user, case=file.case, transition="close", outcome=outcome, now=now)
        audit_record("wellbeing.close", obj=file)
    return file


def follow_up_schedule(*, user: Any, file: CaseFile, on: dt.date) -> CaseFile:
    _require(user, file, "change")
    with transaction.atomic():
        file.next_follow_up = on
        file.save(update_fields=["next_follow_up"])
        audit_record("wellbeing.follow_up", obj=file, changes={"on": on.isoformat()})
    return file


# --- Appointments and the hotline ----------------------------------------------------------


def slot_save(*, user: Any, slot: Any) -> Any:
    return _save(user=user, obj=slot, event="wellbeing.slot", action="change")


def appointment_book(
    *, slot: Any, name: str, contact: str, who: str, topic: str = "", now: dt.datetime | None = None
) -> Any:
    """Book an open hour (a student or parent, no account): first come, first served,
    the slot locked while it is taken. The counselor alone reads who booked."""
    from .models import Appointment, Slot

    now = now or clock.now()
    with transaction.atomic():
        slot = Slot.objects.select_for_update().get(pk=slot.pk)
        if slot.starts_at <= now:
            raise ValidationError(_("This hour has passed."))
        if Appointment.objects.filter(slot=slot, cancelled_at__isnull=True).exists():
            raise ValidationError(_("This hour is taken; please choose another."))
        Appointment.objects.filter(slot=slot).delete()  # a cancelled booking frees it
        appointment = Appointment(
            slot=slot,
            name=name.strip(),
            contact=contact.strip(),
            who=who,
            topic=topic.strip(),
            booked_at=now,
        )
        appointment.full_clean()
        appointment.save()
        audit_record("wellbeing.book", obj=appointment, actor=None)
    return appointment


def call_record(*, user: Any, call: Any) -> Any:
    call.taken_by = user
    return _save(user=user, obj=call, event="wellbeing.call", action="change")
