"""What staff do with an application until it closes: receive and register it, take or assign it, 补正,
consultations, extension, fees, and splitting one application into one per matter.

Each step is a method on the model, checked against the table of transitions
(:mod:`gongkai.cases.transitions`) and kept as an :class:`~.audit.Event`. The closing steps are in
:mod:`.application_closing`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import clock
from ..states import Conflict, Status
from . import dates
from .agencies import Membership
from .attachments import Attachment, short_name
from .audit import Event, _actor_label, _jsonable
from .choices import DEFAULT_CORRECTION_DAYS
from .consultations import Consultation
from .dates import add_working_days, work_calendar
from .numbering import lock_agency, new_tracking_code, next_number

if TYPE_CHECKING:
    from .application import Application


class ApplicationHandling:
    """The handling steps of :class:`~.application.Application` (a mixin: the fields live on the model).

    ``_log``, ``_require`` and ``_check_date`` serve every step, the closing ones and appeals too.
    """

    def _log(self, action: str, by, detail: dict | None = None, from_status: str = "", on: dt.date | None = None):
        return Event.objects.create(
            application=self, agency_id=self.agency_id, actor=by if getattr(by, "is_authenticated", False) else None,
            actor_label=_actor_label(by), action=action, from_status=from_status, to_status=self.status,
            on=on, detail=_jsonable(detail or {}),
        )

    def _require(self, name: str) -> None:
        """Check that transition ``name`` fits where the application stands (the table's states and guard).

        Raises :class:`~gongkai.cases.states.Conflict`. Callers that may race (pages, API) lock the
        row first: :func:`gongkai.cases.transitions.perform`.
        """
        from ..transitions import TRANSITIONS

        TRANSITIONS[name].check(self)

    def _check_date(self, on: dt.date, what: str, not_before: dt.date | None = None) -> None:
        if on > dates.today():
            raise ValidationError(f"{what}不能晚于今天（{dates.today().isoformat()}）")
        floor = not_before or self.received_on
        if floor and on < floor:
            raise ValidationError(f"{what}不能早于 {floor.isoformat()}")

    @transaction.atomic
    def register(self, by, on: dt.date | None = None) -> None:
        """Record receipt (Article 31): in person the day submitted; post, fax, online the given day.

        The reply clock starts: day 1 is the first working day after ``received_on``.
        """
        self._require("register")
        on = on or (self.submitted_on if self.channel == "in_person" else dates.today())
        if self.channel == "in_person" and on != self.submitted_on:
            raise ValidationError("当面提交的申请，以提交之日为收到申请之日")
        self._check_date(on, "收到申请之日", not_before=self.submitted_on)
        before = self.status
        self.received_on = on
        self.status = Status.NEW
        self.registered_by = by if getattr(by, "is_authenticated", False) else None
        self._start_clock(on)
        if not self.number:
            lock_agency(self.agency_id)
            self.number = next_number(self.agency, on.year)
        self.save()
        self._log("register", by, {"received_on": on, "channel": self.channel, "rule": self.receipt_rule,
                                   "due_on": self.due_on}, before, on)

    @transaction.atomic
    def take(self, by) -> None:
        """A handler takes the application on (新收 → 办理中)."""
        self._require("take")
        before = self.status
        self.handler = by
        self.status = Status.PROCESSING
        self.save()
        self._log("take", by, {"handler": _actor_label(by)}, before)

    @transaction.atomic
    def assign(self, by, handler) -> None:
        """The office head (or the agency's administrator) gives the application to a named handler."""
        self._require("assign")
        if handler is None or not Membership.objects.filter(user=handler, agency_id=self.agency_id,
                                                            role="handler").exists():
            raise ValidationError("只能指定本机关的承办人")
        before = self.status
        previous = self.handler
        self.handler = handler
        if self.status == Status.NEW:
            self.status = Status.PROCESSING
        self.save()
        self._log("assign", by, {"handler": _actor_label(handler), "handler_id": handler.pk,
                                 "previous": _actor_label(previous) if previous else ""}, before)

    def attach(self, upload, kind: str, by) -> Attachment:
        """Keep an uploaded file with the application, with its audit event (one transaction)."""
        with transaction.atomic():
            att = Attachment.objects.create(application=self, kind=kind, file=upload, name=short_name(upload.name),
                                            content_type=getattr(upload, "content_type", "") or "",
                                            size=upload.size)
            self._log("upload", by, {"attachment": att.pk, "kind": kind, "name": att.name, "size": att.size},
                      self.status)
        return att

    @transaction.atomic
    def request_correction(self, by, on: dt.date, notice: str, days: int = DEFAULT_CORRECTION_DAYS) -> None:
        """Send the one-time 补正 notice (Article 30); the reply clock stops until the supplement."""
        self._require("request_correction")
        self._check_date(on, "补正通知日")
        end = self.correction_window_ends()
        if end and on > end:
            raise ValidationError(f"补正通知应在收到申请之日起 7 个工作日内一次性发出（截至 {end.isoformat()}）")
        if not notice.strip():
            raise ValidationError("请写明需要补正的事项")
        before = self.status
        self.correction_requested_on = on
        self.correction_due_on = add_working_days(on, days)
        self.correction_notice = notice
        self.status = Status.CORRECTION
        self._pause(on)  # the 20 days start afresh when the supplement arrives
        self.save()
        self._log("request_correction", by, {"notice": notice, "correction_due_on": self.correction_due_on}, before, on)

    @transaction.atomic
    def receive_supplement(self, by, on: dt.date, text: str) -> None:
        """The applicant supplements: the 20 working days start afresh from ``on``."""
        self._require("supplement")
        self._check_date(on, "收到补正之日", not_before=self.correction_requested_on)
        if self.correction_due_on and on > self.correction_due_on:
            raise ValidationError(f"补正期限已于 {self.correction_due_on.isoformat()} 届满")
        if not text.strip():
            raise ValidationError("请填写补正内容")
        before = self.status
        self.supplement_received_on = on
        self.supplement_text = text
        self.status = Status.PROCESSING
        self._start_clock(on)
        self.save()
        self._log("supplement", by, {"text": text, "due_on": self.due_on}, before, on)

    @transaction.atomic
    def start_consultation(self, by, on: dt.date, party: str, kind: str) -> Consultation:
        """Consult a third party or another agency (Articles 32, 34); the reply clock pauses."""
        self._require("consult")
        self._check_date(on, "征求意见日")
        before = self.status
        c = Consultation.objects.create(application=self, kind=kind, party=party, sent_on=on,
                                        due_on=clock.consultation_deadline(on, calendar=work_calendar()))
        if self.status != Status.CONSULTATION:
            self._pause(on)
            self.status = Status.CONSULTATION
            self.save()
        self._log("consult", by, {"party": party, "kind": kind, "reply_due_on": c.due_on,
                                  "days_remaining": self.days_remaining}, before, on)
        return c

    @transaction.atomic
    def answer_consultation(self, by, consultation: Consultation, on: dt.date, opinion: str) -> None:
        """Record the consulted party's opinion (or its silence); when none is left open, the clock resumes."""
        self._require("consult_answer")
        consultation.refresh_from_db()
        if consultation.application_id != self.pk or consultation.answered_on:
            raise Conflict("该征求意见已登记结果")
        self._check_date(on, "意见答复日", not_before=consultation.sent_on)
        consultation.answered_on = on
        consultation.opinion = opinion
        consultation.save()
        before = self.status
        if not self.consultations.filter(answered_on__isnull=True).exists():
            self._resume(on)
            self.status = Status.PROCESSING
            self.save()
        self._log("consult_answer", by, {"party": consultation.party, "opinion": opinion, "due_on": self.due_on},
                  before, on)

    @transaction.atomic
    def request_extension(self, by, days: int, reason: str) -> None:
        """Ask the office head to extend the reply time (Article 33: once, at most 20 working days)."""
        self._require("request_extension")
        if not 1 <= days <= clock.MAX_EXTENSION:
            raise ValidationError(f"延长期限最长不得超过 {clock.MAX_EXTENSION} 个工作日（《条例》第三十三条）")
        if not reason.strip():
            raise ValidationError("请写明延长答复期限的理由")
        self.extension_requested_days = days
        self.extension_requested_reason = reason
        self.save()
        self._log("request_extension", by, {"days": days, "reason": reason}, self.status)

    @transaction.atomic
    def approve_extension(self, by, approve: bool = True, on: dt.date | None = None) -> None:
        """The office head approves (or refuses) the requested extension."""
        self._require("approve_extension")
        days, reason = self.extension_requested_days, self.extension_requested_reason
        self.extension_requested_days, self.extension_requested_reason = 0, ""
        if approve:
            self._set_clock(self.reply_clock.extend(days, on=on or dates.today(), calendar=work_calendar()))
            self.extension_reason = reason
            self.extension_approved_by = by
        self.save()
        self._log("approve_extension" if approve else "refuse_extension", by,
                  {"days": days, "reason": reason, "due_on": self.due_on}, self.status, on)

    @transaction.atomic
    def issue_fee_notice(self, by, on: dt.date, amount) -> None:
        """Send a fee notice: 20 working days to pay; the period does not count toward the reply time."""
        self._require("fee_notice")
        self._check_date(on, "收费通知日")
        before = self.status
        self.fee_amount = amount
        self.fee_notice_on = on
        self.fee_due_on = clock.fee_payment_deadline(on, calendar=work_calendar())
        self._pause(on)
        self.status = Status.FEE
        self.save()
        self._log("fee_notice", by, {"amount": amount, "fee_due_on": self.fee_due_on,
                                     "days_remaining": self.days_remaining}, before, on)

    @transaction.atomic
    def record_payment(self, by, on: dt.date) -> None:
        self._require("fee_paid")
        self._check_date(on, "缴费日", not_before=self.fee_notice_on)
        if on > self.fee_due_on:
            raise ValidationError(f"缴费期限已于 {self.fee_due_on.isoformat()} 届满")
        before = self.status
        self.fee_paid_on = on
        self._resume(on)
        self.status = Status.PROCESSING
        self.save()
        self._log("fee_paid", by, {"due_on": self.due_on}, before, on)

    @transaction.atomic
    def split(self, by, matters: list[str], on: dt.date | None = None) -> list[Application]:
        """One application, one matter: replace this application with one part per matter.

        The parts keep the applicant, the receipt date and the clock; this record stays (status
        已拆分) and no longer counts in the annual report — its parts do.
        """
        self._require("split")
        matters = [m.strip() for m in matters if m.strip()]
        if len(matters) < 2:
            raise ValidationError("拆分至少需要两个事项（每行一项）")
        on = on or dates.today()
        if self.received_on and self.received_on.year != on.year:
            raise ValidationError("上一年度收到的申请已计入该年度报告，不能再拆分")
        parts = []
        for i, text in enumerate(matters, 1):
            part = type(self).objects.get(pk=self.pk)
            part.pk = None
            part.id = None
            part.tracking_code = new_tracking_code()
            part.number = f"{self.number}-{i}"
            part.info_description = text
            part.info_title = ""
            part.parent = self
            part.save()
            part._log("split_part", by, {"from": self.number}, "", self.received_on)
            for a in self.attachments.all():
                Attachment.objects.create(application=part, kind=a.kind, file=a.file.name, name=a.name,
                                          content_type=a.content_type, size=a.size)
            parts.append(part)
        before = self.status
        self.status = Status.SPLIT
        self.due_on = None
        self.save()
        self._log("split", by, {"parts": [p.number for p in parts]}, before, on)
        return parts
