"""Drive applications through every path of the platform with dated steps, as staff would.

Used for the demo data (``gongkai serve``) and the simulated-years test. Every change goes
through the model's own methods, so the clock, the rules and the audit trail all apply. A step
dated after ``horizon`` is not taken: the application stays where it is (and is carried into
the next year if that is after 31 December).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from gongkai.errors import GongkaiError

from . import clock
from . import models as m

PATHS = (
    ("direct", 30), ("correction_ok", 8), ("correction_unclear", 3), ("correction_lapse", 5),
    ("consult", 8), ("consult_stalled", 2), ("fee_paid", 3), ("fee_lapse", 3), ("extension", 6),
    ("split", 4), ("refused_then_approved", 2),
)
FREE_OUTCOMES = [k for k in m.OUTCOME_KEYS if k not in m.OUTCOMES_BY_PATH and k != "unable.unclear"]
# Roughly the mix real reports print: most granted, many not held, a few of each refusal.
OUTCOME_WEIGHTS = [{"granted": 40, "partial": 12, "unable.not_held": 14, "unable.needs_creation": 4,
                    "other.other": 3}.get(k, 2) for k in FREE_OUTCOMES]
NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴婷", "徐明", "孙丽")
ORGS = {
    "commercial": ("示例建设工程有限公司", "示例科技股份有限公司"),
    "research": ("示例大学公共管理学院", "示例城市规划研究院"),
    "social_welfare": ("示例环境保护志愿者协会", "示例公益基金会"),
    "legal_services": ("示例律师事务所", "示例法律援助中心"),
    "other_org": ("示例村民委员会", "示例业主委员会"),
}
TOPICS = ("征收补偿安置方案", "建设项目环境影响评价批复", "行政处罚决定书", "财政预算执行情况", "规划许可证及附图",
          "政府采购合同", "会议纪要", "信访事项处理意见", "食品安全抽检结果", "道路改造工程立项批复")


@dataclass
class Planned:
    """What the simulation did with one application: for checking the report against, independently."""

    app_id: int
    applicant_type: str
    received_on: dt.date
    path: str
    outcome: str | None = None
    closed_on: dt.date | None = None
    parts: list[Planned] = field(default_factory=list)


@dataclass
class Actors:
    registrar: object
    handler: object
    head: object


def _wd(d: dt.date, n: int) -> dt.date:
    """``n`` working days after ``d``; a day beyond the known calendar is "never" (after any horizon)."""
    try:
        return m.add_working_days(d, n)
    except clock.CalendarGap:
        return dt.date.max


def new_application(agency: m.Agency, rng: random.Random, received: dt.date, actors: Actors,
                    applicant_type: str | None = None) -> m.Application:
    """Register one application received on ``received`` (a plausible, invented applicant)."""
    kind = applicant_type or rng.choices([k for k, _ in m.APPLICANT_TYPES], weights=(70, 10, 4, 4, 6, 6))[0]
    channel = rng.choice(("in_person", "post", "online", "online", "fax"))
    if kind == "natural_person":
        name = rng.choice(NAMES)
        id_type, id_number = "resident_id", f"{rng.randint(110000, 659000)}19{rng.randint(50, 99)}" \
                                            f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(1000, 9999)}"
    else:
        name = rng.choice(ORGS[kind])
        id_type, id_number = "credit_code", f"91{rng.randint(10**15, 10**16 - 1)}"
    submitted = received if channel == "in_person" else received - dt.timedelta(days=rng.choice((0, 1, 2)))
    topic = rng.choice(TOPICS)
    app = m.Application(
        agency=agency, applicant_type=kind, applicant_name=name, id_type=id_type, id_number=id_number,
        contact_person="" if kind == "natural_person" else rng.choice(NAMES),
        phone=f"13{rng.randint(10**8, 10**9 - 1)}", address="示例市示例区示例路1号",
        info_title=f"{received.year}年{topic}", info_description=f"申请公开{topic}全文。",
        delivery_form=rng.choice(("electronic", "paper", "email", "post")), channel=channel, submitted_on=submitted,
        status=m.Status.SUBMITTED)
    if channel == "online":
        app.number = m.next_number(agency, submitted.year)
        app.save()
        app._log("submit", "申请人", {"channel": "online"}, "", submitted)
    app.register(actors.registrar, received)
    return app


def run_path(app: m.Application, path: str, rng: random.Random, actors: Actors, horizon: dt.date,
             plan: Planned) -> None:
    """Take ``app`` along ``path``; steps after ``horizon`` are left undone."""
    h, head = actors.handler, actors.head
    d = app.received_on

    def when(n: int) -> dt.date | None:
        day = _wd(d, n)
        return day if day <= horizon else None

    def close(on: dt.date | None, outcome: str | None = None) -> None:
        if on is None or on > horizon:
            return
        outcome = outcome or rng.choices(FREE_OUTCOMES, weights=OUTCOME_WEIGHTS)[0]
        reason = "依据《条例》相关规定" if outcome in m.OUTCOMES_NEEDING_REASON else ""
        agency_name = "示例市自然资源局" if outcome == "unable.not_held" and rng.random() < .5 else ""
        app.close(h, outcome, on, reason, agency_name)
        if app.status == m.Status.APPROVAL:
            approve_on = _wd(on, 1)
            if approve_on > horizon:
                return
            app.approve_close(head, approve_on)
        plan.outcome, plan.closed_on = app.outcome, app.closed_on

    if when(1) is None:
        return
    app.take(h)
    if path == "direct":
        close(when(rng.randint(3, 19)))
    elif path in ("correction_ok", "correction_unclear", "correction_lapse"):
        notice_on = when(rng.randint(1, 6))
        if notice_on is None:
            return
        app.request_correction(h, notice_on, "请补充所需信息的文号或者形成时间", 15)
        if path == "correction_lapse":
            lapse_on = _wd(app.correction_due_on, 1)
            if lapse_on <= horizon:
                app.lapse_correction(h, lapse_on)
                plan.outcome, plan.closed_on = app.outcome, app.closed_on
            return
        sup_on = _wd(notice_on, rng.randint(1, 14))
        if sup_on > horizon:
            return
        app.receive_supplement("申请人", sup_on, "所需信息为2023年印发的文件")
        d = sup_on
        close(when(rng.randint(2, 19)), "unable.unclear" if path == "correction_unclear" else None)
    elif path in ("consult", "consult_stalled"):
        start = when(rng.randint(2, 8))
        if start is None:
            return
        c = app.start_consultation(h, start, "示例建设工程有限公司", "third_party")
        answer = _wd(start, rng.randint(3, 15) if path == "consult" else rng.randint(250, 400))
        if answer > horizon:
            return
        app.answer_consultation(h, c, answer, "不同意公开涉及商业秘密的部分")
        close(min(app.due_on, _wd(answer, rng.randint(1, 6))))
    elif path in ("fee_paid", "fee_lapse"):
        notice_on = when(rng.randint(2, 8))
        if notice_on is None:
            return
        app.issue_fee_notice(h, notice_on, 200)
        if path == "fee_lapse":
            lapse_on = _wd(app.fee_due_on, 1)
            if lapse_on <= horizon:
                app.lapse_fee(h, lapse_on)
                plan.outcome, plan.closed_on = app.outcome, app.closed_on
            return
        paid = _wd(notice_on, rng.randint(1, 19))
        if paid > horizon:
            return
        app.record_payment(h, paid)
        close(min(app.due_on, _wd(paid, rng.randint(1, 5))))
    elif path == "extension":
        ask = when(rng.randint(10, 17))
        if ask is None:
            return
        app.request_extension(h, rng.randint(5, 20), "需要调取档案并逐页审查")
        app.approve_extension(head, True, on=ask)
        close(app.due_on if rng.random() < .3 else when(rng.randint(18, 25)))
    elif path == "refused_then_approved":
        first = when(rng.randint(3, 10))
        if first is None:
            return
        app.close(h, "granted", first)
        if app.status == m.Status.APPROVAL:
            app.refuse_close(head, "请核实是否涉及第三方")
        close(when(rng.randint(11, 19)), "partial")


def simulate(agency: m.Agency, start: dt.date, end: dt.date, count: int, actors: Actors, seed: int = 1,
             horizon: dt.date | None = None, appeals: float = 0.08) -> list[Planned]:
    """Receive ``count`` applications on working days from ``start`` to ``end`` and take each along a path.

    Returns what was done, per application, for independent counting. About ``appeals`` of the
    closed ones are taken to 行政复议 or 行政诉讼, some decided later (possibly the next year).
    """
    rng = random.Random(seed)
    horizon = horizon or m.dates.today()
    days = []
    d = start
    while d <= end:
        if m.work_calendar().is_workday(d):
            days.append(d)
        d += dt.timedelta(days=1)
    names, weights = zip(*PATHS, strict=True)
    out: list[Planned] = []
    for _ in range(count):
        received = rng.choice(days)
        path = rng.choices(names, weights=weights)[0]
        app = new_application(agency, rng, received, actors)
        plan = Planned(app.pk, app.applicant_type, received, path)
        out.append(plan)
        try:
            if path == "split":
                if _wd(received, 1) > horizon:
                    continue
                parts = app.split(actors.registrar, ["第一项：" + app.info_description, "第二项：相关附件"],
                                  on=received)
                for part in parts:
                    sub = Planned(part.pk, part.applicant_type, received, "direct")
                    plan.parts.append(sub)
                    run_path(part, "direct", rng, actors, horizon, sub)
                continue
            run_path(app, path, rng, actors, horizon, plan)
        except (ValidationError, GongkaiError) as e:  # a rule refused a step: keep the record as it stands
            plan.path += f" (stopped: {e})"
        if plan.closed_on and rng.random() < appeals:
            _appeal(app, rng, actors, horizon)
    return out


def _appeal(app: m.Application, rng: random.Random, actors: Actors, horizon: dt.date) -> None:
    filed = app.closed_on + dt.timedelta(days=rng.randint(5, 55))
    if filed > horizon:
        return
    kind = "review" if rng.random() < .7 else "litigation"
    a = m.Appeal.file(app, actors.handler, kind, filed, "示例市人民政府" if kind == "review" else "示例区人民法院",
                      f"（{filed.year}）示{rng.randint(1, 999)}号")
    decided = filed + dt.timedelta(days=rng.randint(20, 150))
    if decided <= horizon and rng.random() < .85:
        a.decide(actors.handler, rng.choice(("upheld", "upheld", "corrected", "other")), decided)
        if kind == "review" and rng.random() < .4:
            sued = decided + dt.timedelta(days=rng.randint(3, 15))
            if sued <= horizon:
                lit = m.Appeal.file(app, actors.handler, "litigation", sued, "示例区人民法院", "", after_review=a)
                ruled = sued + dt.timedelta(days=rng.randint(30, 200))
                if ruled <= horizon:
                    lit.decide(actors.handler, rng.choice(("upheld", "corrected", "other")), ruled)
