"""How an application closes: with one outcome (a 2021 row of table 3), through the office head's approval
when the agency requires it, or by the clock when the 补正 or the fee lapses."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from ..states import Status
from . import dates
from .choices import (
    OUTCOME_KEYS,
    OUTCOMES_BY_PATH,
    OUTCOMES_NEEDING_REASON,
    OUTCOMES_WITH_RESPONSIBLE_AGENCY,
    outcome_label,
)

if TYPE_CHECKING:
    from .application import Application


class ApplicationClosing:
    """The closing steps of :class:`~.application.Application` (a mixin: the fields live on the model)."""

    @transaction.atomic
    def lapse_correction(self, by, on: dt.date | None = None) -> None:
        """No supplement by the deadline: the application ends as （六）1 ``other.no_correction``."""
        self._require("lapse_correction")
        on = on or dates.today()
        if on <= self.correction_due_on:
            raise ValidationError(f"补正期限 {self.correction_due_on.isoformat()} 尚未届满")
        self._check_date(on, "办结日期")
        self._finish("other.no_correction", by, on, reason=OUTCOMES_BY_PATH["other.no_correction"])

    @transaction.atomic
    def lapse_fee(self, by, on: dt.date | None = None) -> None:
        """Unpaid by the deadline: the application ends as （六）2 ``other.no_fee``."""
        self._require("lapse_fee")
        on = on or dates.today()
        if on <= self.fee_due_on:
            raise ValidationError(f"缴费期限 {self.fee_due_on.isoformat()} 尚未届满")
        self._check_date(on, "办结日期")
        self._finish("other.no_fee", by, on, reason=OUTCOMES_BY_PATH["other.no_fee"])

    @transaction.atomic
    def close(self, by, outcome: str, on: dt.date, reason: str = "", responsible_agency: str = "") -> None:
        """Close with one outcome; with the agency's approval rule, propose it to the office head instead."""
        self._require("close")
        validate_outcome(self, outcome, reason, responsible_agency)
        self._check_date(on, "办结日期")
        if self.agency.requires_close_approval:
            before = self.status
            self.outcome, self.outcome_reason, self.responsible_agency = outcome, reason, responsible_agency
            self.proposed_by = by
            self.status = Status.APPROVAL
            self.save()
            self._log("propose_close", by, {"outcome": outcome, "reason": reason,
                                            "responsible_agency": responsible_agency}, before, on)
            return
        self._finish(outcome, by, on, reason, responsible_agency)

    @transaction.atomic
    def approve_close(self, by, on: dt.date) -> None:
        self._require("approve_close")
        self._check_date(on, "办结日期")
        self._finish(self.outcome, by, on, self.outcome_reason, self.responsible_agency, action="approve_close")

    @transaction.atomic
    def refuse_close(self, by, note: str) -> None:
        self._require("refuse_close")
        before = self.status
        proposed = self.outcome
        self.outcome, self.outcome_reason, self.responsible_agency = "", "", ""
        self.status = Status.PROCESSING
        self.save()
        self._log("refuse_close", by, {"proposed": proposed, "note": note}, before)

    def _finish(self, outcome, by, on, reason="", responsible_agency="", action="close") -> None:
        before = self.status
        self.outcome, self.outcome_reason, self.responsible_agency = outcome, reason, responsible_agency
        self.closed_on = on
        self.closed_by = by if getattr(by, "is_authenticated", False) else None
        self.extension_requested_days, self.extension_requested_reason = 0, ""  # moot once closed
        self.status = Status.CLOSED
        self.due_on = None
        self.save()
        self._log(action, by, {"outcome": outcome, "reason": reason, "responsible_agency": responsible_agency},
                  before, on)


def validate_outcome(app: Application, outcome: str, reason: str, responsible_agency: str) -> None:
    """What each outcome requires; raises ValidationError naming what is missing."""
    if outcome not in OUTCOME_KEYS:
        raise ValidationError(f"未知的办理结果：{outcome}")
    if outcome in OUTCOMES_BY_PATH:
        raise ValidationError(f"“{outcome_label(outcome)}”只能在{OUTCOMES_BY_PATH[outcome]}后由系统办结")
    if outcome in OUTCOMES_NEEDING_REASON and not reason.strip():
        raise ValidationError(f"“{outcome_label(outcome)}”须写明理由与依据")
    if outcome == "unable.unclear" and not app.supplement_received_on:
        raise ValidationError("“补正后申请内容仍不明确”只适用于已补正的申请")
    if responsible_agency and outcome not in OUTCOMES_WITH_RESPONSIBLE_AGENCY:
        raise ValidationError("只有“本机关不掌握相关政府信息”需要填写负责公开的机关")
