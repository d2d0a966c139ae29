"""Fee assessments and the evidence recorded with a decision. Never deleted, never changed."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models

from ..cases import fees


class _Kept(models.QuerySet):
    def delete(self):
        raise PermissionDenied("记录不可删除")

    def update(self, **kwargs):
        raise PermissionDenied("记录不可修改")


class FeeAssessment(models.Model):
    """The fee the office decided for one application, with the calculator's working."""

    METHODS = tuple(fees.METHODS.items())
    agency = models.ForeignKey("cases.Agency", on_delete=models.PROTECT, related_name="fee_assessments")
    application = models.ForeignKey("cases.Application", on_delete=models.PROTECT, related_name="fee_assessments")
    method = models.CharField("计收方式", max_length=20, choices=METHODS)
    quantity = models.PositiveIntegerField("件数或页数")
    already_counted = models.PositiveIntegerField("本自然月此前已累计件数", default=0)
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    working = models.JSONField("计算过程", default=list)
    reason = models.TextField("认定数量、频次明显超过合理范围的理由")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    objects = _Kept.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "信息处理费"
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.application} {self.amount}元"

    def delete(self, *args, **kwargs):
        raise PermissionDenied("记录不可删除")

    @property
    def method_label(self) -> str:
        return fees.METHODS[self.method]

    @property
    def quantity_text(self) -> str:
        if self.method == fees.BY_ITEM:
            return f"本申请{self.quantity}件，本自然月此前已累计{self.already_counted}件"
        return f"共{self.quantity}页"


class EvidenceRecord(models.Model):
    """What staff had in view when deciding 重复申请 or 无正当理由大量反复申请 (or chose to record)."""

    agency = models.ForeignKey("cases.Agency", on_delete=models.PROTECT, related_name="evidence_records")
    application = models.ForeignKey("cases.Application", on_delete=models.PROTECT, related_name="evidence_records")
    outcome = models.CharField("所涉办理结果", max_length=40, blank=True)
    evidence = models.JSONField("证据")
    note = models.TextField("说明", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = _Kept.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "决定所依据的证据"
        ordering = ["recorded_at", "id"]

    def delete(self, *args, **kwargs):
        raise PermissionDenied("记录不可删除")
