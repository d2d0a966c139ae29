"""How an application reads: to staff (labels, masked identity numbers) and to the applicant (the public
status and timeline)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .. import outcomes
from ..states import OPEN_STATUSES, Status
from .choices import ORGANISATION_TYPES, PUBLIC_EVENTS, RECEIPT_RULE, outcome_label


def mask_identity(number: str) -> str:
    """``110105199001011234`` → ``110***********1234``: enough to tell people apart, not to use."""
    n = (number or "").strip()
    if not n:
        return ""
    if len(n) <= 6:
        return "*" * (len(n) - 1) + n[-1:]
    return n[:3] + "*" * (len(n) - 7) + n[-4:]


class ApplicationReading:
    """The reading side of :class:`~.application.Application` (a mixin: the fields live on the model)."""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type in ORGANISATION_TYPES

    @property
    def masked_id_number(self) -> str:
        return mask_identity(self.id_number)

    @property
    def masked_agent_id_number(self) -> str:
        return mask_identity(self.agent_id_number)

    @property
    def receipt_rule(self) -> str:
        return RECEIPT_RULE[self.channel]

    @property
    def outcome_label(self) -> str:
        return outcome_label(self.outcome) if self.outcome else ""

    @property
    def short_outcome(self) -> str:
        """The outcome's row label without the report's counting note (for lists)."""
        return outcomes.short_outcome(self.outcome) if self.outcome else ""

    @property
    def public_outcome(self) -> str:
        """The outcome in plain words, for the applicant."""
        return outcomes.public_outcome(self.outcome) if self.outcome else ""

    def public_timeline(self) -> list[tuple[dt.date | None, str]]:
        """What the applicant may see of the audit trail: dated steps, no staff names, no internal notes."""
        out = []
        for e in self.events.filter(action__in=PUBLIC_EVENTS).order_by("at", "id"):
            text = PUBLIC_EVENTS[e.action]
            if e.action in ("close", "approve_close") and self.outcome:
                text += f"：{self.public_outcome}"
            out.append((e.on or timezone.localtime(e.at).date(), text))
        return out

    def public_status(self) -> str:
        """What the applicant sees: the status, in words."""
        if self.status == Status.SPLIT:
            return "已按“一申请一事项”拆分为多件申请办理"
        return self.get_status_display()
