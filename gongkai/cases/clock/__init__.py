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

Modules, one concept each: :mod:`.errors`, :mod:`.festivals` (the law's days off), :mod:`.work_calendar`
(:class:`WorkCalendar`), :mod:`.periods` (the statutory periods and their deadlines), :mod:`.reply_clock`
(:class:`ReplyClock`) and :mod:`.reply_schedule` (:func:`schedule`, the day-by-day count).
"""

from __future__ import annotations

from .errors import CalendarGap, ClockError, _year_ranges
from .festivals import FESTIVAL_NAMES, STATUTORY_FESTIVALS, statutory_holidays
from .periods import (
    CONSULTATION_DAYS,
    CORRECTION_NOTICE_DAYS,
    FEE_PAYMENT_DAYS,
    MAX_EXTENSION,
    REPLY_DAYS,
    consultation_deadline,
    correction_notice_deadline,
    correction_window_closing,
    due_soon_cutoff,
    fee_payment_deadline,
)
from .reply_clock import ReplyClock
from .reply_schedule import Schedule, schedule
from .work_calendar import DEFAULT_CALENDAR, WEEKDAYS_ZH, WorkCalendar, _as_date, _cal

# Private helpers other modules use (``clock._year_ranges`` on the schedule page).
_ = (_as_date, _cal, _year_ranges)

__all__ = [
    "CONSULTATION_DAYS", "CORRECTION_NOTICE_DAYS", "DEFAULT_CALENDAR", "FEE_PAYMENT_DAYS", "FESTIVAL_NAMES",
    "MAX_EXTENSION", "REPLY_DAYS", "STATUTORY_FESTIVALS", "WEEKDAYS_ZH",
    "CalendarGap", "ClockError", "ReplyClock", "Schedule", "WorkCalendar",
    "consultation_deadline", "correction_notice_deadline", "correction_window_closing", "due_soon_cutoff",
    "fee_payment_deadline", "schedule", "statutory_holidays",
]
