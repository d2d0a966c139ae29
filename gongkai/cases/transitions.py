"""The table of transitions: every action on an application, in one place.

Each :class:`Transition` says who may do it (``roles``), from which states (``sources``), under
which further condition (``guard``), with which form (a class of :mod:`gongkai.cases.forms`, by
name; its field names are the API's and the page's), and what it does (``effect``, which calls
the model method that makes the change and writes its audit event).

Readers of the table:

* the model — each state-changing method starts with ``self._require(name)``, which checks
  ``sources`` and ``guard`` here and raises :class:`~gongkai.cases.states.Conflict`;
* the pages — :func:`offered` lists the actions the user may take now (the detail page's
  forms), and ``views.action`` runs :func:`perform`;
* the API — ``POST /api/applications/<pk>/actions/<name>/`` runs :func:`perform` (409 on a
  conflict);
* the tests and ``docs/platform.md``, which print the table.

:func:`perform` is the one way staff change an application: it checks the role, locks the
application row (``select_for_update``; on SQLite the ``IMMEDIATE`` transaction takes the write
lock), and only then checks the state — so of N people acting at once on the same application,
exactly one succeeds and the others get a :class:`Conflict` naming the state it is in now.
Roles are checked here, not in the model: the model is also driven by the applicant (补正), the
system (the demo, reminders) and the fee page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .states import OPEN_STATUSES, Conflict, Status

S = Status
ALIVE = (S.SUBMITTED, *OPEN_STATUSES, S.CLOSED)  # every state but 已拆分 (the parts carry on)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    roles: frozenset[str]
    sources: tuple[str, ...]
    form: str | None  # a form class of gongkai.cases.forms; None: no fields
    effect: Callable[[Any, Any, dict], Any] | None  # (application, user, cleaned data) → result
    guard: Callable[[Any], str | None] = field(default=lambda app: None)  # why not now, or None
    each: Callable[[Any], Iterable[tuple[str, dict]]] | None = None  # one form per pending item
    page: str | None = None  # done on its own page (URL name), not the detail page's form
    doc: str = ""  # where the rule comes from, for docs/platform.md

    def refusal(self, app) -> str | None:
        """Why this transition cannot happen to ``app`` as it stands, or ``None``."""
        if app.status not in self.sources:
            return f"当前状态为“{app.get_status_display()}”，不能{self.label}（可能已由他人办理，请刷新页面后查看）"
        return self.guard(app)

    def check(self, app) -> None:
        why = self.refusal(app)
        if why:
            raise Conflict(why)

    def form_class(self):
        if self.form is None:
            return None
        from . import forms

        return getattr(forms, self.form)

    def make_form(self, app, *args, **kwargs):
        cls = self.form_class()
        if cls is None:
            return None
        if getattr(cls, "needs_app", False):
            kwargs["app"] = app
        return cls(*args, **kwargs)


# --- effects: each calls one model method (which writes the audit event) -------------------

def _consult_answer(app, by, d):
    c = app.consultations.filter(pk=d["consultation"]).first()
    if c is None:
        raise Conflict("无此征求意见记录")
    return app.answer_consultation(by, c, d["on"], d["opinion"])


def _appeal(app, by, d):
    from .models import Appeal

    review = None
    if d.get("after_review"):
        review = app.appeals.filter(pk=d["after_review"], kind="review").first()
        if review is None:
            raise Conflict(f"本申请没有编号为 #{d['after_review']} 的行政复议")
    return Appeal.file(app, by, d["kind"], d["filed_on"], d["body"], d["case_number"], review)


def _appeal_decide(app, by, d):
    appeal = app.appeals.filter(pk=d["appeal"]).first()
    if appeal is None:
        raise Conflict("无此复议或诉讼记录")
    return appeal.decide(by, d["result"], d["decided_on"])


# --- guards: the conditions beyond the state --------------------------------------------------

def _not_registered(app):
    return "该申请已登记收到" if app.received_on and app.status != S.SUBMITTED else None


def _no_correction_yet(app):
    return "补正通知只能发出一次（《条例》第三十条）" if app.correction_requested_on else None


def _no_extension_yet(app):
    if app.extension_days:
        return "答复期限只能延长一次（《条例》第三十三条）"
    if app.extension_requested_days:
        return "已有待审批的延期申请"
    return None


def _extension_pending(app):
    return None if app.extension_requested_days else "没有待审批的延期申请"


def _no_fee_notice_yet(app):
    return "已发出过收费通知" if app.fee_notice_on else None


def _open_consultations(app):
    return [(f"：{c.party}", {"consultation": c.pk}) for c in app.consultations.filter(answered_on__isnull=True)]


def _consultation_open(app):
    return None if app.consultations.filter(answered_on__isnull=True).exists() else "没有待答复的征求意见"


def _pending_appeals(app):
    return [(f"：{a}", {"appeal": a.pk}) for a in app.appeals.filter(result="pending")]


def _appeal_pending(app):
    return None if app.appeals.filter(result="pending").exists() else "没有尚未审结的复议或诉讼"


def _t(name, label, roles, sources, form, effect, **kw) -> Transition:
    return Transition(name, label, frozenset(roles), tuple(sources), form, effect, **kw)


HANDLER = ("handler",)
HEAD = ("head",)
BEFORE_REPLY = (S.NEW, S.PROCESSING)

TRANSITIONS: dict[str, Transition] = {t.name: t for t in (
    _t("register", "确认收到", ("registrar", "handler", "admin"), (S.SUBMITTED, S.NEW), "RegisterForm",
       lambda app, by, d: app.register(by, d["on"]), guard=_not_registered,
       doc="第三十一条：收到申请之日"),
    _t("take", "承办", HANDLER, (S.NEW,), None, lambda app, by, d: app.take(by),
       doc="承办人本人接手新收申请"),
    _t("assign", "指定承办人", ("head", "admin"), OPEN_STATUSES, "AssignForm",
       lambda app, by, d: app.assign(by, d["handler"]),
       doc="机构负责人或机关管理员将申请交由本机关某一承办人办理"),
    _t("request_correction", "发出补正通知", HANDLER, BEFORE_REPLY, "CorrectionForm",
       lambda app, by, d: app.request_correction(by, d["on"], d["notice"], d["days"]), guard=_no_correction_yet,
       doc="第三十条：收到申请之日起7个工作日内一次性告知"),
    _t("supplement", "登记补正", ("handler", "registrar"), (S.CORRECTION,), "StaffSupplementForm",
       lambda app, by, d: app.receive_supplement(by, d["on"], d["text"]),
       doc="第三十条：答复期限自收到补正的申请之日起计算（申请人也可在查询页提交）"),
    _t("lapse_correction", "逾期未补正，终止办理", HANDLER, (S.CORRECTION,), "OnForm",
       lambda app, by, d: app.lapse_correction(by, d["on"]),
       doc="第三十条：无正当理由逾期不补正的，视为放弃申请"),
    _t("consult", "征求意见", HANDLER, (*BEFORE_REPLY, S.CONSULTATION), "ConsultForm",
       lambda app, by, d: app.start_consultation(by, d["on"], d["party"], d["kind"]),
       doc="第三十二条、第三十四条；所需时间不计算在答复期限内（第三十三条第三款）"),
    _t("consult_answer", "登记征求意见答复", HANDLER, (S.CONSULTATION,), "ConsultAnswerForm", _consult_answer,
       guard=_consultation_open, each=_open_consultations),
    _t("request_extension", "申请延长答复期限", HANDLER, (*BEFORE_REPLY, S.CONSULTATION, S.FEE), "ExtensionForm",
       lambda app, by, d: app.request_extension(by, d["days"], d["reason"]), guard=_no_extension_yet,
       doc="第三十三条第二款：经政府信息公开工作机构负责人同意，延长不超过20个工作日"),
    _t("approve_extension", "审批延期", HEAD, (*BEFORE_REPLY, S.CONSULTATION, S.FEE, S.APPROVAL), "ApproveForm",
       lambda app, by, d: app.approve_extension(by, d["approve"]), guard=_extension_pending),
    _t("fee_notice", "发出收费通知", HANDLER, BEFORE_REPLY, None, None, guard=_no_fee_notice_yet,
       page="decisions:fee", doc="第四十二条、国办函〔2020〕109号：在信息处理费页面计算并发出"),
    _t("fee_paid", "登记缴费", HANDLER, (S.FEE,), "OnForm", lambda app, by, d: app.record_payment(by, d["on"])),
    _t("lapse_fee", "逾期未缴费，终止办理", HANDLER, (S.FEE,), "OnForm", lambda app, by, d: app.lapse_fee(by, d["on"]),
       doc="国办函〔2020〕109号：逾期未缴纳的，视为放弃申请"),
    _t("close", "办结", HANDLER, BEFORE_REPLY, "CloseForm",
       lambda app, by, d: app.close(by, d["outcome"], d["on"], d["reason"], d["responsible_agency"]),
       doc="第三十六条：答复；机关设置“办结需机构负责人审批”时转待审批办结"),
    _t("approve_close", "批准办结", HEAD, (S.APPROVAL,), "OnForm",
       lambda app, by, d: app.approve_close(by, d["on"])),
    _t("refuse_close", "退回办结", HEAD, (S.APPROVAL,), "RefuseForm",
       lambda app, by, d: app.refuse_close(by, d["note"])),
    _t("split", "拆分申请", ("handler", "registrar"), BEFORE_REPLY, "SplitForm",
       lambda app, by, d: app.split(by, d["matters"].splitlines()), doc="一申请一事项"),
    _t("appeal", "登记复议或诉讼", HANDLER, ALIVE, "AppealForm", _appeal, doc="第五十一条：年度报告表四"),
    _t("appeal_decide", "登记复议或诉讼结果", HANDLER, ALIVE, "AppealDecisionForm", _appeal_decide,
       guard=_appeal_pending, each=_pending_appeals),
    _t("upload", "上传附件", ("handler", "registrar"), ALIVE, "UploadForm",
       lambda app, by, d: app.attach(d["file"], d["kind"], by)),
)}


def offered(app, roles: set[str]) -> list[dict]:
    """The actions ``roles`` may take on ``app`` now, with their (unbound) forms: the detail page's list."""
    out = []
    for t in TRANSITIONS.values():
        if t.page or not roles & t.roles or t.refusal(app):
            continue
        if t.each is not None:
            for suffix, initial in t.each(app):
                out.append({"name": t.name, "label": t.label + suffix, "form": t.make_form(app, initial=initial)})
            continue
        out.append({"name": t.name, "label": t.label, "form": t.make_form(app)})
    return out


def bind_form(t: Transition, app, data, files=None):
    """The transition's form bound to ``data`` (``None`` when it has no fields)."""
    return t.make_form(app, data, files)


def perform(app, name: str, user, roles: set[str], data: dict):
    """Do transition ``name`` on ``app`` for ``user``: check the role, lock, re-check, apply.

    ``data`` is the cleaned data of the transition's form. Raises ``PermissionDenied`` (wrong
    role), :class:`Conflict` (the application no longer stands where the action needs it) or
    ``ValidationError`` (the data do not fit). Returns what the model method returned; ``app``
    is refreshed from the locked row.
    """
    t = TRANSITIONS[name]
    if t.effect is None:
        raise Conflict(f"“{t.label}”须在其专门页面办理")
    if not roles & t.roles:
        raise PermissionDenied("您没有此项操作的权限")
    with transaction.atomic():
        locked = lock(app)
        t.check(locked)
        return t.effect(locked, user, data)


def lock(app):
    """Lock ``app``'s row until the end of the current transaction and reload it into ``app``."""
    from .models import Application

    fresh = Application.objects.select_for_update().get(pk=app.pk)
    for f in app._meta.concrete_fields:
        value = getattr(fresh, f.attname)
        if f.is_relation and f.is_cached(app) and getattr(app, f.attname) != value:
            f.delete_cached_value(app)  # e.g. another handler was assigned meanwhile
        setattr(app, f.attname, value)
    return app


ROLE_LABELS = {"registrar": "登记员", "handler": "承办人", "head": "机构负责人", "admin": "机关管理员"}


def markdown_table() -> str:
    """The table as docs/platform.md prints it (a test keeps the two the same)."""
    lines = ["| 操作 name | 名称 | 角色 | 从状态 | 另需 | 表单 | 依据、说明 |", "|---|---|---|---|---|---|---|"]
    guards = {
        _not_registered: "尚未登记收到", _no_correction_yet: "未发过补正通知",
        _no_extension_yet: "未延长、无待审批延期",
        _extension_pending: "有待审批的延期申请", _no_fee_notice_yet: "未发过收费通知",
        _consultation_open: "有未答复的征求意见", _appeal_pending: "有未审结的复议或诉讼",
    }
    for t in TRANSITIONS.values():
        roles = "、".join(ROLE_LABELS[r] for r in sorted(t.roles, key=list(ROLE_LABELS).index))
        states = "除已拆分外任何状态" if t.sources == ALIVE else "、".join(Status(s).label for s in t.sources)
        form = f"`{t.form}`" if t.form else ("—" if not t.page else "信息处理费页面")
        lines.append(f"| `{t.name}` | {t.label} | {roles} | {states} | {guards.get(t.guard, '—')} | {form} "
                     f"| {t.doc or '—'} |")
    return "\n".join(lines)
