"""A whole reply schedule counted day by day, for the CLI and for checking :class:`~.reply_clock.ReplyClock`
by hand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from .errors import ClockError
from .periods import MAX_EXTENSION, REPLY_DAYS
from .work_calendar import WorkCalendar, _as_date, _cal


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
