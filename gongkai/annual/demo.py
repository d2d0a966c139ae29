"""Demo data for the registers and the annual report, added to the platform's demo (gongkai.cases.demo).

The demo agency gets a complete previous year — registers filled (documents made and repealed,
twelve months of 许可/处罚/强制/收费, catalogue items), the report drafted from them, checked,
signed off by the head and published in January — so that a newcomer sees a finished report at
once; and the current year under way: the months so far entered, a draft started, and one
catalogue item past its Article 26 limit in the workbench queue. Everything is invented.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from gongkai.cases import models as m
from gongkai.registers.models import CatalogueItem, Document, MonthlyFigure

from . import models as am
from .prefill import PLACEHOLDER, prefill

DOCUMENTS = [
    # (kind, title, number suffix, signed (years back, month, day), repealed (years back, month, day) or None)
    ("regulation", "示例市城市道路管理办法", "示例市人民政府令第12号", (3, 5, 10), None),
    ("regulation", "示例市户外广告设施设置管理规定", "示例市人民政府令第13号", (2, 9, 1), (1, 11, 20)),
    ("regulation", "示例市政府信息公开规定实施办法", "示例市人民政府令第15号", (1, 4, 15), None),
    ("normative", "示例市老旧小区改造实施意见", "示政规〔{y}〕1号", (1, 2, 20), None),
    ("normative", "示例市人才住房保障办法", "示政规〔{y}〕2号", (1, 6, 5), None),
    ("normative", "示例市公共自行车管理暂行办法", "示政规〔{y}〕3号", (2, 3, 1), (1, 3, 1)),
    ("normative", "示例市政务服务“一网通办”工作规则", "示政规〔{y}〕4号", (1, 9, 12), None),
    ("normative", "示例市防汛应急预案管理办法", "示政规〔{y}〕5号", (3, 7, 7), None),
    ("normative", "示例市行政事业性收费目录管理规定", "示政规〔{y}〕6号", (0, 3, 18), None),
    ("normative", "示例市加装电梯补贴办法", "示政规〔{y}〕7号", (0, 5, 26), None),
]
FILLED = {
    "overview": "（四）平台建设和监督保障。政府门户网站政府信息公开专栏按季度更新，依申请公开全部通过平台登记、"
                "办理和答复，法定期限按工作日自动计算；年度报告表格由登记簿和办理记录直接生成。",
    "problems": ("二是个别行政规范性文件的政策解读与文件同步发布不够及时。",
                 "改进措施：建立文件起草部门与公开工作机构的会签制度，政策解读与文件同步审核、同步发布；"
                 "对主动公开信息按《条例》第二十六条的时限逐条跟踪。"),
}


def _fill(sections: dict[str, str]) -> dict[str, str]:
    """The prefilled text with its gaps filled, as the office would write it."""
    out = dict(sections)
    out["overview"] = out["overview"].replace(f"（四）平台建设和监督保障。{PLACEHOLDER}", FILLED["overview"])
    first, second = FILLED["problems"]
    out["problems"] = out["problems"].replace(f"二是{PLACEHOLDER}。", first).replace(f"改进措施：{PLACEHOLDER}。",
                                                                                   second)
    return out


def _wd(d: dt.date, n: int, on: dt.date) -> dt.date | None:
    """``n`` working days after ``d`` if that is known and not after ``on`` (else not published yet)."""
    from gongkai.cases.clock import ClockError

    try:
        due = m.add_working_days(d, n)
    except ClockError:
        return None
    return due if due <= on else None


def _registers(agency: m.Agency, on: dt.date, by) -> None:
    rng = random.Random(11)
    for kind, title, number, signed, repealed in DOCUMENTS:
        s = dt.date(on.year - signed[0], signed[1], signed[2])
        if s > on:
            continue
        published = _wd(s, rng.randint(2, 12), on)
        doc = Document(agency=agency, kind=kind, title=title, number=number.format(y=s.year), signed_on=s,
                       published_on=published, effective_on=s + dt.timedelta(days=30),
                       review_due=dt.date(s.year + 2, s.month, 1), source="演示数据", entered_by=by)
        if repealed:
            end = dt.date(on.year - repealed[0], repealed[1], repealed[2])
            if end <= on:
                doc.ended_on, doc.end_kind = end, "repealed"
                doc.ended_by = "示例市人民政府关于废止部分规章和规范性文件的决定"
        doc.save()
    for year in (on.year - 1, on.year):
        last = 12 if year < on.year else on.month - 1
        for month in range(1, last + 1):
            for cat, lo, hi in (("licensing", 20, 60), ("punishment", 3, 15), ("coercion", 0, 3)):
                MonthlyFigure(agency=agency, category=cat, year=year, month=month, count=rng.randint(lo, hi),
                              source="演示数据：业务系统导出", entered_by=by).save()
            amount = f"{rng.randint(50, 400) / 100:.2f}"
            MonthlyFigure(agency=agency, category="fees", year=year, month=month, amount=amount,
                          source="演示数据：非税收入系统导出", entered_by=by).save()
    items = [("示例市{y}年度财政预算", "财政预决算", (on.year - 1, 2, 10), 8),
             ("示例市{y}年度重大建设项目清单", "重大建设项目", (on.year - 1, 3, 16), 30),
             ("示例市{y}年度政府集中采购目录", "政府采购", (on.year - 1, 1, 6), 5),
             ("示例市{y}年度财政预算", "财政预决算", (on.year, 2, 9), 10)]
    for title, cat, formed, days in items:
        f = dt.date(*formed)
        if f > on:
            continue
        CatalogueItem.objects.create(agency=agency, title=title.format(y=f.year), category=cat, formed_on=f,
                                     published_on=_wd(f, days, on), location="政府门户网站",
                                     entered_by=by)
    # Under way: one item waiting, past its limit (the workbench queue shows it).
    waiting = on - dt.timedelta(days=40)
    if waiting.year == on.year:
        CatalogueItem.objects.create(agency=agency, title=f"示例市{on.year}年度民生实事项目进展", category="重点工作",
                                     formed_on=waiting, entered_by=by)


@transaction.atomic
def load(on: dt.date, users: dict) -> None:
    """Registers for last year and this, last year's report published, this year's draft started."""
    agency = m.Agency.objects.get(slug="demo")
    am.ReportProfile.objects.get_or_create(agency=agency, defaults={"level": "department"})
    _registers(agency, on, users["admin"])
    year = on.year - 1
    report = am.AnnualReport.objects.create(agency=agency, year=year,
                                            sections=_fill(prefill(agency, year, as_of=dt.date(year + 1, 1, 5))))
    report._log("create", users["handler"])
    report.step("check", users["handler"], {"handler"}, "数据已与登记簿、办理记录核对")
    report.step("sign_off", users["head"], {"head"}, "同意发布")
    published = dt.date(year + 1, 1, 20)
    report.step("publish", users["admin"], {"admin"}, on=published if published <= on else on)
    am.start(agency, on.year, users["handler"])
