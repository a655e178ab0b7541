"""The data migration that moves the old 督办单 (SupervisionNotice rows) onto casework:
migrate back to the state before it, write notices as the old code did, migrate forward,
and find each as a case with its number, dates, state, texts and timeline."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from edugov.casework.models import Case, CaseCounter, EscalationNotice
from edugov.core.context import acting
from edugov.workplan.services import notice_issue, notices_of
from edugov.workplan.status import Status

from .conftest import dept

BEFORE = [("workplan", "0002_one_open_notice_one_confirmed_doc_number")]
AFTER = [("workplan", "0003_notices_become_casework_cases")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_every_notice_becomes_a_duban_case_with_its_history(cast, tasks, duban):
    office = dept("办公室")
    try:
        old = migrate(BEFORE)
        Notice = old.get_model("workplan", "SupervisionNotice")
        common = {"year": 2023, "reason": "进度滞后", "issued_by_id": duban.pk}
        Notice.objects.create(  # unanswered, escalated to the leadership
            number="督办〔2023〕1号",
            seq=1,
            task_id=tasks["shared"].pk,
            issuing_unit_id=dept("督导室").pk,
            issued_on=dt.date(2023, 7, 10),
            response_due=dt.date(2023, 7, 17),
            escalation=2,
            **common,
        )
        Notice.objects.create(  # answered late, struck off
            number="督办〔2023〕2号",
            seq=2,
            task_id=tasks["donghu"].pk,
            issuing_unit_id=office.pk,
            issued_on=dt.date(2023, 7, 11),
            response_due=dt.date(2023, 7, 18),
            status="closed",
            measures="成立专班",
            new_due_date=dt.date(2023, 9, 30),
            responded_by_id=cast.donghu_officer.pk,
            responded_on=dt.date(2023, 7, 20),
            closed_by_id=duban.pk,
            closed_on=dt.date(2023, 7, 25),
            close_comment="已核实",
            **common,
        )
        Notice.objects.create(  # the bureau's own old series: its 1号 meets the 督导室's
            number="南昌市教育局督办〔2023〕1号",
            seq=1,
            task_id=tasks["jinxian"].pk,
            issuing_unit_id=cast.city.pk,
            issued_on=dt.date(2023, 7, 12),
            response_due=dt.date(2023, 7, 19),
            status="responded",
            measures="加快进度",
            responded_by_id=cast.city_admin.pk,
            responded_on=dt.date(2023, 7, 19),
            **common,
        )
        migrate(AFTER)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    cases = {c.number: c for c in Case.objects.filter(case_type="duban")}
    assert set(cases) == {"督办〔2023〕1号", "督办〔2023〕2号", "南昌市教育局督办〔2023〕1号"}
    first, second, bureau = (
        cases["督办〔2023〕1号"],
        cases["督办〔2023〕2号"],
        cases["南昌市教育局督办〔2023〕1号"],
    )
    # Parties: the bureau's series, the task's units, the issuing unit supervises.
    assert first.unit == cast.city and first.supervising_unit == dept("督导室")
    assert first.lead_unit == dept("学前教育科") and list(first.co_units.all()) == [cast.donghu]
    assert first.subject == tasks["shared"] and first.subject_label == "新建公办幼儿园"
    assert first.description == "进度滞后" and first.opened_by == duban
    # Open, escalated: the level kept, the deadline and the next rung for the scan.
    assert first.state == "issued" and first.is_open and first.escalation == 2
    assert first.due_at.date() == dt.date(2023, 7, 17) == first.deadline_at.date()
    assert first.next_escalation_at.date() == dt.date(2023, 7, 30)  # 13 days after
    assert EscalationNotice.objects.filter(case=first, level=2).exists()
    assert list(first.timeline.values_list("kind", "move")) == [
        ("open", ""),
        ("escalation", "escalation:2"),
    ]
    # Answered two days late and struck off: 办结 dates, the texts, the whole timeline.
    assert second.state == "closed" and not second.is_open
    assert second.on_time is False and second.outcome == "成立专班"
    assert second.closed_at.date() == dt.date(2023, 7, 20)
    assert second.attrs["new_due_date"] == "2023-09-30" and second.deadline_at is None
    steps = list(second.timeline.values_list("move", "actor__username", "reason"))
    assert steps == [
        ("", duban.username, ""),
        ("respond", cast.donghu_officer.username, "成立专班"),
        ("close", duban.username, "已核实"),
    ]
    assert second.working_days == 7  # 7-12 … 7-20: the working days after the issue day
    # The bureau's own 1号: same series now, so the next free sequence; number as printed.
    assert bureau.unit == cast.city and bureau.seq == 3 and bureau.on_time is True
    assert bureau.state == "responded" and bureau.deadline_at is None
    assert bureau.attrs["migrated_from"] and "new_due_date" not in bureau.attrs
    # The series goes on after the highest migrated sequence; one open notice per task.
    assert CaseCounter.objects.get(case_type="duban", year=2023, unit=cast.city).last == 3
    with acting(duban):
        fresh = notice_issue(
            task=tasks["donghu"],
            user=duban,
            status=Status.LAGGING,
            reason="仍滞后",
            response_due=dt.date(2023, 8, 20),
            today=dt.date(2023, 8, 10),
        )
    assert fresh.number == "督办〔2023〕4号"
    assert notices_of(tasks["shared"]).filter(is_open=True).count() == 1
