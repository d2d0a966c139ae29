"""Demo data for letters, fees and evidence, added to the platform's demo (gongkai.cases.demo).

* letterhead and the remedy clause's 复议机关 and court for both agencies, templates stored;
* a frequent applicant (钱多多) at the demo agency: a dozen applications in the last weeks, one
  asking again for what was already answered (decided 重复申请 — the evidence is recorded), one
  near-duplicate still open (open its evidence page), and one charged 按件计收 with its
  收费通知书 (working shown on the fee page);
* letters made for a sample of applications (receipts, 补正, 延期, decisions), so the status page
  and the staff pages have documents to download.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ..cases import models as m
from ..letters.build import available_kinds, generate
from ..letters.models import LetterSettings, LetterTemplate
from .fee_notices import charge

SETTINGS = {
    "demo": dict(office="示例市人民政府办公室", address="示例市人民大道1号", phone="0000-12345678",
                 review_body="示例省人民政府", court="示例市中级人民法院", reference_prefix="示政办公开",
                 payment_method="通过示例市非税收入统一缴款平台缴纳（缴款码随通知发送）"),
    "ziranziyuan": dict(office="示例市自然资源局", address="示例市建设路8号", phone="0000-87654321",
                        review_body="示例市人民政府", court="示例市人民法院", reference_prefix="示自然资公开",
                        payment_method="通过示例市非税收入统一缴款平台缴纳"),
}
FREQUENT = dict(applicant_type="natural_person", applicant_name="钱多多", id_type="resident_id",
                id_number="110105198805051234", phone="13900000000", email="qian@example.org",
                delivery_form="email", channel="in_person")
TOPICS = [
    "申请公开示例河2024年度水质监测报告",
    "申请公开示例市2024年度城市道路维修资金使用情况",
    "申请公开示例市第三中学扩建工程的立项批复",
    "申请公开示例市2024年度政府信息公开工作年度报告的统计数据来源",
    "申请公开人民大道拓宽工程的环境影响评价文件",
    "申请公开示例市2024年度行政事业性收费目录",
    "申请公开示例市公共自行车项目的采购合同",
    "申请公开示例市2024年度河长制工作考核结果",
    "申请公开示例市老旧小区加装电梯补贴发放名单的统计数",
    "申请公开示例市2024年度防汛应急预案",
]


def _wd_before(on: dt.date, n: int) -> dt.date:
    cal = m.work_calendar()
    d = on
    while n:
        d -= dt.timedelta(days=1)
        if cal.is_workday(d):
            n -= 1
    return d


def _new(agency: m.Agency, received: dt.date, text: str, by) -> m.Application:
    app = m.Application(agency=agency, info_description=text, submitted_on=received, status=m.Status.SUBMITTED,
                        **FREQUENT)
    app.save()
    app.register(by, received)
    return app


@transaction.atomic
def load(on: dt.date, users: dict) -> None:
    for user in users.values():  # reminders need an address (the demo prints e-mails on the console)
        if not user.email:
            user.email = f"{user.username}@example.org"
            user.save(update_fields=["email"])
    agencies = {a.slug: a for a in m.Agency.objects.all()}
    for slug, values in SETTINGS.items():
        if slug in agencies:
            LetterSettings.objects.update_or_create(agency=agencies[slug], defaults=values)
            LetterTemplate.seed(agencies[slug])
    agency = agencies.get("demo")
    if agency is None:
        return
    handler, head = users["handler"], users["head"]
    # The frequent applicant: the first application, answered two months ago…
    first = _new(agency, _wd_before(on, 45), "申请公开示例河2024年度水质监测报告及各监测点位的分布图", handler)
    first.take(handler)
    first.close(handler, "granted", _wd_before(on, 30))
    if first.status == m.Status.APPROVAL:
        first.approve_close(head, _wd_before(on, 30))
    # …then a dozen applications this month (several a day early in a month).
    cal = m.work_calendar()
    days = [d for d in (on.replace(day=1) + dt.timedelta(days=i) for i in range(on.day)) if cal.is_workday(d)]
    days = days or [on]
    texts = TOPICS + ["申请公开示例市2024年度城市绿化养护经费", "申请公开示例市2024年度公交线路调整的听证材料"]
    apps = [_new(agency, days[min(i * len(days) // len(texts), len(days) - 1)], text, handler)
            for i, text in enumerate(texts)]
    for app in apps:
        app.take(handler)
    # Asking again for the report already given: decided 重复申请 (the evidence is recorded with it).
    again = _new(agency, days[-1], "申请公开：二〇二四年度示例河水质监测报告，以及监测点位分布图。", handler)
    again.take(handler)
    again.close(handler, "not_processed.repeat", on,
                reason=f"与本机关已于{first.closed_on:%Y年%m月%d日}答复的第{first.number}号申请内容相同")
    if again.status == m.Status.APPROVAL:
        again.approve_close(head, on)
    # A near-duplicate still open: open its evidence page before deciding.
    _new(agency, days[-1], "请提供示例河2024年水质监测报告（含监测点位图）", handler).take(handler)
    # Charged by item: the applicant's 11th or later application this month.
    charge(apps[-1], handler, on, "by_item", 1, "该申请人近一个月内向本机关提出十余件申请，数量、频次明显超过合理范围")
    # One letter of every kind, for the first application whose records allow it.
    wanted = ["receipt", "correction", "extension", "consult_third_party", "consult_agency", "decision_granted",
              "decision_partial", "decision_denied", "decision_unable", "decision_not_ours",
              "decision_not_processed", "decision_other"]
    recent = (m.Application.objects.filter(agency=agency, received_on__isnull=False)
              .exclude(status=m.Status.SPLIT).order_by("-received_on", "-id")[:300])
    for app in recent:
        if not wanted:
            break
        kinds = [k for k in available_kinds(app) if k in wanted]
        if not kinds:
            continue
        kind = kinds[-1]
        extra = {"withheld": "涉及个人信息的部分", "withheld_outcome": "denied.third_party"} \
            if kind == "decision_partial" else {}
        generate(app, kind, app.handler or handler, issued=app.closed_on or app.received_on, **extra)
        wanted.remove(kind)
