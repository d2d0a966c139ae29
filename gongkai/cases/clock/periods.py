"""The statutory periods of 《政府信息公开条例》 and the deadlines other than the reply's."""

from __future__ import annotations

from datetime import date

from .work_calendar import WorkCalendar, _as_date, _cal

REPLY_DAYS = 20  # Art. 33 para 1
MAX_EXTENSION = 20  # Art. 33 para 1
CORRECTION_NOTICE_DAYS = 7  # Art. 30
CONSULTATION_DAYS = 15  # Arts. 32, 34
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号


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
