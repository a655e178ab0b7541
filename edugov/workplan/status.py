"""Task status, computed — never typed — from dates, reports and KPI values.

Pure functions over plain values (no database), so every rule is unit-tested with a
given ``today``. The selectors gather the facts for many tasks in a fixed number of
queries and call ``task_status`` for each.

Rules (defaults from the issue; the threshold and the KPI check are per plan):
- 已销号 when the task was verified and struck off; 已完成 when done;
- 逾期 when past its due date and not done;
- 未开始 before its start date (nothing reported yet);
- 未报送 when the report of the last period whose deadline has passed is missing;
- 滞后 when the reported percent trails the time-proportional expectation by more than
  ``lag_points``, or a KPI not yet at its target is below its straight line from
  baseline to target;
- 正常推进 otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    LAGGING = "lagging", _("Lagging")
    OVERDUE = "overdue", _("Overdue")
    REPORT_MISSING = "report_missing", _("Report missing")
    DONE = "done", _("Completed")
    CLOSED = "closed", _("Closed (销号)")


class Rag(models.TextChoices):
    RED = "red", _("Red")
    AMBER = "amber", _("Amber")
    GREEN = "green", _("Green")


# Where a 督办单 may be issued (issue §5: lagging or overdue tasks).
SUPERVISABLE = {Status.LAGGING, Status.OVERDUE}
# Which statuses count against a roll-up.
TROUBLE = {Status.LAGGING, Status.OVERDUE, Status.REPORT_MISSING}


@dataclass(frozen=True)
class Cycle:
    """Reporting periods of ``months`` months aligned on January; each report is due on
    ``deadline_day`` of the month after its period ends."""

    months: int = 1
    deadline_day: int = 5

    def period_start(self, day: dt.date) -> dt.date:
        month = ((day.month - 1) // self.months) * self.months + 1
        return dt.date(day.year, month, 1)

    def next_start(self, start: dt.date) -> dt.date:
        month = start.month - 1 + self.months
        return dt.date(start.year + month // 12, month % 12 + 1, 1)

    def deadline(self, start: dt.date) -> dt.date:
        return self.next_start(start).replace(day=self.deadline_day)

    def last_due_period(self, today: dt.date) -> dt.date:
        """The latest period whose report deadline has passed on ``today``."""
        start = self.period_start(today)
        while self.deadline(start) >= today:
            start = self._previous(start)
        return start

    def _previous(self, start: dt.date) -> dt.date:
        month = start.month - 1 - self.months
        return dt.date(start.year + month // 12, month % 12 + 1, 1)

    def periods(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """Period starts from the one holding ``first`` to the one holding ``last``."""
        out, start = [], self.period_start(first)
        while start <= last:
            out.append(start)
            start = self.next_start(start)
        return out


@dataclass(frozen=True)
class Rule:
    lag_points: int = 15
    kpi_trajectory: bool = True


@dataclass(frozen=True)
class KpiFacts:
    """A KPI's line: from ``baseline`` on ``start`` to ``target`` on ``target_date``."""

    comparator: str
    baseline: Decimal
    target: Decimal
    start: dt.date
    target_date: dt.date
    actual: Decimal | None
    whole: bool = False  # a count (个, 所 …): its figures are stated as whole numbers


@dataclass
class TaskFacts:
    start: dt.date
    due: dt.date
    done: bool = False
    closed: bool = False
    percent: int | None = None  # latest reported percent (returned reports excluded)
    reported_periods: set[dt.date] = field(default_factory=set)
    kpis: Sequence[KpiFacts] = ()


@dataclass(frozen=True)
class Verdict:
    status: Status
    expected_percent: int | None = None
    reasons: tuple[str, ...] = ()


def expected_percent(start: dt.date, due: dt.date, today: dt.date) -> int:
    """Share of the task's time elapsed on ``today``: the straight-line expectation."""
    if today <= start:
        return 0
    if today >= due:
        return 100
    return round(100 * (today - start).days / max((due - start).days, 1))


def kpi_expected(k: KpiFacts, today: dt.date) -> Decimal:
    span = (k.target_date - k.start).days
    if span <= 0 or today >= k.target_date:
        return k.target
    elapsed = max((today - k.start).days, 0)
    return k.baseline + (k.target - k.baseline) * Decimal(elapsed) / Decimal(span)


@dataclass(frozen=True)
class Comparator:
    """What a KPI's comparator asks of its value: more (≥, >), less (≤, <) or exactly
    the target (=)."""

    symbol: str
    wants: str  # "more", "less" or "exact"
    strict: bool = False


# One table for every place a KPI is judged: the status rules, the gauge's green band,
# the home page's target card and the .docx all read it through ``kpi_verdict`` (issue
# 15: a "≤" KPI above its line was reported 低于进度线, "=" gauges were coloured as "≥").
COMPARATORS = {
    c.symbol: c
    for c in (
        Comparator("≥", "more"),
        Comparator(">", "more", strict=True),
        Comparator("=", "exact"),
        Comparator("≤", "less"),
        Comparator("<", "less", strict=True),
    )
}


def comparator_of(symbol: str) -> Comparator:
    return COMPARATORS.get(symbol, COMPARATORS["≥"])


def stated(value: Decimal, whole: bool = False) -> Decimal:
    """A figure as the pages state it: a count whole (4.9 个 is 5 个), any other figure to
    two decimals. "=" is met when the stated figures are equal; a count is judged on its
    whole figure against every comparator, so "22 所（≥22 所）" is never 未达标."""
    return value.quantize(Decimal(1) if whole else Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class KpiVerdict:
    """Where a KPI stands against its target (``met``, or the side it is off on) and
    against its straight line on a day (``behind``), with the words every page uses."""

    comparator: Comparator
    has_value: bool
    met: bool
    side: str  # "" when met or without a value; else "below", "above" or "at" (< or >)
    behind: bool
    expected: Decimal | None
    progress: int | None  # 0–100 from the baseline towards the target
    actual: Decimal | None = None
    whole: bool = False
    falls: bool = False  # the value must fall to its target (≤, <, or "=" below the baseline)

    @property
    def label(self) -> str:
        """达标 / 低于目标 / 高于目标 / 恰为目标值，未达标 / 暂无数据."""
        if not self.has_value:
            return str(_("no data"))
        if self.met:
            return str(_("Target met"))
        if self.side == "at":  # "< 20" or "> 20" at exactly 20
            return str(_("At the target, not past it"))
        return str(_("Above target") if self.side == "above" else _("Below target"))

    @property
    def reason(self) -> str:
        """Why the task lags for this KPI, naming the side of the line it is on: a "≤"
        KPI lags above its line (指标 12% 高于进度线 10%)."""
        if not self.behind:
            return ""
        msg = (
            _("KPI %(actual)s above its trajectory %(expected)s")
            if self.falls
            else _("KPI %(actual)s below its trajectory %(expected)s")
        )
        return str(msg) % {
            "actual": _short(self.actual, self.whole),
            "expected": _short(self.expected, self.whole),
        }


def kpi_verdict(k: KpiFacts, today: dt.date) -> KpiVerdict:
    """The one judgement of a KPI: met or not under its comparator, on which side of the
    target, behind its straight line from baseline to target on ``today`` or not, and
    its progress. Without a value nothing is judged."""
    c = comparator_of(k.comparator)
    # Which way the value must move from the baseline: "=" towards its target.
    falls = c.wants == "less" or (c.wants == "exact" and k.target < k.baseline)
    if k.actual is None:
        return KpiVerdict(c, False, False, "", False, None, None, None, k.whole, falls)
    if k.whole or c.wants == "exact":
        value, target = stated(k.actual, k.whole), stated(k.target, k.whole)
    else:
        value, target = k.actual, k.target
    met = {
        "more": value > target if c.strict else value >= target,
        "less": value < target if c.strict else value <= target,
        "exact": value == target,
    }[c.wants]
    side = "" if met else "above" if value > target else "below" if value < target else "at"
    expected = kpi_expected(k, today)
    # A KPI that meets its target is on track for that KPI, whatever its line says
    # ("24 所 ≥ 22" was 滞后 when the baseline was above the target; issue 15, defect 4).
    # A count is set against its line as stated ("指标 5 低于进度线 5" cannot be).
    line = stated(expected, True) if k.whole else expected
    behind = not met and (value > line if falls else value < line)
    span = k.baseline - k.target if falls else k.target - k.baseline
    done = k.baseline - value if falls else value - k.baseline
    if met:
        progress = 100
    elif span <= 0:
        progress = 0
    else:
        progress = max(0, min(100, round(100 * done / span)))
    return KpiVerdict(c, True, met, side, behind, expected, progress, k.actual, k.whole, falls)


def task_status(
    facts: TaskFacts, *, today: dt.date, rule: Rule = Rule(), cycle: Cycle = Cycle()
) -> Verdict:
    """The task's status on ``today`` and, for 滞后, the reasons."""
    if facts.closed:
        return Verdict(Status.CLOSED)
    if facts.done:
        return Verdict(Status.DONE, 100)
    expected = expected_percent(facts.start, facts.due, today)
    if today > facts.due:
        return Verdict(Status.OVERDUE, expected, (str(_("past the due date")),))
    if today < facts.start and not facts.percent:
        return Verdict(Status.NOT_STARTED, 0)
    due_period = cycle.last_due_period(today)
    if due_period >= cycle.period_start(facts.start) and due_period not in facts.reported_periods:
        return Verdict(
            Status.REPORT_MISSING,
            expected,
            (str(_("no report for %(period)s")) % {"period": due_period.strftime("%Y-%m")},),
        )
    reasons = []
    if (facts.percent or 0) < expected - rule.lag_points:
        reasons.append(
            str(_("%(actual)s%% done, %(expected)s%% expected"))
            % {"actual": facts.percent or 0, "expected": expected}
        )
    if rule.kpi_trajectory:
        for k in facts.kpis:
            judged = kpi_verdict(k, today)
            if judged.behind:
                reasons.append(judged.reason)
    if reasons:
        return Verdict(Status.LAGGING, expected, tuple(reasons))
    return Verdict(Status.ON_TRACK, expected)


def _short(value: Decimal | None, whole: bool = False) -> str:
    if value is None:
        return ""
    if whole:  # "4.9 个" cannot be: the same whole figure as the pages show
        return f"{value.quantize(Decimal(1), rounding=ROUND_HALF_UP):f}"
    return f"{value.quantize(Decimal('0.01')).normalize():f}"


def roll_up(statuses: Iterable[Status]) -> tuple[Rag, Counter]:
    """Red/amber/green for a point, area or plan from its tasks' statuses.

    Red: anything overdue, or more than a quarter of the open tasks lagging or overdue.
    Amber: any task lagging or with a report missing. Green: everything else (incl. no
    tasks). A missing report alone is amber: counted into red, it made an area 红 beside
    "0 lagging, 0 overdue" (issue 15, defect 4), and it is not a task's progress.
    """
    counts = Counter(statuses)
    open_tasks = sum(n for s, n in counts.items() if s not in (Status.DONE, Status.CLOSED))
    behind = sum(counts[s] for s in SUPERVISABLE)
    trouble = sum(counts[s] for s in TROUBLE)
    if counts[Status.OVERDUE] or (open_tasks and behind * 4 > open_tasks):
        return Rag.RED, counts
    if trouble:
        return Rag.AMBER, counts
    return Rag.GREEN, counts
