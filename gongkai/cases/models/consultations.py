"""Consultations of a third party or another agency while the reply clock pauses (Articles 32, 34)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models

from .querysets import NoDeletion


class Consultation(models.Model):
    """A consultation of a third party (Article 32) or another agency (Article 34)."""

    KINDS = (("third_party", "第三方"), ("agency", "其他机关"))
    application = models.ForeignKey("Application", on_delete=models.PROTECT, related_name="consultations")
    kind = models.CharField("对象类型", max_length=20, choices=KINDS)
    party = models.CharField("征求意见对象", max_length=200)
    sent_on = models.DateField("发出日期")
    due_on = models.DateField("答复期限")
    answered_on = models.DateField("答复日期", null=True, blank=True)
    opinion = models.TextField("意见", blank=True)

    objects = NoDeletion.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "征求意见"
        ordering = ["sent_on", "id"]

    def delete(self, *args, **kwargs):
        raise PermissionDenied("记录不可删除")
