"""The indicators of each report received (:mod:`gongkai.supervision.indicators`), one row per
submission with a column per indicator, so the region page sorts, filters and sums them in the
database instead of reading thousands of reports.

Kept up to date by :func:`refresh`: when a submission is saved read, its row is computed (and the
next year's, whose 与上年重复比例 depends on it); when one of its findings is confirmed or dismissed,
again (the findings counted are those stored, dismissed ones left out).
"""

from __future__ import annotations

from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver

from ..indicators import INDICATORS, NAMES, compute
from .findings import FindingDecision
from .reports import Submission
from .units import Unit


def _column(ind):
    if ind.unit == "%":
        return models.DecimalField(ind.zh, max_digits=6, decimal_places=1, null=True, blank=True)
    if ind.unit == "万元":
        return models.DecimalField(ind.zh, max_digits=20, decimal_places=4, null=True, blank=True)
    if ind.unit == "":
        return models.BooleanField(ind.zh, null=True, blank=True)
    return models.BigIntegerField(ind.zh, null=True, blank=True)


class ReportIndicators(models.Model):
    """A report's indicators (a column each, named as :data:`~gongkai.supervision.indicators.INDICATORS`)."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="indicators")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    notes = models.JSONField("说明", default=dict, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "报告指标"
        indexes = [models.Index(fields=["year", "unit"], name="indicators_year_unit"),
                   models.Index(fields=["unit", "year"], name="indicators_unit_year")]

    def values(self) -> dict:
        return {n: getattr(self, n) for n in NAMES}


for _ind in INDICATORS:
    ReportIndicators.add_to_class(_ind.name, _column(_ind))
del _ind


def _core_findings(sub: Submission):
    """The findings stored for ``sub`` (dismissed ones left out), as core findings; None if none stored."""
    from ...report import Finding as CoreFinding

    stored = list(sub.findings.exclude(status="dismissed").values_list("code", "severity", "message"))
    return [CoreFinding(c, s, m) for c, s, m in stored] if stored else None


def refresh(sub: Submission, follow: bool = True) -> ReportIndicators | None:
    """Compute and store ``sub``'s indicators (delete them when it holds no report); then, with
    ``follow``, the same unit's next-year report's, whose repeated share compares with this one."""
    from ...report import check

    report = sub.core_report() if sub.state == "read" else None
    if report is None or not sub.unit_id or not sub.year:
        ReportIndicators.objects.filter(submission=sub).delete()
        return None
    prev_sub = (Submission.objects.filter(unit_id=sub.unit_id, year=sub.year - 1, current=True, state="read")
                .order_by("-version").first())
    previous = prev_sub.core_report() if prev_sub else None
    level = sub.unit.level
    findings = _core_findings(sub)
    if findings is None:
        findings = check(report, previous, level)
    result = compute(report, findings, previous, level)
    row, _ = ReportIndicators.objects.update_or_create(
        submission=sub, defaults={"unit_id": sub.unit_id, "year": sub.year, "notes": result.notes, **result.values})
    if follow:
        nxt = Submission.objects.filter(unit_id=sub.unit_id, year=sub.year + 1, current=True, state="read").first()
        if nxt is not None:
            refresh(nxt, follow=False)
    return row


@receiver(post_save, sender=Submission, dispatch_uid="supervision.indicators.refresh")
def _on_save(sender, instance: Submission, raw: bool = False, **kwargs) -> None:
    if raw:  # fixtures
        return
    if instance.state == "read" and instance.report:
        refresh(instance)
    elif ReportIndicators.objects.filter(submission_id=instance.pk).exists():
        ReportIndicators.objects.filter(submission_id=instance.pk).delete()


@receiver(post_save, sender=FindingDecision, dispatch_uid="supervision.indicators.decided")
def _on_decision(sender, instance: FindingDecision, raw: bool = False, **kwargs) -> None:
    """A finding confirmed or dismissed: the counts and 表格平衡 follow the review."""
    if raw:
        return
    sub = instance.finding.submission
    if sub is not None and sub.state == "read":
        refresh(sub, follow=False)
