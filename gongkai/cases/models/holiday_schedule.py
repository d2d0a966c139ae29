"""The national holiday schedule as administrators enter it before the calendar package knows a year,
and its audit trail. :func:`.dates.work_calendar` reads it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from .querysets import AppendOnly


class ScheduleDay(models.Model):
    """A day of the official schedule entered by an administrator before the calendar package knows it.

    When the State Council publishes next year's holiday arrangement (节假日安排), enter each
    holiday (``is_workday=False``) and each make-up working weekend day (``is_workday=True``);
    the clock uses these as overrides and, for a year entered here, treats unlisted
    weekdays as working days and unlisted weekends as rest days.
    """

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日")
    note = models.CharField("说明", max_length=100, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "节假日安排"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '休息'} {self.note}"


class ScheduleYear(models.Model):
    """A year whose whole schedule has been entered as :class:`ScheduleDay` rows.

    Only then does the clock count days in a year the ``chinesecalendar`` package does not know;
    before, a date in that year is an error naming the year (never a silent weekday guess).
    """

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField("依据", max_length=200, blank=True,
                              help_text="如：国务院办公厅关于2027年部分节假日安排的通知")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "已录入全年安排的年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class ScheduleEvent(models.Model):
    """One change of the national holiday schedule, kept for good (the schedule's audit trail).

    The schedule is national — it moves every agency's deadlines — so its trail is not any one
    agency's; each application whose dates it moved also gets a ``recompute_dates`` :class:`Event`.
    """

    at = models.DateTimeField("时间", default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    actor_label = models.CharField("操作人", max_length=150)
    action = models.CharField("操作", max_length=40)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    detail = models.JSONField(default=dict)

    objects = AppendOnly.as_manager()

    ACTIONS = {"notice": "按通知录入全年安排", "add_day": "录入一天", "edit_day": "修改一天",
               "delete_day": "删除一天", "complete_year": "登记全年已录入"}

    class Meta:
        verbose_name = verbose_name_plural = "节假日安排变更记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action_label}"

    @property
    def action_label(self) -> str:
        return self.ACTIONS.get(self.action, self.action)

    def save(self, *args, **kwargs):
        if self.pk:
            raise PermissionDenied("审计记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("审计记录不可删除")
