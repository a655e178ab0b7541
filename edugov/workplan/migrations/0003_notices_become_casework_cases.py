"""The work plan's 督办单 move onto casework (issue 16 §3): every SupervisionNotice becomes
a case of the type ``duban``, then the model goes. One loop, not two.

What each notice becomes (``workplan.casetypes`` declares the type):

- number, year and sequence kept as printed; the series is the bureau's (a department
  issues in its bureau's series: ``unit`` is the department's parent), so the counter of
  each (year, bureau) continues after the highest migrated number. A bureau's own old
  notices were numbered in a series of their own ("南昌市教育局督办〔2023〕1号"); where that
  sequence is already taken in the joined series, the case gets the next free sequence
  and keeps its printed number.
- parties: 主办 = the task's lead unit, 协办 = its co-operating units, 督办 = the issuing
  unit; the subject is the task.
- dates: issued, answered and struck off at noon (the old rows hold dates, not times);
  the deadline is the response date at 23:59:59, as casework counts a date deadline.
- the answer is the case's 办结: outcome = measures, on time when answered by the
  response date, working days on the national calendar (the city's own adjustments are
  not consulted in a migration); the new completion date in ``attrs``.
- the timeline: the opening, the answer, the 销号, and the escalation level reached (at
  the moment that level fell due, the nearest the old row allows: it kept the level,
  not when it was reached).
- ``attrs["migrated_from"]`` keeps the old row's id, which the audit events written
  before the move name (object_type ``workplan.supervisionnotice``).

The old table is then dropped: nothing reads or writes it any more. Going back
recreates the empty table and leaves the cases as they are (they may have moved on
since; converting them back would lose their newer steps).
"""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import migrations, models

# The type's ladder when this migration was written (hours/days after the deadline).
LADDER = ((1, "Overdue: reminded", dt.timedelta(hours=1)),
          (2, "Escalated to the bureau leadership", dt.timedelta(days=6)),
          (3, "Named in the bureau's briefing", dt.timedelta(days=13)))
STATE = {"issued": "issued", "responded": "responded", "closed": "closed"}


def _noon(day, tz):
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=tz)


def _end(day, tz):
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=tz)


def _working_days(a, b):
    try:
        from edugov.engines.workdays import workdays_between

        return workdays_between(a, b)
    except Exception:  # a year the national calendar does not know: left empty
        return None


def forwards(apps, schema_editor):
    Notice = apps.get_model("workplan", "SupervisionNotice")
    Case = apps.get_model("casework", "Case")
    CaseCounter = apps.get_model("casework", "CaseCounter")
    CaseTransition = apps.get_model("casework", "CaseTransition")
    EscalationNotice = apps.get_model("casework", "EscalationNotice")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Notice.objects.exists():
        return
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    task_type, _ = ContentType.objects.get_or_create(app_label="workplan", model="task")
    notices = Notice.objects.select_related(
        "task", "task__lead_unit", "issuing_unit", "issued_by"
    ).order_by("year", "seq", "pk")
    # Department notices first: they were the bureau's series and keep their sequence.
    ordered = sorted(notices, key=lambda n: (n.issuing_unit.kind != "department", n.year, n.seq, n.pk))
    taken = set()
    for n in ordered:
        issuing = n.issuing_unit
        unit_id = (
            issuing.parent_id
            if issuing.kind == "department" and issuing.parent_id
            else issuing.pk
        )
        seq = n.seq
        if (n.year, unit_id, seq) in taken:
            seq = max(s for (y, u, s) in taken if (y, u) == (n.year, unit_id)) + 1
        taken.add((n.year, unit_id, seq))
        opened = _noon(n.issued_on, tz)
        due = _end(n.response_due, tz)
        responded = _noon(n.responded_on, tz) if n.responded_on else None
        closed = _noon(n.closed_on, tz) if n.closed_on else None
        state = STATE[n.status]
        is_open = state != "closed"
        level = n.escalation if state == "issued" else 0
        deadline = due if state == "issued" else None
        next_at = None
        if deadline is not None:
            later = [deadline + after for lv, _l, after in LADDER if lv > level]
            next_at = min(later) if later else None
        attrs = {"response_due": n.response_due.isoformat(), "migrated_from": n.pk}
        if n.new_due_date:
            attrs["new_due_date"] = n.new_due_date.isoformat()
        entered = closed or responded or opened
        case = Case.objects.create(
            case_type="duban",
            number=n.number,
            year=n.year,
            seq=seq,
            unit_id=unit_id,
            title=n.task.title[:200],
            description=n.reason,
            state=state,
            is_open=is_open,
            lead_unit_id=n.task.lead_unit_id,
            supervising_unit_id=issuing.pk,
            subject_type=task_type,
            subject_id=n.task_id,
            subject_label=n.task.title[:200],
            opened_by_id=n.issued_by_id,
            opened_at=opened,
            clock_started_at=opened,
            due_at=due,
            state_entered_at=entered,
            deadline_at=deadline,
            closed_at=responded,
            working_days=_working_days(n.issued_on, n.responded_on) if n.responded_on else None,
            on_time=(n.responded_on <= n.response_due) if n.responded_on else None,
            escalation=level,
            next_escalation_at=next_at,
            outcome=n.measures,
            attrs=attrs,
        )
        case.co_units.set(list(n.task.co_units.all()))
        CaseTransition.objects.create(
            case=case, kind="open", to_state="issued", actor_id=n.issued_by_id,
            actor_unit_id=issuing.pk, at=opened,
        )
        if n.escalation:
            lv, label, after = LADDER[n.escalation - 1]
            reached = due + after
            EscalationNotice.objects.create(case=case, level=lv, deadline_at=due, at=reached)
            CaseTransition.objects.create(
                case=case, kind="escalation", move=f"escalation:{lv}", label=label,
                from_state="issued", to_state="issued",
                data={"level": lv, "deadline": due.isoformat()}, at=reached,
            )
        if responded is not None:
            data = {"outcome": n.measures}
            if n.new_due_date:
                data["new_due_date"] = n.new_due_date.isoformat()
            CaseTransition.objects.create(
                case=case, kind="move", move="respond", label="Respond",
                from_state="issued", to_state="responded", actor_id=n.responded_by_id,
                reason=n.measures, data=data, at=responded,
            )
        if closed is not None:
            CaseTransition.objects.create(
                case=case, kind="move", move="close", label="Close (销号)",
                from_state="responded", to_state="closed", actor_id=n.closed_by_id,
                actor_unit_id=issuing.pk, reason=n.close_comment, data={}, at=closed,
            )
    for year, unit_id, seq in taken:
        counter, _ = CaseCounter.objects.get_or_create(
            case_type="duban", year=year, unit_id=unit_id, defaults={"last": 0}
        )
        if counter.last < seq:
            counter.last = seq
            counter.save(update_fields=["last"])


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("workplan", "0002_one_open_notice_one_confirmed_doc_number"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
        migrations.DeleteModel(name="SupervisionNotice"),
        migrations.AlterModelOptions(
            name="task",
            options={
                "default_permissions": ("add", "change", "delete", "view", "export"),
                "ordering": ["point__number", "pk"],
                "permissions": [
                    ("supervise_task", "Can issue supervision notices (督办单) on tasks")
                ],
                "verbose_name": "task",
                "verbose_name_plural": "tasks",
            },
        ),
    ]
