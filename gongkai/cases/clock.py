"""The statutory clock of 依申请公开: working days and the reply deadline (no Django here).

Rules (《中华人民共和国政府信息公开条例》国务院令第711号):

* Working days skip weekends and statutory holidays and include the make-up working weekends
  (调休), from the ``chinesecalendar`` package plus the schedule an administrator enters for a
  year the package does not know yet. A date outside the known calendar raises
  :class:`CalendarGap` naming the missing year — never a silent weekday guess — unless the
  calendar is *provisional*: then that year's days off are the weekends plus the festivals of
  《全国年节及纪念日放假办法》第二条 and every date counted over it is provisional (暂定,
  :meth:`WorkCalendar.missing_years`).
* The day of receipt is not counted: day 1 is the first working day after it (Art. 31 receipt;
  Art. 33 "收到申请之日起20个工作日内").
* Reply due 20 working days after receipt (Art. 33 para 1); one extension of at most 20 working
  days (Art. 33 para 1, approved by the office head).
* 补正 (Art. 30): the notice within 7 working days of receipt; the 20 days start afresh from the
  day the supplement is received.
* Consultation of a third party or another agency (Arts. 32, 33 para 2, 34): that time is not
  counted. The clock stores the working days remaining when it is paused and resumes from them.
* Fees (国办函〔2020〕109号《政府信息公开信息处理费管理办法》): 20 working days to pay, counted from
  the day after the applicant receives the fee notice; the time from issuing the notice to the
  payment is not counted in the reply period — a pause like a consultation (see docs/fees.md for
  what of the text was verified).

Counting convention for a pause: ``pause(FROM)`` then ``resume(TO)`` excludes the days FROM to TO
inclusive; counting resumes on the first working day after TO with the days remaining at FROM.

API (stable; the platform stores ReplyClock's fields)::

    class CalendarGap(GongkaiError): year: int
    class ClockError(GongkaiError)
    STATUTORY_FESTIVALS, FESTIVAL_NAMES                      # 《全国年节及纪念日放假办法》第二条
    statutory_holidays(year) -> dict[date, str]              # the law's days off in year (lunar-python)
    class WorkCalendar:
        WorkCalendar(overrides: Mapping[date, bool] | None = None,
                     covered_years: Iterable[int] = (), names: Mapping[date, str] | None = None,
                     *, provisional: bool = False)   # provisional: an unknown year by the law, not refused
        .with_provisional(flag=True) -> WorkCalendar; .is_provisional(year) -> bool
        .missing_years(start, end=None) -> tuple[int, ...]   # unknown years a count crossed: provisional
        WorkCalendar.from_schedule({"years": [2027], "holidays": {...}, "workdays": {...}}, source=None)
        .to_schedule() -> dict; .overrides; .covered_years; .names; .package_version
        .known_years -> frozenset[int]; .is_known(year) -> bool
        .is_workday(d) -> bool; .day_note(d) -> str | None   # "春节", "调休上班（春节）", "周末"
        .add_working_days(start, n) -> date                  # the n-th working day after start
        .working_days_between(start, end) -> int             # working days in (start, end]
        .working_days_after(start, n) -> list[date]          # days 1..n after start
        .next_working_day(d) -> date                          # first working day after d
    DEFAULT_CALENDAR: WorkCalendar                            # package data only
    REPLY_DAYS = 20; MAX_EXTENSION = 20; CORRECTION_NOTICE_DAYS = 7
    CONSULTATION_DAYS = 15; FEE_PAYMENT_DAYS = 20
    @dataclass(frozen=True) class ReplyClock:
        received: date; due: date | None; remaining_at_pause: int | None = None
        paused_since: date | None = None; extended: int = 0; restarted_on: date | None = None
        ReplyClock.start(received, *, calendar=None) -> ReplyClock
        .counting_from -> date; .is_paused -> bool
        .pause(on, *, calendar=None) / .resume(on, *, calendar=None)
        .extend(days, *, on=None, calendar=None) / .restart(on, *, calendar=None)
        .due_date() -> date | None                            # None while paused
        .working_days_left(today, *, calendar=None) -> int    # negative when overdue
        .is_overdue(today) -> bool
        .to_dict() -> dict; ReplyClock.from_dict(d) -> ReplyClock
    correction_notice_deadline(received, *, calendar=None) -> date
    correction_window_closing(received, today, *, within=2, calendar=None) -> bool
    consultation_deadline(sent_received, *, calendar=None) -> date
    fee_payment_deadline(notice_received, *, calendar=None) -> date
    due_soon_cutoff(today, days=5, *, calendar=None) -> date
    schedule(received, *, extend=0, pauses=(), restart=None, calendar=None) -> Schedule
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from ..errors import GongkaiError

REPLY_DAYS = 20  # Art. 33 para 1
MAX_EXTENSION = 20  # Art. 33 para 1
CORRECTION_NOTICE_DAYS = 7  # Art. 30
CONSULTATION_DAYS = 15  # Arts. 32, 34
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号

WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


class ClockError(GongkaiError):
    """An operation the statutory clock does not allow (second extension, resume while running …)."""


class CalendarGap(ClockError):
    """A date falls in a year whose official holiday schedule is not known yet."""

    def __init__(self, year: int, known: Iterable[int] = ()) -> None:
        self.year = year
        span = f"已知 {_year_ranges(known)} 年" if known else "尚无已知年份"
        super().__init__(
            f"{year}年的法定节假日与调休安排尚未录入（{span}）：请管理员按国务院办公厅公布的{year}年"
            f"部分节假日安排录入后再计算期限 / the official holiday schedule for {year} is missing"
        )


def _year_ranges(years: Iterable[int]) -> str:
    """2004, 2005, …, 2026, 2028 → "2004—2026、2028"."""
    ys, parts = sorted(set(years)), []
    for y in ys:
        if parts and y == parts[-1][1] + 1:
            parts[-1][1] = y
        else:
            parts.append([y, y])
    return "、".join(f"{a}" if a == b else f"{a}—{b}" for a, b in parts)


# 《全国年节及纪念日放假办法》（2024年11月10日国务院决定修订，2025年1月1日起施行）第二条：
# 全体公民放假的节日。The provisional calendar of a year whose official schedule is not known yet
# is: weekends plus these days (make-up working weekends and Art. 6 补假 are set by each year's
# notice, so unknown until it is published).
STATUTORY_FESTIVALS: tuple[tuple[str, str], ...] = (
    ("元旦", "放假1天（1月1日）"),
    ("春节", "放假4天（农历除夕、正月初一至初三）"),
    ("清明节", "放假1天（农历清明当日）"),
    ("劳动节", "放假2天（5月1日、2日）"),
    ("端午节", "放假1天（农历端午当日）"),
    ("中秋节", "放假1天（农历中秋当日）"),
    ("国庆节", "放假3天（10月1日至3日）"),
)
FESTIVAL_NAMES = tuple(name for name, _ in STATUTORY_FESTIVALS)
_STATUTORY_MEMO: dict[int, dict[date, str]] = {}


def statutory_holidays(year: int) -> dict[date, str]:
    """The days off of 《全国年节及纪念日放假办法》 Art. 2 falling in ``year`` (date → festival).

    Lunar dates and the solar term 清明 from the ``lunar-python`` package. The 春节 days are those
    of the lunar year beginning in ``year`` (除夕 is the day before 正月初一, always in ``year``).
    """
    days = _STATUTORY_MEMO.get(year)
    if days is not None:
        return dict(days)
    if not 1901 <= year <= 2099:
        raise ClockError(f"无法推算{year}年的法定节假日（支持1901—2099年）")
    from lunar_python import Lunar

    def solar(lunar_year: int, month: int, day: int) -> date:
        s = Lunar.fromYmd(lunar_year, month, day).getSolar()
        return date(s.getYear(), s.getMonth(), s.getDay())

    new_year = solar(year, 1, 1)
    qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    days = {date(year, 1, 1): "元旦"}
    for i in range(-1, 3):
        days[new_year + dt.timedelta(days=i)] = "春节"
    days[date(qingming.getYear(), qingming.getMonth(), qingming.getDay())] = "清明节"
    days[date(year, 5, 1)] = days[date(year, 5, 2)] = "劳动节"
    days[solar(year, 5, 5)] = "端午节"
    days[solar(year, 8, 15)] = "中秋节"
    for d in (1, 2, 3):
        days.setdefault(date(year, 10, d), "国庆节")  # 中秋 may fall on 1—3 October
    _STATUTORY_MEMO[year] = days
    return dict(days)


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


# --- the reply clock -----------------------------------------------------------------

@dataclass(frozen=True)
class ReplyClock:
    """The reply deadline of one application, as a small value the platform stores field by field.

    ``received``: the day of receipt (Art. 31), not counted. ``due``: the last day to reply, or
    None while paused. ``remaining_at_pause``: working days left when the clock was paused
    (the paused day included). ``paused_since``: the first excluded day. ``extended``: working
    days of the one extension (0 = none). ``restarted_on``: the day the 补正 supplement was
    received, from which the 20 days started afresh.

    Every method returns a new clock; invalid steps raise :class:`ClockError`.
    """

    received: date
    due: date | None
    remaining_at_pause: int | None = None
    paused_since: date | None = None
    extended: int = 0
    restarted_on: date | None = None

    @classmethod
    def start(cls, received: date, *, calendar: WorkCalendar | None = None) -> ReplyClock:
        received = _as_date(received)
        return cls(received=received, due=_cal(calendar).add_working_days(received, REPLY_DAYS))

    @property
    def counting_from(self) -> date:
        """The day after which the current 20 days are counted (receipt, or the supplement's receipt)."""
        return self.restarted_on or self.received

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None

    def due_date(self) -> date | None:
        return None if self.is_paused else self.due

    def pause(self, on: date, *, calendar: WorkCalendar | None = None) -> ReplyClock:
        """Stop the clock from ``on`` (inclusive): consultation (Arts. 32, 34) or a fee notice."""
        on, cal = _as_date(on), _cal(calendar)
        if self.is_paused:
            raise ClockError(f"期限已于{self.paused_since.isoformat()}起中止计算，不能重复中止")
        if on < self.counting_from:
            raise ClockError(f"中止日期{on.isoformat()}早于起算日{self.counting_from.isoformat()}")
        assert self.due is not None
        if on > self.due:
            raise ClockError(f"答复期限已于{self.due.isoformat()}届满，{on.isoformat()}不能再中止计算")
        remaining = cal.working_days_between(max(on - dt.timedelta(days=1), self.counting_from), self.due)
        return replace(self, due=None, remaining_at_pause=remaining, paused_since=on)

    def resume(self, on: date, *, calendar: WorkCalendar | None = None) -> ReplyClock:
        """Restart counting after ``on`` (inclusive end of the pause) with the days remaining."""
        on, cal = _as_date(on), _cal(calendar)
        if not self.is_paused:
            raise ClockError("期限未中止，无需恢复计算")
        if on < self.paused_since:
            raise ClockError(f"恢复日期{on.isoformat()}早于中止日期{self.paused_since.isoformat()}")
        due = cal.add_working_days(on, self.remaining_at_pause or 0)
        return replace(self, due=due, remaining_at_pause=None, paused_since=None)

    def extend(self, days: int, *, on: date | None = None, calendar: WorkCalendar | None = None) -> ReplyClock:
        """The one extension of Art. 33 (at most 20 working days); ``extend(0)`` changes nothing."""
        if isinstance(days, bool) or not isinstance(days, int):
            raise ClockError(f"延长的工作日数应为整数：{days!r}")
        if days == 0:
            return self
        if not 1 <= days <= MAX_EXTENSION:
            raise ClockError(f"延长答复期限最长不得超过{MAX_EXTENSION}个工作日（条例第三十三条），"
                             f"不能延长{days}个工作日")
        if self.extended:
            raise ClockError(f"答复期限已延长过一次（{self.extended}个工作日），不能再次延长")
        if self.is_paused:
            return replace(self, remaining_at_pause=self.remaining_at_pause + days, extended=days)
        assert self.due is not None
        if on is not None and _as_date(on) > self.due:
            raise ClockError(f"答复期限已于{self.due.isoformat()}届满，延期应在届满前决定")
        return replace(self, due=_cal(calendar).add_working_days(self.due, days), extended=days)

    def restart(self, on: date, *, calendar: WorkCalendar | None = None) -> ReplyClock:
        """补正 received on ``on``: the 20 days start afresh after it (Art. 30); pause and extension cleared."""
        on = _as_date(on)
        if on < self.received:
            raise ClockError(f"补正日期{on.isoformat()}早于收到申请日{self.received.isoformat()}")
        return ReplyClock(received=self.received, due=_cal(calendar).add_working_days(on, REPLY_DAYS),
                          restarted_on=on)

    def working_days_left(self, today: date, *, calendar: WorkCalendar | None = None) -> int:
        """Working days left after ``today`` (0 on the due date; negative: working days overdue)."""
        if self.is_paused:
            return self.remaining_at_pause or 0
        today, cal = _as_date(today), _cal(calendar)
        assert self.due is not None
        if today <= self.due:
            return cal.working_days_between(today, self.due)
        return -cal.working_days_between(self.due, today)

    def is_overdue(self, today: date) -> bool:
        return not self.is_paused and _as_date(today) > self.due

    def to_dict(self) -> dict:
        return {
            "received": self.received.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "remaining_at_pause": self.remaining_at_pause,
            "paused_since": self.paused_since.isoformat() if self.paused_since else None,
            "extended": self.extended,
            "restarted_on": self.restarted_on.isoformat() if self.restarted_on else None,
        }

    @classmethod
    def from_dict(cls, d: Mapping) -> ReplyClock:
        def opt(v):
            return _as_date(v) if v else None

        return cls(received=_as_date(d["received"]), due=opt(d.get("due")),
                   remaining_at_pause=d.get("remaining_at_pause"), paused_since=opt(d.get("paused_since")),
                   extended=int(d.get("extended") or 0), restarted_on=opt(d.get("restarted_on")))


# --- the other periods -------------------------------------------------------------------

def correction_notice_deadline(received: date, *, calendar: WorkCalendar | None = None) -> date:
    """Last day to send the one-time 补正 notice: the 7th working day after receipt (Art. 30)."""
    return _cal(calendar).add_working_days(_as_date(received), CORRECTION_NOTICE_DAYS)


def correction_window_closing(received: date, today: date, *, within: int = 2,
                              calendar: WorkCalendar | None = None) -> bool:
    """True when the 补正 window is still open on ``today`` and closes within ``within`` working days.

    On the last day itself (0 working days left) the window is closing; after it, it is closed (False).
    """
    cal = _cal(calendar)
    last, today = correction_notice_deadline(received, calendar=cal), _as_date(today)
    return today <= last and cal.working_days_between(today, last) <= within


def consultation_deadline(sent_received: date, *, calendar: WorkCalendar | None = None) -> date:
    """Last day for the consulted third party or agency: 15 working days after it receives the letter."""
    return _cal(calendar).add_working_days(_as_date(sent_received), CONSULTATION_DAYS)


def fee_payment_deadline(notice_received: date, *, calendar: WorkCalendar | None = None) -> date:
    """Last day to pay: 20 working days after the applicant receives the fee notice (国办函〔2020〕109号)."""
    return _cal(calendar).add_working_days(_as_date(notice_received), FEE_PAYMENT_DAYS)


def due_soon_cutoff(today: date, days: int = 5, *, calendar: WorkCalendar | None = None) -> date:
    """Due dates on or before this day are "due within ``days`` working days" on ``today``."""
    return _cal(calendar).add_working_days(_as_date(today), days)


# --- a whole schedule, for the CLI and for checking by hand ----------------------------

@dataclass(frozen=True)
class Schedule:
    """The days counted towards a reply deadline, for printing the arithmetic."""

    received: date
    counting_from: date
    due: date
    counted: tuple[date, ...]  # every working day counted, in order; counted[-1] == due
    excluded: tuple[tuple[date, date], ...] = field(default=())  # pauses, inclusive
    extend: int = 0


def schedule(received: date, *, extend: int = 0, pauses: Sequence[tuple[date, date]] = (),
             restart: date | None = None, calendar: WorkCalendar | None = None) -> Schedule:
    """Count the 20 (+ ``extend``) working days one by one, skipping ``pauses`` (inclusive ranges).

    Independent of :class:`ReplyClock` (which stores only its current state) and checked against it.
    """
    cal = _cal(calendar)
    received = _as_date(received)
    start = _as_date(restart) if restart else received
    if start < received:
        raise ClockError(f"补正日期{start.isoformat()}早于收到申请日{received.isoformat()}")
    if isinstance(extend, bool) or not isinstance(extend, int) or not 0 <= extend <= MAX_EXTENSION:
        raise ClockError(f"延长答复期限最长不得超过{MAX_EXTENSION}个工作日（条例第三十三条），不能延长{extend}个工作日")
    ranges = []
    for a, b in pauses:
        a, b = _as_date(a), _as_date(b)
        if b < a:
            raise ClockError(f"中止期间{a.isoformat()}:{b.isoformat()}的结束日早于开始日")
        if a < start:
            raise ClockError(f"中止期间{a.isoformat()}:{b.isoformat()}早于起算日{start.isoformat()}")
        ranges.append((a, b))
    ranges.sort()
    for (_a1, b1), (a2, b2) in zip(ranges, ranges[1:], strict=False):
        if a2 <= b1:
            raise ClockError(f"中止期间重叠：{a2.isoformat()}:{b2.isoformat()}")
    need, counted, d = REPLY_DAYS + extend, [], start
    while len(counted) < need:
        d = cal.add_working_days(d, 1)
        if any(a <= d <= b for a, b in ranges):
            continue
        counted.append(d)
    for a, b in ranges:
        if a > counted[-1]:
            raise ClockError(f"中止期间{a.isoformat()}:{b.isoformat()}开始于期限届满（{counted[-1].isoformat()}）之后")
    return Schedule(received=received, counting_from=start, due=counted[-1], counted=tuple(counted),
                    excluded=tuple(ranges), extend=extend)
