"""The records of the 依申请公开 case platform.

One :class:`Application` is one matter (一申请一事项) received by one :class:`Agency`. Its
life is a sequence of state changes, each made by a method on the model (``register``,
``request_correction``, ``receive_supplement``, ``start_consultation``, ``close`` …) and each
kept as an append-only :class:`Event`. Nothing is hard-deleted: ``delete()`` raises.

The statutory clock (working days, pauses, extension, restart after 补正) is computed by
:mod:`gongkai.cases.clock`; the model stores only what the clock needs to resume
the fields of a :class:`~gongkai.cases.clock.ReplyClock` (``received_on``, ``restarted_on``,
``extension_days``, ``paused_on``, ``days_remaining``) and its ``due_on`` (``None`` while the
clock is stopped), so the workbench can query due dates with an index.

Tables 3 and 4 of the annual report are counted from these records by
:mod:`gongkai.cases.annual_report`:

* 本年新收: ``received_on`` in the year (split originals excluded — their parts count);
* 上年结转: received before the year and not closed before it;
* outcome rows: ``closed_on`` in the year, by ``outcome`` (a 2021 row key of
  :mod:`gongkai.report.cells`);
* 结转下年度: received by 31 December and not closed by then;
* table 4: each :class:`Appeal` open at some time in the year, in the result column when
  decided in the year, else 尚未审结.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from gongkai.report import cells as C

from . import clock, outcomes
from .states import OPEN_STATUSES, Conflict, Status  # noqa: F401  (re-exported: m.Status)

# --- choices ----------------------------------------------------------------------

APPLICANT_TYPES = C.APPLICANT_COLUMNS  # exactly the report's columns
ORGANISATION_TYPES = tuple(k for k, _ in APPLICANT_TYPES if k != "natural_person")

OUTCOME_CHOICES = tuple((k, label) for k, label in C.OUTCOME_ROWS_COMMON + C.OTHER_ROWS_2021)
OUTCOME_KEYS = tuple(k for k, _ in OUTCOME_CHOICES)
# What each outcome requires when closing.
OUTCOMES_NEEDING_REASON = frozenset(k for k in OUTCOME_KEYS if k.startswith(("denied.", "not_processed.",
                                                                              "other.other", "partial")))
OUTCOMES_WITH_RESPONSIBLE_AGENCY = frozenset({"unable.not_held"})
# Outcomes that only a path through the clock may reach (not chosen freely on the close form).
OUTCOMES_BY_PATH = {
    "other.no_correction": "补正期限届满未补正",
    "other.no_fee": "缴费期限届满未缴费",
}


def outcome_label(key: str) -> str:
    return dict(OUTCOME_CHOICES).get(key, key)


ID_TYPES = (
    ("resident_id", "居民身份证"),
    ("passport", "护照"),
    ("hk_macao_taiwan", "港澳台居民证件"),
    ("credit_code", "统一社会信用代码"),
    ("other", "其他证件"),
)
DELIVERY_FORMS = (
    ("paper", "纸质"),
    ("electronic", "电子数据"),
    ("email", "电子邮件"),
    ("post", "邮寄"),
    ("collect", "当面领取"),
)
CHANNELS = (
    ("in_person", "当面提交"),
    ("post", "邮寄"),
    ("fax", "传真"),
    ("online", "网上申请"),
)
# Article 31: which date is the date of receipt, per channel.
RECEIPT_RULE = {
    "in_person": "当面提交的，以提交之日为收到申请之日",
    "post": "以邮寄方式提交的，以行政机关签收之日为收到申请之日",
    "fax": "以传真方式提交的，以双方确认之日为收到申请之日",
    "online": "通过互联网渠道提交的，以双方确认之日为收到申请之日",
}

ROLES = (
    ("registrar", "登记员"),
    ("handler", "承办人"),
    ("head", "机构负责人"),
    ("admin", "机关管理员"),
    ("supervisor", "监督人员"),
)
STAFF_ROLES = ("registrar", "handler", "head", "admin")


# States live in .states (the table of transitions names them without importing the models).

CORRECTION_WARN = 2      # warn when this many working days or fewer are left in the 补正 window
DEFAULT_CORRECTION_DAYS = 15  # the period the 补正 notice gives the applicant, unless staff choose another


# Steps the applicant sees on the status page (Event.action → words).
PUBLIC_EVENTS = {
    "submit": "网上提交申请",
    "register": "行政机关确认收到申请，答复期限开始计算",
    "request_correction": "行政机关通知补正",
    "supplement": "收到补正，答复期限重新计算",
    "consult": "征求第三方或其他机关意见，期间不计入答复期限",
    "consult_answer": "征求意见结束，恢复计算答复期限",
    "approve_extension": "经机构负责人同意，延长答复期限",
    "fee_notice": "发出收费通知",
    "fee_paid": "缴费完成，恢复计算答复期限",
    "split": "按“一申请一事项”拆分办理",
    "close": "办结",
    "approve_close": "办结",
}


class NoDeletion(models.QuerySet):
    """A queryset that refuses bulk deletion: records are kept, never hard-deleted."""

    def delete(self):  # noqa: D401
        raise PermissionDenied("记录不可删除")


class AppendOnly(NoDeletion):
    def update(self, **kwargs):
        raise PermissionDenied("审计记录不可修改")


# --- working days (gongkai.cases.clock does the arithmetic) ------------------------

_CALENDAR_MEMO: dict = {}
CALENDAR_TTL = 60.0  # seconds a process reuses the calendar before re-reading the schedule


def work_calendar() -> clock.WorkCalendar:
    """The official calendar with the administrators' schedule (:class:`ScheduleDay`, :class:`ScheduleYear`).

    Provisional: a year with neither the package's nor an entered schedule is counted by the
    festivals of 《全国年节及纪念日放假办法》 (see :func:`provisional_years`), never refused.

    Re-read at most every ``CALENDAR_TTL`` seconds, and at once in this process when the schedule
    is edited (other processes see the edit within the TTL).
    """
    import time

    now = time.monotonic()
    memo = _CALENDAR_MEMO.get("cal")
    if memo is not None and now - memo[0] < CALENDAR_TTL:
        return memo[1]
    days = list(ScheduleDay.objects.order_by("date").values_list("date", "is_workday", "note"))
    years = list(ScheduleYear.objects.order_by("year").values_list("year", flat=True))
    cal = clock.WorkCalendar(overrides={d: w for d, w, _ in days}, covered_years=years,
                             names={d: n for d, _, n in days if n}, provisional=True)
    _CALENDAR_MEMO["cal"] = (now, cal)
    return cal


def forget_calendar(**kwargs) -> None:
    """Drop the memoised calendar (connected to saves of the schedule)."""
    _CALENDAR_MEMO.clear()


def provisional_years(start: dt.date | None, end: dt.date | None = None) -> tuple[int, ...]:
    """The years whose official schedule is missing from ``start`` to ``end``: a date counted over
    them is provisional (暂定) until the schedule is entered. Empty when ``start`` is None."""
    if start is None:
        return ()
    return work_calendar().missing_years(start, end or start)


def provisional_note(years) -> str:
    """"暂定：2027年节假日安排尚未录入，按法定节日推算" for the years a date depends on, "" for none."""
    if not years:
        return ""
    return "暂定：" + "、".join(f"{y}年" for y in years) + "节假日安排尚未录入，按法定节日推算"


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The date ``n`` working days after ``start`` (``start`` itself not counted)."""
    return work_calendar().add_working_days(start, n)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    return work_calendar().working_days_between(start, end)


def today() -> dt.date:
    return timezone.localdate()


# --- agencies, staff, calendar -----------------------------------------------------

class Agency(models.Model):
    """An administrative agency (行政机关) whose disclosure office uses the platform."""

    slug = models.SlugField("标识", unique=True)
    name = models.CharField("机关名称", max_length=200)
    requires_close_approval = models.BooleanField("办结需机构负责人审批", default=False)
    accepts_online = models.BooleanField("接受网上申请", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NoDeletion.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "机关"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def delete(self, *args, **kwargs):
        raise PermissionDenied("机关记录不可删除")


class Membership(models.Model):
    """A user's role at one agency. A supervisor holds one read-only membership per agency read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=ROLES)

    class Meta:
        verbose_name = verbose_name_plural = "人员角色"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


def roles_of(user, agency: Agency) -> set[str]:
    """The roles ``user`` holds at ``agency`` (empty for strangers and anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_gongkai_roles", None)
    if cache is None:
        cache = {}
        for agency_id, role in Membership.objects.filter(user=user).values_list("agency_id", "role"):
            cache.setdefault(agency_id, set()).add(role)
        user._gongkai_roles = cache
    return set(cache.get(agency.pk, ()))


def agencies_of(user):
    """The agencies ``user`` may read."""
    return Agency.objects.filter(memberships__user=user).distinct().order_by("name")


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


# --- applications ------------------------------------------------------------------

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_tracking_code() -> str:
    """An unguessable tracking code (16 symbols of 32 = 80 bits), grouped for reading aloud."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def mask_identity(number: str) -> str:
    """``110105199001011234`` → ``110***********1234``: enough to tell people apart, not to use."""
    n = (number or "").strip()
    if not n:
        return ""
    if len(n) <= 6:
        return "*" * (len(n) - 1) + n[-1:]
    return n[:3] + "*" * (len(n) - 7) + n[-4:]


class Application(models.Model):
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

    # --- reading -----------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type in ORGANISATION_TYPES

    @property
    def masked_id_number(self) -> str:
        return mask_identity(self.id_number)

    @property
    def masked_agent_id_number(self) -> str:
        return mask_identity(self.agent_id_number)

    @property
    def receipt_rule(self) -> str:
        return RECEIPT_RULE[self.channel]

    @property
    def outcome_label(self) -> str:
        return outcome_label(self.outcome) if self.outcome else ""

    @property
    def short_outcome(self) -> str:
        """The outcome's row label without the report's counting note (for lists)."""
        return outcomes.short_outcome(self.outcome) if self.outcome else ""

    @property
    def public_outcome(self) -> str:
        """The outcome in plain words, for the applicant."""
        return outcomes.public_outcome(self.outcome) if self.outcome else ""

    @property
    def due_provisional_years(self) -> tuple[int, ...]:
        """Years whose official schedule is missing that the reply due date was counted over.

        Not empty: ``due_on`` is provisional (暂定), counted by the law's festivals without 调休; it
        is recomputed when the schedule is entered (:func:`gongkai.cases.schedule.recompute_open`).
        """
        if self.due_on is None:
            return ()
        return provisional_years(self.restarted_on or self.received_on or self.due_on, self.due_on)

    @property
    def due_provisional_note(self) -> str:
        return provisional_note(self.due_provisional_years)

    def correction_window_ends(self) -> dt.date | None:
        """The last day a 补正 notice may be given (7 working days after receipt)."""
        if self.received_on is None:
            return None
        return clock.correction_notice_deadline(self.received_on, calendar=work_calendar())

    def correction_window_warning(self, on: dt.date | None = None) -> int | None:
        """Working days left to send a 补正 notice when few are left and none was sent, else ``None``."""
        if self.status not in (Status.NEW, Status.PROCESSING) or self.correction_requested_on:
            return None
        end = self.correction_window_ends()
        on = on or today()
        if end is None or on > end:
            return None
        left = working_days_between(on, end)
        return left if left <= CORRECTION_WARN else None

    def days_left(self, on: dt.date | None = None) -> int | None:
        """Working days left until the reply is due (negative when overdue); ``None`` when stopped."""
        if self.due_on is None:
            return None
        on = on or today()
        if on <= self.due_on:
            return working_days_between(on, self.due_on)
        return -working_days_between(self.due_on, on)

    def public_timeline(self) -> list[tuple[dt.date | None, str]]:
        """What the applicant may see of the audit trail: dated steps, no staff names, no internal notes."""
        out = []
        for e in self.events.filter(action__in=PUBLIC_EVENTS).order_by("at", "id"):
            text = PUBLIC_EVENTS[e.action]
            if e.action in ("close", "approve_close") and self.outcome:
                text += f"：{self.public_outcome}"
            out.append((e.on or timezone.localtime(e.at).date(), text))
        return out

    def public_status(self) -> str:
        """What the applicant sees: the status, in words."""
        if self.status == Status.SPLIT:
            return "已按“一申请一事项”拆分为多件申请办理"
        return self.get_status_display()

    # --- changes -----------------------------------------------------------------
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
        from .transitions import TRANSITIONS

        TRANSITIONS[name].check(self)

    def _check_date(self, on: dt.date, what: str, not_before: dt.date | None = None) -> None:
        if on > today():
            raise ValidationError(f"{what}不能晚于今天（{today().isoformat()}）")
        floor = not_before or self.received_on
        if floor and on < floor:
            raise ValidationError(f"{what}不能早于 {floor.isoformat()}")

    @property
    def reply_clock(self) -> clock.ReplyClock | None:
        """The reply clock as the clock module's value (``None`` before receipt)."""
        if self.received_on is None:
            return None
        return clock.ReplyClock(received=self.received_on, due=self.due_on, remaining_at_pause=self.days_remaining,
                                paused_since=self.paused_on, extended=self.extension_days,
                                restarted_on=self.restarted_on)

    def _set_clock(self, c: clock.ReplyClock) -> None:
        self.due_on, self.days_remaining, self.paused_on = c.due, c.remaining_at_pause, c.paused_since
        self.extension_days, self.restarted_on = c.extended, c.restarted_on

    def _start_clock(self, start: dt.date) -> None:
        """Start the 20 working days after ``start``: the receipt, or the supplement (restart)."""
        cal = work_calendar()
        if start == self.received_on and self.restarted_on is None and self.correction_requested_on is None:
            self._set_clock(clock.ReplyClock.start(start, calendar=cal))
        else:
            self._set_clock(self.reply_clock.restart(start, calendar=cal))

    def _pause(self, on: dt.date) -> None:
        """Stop the reply clock from ``on`` (inclusive), keeping the working days still left."""
        self._set_clock(self.reply_clock.pause(on, calendar=work_calendar()))

    def _resume(self, on: dt.date) -> None:
        """Count again after ``on`` with the days left at the pause (not a restart)."""
        self._set_clock(self.reply_clock.resume(on, calendar=work_calendar()))

    @transaction.atomic
    def register(self, by, on: dt.date | None = None) -> None:
        """Record receipt (Article 31): in person the day submitted; post, fax, online the given day.

        The reply clock starts: day 1 is the first working day after ``received_on``.
        """
        self._require("register")
        on = on or (self.submitted_on if self.channel == "in_person" else today())
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
    def lapse_correction(self, by, on: dt.date | None = None) -> None:
        """No supplement by the deadline: the application ends as （六）1 ``other.no_correction``."""
        self._require("lapse_correction")
        on = on or today()
        if on <= self.correction_due_on:
            raise ValidationError(f"补正期限 {self.correction_due_on.isoformat()} 尚未届满")
        self._check_date(on, "办结日期")
        self._finish("other.no_correction", by, on, reason=OUTCOMES_BY_PATH["other.no_correction"])

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
            self._set_clock(self.reply_clock.extend(days, on=on or today(), calendar=work_calendar()))
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
    def lapse_fee(self, by, on: dt.date | None = None) -> None:
        """Unpaid by the deadline: the application ends as （六）2 ``other.no_fee``."""
        self._require("lapse_fee")
        on = on or today()
        if on <= self.fee_due_on:
            raise ValidationError(f"缴费期限 {self.fee_due_on.isoformat()} 尚未届满")
        self._check_date(on, "办结日期")
        self._finish("other.no_fee", by, on, reason=OUTCOMES_BY_PATH["other.no_fee"])

    @transaction.atomic
    def close(self, by, outcome: str, on: dt.date, reason: str = "", responsible_agency: str = "") -> None:
        """Close with one outcome; with the agency's approval rule, propose it to the office head instead."""
        self._require("close")
        validate_outcome(self, outcome, reason, responsible_agency)
        self._check_date(on, "办结日期")
        if self.agency.requires_close_approval:
            before = self.status
            self.outcome, self.outcome_reason, self.responsible_agency = outcome, reason, responsible_agency
            self.proposed_by = by
            self.status = Status.APPROVAL
            self.save()
            self._log("propose_close", by, {"outcome": outcome, "reason": reason,
                                            "responsible_agency": responsible_agency}, before, on)
            return
        self._finish(outcome, by, on, reason, responsible_agency)

    @transaction.atomic
    def approve_close(self, by, on: dt.date) -> None:
        self._require("approve_close")
        self._check_date(on, "办结日期")
        self._finish(self.outcome, by, on, self.outcome_reason, self.responsible_agency, action="approve_close")

    @transaction.atomic
    def refuse_close(self, by, note: str) -> None:
        self._require("refuse_close")
        before = self.status
        proposed = self.outcome
        self.outcome, self.outcome_reason, self.responsible_agency = "", "", ""
        self.status = Status.PROCESSING
        self.save()
        self._log("refuse_close", by, {"proposed": proposed, "note": note}, before)

    def _finish(self, outcome, by, on, reason="", responsible_agency="", action="close") -> None:
        before = self.status
        self.outcome, self.outcome_reason, self.responsible_agency = outcome, reason, responsible_agency
        self.closed_on = on
        self.closed_by = by if getattr(by, "is_authenticated", False) else None
        self.extension_requested_days, self.extension_requested_reason = 0, ""  # moot once closed
        self.status = Status.CLOSED
        self.due_on = None
        self.save()
        self._log(action, by, {"outcome": outcome, "reason": reason, "responsible_agency": responsible_agency},
                  before, on)

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
        on = on or today()
        if self.received_on and self.received_on.year != on.year:
            raise ValidationError("上一年度收到的申请已计入该年度报告，不能再拆分")
        parts = []
        for i, text in enumerate(matters, 1):
            part = Application.objects.get(pk=self.pk)
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


def validate_outcome(app: Application, outcome: str, reason: str, responsible_agency: str) -> None:
    """What each outcome requires; raises ValidationError naming what is missing."""
    if outcome not in OUTCOME_KEYS:
        raise ValidationError(f"未知的办理结果：{outcome}")
    if outcome in OUTCOMES_BY_PATH:
        raise ValidationError(f"“{outcome_label(outcome)}”只能在{OUTCOMES_BY_PATH[outcome]}后由系统办结")
    if outcome in OUTCOMES_NEEDING_REASON and not reason.strip():
        raise ValidationError(f"“{outcome_label(outcome)}”须写明理由与依据")
    if outcome == "unable.unclear" and not app.supplement_received_on:
        raise ValidationError("“补正后申请内容仍不明确”只适用于已补正的申请")
    if responsible_agency and outcome not in OUTCOMES_WITH_RESPONSIBLE_AGENCY:
        raise ValidationError("只有“本机关不掌握相关政府信息”需要填写负责公开的机关")


def lock_agency(agency_id: int) -> None:
    """Take the agency's row lock until the end of the transaction: numbers and serials are drawn under it.

    On PostgreSQL this serialises the drawing of application numbers and letter serials of one
    agency; on SQLite the ``IMMEDIATE`` transaction already holds the database's write lock.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_agency() must run inside a transaction")
    list(Agency.objects.select_for_update().filter(pk=agency_id).values_list("pk", flat=True))


def save_new(app: Application, year: int) -> None:
    """Insert ``app`` with the agency's next number for ``year`` (drawn under the agency's lock)."""
    with transaction.atomic():
        lock_agency(app.agency_id)
        app.number = next_number(app.agency, year)
        app.save(force_insert=True)


def next_number(agency: Agency, year: int) -> str:
    """The next application number of ``agency`` for ``year``: ``2025-00042``. Call under :func:`lock_agency`."""
    prefix = f"{year}-"
    last = (Application.objects.filter(agency=agency, number__startswith=prefix, parent__isnull=True)
            .order_by("-number").values_list("number", flat=True).first())
    seq = int(last[len(prefix):].split("-")[0]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


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


class Consultation(models.Model):
    """A consultation of a third party (Article 32) or another agency (Article 34)."""

    KINDS = (("third_party", "第三方"), ("agency", "其他机关"))
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="consultations")
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


class Appeal(models.Model):
    """A 行政复议 or 行政诉讼 about an application: table 4 of the annual report."""

    KINDS = (("review", "行政复议"), ("litigation", "行政诉讼"))
    RESULTS = (("pending", "尚未审结"), ("upheld", "维持"), ("corrected", "纠正"), ("other", "其他"))
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="appeals")
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
        if filed_on > today():
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
        if decided_on < self.filed_on or decided_on > today():
            raise ValidationError("审结日期须在立案之后且不晚于今天")
        self.result, self.decided_on = result, decided_on
        self.save()
        self.application._log("appeal_decided", by, {"appeal": self.pk, "kind": self.kind, "result": result},
                              self.application.status, decided_on)


ATTACHMENT_KINDS = (
    ("request", "申请材料"),
    ("power_of_attorney", "授权委托书"),
    ("identity", "身份证明"),
    ("supplement", "补正材料"),
    ("other", "其他"),
)
# Types accepted for upload: extension → the content sniffed from the file's first bytes.
UPLOAD_TYPES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".ofd": (b"PK\x03\x04",),
}


def short_name(name: str, limit: int = 200) -> str:
    """The applicant's file name as kept (at most ``limit`` characters, the extension kept)."""
    if len(name) <= limit:
        return name
    stem, ext = os.path.splitext(name)
    ext = ext[:20]
    return stem[:limit - len(ext) - 1] + "…" + ext


def _upload_to(instance, filename: str) -> str:
    """The stored path: a random name with the checked extension only. The name the applicant gave, of any
    length and script, is kept in ``Attachment.name`` (a file system allows 255 bytes a name: 85 Chinese
    characters in UTF-8)."""
    ext = os.path.splitext(filename)[1].lower()
    ext = ext if ext in UPLOAD_TYPES else ""
    return f"applications/{instance.application.agency_id}/{instance.application_id}/{secrets.token_hex(8)}{ext}"


class Attachment(models.Model):
    """A file attached to an application (the request, a power of attorney, a supplement …)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField("类型", max_length=30, choices=ATTACHMENT_KINDS)
    file = models.FileField(upload_to=_upload_to, max_length=300)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = NoDeletion.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "附件"

    def delete(self, *args, **kwargs):
        raise PermissionDenied("记录不可删除")


class Event(models.Model):
    """One state change, kept for good: the audit trail. Rows are only ever inserted."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events", null=True)
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


models.signals.post_save.connect(forget_calendar, sender=ScheduleDay)
models.signals.post_save.connect(forget_calendar, sender=ScheduleYear)
models.signals.post_delete.connect(forget_calendar, sender=ScheduleDay)
models.signals.post_delete.connect(forget_calendar, sender=ScheduleYear)
