"""The audit trail of the applications: one :class:`Event` per change, only ever inserted, and how an
actor and a detail are written into it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from ..states import Status
from .agencies import Agency
from .querysets import AppendOnly


def _actor_label(by) -> str:
    if by is None:
        return "系统"
    if isinstance(by, str):
        return by
    if getattr(by, "is_authenticated", False):
        return by.get_full_name() or by.get_username()
    return "申请人"


def _jsonable(d: dict) -> dict:
    out = {}
    for k, v in d.items():
        if isinstance(v, (dt.date, dt.datetime)):
            v = v.isoformat()
        elif v is not None and not isinstance(v, (str, int, float, bool, list, dict)):
            v = str(v)
        out[k] = v
    return out


class Event(models.Model):
    """One state change, kept for good: the audit trail. Rows are only ever inserted."""

    application = models.ForeignKey("Application", on_delete=models.PROTECT, related_name="events", null=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间", default=timezone.now)
    on = models.DateField("业务日期", null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    actor_label = models.CharField("操作人", max_length=150)
    action = models.CharField("操作", max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    detail = models.JSONField(default=dict)

    objects = AppendOnly.as_manager()

    ACTIONS = {
        "submit": "网上提交申请", "register": "登记收到申请", "take": "承办", "request_correction": "发出补正通知",
        "supplement": "收到补正", "consult": "征求意见", "consult_answer": "收到征求意见答复",
        "request_extension": "申请延长答复期限", "approve_extension": "批准延长答复期限",
        "refuse_extension": "不批准延长答复期限", "fee_notice": "发出收费通知", "fee_paid": "缴费",
        "propose_close": "提请审批办结", "approve_close": "批准办结", "refuse_close": "退回办结",
        "close": "办结", "assign": "指定承办人", "split": "拆分申请", "split_part": "由拆分产生",
        "appeal_filed": "登记复议或诉讼",
        "appeal_decided": "登记复议或诉讼结果", "upload": "上传附件", "agency_settings": "修改机关设置",
        "schedule": "录入节假日安排", "recompute_dates": "节假日安排录入后重算期限",
        "letter": "制作答复文书", "letter_template": "修改文书模板", "letter_settings": "修改文书设置",
        "membership": "人员角色变更",
    }

    class Meta:
        verbose_name = verbose_name_plural = "审计记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action_label}"

    @property
    def action_label(self) -> str:
        return self.ACTIONS.get(self.action, self.action)

    @property
    def from_label(self) -> str:
        return dict(Status.choices).get(self.from_status, self.from_status)

    @property
    def to_label(self) -> str:
        return dict(Status.choices).get(self.to_status, self.to_status)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("审计记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("审计记录不可删除")
