"""One 政府信息公开 application for one matter (Article 29): its fields, indexes and constraints.

Its methods are grouped by concept in mixins: how it reads (:mod:`.application_reading`), its reply clock
(:mod:`.application_clock`), the handling steps (:mod:`.application_handling`) and closing
(:mod:`.application_closing`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models

from ..states import Status
from .agencies import Agency
from .application_clock import ApplicationClock
from .application_closing import ApplicationClosing
from .application_handling import ApplicationHandling
from .application_reading import ApplicationReading
from .choices import APPLICANT_TYPES, CHANNELS, DELIVERY_FORMS, ID_TYPES, OUTCOME_CHOICES
from .numbering import new_tracking_code
from .querysets import NoDeletion


class Application(ApplicationReading, ApplicationClock, ApplicationHandling, ApplicationClosing, models.Model):
    """One 政府信息公开 application for one matter (Article 29), and where it stands."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="applications")
    number = models.CharField("编号", max_length=30)
    tracking_code = models.CharField("查询码", max_length=24, unique=True, default=new_tracking_code)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.NEW)

    # Applicant (Article 29 (1)).
    applicant_type = models.CharField("申请人类型", max_length=20, choices=APPLICANT_TYPES)
    applicant_name = models.CharField("申请人姓名或名称", max_length=200)
    id_type = models.CharField("证件类型", max_length=20, choices=ID_TYPES, default="resident_id")
    id_number = models.CharField("证件号码", max_length=64)
    contact_person = models.CharField("联系人", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=300, blank=True)
    postcode = models.CharField("邮政编码", max_length=10, blank=True)
    # An agent acting with a power of attorney (委托代理人); the power itself is an Attachment.
    agent_name = models.CharField("委托代理人", max_length=100, blank=True)
    agent_id_number = models.CharField("代理人证件号码", max_length=64, blank=True)
    agent_phone = models.CharField("代理人电话", max_length=40, blank=True)

    # The information sought (Article 29 (2)) and the form wanted (Article 29 (3)).
    info_title = models.CharField("所需信息名称", max_length=300, blank=True)
    info_document_number = models.CharField("文号", max_length=100, blank=True)
    info_description = models.TextField("所需信息的描述")
    purpose = models.CharField("用途（选填）", max_length=300, blank=True)
    delivery_form = models.CharField("获取信息的方式", max_length=20, choices=DELIVERY_FORMS, default="electronic")

    # Receipt (Article 31).
    channel = models.CharField("提交方式", max_length=20, choices=CHANNELS)
    submitted_on = models.DateField("提交日期")
    received_on = models.DateField("收到申请之日", null=True, blank=True, db_index=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name="承办人")
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="parts",
                               verbose_name="拆分自")

    # The reply clock (see gongkai.cases.clock).
    restarted_on = models.DateField("补正后重新起算日", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延长工作日", default=0)
    extension_reason = models.TextField("延长理由", blank=True)
    extension_requested_days = models.PositiveSmallIntegerField("申请延长工作日", default=0)
    extension_requested_reason = models.TextField("申请延长理由", blank=True)
    extension_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                              blank=True, related_name="+")
    paused_on = models.DateField("计时暂停日", null=True, blank=True)
    days_remaining = models.SmallIntegerField("暂停时剩余工作日", null=True, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)

    # 补正 (Article 30).
    correction_requested_on = models.DateField("补正通知日", null=True, blank=True)
    correction_due_on = models.DateField("补正期限", null=True, blank=True)
    correction_notice = models.TextField("补正内容", blank=True)
    supplement_received_on = models.DateField("收到补正之日", null=True, blank=True)
    supplement_text = models.TextField("补正说明", blank=True)

    # Fee notice (国办函〔2020〕109号).
    fee_amount = models.DecimalField("信息处理费（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    fee_notice_on = models.DateField("收费通知日", null=True, blank=True)
    fee_due_on = models.DateField("缴费期限", null=True, blank=True)
    fee_paid_on = models.DateField("缴费日", null=True, blank=True)

    # Closing: one outcome, a 2021 row key of table 3.
    outcome = models.CharField("办理结果", max_length=40, choices=OUTCOME_CHOICES, blank=True)
    outcome_reason = models.TextField("理由与依据", blank=True)
    responsible_agency = models.CharField("负责公开该信息的机关", max_length=200, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoDeletion.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="application_number_unique"),
            models.CheckConstraint(condition=models.Q(closed_on__isnull=True) | models.Q(received_on__isnull=False),
                                   name="closed_after_received"),
        ]
        # Covering indexes: the workbench queues, and the annual report's two grouped counts.
        indexes = [
            models.Index(fields=["agency", "status", "due_on"], name="application_queue"),
            models.Index(fields=["agency", "status", "closed_on", "applicant_type", "outcome"],
                         name="application_closed_by"),
            models.Index(fields=["agency", "received_on", "closed_on", "applicant_type", "status"],
                         name="application_flow"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.applicant_name}"

    def delete(self, *args, **kwargs):
        raise PermissionDenied("申请记录不可删除")
