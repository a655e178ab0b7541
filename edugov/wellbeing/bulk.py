"""A whole campaign's sheets at once: a school that screened on paper, or another
platform's export, and the benchmark (bench/screening.py).

Two phases, like every import: every row is checked first (in the campaign's schools
and grades, not answered yet, consent under 14, every answer declared) and a single bad
row writes nothing; then the engine scores all sheets in one vectorised call, the
sheets go in by COPY, the counts by tier in one statement per school and tier, and each
红/橙 sheet opens its case through ``services.alert_open``, exactly as online.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from edugov.audit.services import audit_record
from edugov.casework.notify import Message, notify_many
from edugov.casework.services import PastCase, cases_bulk_load
from edugov.core import clock
from edugov.core.io.bulk import bulk_insert
from edugov.engines.screening import TIERS, assign, builtin, score
from edugov.students.models import Student, minor_cutoff

from . import config
from .casetypes import CASE, CRISIS
from .models import Campaign, CaseFile, Consent, Staffing, Submission, Tier, TierCount
from .services import _require, campaign_schools, subject_for


def sheets_store(
    *,
    user: Any,
    campaign: Campaign,
    sheets: Sequence[tuple[int, Mapping[str, Sequence[int]]]],
    now: dt.datetime | None = None,
) -> dict[str, int]:
    """Store ``sheets`` ((student id, {instrument: answers})) for ``campaign``; returns
    the count per tier. Raises ``ValidationError`` with "row N: …" messages."""
    _require(user, campaign, "change")
    now = now or clock.now()
    ids = [sid for sid, _a in sheets]
    students = {
        s.pk: s
        for s in Student.objects.filter(pk__in=ids).only("pk", "school_id", "grade", "birth_date")
    }
    schools = campaign_schools(campaign)
    answered = set(
        Submission.objects.filter(campaign=campaign, student_id__in=ids).values_list(
            "student_id", flat=True
        )
    )
    consented = set(
        Consent.objects.filter(campaign=campaign, student_id__in=ids).values_list(
            "student_id", flat=True
        )
    )
    cutoff = minor_cutoff(timezone.localdate(now))
    errors, seen = [], set()
    for n, (sid, _a) in enumerate(sheets, start=1):
        s = students.get(sid)
        if s is None or s.school_id not in schools or s.grade not in campaign.grades:
            errors.append(_("row %(n)s: the student is not in this campaign") % {"n": n})
        elif sid in answered or sid in seen:
            errors.append(_("row %(n)s: the student has answered already") % {"n": n})
        elif s.birth_date and s.birth_date > cutoff and sid not in consented:
            errors.append(_("row %(n)s: no guardian's consent (under 14)") % {"n": n})
        seen.add(sid)
    results = {}
    for code in campaign.instruments:
        inst = builtin(code)
        matrix = np.array(
            [list(a.get(code) or [-1] * len(inst.items)) for _s, a in sheets], dtype=np.int16
        ).reshape(-1, len(inst.items))
        results[code] = score(inst, matrix)
        for row in np.flatnonzero(~results[code].valid)[:20]:
            errors.append(_("row %(n)s: %(i)s is incomplete") % {"n": row + 1, "i": code})
    if errors:
        raise ValidationError(errors[:50])
    tiers = assign(config.tier_rules(), results)
    codes = list(campaign.instruments)
    flag_names = {c: [f"{c}:{f.code}" for f in results[c].instrument.flags] for c in codes}

    def rows():
        for i, (sid, answers) in enumerate(sheets):
            s = students[sid]
            flags = [
                name
                for c in codes
                for j, name in enumerate(flag_names[c])
                if results[c].flags[i, j]
            ]
            yield (
                campaign.pk,
                s.school_id,
                sid,
                s.grade,
                json.dumps({c: list(answers[c]) for c in codes}),
                json.dumps({c: int(results[c].totals[i]) for c in codes}),
                json.dumps(flags),
                TIERS[tiers[i]],
                now,
            )

    per_school = Counter(
        (students[sid].school_id, TIERS[tiers[i]]) for i, (sid, _a) in enumerate(sheets)
    )
    with transaction.atomic():
        bulk_insert(
            Submission,
            [
                "campaign",
                "school",
                "student",
                "grade",
                "answers",
                "totals",
                "flags",
                "tier",
                "submitted_at",
            ],
            rows(),
        )
        for (school_id, tier), n in per_school.items():
            TierCount.objects.filter(campaign=campaign, school_id=school_id, tier=tier).update(
                count=F("count") + n
            )
        alerts = list(
            Submission.objects.filter(
                campaign=campaign, student_id__in=ids, tier__in=[Tier.RED, Tier.ORANGE]
            ).select_related("school")
        )
        alerts_open(user=user, submissions=alerts, now=now)
        audit_record("wellbeing.sheets", obj=campaign, changes={"sheets": len(sheets)})
    return {t: int((tiers == i).sum()) for i, t in enumerate(TIERS)}


def alerts_open(*, user: Any, submissions: list[Submission], now: dt.datetime) -> list[CaseFile]:
    """The cases of many 红/橙 sheets at once: casework's bulk opening (numbers in
    blocks, no per-case statements), the files, and one ``notify_many`` for all of them —
    the same cases, files and readers told as ``services.alert_open`` one by one, which
    took ~0.2 s a case under load (1,600 alerts in a 50,000-sheet campaign)."""
    if not submissions:
        return []
    leads = {
        st.school_id: st.lead_counselor
        for st in Staffing.objects.filter(
            school_id__in={s.school_id for s in submissions}
        ).select_related("lead_counselor__unit")
    }
    files: list[CaseFile] = []
    messages: list[Message] = []
    for ct, crisis in ((CRISIS, True), (CASE, False)):
        subs = [s for s in submissions if (s.tier == Tier.RED) == crisis]
        if not subs:
            continue
        missing = [s.school.name for s in subs if leads.get(s.school_id) is None]
        if missing:
            raise ValidationError(
                _("These schools have no lead counselor to receive alerts: %(s)s")
                % {"s": "、".join(sorted(set(missing)))}
            )
        cases = cases_bulk_load(
            user=user,
            case_type=ct.code,
            cases=[
                PastCase(
                    title=str(ct.label),
                    unit=s.school,
                    opened_at=now,
                    opened_by=leads[s.school_id],
                    lead_unit=s.school,
                    school=s.school,
                )
                for s in subs
            ],
        )
        made = CaseFile.objects.bulk_create(
            [
                CaseFile(
                    case=case,
                    student_id=s.student_id,
                    school=s.school,
                    counselor=leads[s.school_id],
                    escalated=crisis,
                    tier=s.tier,
                    opened_at=now,
                )
                for case, s in zip(cases, subs, strict=True)
            ]
        )
        for s, f in zip(subs, made, strict=True):
            s.case_file = f
        Submission.objects.bulk_update(subs, ["case_file"], batch_size=1000)
        files.extend(made)
        messages.extend(Message(case, (), subject_for(ct, case), kind="open") for case in cases)
    notify_many(messages, now=now)
    return files
