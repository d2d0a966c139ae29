"""The dates the platform counts with: today, and the working calendar.

:func:`today` is the one place the platform asks for the date: every caller goes through this module
(``dates.today()``), so a test that sets the date patches ``gongkai.cases.models.dates.today`` once.

:func:`work_calendar` is the official calendar with the administrators' holiday schedule
(:mod:`.holiday_schedule`); :mod:`gongkai.cases.clock` does the arithmetic.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from .. import clock
from .holiday_schedule import ScheduleDay, ScheduleYear


def today() -> dt.date:
    return timezone.localdate()


_CALENDAR_MEMO: dict = {}
CALENDAR_TTL = 60.0  # seconds a process reuses the calendar before re-reading the schedule


def work_calendar() -> clock.WorkCalendar:
    """The official calendar with the administrators' schedule (:class:`ScheduleDay`, :class:`ScheduleYear`).

    Provisional: a year with neither the package's nor an entered schedule is counted by the
    festivals of 《全国年节及纪念日放假办法》 (see :func:`provisional_years`), never refused.

    Re-read at most every ``CALENDAR_TTL`` seconds, and at once in this process when the schedule
    is edited (other processes see the edit within the TTL).
    """
    import time

    now = time.monotonic()
    memo = _CALENDAR_MEMO.get("cal")
    if memo is not None and now - memo[0] < CALENDAR_TTL:
        return memo[1]
    days = list(ScheduleDay.objects.order_by("date").values_list("date", "is_workday", "note"))
    years = list(ScheduleYear.objects.order_by("year").values_list("year", flat=True))
    cal = clock.WorkCalendar(overrides={d: w for d, w, _ in days}, covered_years=years,
                             names={d: n for d, _, n in days if n}, provisional=True)
    _CALENDAR_MEMO["cal"] = (now, cal)
    return cal


def forget_calendar(**kwargs) -> None:
    """Drop the memoised calendar (connected to saves of the schedule)."""
    _CALENDAR_MEMO.clear()


def provisional_years(start: dt.date | None, end: dt.date | None = None) -> tuple[int, ...]:
    """The years whose official schedule is missing from ``start`` to ``end``: a date counted over
    them is provisional (暂定) until the schedule is entered. Empty when ``start`` is None."""
    if start is None:
        return ()
    return work_calendar().missing_years(start, end or start)


def provisional_note(years) -> str:
    """"暂定：2027年节假日安排尚未录入，按法定节日推算" for the years a date depends on, "" for none."""
    if not years:
        return ""
    return "暂定：" + "、".join(f"{y}年" for y in years) + "节假日安排尚未录入，按法定节日推算"


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The date ``n`` working days after ``start`` (``start`` itself not counted)."""
    return work_calendar().add_working_days(start, n)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    return work_calendar().working_days_between(start, end)


# An edit of the schedule drops this process's memo at once.
models.signals.post_save.connect(forget_calendar, sender=ScheduleDay)
models.signals.post_save.connect(forget_calendar, sender=ScheduleYear)
models.signals.post_delete.connect(forget_calendar, sender=ScheduleDay)
models.signals.post_delete.connect(forget_calendar, sender=ScheduleYear)
