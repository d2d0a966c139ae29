"""The reply clock of an application: its due date, pauses and restarts, counted by :mod:`gongkai.cases.clock`
on the working calendar (:func:`.dates.work_calendar`).

The model stores only what the clock needs to resume (``received_on``, ``restarted_on``, ``extension_days``,
``paused_on``, ``days_remaining``) and its ``due_on`` (``None`` while the clock is stopped).
"""

from __future__ import annotations

import datetime as dt

from .. import clock
from ..states import Status
from . import dates
from .choices import CORRECTION_WARN
from .dates import provisional_note, provisional_years, work_calendar, working_days_between


class ApplicationClock:
    """The clock side of :class:`~.application.Application` (a mixin: the fields live on the model)."""

    @property
    def due_provisional_years(self) -> tuple[int, ...]:
        """Years whose official schedule is missing that the reply due date was counted over.

        Not empty: ``due_on`` is provisional (暂定), counted by the law's festivals without 调休; it
        is recomputed when the schedule is entered (:func:`gongkai.cases.schedule.recompute_open`).
        """
        if self.due_on is None:
            return ()
        return provisional_years(self.restarted_on or self.received_on or self.due_on, self.due_on)

    @property
    def due_provisional_note(self) -> str:
        return provisional_note(self.due_provisional_years)

    def correction_window_ends(self) -> dt.date | None:
        """The last day a 补正 notice may be given (7 working days after receipt)."""
        if self.received_on is None:
            return None
        return clock.correction_notice_deadline(self.received_on, calendar=work_calendar())

    def correction_window_warning(self, on: dt.date | None = None) -> int | None:
        """Working days left to send a 补正 notice when few are left and none was sent, else ``None``."""
        if self.status not in (Status.NEW, Status.PROCESSING) or self.correction_requested_on:
            return None
        end = self.correction_window_ends()
        on = on or dates.today()
        if end is None or on > end:
            return None
        left = working_days_between(on, end)
        return left if left <= CORRECTION_WARN else None

    def days_left(self, on: dt.date | None = None) -> int | None:
        """Working days left until the reply is due (negative when overdue); ``None`` when stopped."""
        if self.due_on is None:
            return None
        on = on or dates.today()
        if on <= self.due_on:
            return working_days_between(on, self.due_on)
        return -working_days_between(self.due_on, on)

    @property
    def reply_clock(self) -> clock.ReplyClock | None:
        """The reply clock as the clock module's value (``None`` before receipt)."""
        if self.received_on is None:
            return None
        return clock.ReplyClock(received=self.received_on, due=self.due_on, remaining_at_pause=self.days_remaining,
                                paused_since=self.paused_on, extended=self.extension_days,
                                restarted_on=self.restarted_on)

    def _set_clock(self, c: clock.ReplyClock) -> None:
        self.due_on, self.days_remaining, self.paused_on = c.due, c.remaining_at_pause, c.paused_since
        self.extension_days, self.restarted_on = c.extended, c.restarted_on

    def _start_clock(self, start: dt.date) -> None:
        """Start the 20 working days after ``start``: the receipt, or the supplement (restart)."""
        cal = work_calendar()
        if start == self.received_on and self.restarted_on is None and self.correction_requested_on is None:
            self._set_clock(clock.ReplyClock.start(start, calendar=cal))
        else:
            self._set_clock(self.reply_clock.restart(start, calendar=cal))

    def _pause(self, on: dt.date) -> None:
        """Stop the reply clock from ``on`` (inclusive), keeping the working days still left."""
        self._set_clock(self.reply_clock.pause(on, calendar=work_calendar()))

    def _resume(self, on: dt.date) -> None:
        """Count again after ``on`` with the days left at the pause (not a restart)."""
        self._set_clock(self.reply_clock.resume(on, calendar=work_calendar()))
