"""The working-day calendar: the ``chinesecalendar`` package, an administrator's schedule, and (when
provisional) the law's festivals for a year not known yet."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from datetime import date

from .errors import CalendarGap, ClockError
from .festivals import statutory_holidays

WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def _package_data():
    import chinese_calendar
    from chinese_calendar.constants import Holiday

    names = {h.value: h.chinese for h in Holiday}
    years = {d.year for d in chinese_calendar.holidays}
    return (frozenset(range(min(years), max(years) + 1)), chinese_calendar.holidays, chinese_calendar.workdays,
            names, chinese_calendar.__version__)


class WorkCalendar:
    """The official working-day calendar: ``chinesecalendar`` plus an administrator's overrides.

    ``overrides`` maps a date to ``True`` (a working day, e.g. a make-up Saturday) or ``False``
    (a day off, e.g. a holiday). ``covered_years`` are the years the overrides describe in full
    (every holiday and every make-up day of that year entered): only then does the calendar answer
    for a year the package does not know; in such a year a date not overridden is a working day
    from Monday to Friday. Overrides also correct the package within its own years.
    ``names`` optionally names override days ("春节", "国庆节") for the printed working.
    """

    def __init__(self, overrides: Mapping[date, bool] | None = None, covered_years: Iterable[int] = (),
                 names: Mapping[date, str] | None = None, *, provisional: bool = False) -> None:
        self._package_years, self._holidays, self._makeup, self._holiday_names, self.package_version = \
            _package_data()
        self.overrides: dict[date, bool] = {}
        for d, is_work in (overrides or {}).items():
            if isinstance(d, dt.datetime):
                d = d.date()
            if not isinstance(d, date):
                raise ClockError(f"日历调整的日期无效：{d!r}")
            self.overrides[d] = bool(is_work)
        self.covered_years = frozenset(int(y) for y in covered_years)
        self.names = dict(names or {})
        # provisional: a year not known is counted by the law's festivals (see is_provisional)
        self.provisional = bool(provisional)
        self._years: dict[int, list[int]] = {}  # year → sorted ordinals of its working days

    @classmethod
    def from_schedule(cls, data: Mapping, *, source: str | None = None) -> WorkCalendar:
        """A calendar from an entered schedule, e.g. read from JSON::

            {"years": [2027],
             "holidays": {"2027-01-01": "元旦", ...},     # days off (weekday holidays and 调休 rest days)
             "workdays": {"2027-02-06": "春节", ...}}      # make-up working days (调休上班)

        ``years`` are the years the schedule covers in full. Errors name ``source`` and the entry.
        """
        if not isinstance(data, Mapping):
            raise ClockError("节假日安排应为对象（含 years、holidays、workdays）", path=source)
        try:
            years = [int(y) for y in data.get("years", [])]
        except (TypeError, ValueError):
            raise ClockError(f"years 应为年份列表：{data.get('years')!r}", path=source) from None
        overrides: dict[date, bool] = {}
        names: dict[date, str] = {}
        for key, is_work in (("holidays", False), ("workdays", True)):
            entries = data.get(key, {}) or {}
            if isinstance(entries, list):
                entries = {d: None for d in entries}
            if not isinstance(entries, Mapping):
                raise ClockError(f"{key} 应为 日期→名称 的对象或日期列表", path=source)
            for text, name in entries.items():
                try:
                    d = date.fromisoformat(str(text))
                except ValueError:
                    raise ClockError(f"日期无效：{text!r}", path=source, where=key) from None
                if d in overrides and overrides[d] != is_work:
                    raise ClockError(f"{d.isoformat()} 同时列为休息日和工作日", path=source, where=key)
                overrides[d] = is_work
                if name:
                    names[d] = str(name)
        return cls(overrides=overrides, covered_years=years, names=names)

    def to_schedule(self) -> dict:
        """The administrator's entries in the form :meth:`from_schedule` reads."""
        return {
            "years": sorted(self.covered_years),
            "holidays": {d.isoformat(): self.names.get(d, "") for d in sorted(self.overrides) if not self.overrides[d]},
            "workdays": {d.isoformat(): self.names.get(d, "") for d in sorted(self.overrides) if self.overrides[d]},
        }

    # --- the calendar ---------------------------------------------------------------

    @property
    def known_years(self) -> frozenset[int]:
        return self._package_years | self.covered_years

    def is_known(self, year: int) -> bool:
        return year in self._package_years or year in self.covered_years

    def is_provisional(self, year: int) -> bool:
        """True when ``year`` is counted provisionally (not known; this calendar allows it)."""
        return self.provisional and not self.is_known(year)

    def missing_years(self, start: date, end: date | None = None) -> tuple[int, ...]:
        """The years from ``start`` to ``end`` (inclusive) whose official schedule is not known.

        A date counted from ``start`` to ``end`` is provisional exactly when this is not empty.
        """
        start = _as_date(start)
        end = _as_date(end) if end is not None else start
        return tuple(y for y in range(min(start.year, end.year), max(start.year, end.year) + 1)
                     if not self.is_known(y))

    def with_provisional(self, provisional: bool = True) -> WorkCalendar:
        """The same calendar, allowing (or refusing) provisional counting in unknown years."""
        if provisional == self.provisional:
            return self
        other = WorkCalendar(self.overrides, self.covered_years, self.names, provisional=provisional)
        return other

    def _check(self, d: date) -> None:
        if not self.is_known(d.year) and not self.provisional:
            raise CalendarGap(d.year, self.known_years)

    def is_workday(self, d: date) -> bool:
        d = _as_date(d)
        self._check(d)
        if d in self.overrides:
            return self.overrides[d]
        if d.year in self._package_years:
            return d in self._makeup or (d.weekday() < 5 and d not in self._holidays)
        if not self.is_known(d.year):  # provisional: weekends and the law's festivals
            return d.weekday() < 5 and d not in statutory_holidays(d.year)
        return d.weekday() < 5

    def day_note(self, d: date) -> str | None:
        """Why a day is what it is: "春节" (holiday), "调休上班（春节）", "周末", or None for a plain working day."""
        d = _as_date(d)
        work = self.is_workday(d)
        name = self.names.get(d)
        if name is None and d.year in self._package_years and d not in self.overrides:
            raw = self._makeup.get(d) or self._holidays.get(d)
            name = self._holiday_names.get(raw, raw) if raw else None
        if name is None and d not in self.overrides and self.is_provisional(d.year):
            name = statutory_holidays(d.year).get(d)
            if name:
                name += "（暂定）"
        weekend = d.weekday() >= 5
        if work:
            if weekend:
                return f"调休上班（{name}）" if name else "调休上班"
            return None
        if name:
            return name
        return "周末" if weekend else "休息日"

    def _year(self, year: int) -> list[int]:
        days = self._years.get(year)
        if days is None:
            if not self.is_known(year) and not self.provisional:
                raise CalendarGap(year, self.known_years)
            d, end, days = date(year, 1, 1), date(year, 12, 31), []
            while d <= end:
                if self.is_workday(d):
                    days.append(d.toordinal())
                d += dt.timedelta(days=1)
            self._years[year] = days
        return days

    # --- counting -------------------------------------------------------------------

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (``start`` itself never counts); ``start`` when n == 0."""
        start = _as_date(start)
        if n < 0:
            raise ClockError(f"工作日数不能为负数：{n}")
        if n == 0:
            return start
        year, ordinal = start.year, start.toordinal()
        days = self._year(year)
        pos = bisect.bisect_right(days, ordinal)
        while pos + n > len(days):
            n -= len(days) - pos
            year += 1
            days, pos = self._year(year), 0
        return date.fromordinal(days[pos + n - 1])

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall in (start, end] — after ``start``, up to and including ``end``."""
        start, end = _as_date(start), _as_date(end)
        if end <= start:
            return 0
        total = 0
        for year in range(start.year, end.year + 1):
            days = self._year(year)
            lo = bisect.bisect_right(days, start.toordinal()) if year == start.year else 0
            hi = bisect.bisect_right(days, end.toordinal()) if year == end.year else len(days)
            total += hi - lo
        return total

    def working_days_after(self, start: date, n: int) -> list[date]:
        """Working days 1..n after ``start``."""
        out, d = [], _as_date(start)
        for _ in range(n):
            d = self.add_working_days(d, 1)
            out.append(d)
        return out

    def next_working_day(self, d: date) -> date:
        return self.add_working_days(d, 1)

    def __repr__(self) -> str:
        return (f"WorkCalendar(package {min(self._package_years)}–{max(self._package_years)}, "
                f"covered={sorted(self.covered_years)}, overrides={len(self.overrides)})")


def _as_date(d) -> date:
    if isinstance(d, dt.datetime):
        return d.date()
    if isinstance(d, date):
        return d
    if isinstance(d, str):
        try:
            return date.fromisoformat(d)
        except ValueError:
            raise ClockError(f"日期无效：{d!r}（应为 YYYY-MM-DD）") from None
    raise ClockError(f"日期无效：{d!r}")


DEFAULT_CALENDAR = WorkCalendar()


def _cal(calendar: WorkCalendar | None) -> WorkCalendar:
    return DEFAULT_CALENDAR if calendar is None else calendar
