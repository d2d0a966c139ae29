"""What was sent to whom: one row per reminder item and recipient, so nothing is sent twice."""

from __future__ import annotations

from django.db import models


class ReminderSent(models.Model):
    agency = models.ForeignKey("cases.Agency", on_delete=models.PROTECT, related_name="reminders_sent")
    application = models.ForeignKey("cases.Application", on_delete=models.PROTECT, related_name="reminders_sent")
    kind = models.CharField("提醒类型", max_length=30)
    key = models.CharField("期限", max_length=40, help_text="提醒所针对的期限（日期）：期限变了才会再次提醒")
    recipient = models.EmailField("收件人")
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "已发送的提醒"
        constraints = [models.UniqueConstraint(fields=["application", "kind", "key", "recipient"],
                                               name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.application} {self.kind} {self.key} → {self.recipient}"
