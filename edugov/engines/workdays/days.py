"""Working days in mainland China: statutory holidays, make-up workdays (调休) and local days.

The national arrangement comes from the ``chinese-calendar`` package, which follows the
State Council's yearly notice (国务院办公厅关于20XX年部分节假日安排的通知). A bureau adds its
own announcements on top: a typhoon or snow day off, a local make-up day. A date that
neither source knows is refused with :class:`UnknownYear`: guessing "Monday to Friday"
for a year whose notice is not out would put deadlines on days the offices are closed.

Every calendar is one table over whole years, one byte per day plus two running counts,
so ``add_workdays`` and ``workdays_between`` are two binary searches whatever ``n`` is.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import accumulate

import chinese_calendar

_OFF, _WORK, _UNKNOWN = 0, 1, 2


@dataclass(frozen=True)
class _Package:
    """What chinese-calendar knows: its first and last year and one state byte per day."""

    first: int
    last: int
    state: bytes  # from January 1 of ``first``


@cache
def _package() -> _Package:
    # The years are those the package's own API accepts: it raises NotImplementedError
    # outside them (its rule today is min..max year of its holiday table, but we ask it
    # rather than re-deriving that rule, so a change in its rule cannot go unnoticed).
    holidays = chinese_calendar.holidays
    workdays = chinese_calendar.workdays
    seen = {d.year for d in holidays} | {d.year for d in workdays}
    covered = [y for y in range(min(seen) - 1, max(seen) + 2) if _package_accepts(y)]
    if not covered or covered != list(range(covered[0], covered[-1] + 1)):
        raise RuntimeError(f"chinese-calendar covers no contiguous years: {covered}")
    first, last = covered[0], covered[-1]
    base = date(first, 1, 1).toordinal()
    state = bytearray(date(last, 12, 31).toordinal() + 1 - base)
    for i in range(len(state)):
        d = date.fromordinal(base + i)
        # chinese-calendar's definition (its is_workday, which costs ~40 µs a call): a
        # listed make-up day works, a listed holiday does not, otherwise Monday to Friday.
        # The tests compare this table with chinese_calendar.is_workday on every day.
        if d in workdays:
            state[i] = _WORK
        elif d in holidays:
            state[i] = _OFF
        else:
            state[i] = _WORK if d.weekday() < 5 else _OFF
    return _Package(first=first, last=last, state=bytes(state))


def _package_accepts(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
        chinese_calendar.is_workday(date(year, 12, 31))
    except NotImplementedError:
        return False
    return True


def package_years() -> tuple[int, int]:
    """First and last year whose national arrangement the installed chinese-calendar holds."""
    p = _package()
    return p.first, p.last


class UnknownYear(ValueError):
    """A date in a year whose holiday arrangement is not known, neither nationally nor locally."""

    def __init__(self, year: int) -> None:
        self.year = year
        first, last = package_years()
        super().__init__(
            f"{year} 年的节假日安排尚未收录（当前收录 {first}–{last} 年），"
            "不能按星期推算工作日。国务院办公厅公布该年节假日安排后请升级 chinese-calendar；"
            "升级之前，可把该年的放假日和调休上班日作为本地安排录入，并声明该年已录入。"
        )


# Local entries outside these years are typing mistakes (0202 for 2022), and each year
# costs table space for every calendar built.
LOCAL_YEARS = (1900, 2100)


def _as_date(value: object, what: str) -> date:
    if not isinstance(value, date):
        raise ValueError(f"{what}应为日期，收到 {value!r}")
    # A datetime is a date too; only its day counts here.
    return date(value.year, value.month, value.day)


def _local_date(value: object, what: str) -> date:
    d = _as_date(value, what)
    if not LOCAL_YEARS[0] <= d.year <= LOCAL_YEARS[1]:
        raise ValueError(
            f"{what} {d.isoformat()} 的年份不在 {LOCAL_YEARS[0]}–{LOCAL_YEARS[1]} 之间"
        )
    return d


class Calendar:
    """The working days of one jurisdiction: the national arrangement plus local ones.

    ``extra_holidays`` are local days off (a typhoon day), ``extra_workdays`` local
    make-up days; both win over the national arrangement. ``extra_years`` declares years
    whose arrangement has been entered by hand in the two lists (the State Council's notice
    is out but the installed chinese-calendar does not have it yet): their other days then
    follow the weekday rule. Without that declaration a year the package does not cover
    stays unknown, except for the listed days themselves.

    Dates are refused with :class:`UnknownYear` when the answer depends on an unknown day:
    every day from the start to the end of a computation, both included, must be known.
    """

    def __init__(
        self,
        extra_holidays: Iterable[date] = (),
        extra_workdays: Iterable[date] = (),
        *,
        extra_years: Iterable[int] = (),
    ) -> None:
        off = {_local_date(d, "本地放假日").toordinal() for d in extra_holidays}
        on = {_local_date(d, "本地调休上班日").toordinal() for d in extra_workdays}
        both = sorted(off & on)
        if both:
            days = "、".join(date.fromordinal(o).isoformat() for o in both)
            raise ValueError(f"{days} 同时列为本地放假日和本地调休上班日")
        years = set()
        for y in extra_years:
            if (
                isinstance(y, bool)
                or not isinstance(y, int)
                or not LOCAL_YEARS[0] <= y <= LOCAL_YEARS[1]
            ):
                raise ValueError(
                    f"声明已录入的年份应为 {LOCAL_YEARS[0]}–{LOCAL_YEARS[1]} 之间的整数，收到 {y!r}"
                )
            years.add(y)
        self.extra_holidays = frozenset(date.fromordinal(o) for o in off)
        self.extra_workdays = frozenset(date.fromordinal(o) for o in on)
        self.extra_years = frozenset(years)

        pkg = _package()
        local_years = {date.fromordinal(o).year for o in off | on} | years
        first = min({pkg.first} | local_years)
        last = max({pkg.last} | local_years)
        self._base = date(first, 1, 1).toordinal()
        self._end = date(last, 12, 31).toordinal() + 1  # one past the table's last day
        state = bytearray([_UNKNOWN]) * (self._end - self._base)
        for y in years:
            start = date(y, 1, 1).toordinal()
            for o in range(start, date(y, 12, 31).toordinal() + 1):
                # date.weekday() of an ordinal: ordinal 1 (0001-01-01) was a Monday.
                state[o - self._base] = _WORK if (o - 1) % 7 < 5 else _OFF
        at = date(pkg.first, 1, 1).toordinal() - self._base
        state[at : at + len(pkg.state)] = pkg.state  # national data wins over the weekday rule
        for o in off:
            state[o - self._base] = _OFF
        for o in on:
            state[o - self._base] = _WORK
        self._state = bytes(state)
        # _work[i] / _unknown[i]: working / unknown days among the first i days of the table.
        self._work = [0, *accumulate(s == _WORK for s in state)]
        self._unknown = [0, *accumulate(s == _UNKNOWN for s in state)]

    @property
    def known_years(self) -> tuple[int, ...]:
        """The years in which every day is known (national data or a declared local year)."""
        first, last = package_years()
        return tuple(sorted(set(range(first, last + 1)) | self.extra_years))

    # -- internals --------------------------------------------------------------------

    def _index(self, d: date) -> int:
        if not isinstance(d, date):
            raise ValueError(f"参数应为日期，收到 {d!r}")
        return d.toordinal() - self._base

    def _require_known(self, lo: int, hi: int) -> None:
        """Raise UnknownYear for the first unknown day among table indices lo..hi."""
        size = len(self._state)
        if lo < 0 or lo >= size:
            raise UnknownYear(date.fromordinal(self._base + lo).year)
        top = min(hi, size - 1)
        if self._unknown[top + 1] > self._unknown[lo]:
            first = bisect_right(self._unknown, self._unknown[lo], lo) - 1
            raise UnknownYear(date.fromordinal(self._base + first).year)
        if hi >= size:
            raise UnknownYear(date.fromordinal(self._end).year)

    # -- public API -------------------------------------------------------------------

    def is_workday(self, d: date) -> bool:
        """Whether ``d`` is a working day; UnknownYear if nothing says what ``d`` is."""
        i = self._index(d)
        self._require_known(i, i)
        return self._state[i] == _WORK

    def add_workdays(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (``d`` itself is not counted).

        ``n == 0`` gives ``d`` when it is a working day, else the next working day.
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"工作日天数应为非负整数，收到 {n!r}")
        i = self._index(d)
        self._require_known(i, i)
        # The answer is the first index j >= i whose running count reaches the target.
        target = self._work[i] + 1 if n == 0 else self._work[i + 1] + n
        k = bisect_left(self._work, target, i + 1)
        if k >= len(self._work):
            self._require_known(i, len(self._state))  # raises: the answer is past the table
        j = k - 1
        self._require_known(i, j)
        return date.fromordinal(self._base + j)

    def next_workday(self, d: date) -> date:
        """``d`` if it is a working day, otherwise the first working day after it."""
        return self.add_workdays(d, 0)

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: after ``a``, up to and including ``b``; negative if b < a."""
        ia, ib = self._index(a), self._index(b)
        if ib < ia:
            return -self.workdays_between(b, a)
        self._require_known(ia, ib)
        return self._work[ib + 1] - self._work[ia + 1]


DEFAULT = Calendar()


def add_workdays(d: date, n: int, calendar: Calendar | None = None) -> date:
    """:meth:`Calendar.add_workdays` on ``calendar`` (the national calendar by default)."""
    return (DEFAULT if calendar is None else calendar).add_workdays(d, n)


def workdays_between(a: date, b: date, calendar: Calendar | None = None) -> int:
    """:meth:`Calendar.workdays_between` on ``calendar`` (the national calendar by default)."""
    return (DEFAULT if calendar is None else calendar).workdays_between(a, b)


def next_workday(d: date, calendar: Calendar | None = None) -> date:
    """:meth:`Calendar.next_workday` on ``calendar`` (the national calendar by default)."""
    return (DEFAULT if calendar is None else calendar).next_workday(d)
