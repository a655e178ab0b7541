"""The demo: the real plan, tasks for departments and districts, six months of reports,
laggards with open 督办单 — deterministic and idempotent."""

from collections import Counter

from edugov.core.context import acting
from edugov.workplan import demo
from edugov.workplan.models import Plan, ProgressReport, Task
from edugov.workplan.selectors import task_rows
from edugov.workplan.services import notices
from edugov.workplan.status import Status


def test_the_demo_loads_a_believable_plan_once(cast, duban):
    with acting(None):
        line = demo.load_demo()
    assert "28 points" in line and f"{len(demo.TASKS)} tasks" in line
    plan = Plan.objects.get()
    assert plan.status_date == demo.FROZEN_ON
    months = set(ProgressReport.objects.values_list("period_start__month", flat=True))
    assert months == {3, 4, 5, 6, 7, 8}
    rows = task_rows(
        Task.objects.select_related("point__area__plan", "lead_unit"), reader=cast.city_admin
    )
    counts = Counter(r.status for r in rows)
    assert counts[Status.LAGGING] >= 4 and counts[Status.ON_TRACK] >= 15
    assert counts[Status.DONE] == 3 and counts[Status.REPORT_MISSING] == 2
    open_notices = notices().filter(is_open=True)
    assert open_notices.count() >= 3
    assert notices().filter(state="closed").count() == 1
    lagging = {r.task.pk for r in rows if r.status == Status.LAGGING}
    assert set(open_notices.values_list("subject_id", flat=True)) <= lagging
    before = (Task.objects.count(), ProgressReport.objects.count())
    with acting(None):
        assert "already" in demo.load_demo()
    assert (Task.objects.count(), ProgressReport.objects.count()) == before
