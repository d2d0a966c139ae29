"""行政复议 and 行政诉讼 about an application: table 4 of the annual report."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from . import dates
from .querysets import NoDeletion

if TYPE_CHECKING:
    from .application import Application


class Appeal(models.Model):
    """A 行政复议 or 行政诉讼 about an application: table 4 of the annual report."""

    KINDS = (("review", "行政复议"), ("litigation", "行政诉讼"))
    RESULTS = (("pending", "尚未审结"), ("upheld", "维持"), ("corrected", "纠正"), ("other", "其他"))
    application = models.ForeignKey("Application", on_delete=models.PROTECT, related_name="appeals")
    kind = models.CharField("类型", max_length=20, choices=KINDS)
    after_review = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="litigations", verbose_name="复议后起诉（所涉复议）")
    body = models.CharField("复议机关或法院", max_length=200, blank=True)
    case_number = models.CharField("案号", max_length=100, blank=True)
    filed_on = models.DateField("申请或起诉日期")
    result = models.CharField("结果", max_length=20, choices=RESULTS, default="pending")
    decided_on = models.DateField("审结日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NoDeletion.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "行政复议和行政诉讼"
        ordering = ["filed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(result="pending", decided_on__isnull=True)
                           | (~models.Q(result="pending") & models.Q(decided_on__isnull=False))),
                name="appeal_decided_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.pk}"

    def delete(self, *args, **kwargs):
        raise PermissionDenied("记录不可删除")

    @property
    def group(self) -> str:
        """The table 4 group key."""
        if self.kind == "review":
            return "review"
        return "litigation_after_review" if self.after_review_id else "litigation_direct"

    @classmethod
    @transaction.atomic
    def file(cls, app: Application, by, kind: str, filed_on: dt.date, body: str = "", case_number: str = "",
             after_review: Appeal | None = None) -> Appeal:
        if kind not in dict(cls.KINDS):
            raise ValidationError("类型须为行政复议或行政诉讼")
        if after_review is not None and (kind != "litigation" or after_review.application_id != app.pk
                                         or after_review.kind != "review"):
            raise ValidationError("“复议后起诉”须指向同一申请的行政复议")
        if filed_on > dates.today():
            raise ValidationError("日期不能晚于今天")
        if app.received_on and filed_on < app.received_on:
            raise ValidationError("复议或诉讼日期不能早于收到申请之日")
        appeal = cls.objects.create(application=app, kind=kind, filed_on=filed_on, body=body,
                                    case_number=case_number, after_review=after_review)
        app._log("appeal_filed", by, {"appeal": appeal.pk, "kind": kind, "body": body, "case_number": case_number,
                                      "after_review": getattr(after_review, "pk", None)}, app.status, filed_on)
        return appeal

    @transaction.atomic
    def decide(self, by, result: str, decided_on: dt.date) -> None:
        if self.result != "pending":
            raise ValidationError("该案件已登记审结结果")
        if result not in ("upheld", "corrected", "other"):
            raise ValidationError("结果须为维持、纠正或其他")
        if decided_on < self.filed_on or decided_on > dates.today():
            raise ValidationError("审结日期须在立案之后且不晚于今天")
        self.result, self.decided_on = result, decided_on
        self.save()
        self.application._log("appeal_decided", by, {"appeal": self.pk, "kind": self.kind, "result": result},
                              self.application.status, decided_on)
