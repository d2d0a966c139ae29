"""The reply deadline of one application as a small value: start, pause, resume, extend, restart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from .errors import ClockError
from .periods import MAX_EXTENSION, REPLY_DAYS
from .work_calendar import WorkCalendar, _as_date, _cal


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
