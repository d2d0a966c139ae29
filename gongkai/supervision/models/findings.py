"""Findings about units' reports and the region, their review (confirmed/dismissed, audited), and
reports returned to their unit with comments."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from .reports import Submission
from .units import Unit

SEVERITY_CHOICES = [("error", "错误"), ("warning", "警告"), ("info", "提示")]
# Review of a finding: the one table of transitions.
REVIEW = {
    "open": ("待审核", ("confirmed", "dismissed")),
    "confirmed": ("已确认", ("open", "dismissed")),
    "dismissed": ("已排除", ("open", "confirmed")),
}
REVIEW_CHOICES = [(k, v[0]) for k, v in REVIEW.items()]


class AppendOnly(models.QuerySet):
    def delete(self):
        raise PermissionDenied("审核记录不可删除")

    def update(self, **kwargs):
        raise PermissionDenied("审核记录不可修改")


class Finding(models.Model):
    """One finding of a check about a unit's report for a year (``submission``), or about the unit
    in its region (region.missing, region.sum: ``submission`` may be empty)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="findings")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="findings")
    code = models.CharField("代码", max_length=40)
    severity = models.CharField("严重程度", max_length=10, choices=SEVERITY_CHOICES)
    message = models.TextField("说明")
    keys = models.JSONField("单元格", default=list, blank=True)
    status = models.CharField("审核", max_length=12, choices=REVIEW_CHOICES, default="open")
    note = models.TextField("审核意见", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查发现"
        ordering = ["severity", "code", "id"]
        indexes = [models.Index(fields=["unit", "year"], name="finding_unit_year")]

    def __str__(self) -> str:
        return f"{self.code} {self.message[:40]}"

    def decide(self, status: str, note: str, user) -> FindingDecision:
        """Confirm or dismiss (or reopen) with a note; recorded in :class:`FindingDecision`."""
        with transaction.atomic():
            f = Finding.objects.select_for_update().get(pk=self.pk)
            if status not in REVIEW[f.status][1]:
                to = REVIEW.get(status, (status,))[0]
                raise PermissionDenied(f"发现当前为“{REVIEW[f.status][0]}”，不能改为“{to}”")
            if status == "dismissed" and not note.strip():
                raise PermissionDenied("排除一条发现须写明理由")
            now = timezone.now()
            Finding.objects.filter(pk=f.pk).update(status=status, note=note, decided_by=user, decided_at=now)
            self.status, self.note, self.decided_by, self.decided_at = status, note, user, now
            return FindingDecision.objects.create(finding=f, status=status, note=note, user=user, at=now)


class FindingDecision(models.Model):
    """The audit trail of findings' review: append-only."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="decisions")
    status = models.CharField(max_length=12, choices=REVIEW_CHOICES)
    note = models.TextField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    objects = AppendOnly.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "审核记录"
        ordering = ["at", "id"]


class ReportReturn(models.Model):
    """A report returned to its unit with comments; ``corrected_by`` is the version filed in reply."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="returns")
    comments = models.TextField("退回意见")
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(auto_now_add=True)
    corrected_by = models.ForeignKey(Submission, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="answers")

    class Meta:
        verbose_name = verbose_name_plural = "退回记录"
        ordering = ["-returned_at"]

    @property
    def open(self) -> bool:
        return self.corrected_by_id is None
