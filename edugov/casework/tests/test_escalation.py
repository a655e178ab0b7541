"""Overdue and escalation, on a frozen clock: the ladder, and nothing sent twice."""

from __future__ import annotations

import pytest
import time_machine
from django.core.management import call_command

from edugov.casework.escalation import scan
from edugov.casework.models import Case, CaseTransition, EntryKind, EscalationNotice, Notification
from edugov.conftest import make_user

from .conftest import at, move

pytestmark = pytest.mark.django_db

# The handling fixture's case: due at the end of 2023-10-08 (a make-up Sunday).
DUE = at(2023, 10, 8, 23, 59, 59)


@pytest.fixture
def late(cast, handling):
    """A 进贤县 officer too, so that every unit field has someone to tell."""
    make_user("jinxian_officer", "district_staff", cast.jinxian)
    return handling


def notes(level: int) -> list[str]:
    return sorted(
        Notification.objects.filter(kind="escalation", level=level).values_list(
            "recipient__username", flat=True
        )
    )


def test_the_next_escalation_moment_is_stored_with_the_deadline(late):
    assert late.deadline_at == DUE
    # The reminder: one working day before, at the same time of day (10-07 is a make-up day).
    assert late.next_escalation_at == at(2023, 10, 7, 23, 59, 59)


def test_the_ladder_reminds_then_escalates_then_briefs(cast, late, duban):
    assert scan(at(2023, 10, 7, 12, 0)).escalated == 0  # not yet
    result = scan(at(2023, 10, 8, 8, 0))
    assert result.escalated == 1
    assert notes(1) == ["donghu_admin"]  # the lead unit is reminded
    late.refresh_from_db()
    assert late.escalation == 1
    # 约谈: 3 working days after 10-08 → end of 10-11.
    assert late.next_escalation_at == at(2023, 10, 11, 23, 59, 59)
    scan(at(2023, 10, 12, 9, 0))
    assert notes(2) == sorted(["donghu_admin", duban.username])
    scan(at(2023, 10, 23, 9, 0))  # 10 working days after 10-08 → end of 10-20
    # The owning unit (the city: its admin, not the 三员 without casework) and the 督导室.
    assert notes(3) == sorted(["city_admin", duban.username])
    late.refresh_from_db()
    assert late.escalation == 3 and late.next_escalation_at is None
    labels = [s.display_label for s in late.timeline.filter(kind=EntryKind.ESCALATION)]
    assert labels == ["提醒", "约谈", "通报"]


def test_running_the_scan_twice_sends_nothing_twice(late):
    when = at(2023, 10, 12, 9, 0)
    with time_machine.travel(when, tick=False):
        first = scan(when)
        second = scan(when)
    assert first.escalated == 1 and second.escalated == 0
    # Found two levels up at once: only the highest is announced; both are recorded.
    assert notes(1) == [] and len(notes(2)) == 2
    assert EscalationNotice.objects.filter(case=late).count() == 2
    total = Notification.objects.count()
    # Even with the case's schedule forced back (a crash between the two writes, a
    # second scan running at once), the recorded levels are not sent again.
    Case.objects.filter(pk=late.pk).update(escalation=0, next_escalation_at=at(2023, 10, 1))
    scan(when)
    assert Notification.objects.count() == total
    assert CaseTransition.objects.filter(case=late, kind=EntryKind.ESCALATION).count() == 1


def test_the_command_runs_the_scan_on_the_platforms_clock(late, settings, capsys):
    settings.EDUGOV_TODAY = None
    with time_machine.travel(at(2023, 10, 12, 9, 0), tick=False):
        call_command("casework_scan")
        call_command("casework_scan")
    out = capsys.readouterr().out
    assert "escalated 1" in out and "escalated 0" in out
    assert len(notes(2)) == 2


def test_the_task_runs_the_scan(late, settings):
    from edugov.casework.tasks import scan_task

    settings.EDUGOV_TODAY = None
    with time_machine.travel(at(2023, 10, 12, 9, 0), tick=False):
        result = scan_task.enqueue()
    assert result.return_value["escalated"] == 1


def test_an_approved_extension_starts_the_ladder_again(cast, late, duban):
    scan(at(2023, 10, 12, 9, 0))
    late.refresh_from_db()
    assert late.escalation == 2
    move(
        late,
        cast.donghu_officer,
        "extend",
        now=at(2023, 10, 12, 10, 0),
        until="2023-10-27",
        reason="需现场调查",
    )
    move(late, duban, "approve_extension", now=at(2023, 10, 12, 11, 0))
    late.refresh_from_db()
    assert late.escalation == 0 and late.deadline_at == at(2023, 10, 27, 23, 59, 59)
    assert late.next_escalation_at == at(2023, 10, 26, 23, 59, 59)
    assert scan(at(2023, 10, 13, 9, 0)).escalated == 0


def test_a_closed_case_is_not_chased(cast, late):
    from .conftest import pdf

    move(
        late,
        cast.donghu_officer,
        "answer",
        now=at(2023, 10, 7, 9, 0),
        outcome="已办",
        files=[pdf()],
    )
    late.refresh_from_db()
    assert late.deadline_at is None and late.next_escalation_at is None
    assert scan(at(2023, 11, 1, 9, 0)).escalated == 0


def test_a_deadline_in_a_year_the_calendar_does_not_know_waits_and_is_logged(late, caplog):
    Case.objects.filter(pk=late.pk).update(
        deadline_at=at(2099, 3, 2, 23, 59, 59), next_escalation_at=at(2023, 10, 1)
    )
    result = scan(at(2023, 10, 12, 9, 0))
    assert result.skipped == 1 and result.escalated == 0
    assert "2099" in caplog.text
    assert not Notification.objects.filter(kind="escalation").exists()
