"""Deadline rules written as data: "5 个工作日", "15 个自然日", "3 个月", "24 小时".

A case type stores the text; :meth:`DeadlineRule.parse` reads it and
:meth:`DeadlineRule.due` turns a start moment into the moment the deadline expires.
Semantics (docs/engines/workdays.md):

- ``workday``: the end (23:59:59) of the N-th working day after the start's date;
- ``day``: the end of the start's date + N days;
- ``month``: the end of the same day of the month N months later, clamped to the month's
  last day (01-31 + 1 个月 → 02-28 or 02-29);
- ``hour``: the start + N hours exactly.

A natural-day or month deadline that falls on a day off stays there unless the rule says
"（遇节假日顺延）" (``roll=True``); then it moves to the next working day.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .days import DEFAULT, Calendar

WORKDAY, DAY, MONTH, HOUR = "workday", "day", "month", "hour"
UNITS = (WORKDAY, DAY, MONTH, HOUR)
MAX_AMOUNT = 9999  # beyond that a month rule leaves the years a date can hold
ROLL_TEXT = "（遇节假日顺延）"
_UNIT_TEXT = {WORKDAY: "个工作日", DAY: "个自然日", MONTH: "个月", HOUR: "小时"}
_UNIT_OF_WORD = {
    "个工作日": WORKDAY,
    "工作日": WORKDAY,
    "个自然日": DAY,
    "自然日": DAY,
    "日": DAY,
    "天": DAY,
    "个月": MONTH,
    "小时": HOUR,
    "个小时": HOUR,
}
# After NFKC the full-width digits and brackets are ASCII. "内" is how the rule is
# usually written in a notice ("5 个工作日内") and changes nothing.
_RULE = re.compile(
    r"(?P<amount>\d+)\s*"
    r"(?P<unit>个工作日|工作日|个自然日|自然日|个小时|小时|个月|日|天)"
    r"\s*内?\s*"
    r"(?P<roll>\(\s*遇(?:法定)?节假日顺延\s*\))?"
)
_END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True)
class DeadlineRule:
    """``amount`` units after a start; ``roll`` moves a day/month deadline off a day off."""

    amount: int
    unit: str  # "workday" | "day" | "month" | "hour"
    roll: bool = False

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"期限单位应为 {'、'.join(UNITS)} 之一，收到 {self.unit!r}")
        if (
            isinstance(self.amount, bool)
            or not isinstance(self.amount, int)
            or not 1 <= self.amount <= MAX_AMOUNT
        ):
            raise ValueError(f"期限数应为 1–{MAX_AMOUNT} 的整数，收到 {self.amount!r}")
        if self.roll and self.unit not in (DAY, MONTH):
            # A working-day deadline is on a working day already; an hour clock (a crisis
            # case) must not wait for the holiday to end.
            raise ValueError("“遇节假日顺延”只适用于自然日和月的期限")

    @classmethod
    def parse(cls, text: str) -> DeadlineRule:
        """Read "5 个工作日", "15 日", "3 个月（遇节假日顺延）", "24 小时" and the like."""
        if not isinstance(text, str):
            raise ValueError(f"期限应为文字，收到 {text!r}")
        m = _RULE.fullmatch(unicodedata.normalize("NFKC", text).strip())
        if m is None:
            raise ValueError(
                f"无法识别的期限“{text}”：应写作“5 个工作日”“15 个自然日”“15 日”“3 个月”"
                f"“24 小时”之一，自然日和月的期限可加“{ROLL_TEXT}”"
            )
        return cls(
            amount=int(m["amount"]),
            unit=_UNIT_OF_WORD[m["unit"]],
            roll=m["roll"] is not None,
        )

    def __str__(self) -> str:
        return f"{self.amount} {_UNIT_TEXT[self.unit]}{ROLL_TEXT if self.roll else ''}"

    def due(self, start: datetime, calendar: Calendar | None = None) -> datetime:
        """The moment the deadline expires, in ``start``'s time zone (naive stays naive).

        Working-day rules, and rolled ones, use ``calendar`` (the national one by default)
        and raise :class:`~.days.UnknownYear` for a year it does not know; plain
        natural-day, month and hour rules never consult it.
        """
        if not isinstance(start, datetime):
            raise ValueError(f"起算时间应为 datetime（含时刻），收到 {start!r}")
        cal = DEFAULT if calendar is None else calendar
        if self.unit == HOUR:
            # Aware arithmetic is wall-clock in Python; China has had no daylight saving
            # time since 1991, so wall-clock and elapsed hours agree there.
            return start + timedelta(hours=self.amount)
        if self.unit == WORKDAY:
            day = cal.add_workdays(start.date(), self.amount)
        else:
            if self.unit == DAY:
                day = start.date() + timedelta(days=self.amount)
            else:
                day = add_months(start.date(), self.amount)
            if self.roll:
                day = cal.next_workday(day)
        return datetime.combine(day, _END_OF_DAY, tzinfo=start.tzinfo)


def add_months(d: date, n: int) -> date:
    """The same day of the month ``n`` months later, clamped to that month's last day."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    if year > date.max.year:
        raise ValueError(f"{d.isoformat()} 之后 {n} 个月超出可表示的日期范围")
    return date(year, month, min(d.day, monthrange(year, month)[1]))
