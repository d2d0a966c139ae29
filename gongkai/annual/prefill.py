"""The narrative prefilled with the year's figures, for the agency to edit.

Every count the text states is taken from the same tables the report prints, in words the core's
``narrative.count`` check reads (收到……申请 N 件, 上年结转 N 件, 结转下年度 N 件, 行政复议 N 件,
行政诉讼 N 件), so a fresh draft raises no disagreement; what the office then writes is checked
as it is written. Gaps only a person can fill are marked “（请补充）”, and the checks say so.
"""

from __future__ import annotations

import datetime as dt

from gongkai.cases import models as cm
from gongkai.report import cells as C
from gongkai.report.model import Report

PLACEHOLDER = "（请补充）"


def _n(report: Report, key: str) -> int:
    v = report.number(key)
    return int(v) if v is not None else 0


def _amount(report: Report) -> str:
    c = report.cell("art20.fees.amount")
    return c.raw if c is not None and c.raw else "0"


def sections(report: Report, agency_name: str, *, late: int, catalogue: int, fee_sentence: str,
             as_of: dt.date | None = None) -> dict[str, str]:
    """The six sections for ``report`` (tables filled), as plain paragraphs separated by newlines."""
    n = lambda k: _n(report, k)  # noqa: E731
    y = report.year
    received, carried_over = n("apps.new_received.total"), n("apps.carried_over.total")
    done, carried_forward = n("apps.total.total"), n("apps.carried_forward.total")
    persons = n("apps.new_received.natural_person")
    review = n("review.total")
    direct, after = n("litigation_direct.total"), n("litigation_after_review.total")
    if report.template == "2021":
        made = (n("art20.regulations.made"), n("art20.normative_documents.made"))
        repealed = (n("art20.regulations.repealed"), n("art20.normative_documents.repealed"))
        in_force = (n("art20.regulations.in_force"), n("art20.normative_documents.in_force"))
    else:
        made = (n("art20.regulations.new_made"), n("art20.normative_documents.new_made"))
        repealed = (0, 0)
        in_force = (n("art20.regulations.total_published"), n("art20.normative_documents.total_published"))
    decisions = (n("art20.licensing.decisions"), n("art20.punishment.decisions"), n("art20.coercion.decisions"))
    denied = sum(n(C.app_key(r, "total")) for r in C.OUTCOME_KEYS_COMMON if r.startswith("denied."))
    unable = sum(n(C.app_key(r, "total")) for r in C.OUTCOME_KEYS_COMMON if r.startswith("unable."))
    not_processed = sum(n(C.app_key(r, "total")) for r in C.OUTCOME_KEYS_COMMON if r.startswith("not_processed."))
    other = sum(n(C.app_key(r, "total")) for r in report.other_rows())
    when = (f"截至{as_of.year}年{as_of.month}月{as_of.day}日" if as_of is not None and as_of < dt.date(y, 12, 31)
            else f"{y}年")
    overview = "\n".join([
        f"{when}，{agency_name}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、"
        "不公开为例外，依法做好主动公开和依申请公开工作。",
        f"（一）主动公开。制发规章{made[0]}件、行政规范性文件{made[1]}件，废止规章{repealed[0]}件、"
        f"行政规范性文件{repealed[1]}件；现行有效规章{in_force[0]}件、行政规范性文件{in_force[1]}件。"
        f"主动公开目录登记其他事项{catalogue}项。",
        f"（二）依申请公开。收到政府信息公开申请{received}件，上年结转{carried_over}件；"
        f"办结{done}件，结转下年度{carried_forward}件。",
        f"（三）行政复议和行政诉讼。因政府信息公开被申请行政复议{review}件，被提起行政诉讼{direct + after}件。",
        f"（四）平台建设和监督保障。{PLACEHOLDER}",
    ])
    proactive = (f"{when}，本机关制发规章{made[0]}件、行政规范性文件{made[1]}件；作出行政许可决定"
                 f"{decisions[0]}件、行政处罚决定{decisions[1]}件、行政强制决定{decisions[2]}件；"
                 f"行政事业性收费{_amount(report)}万元。具体情况见下表。")
    applications = (f"{when}，本机关收到政府信息公开申请{received}件，其中自然人提出{persons}件、"
                    f"法人或其他组织提出{received - persons}件，上年结转{carried_over}件。"
                    f"办理结果：予以公开{n('apps.granted.total')}件，部分公开{n('apps.partial.total')}件，"
                    f"不予公开{denied}件，无法提供{unable}件，不予处理{not_processed}件，其他处理{other}件；"
                    f"结转下年度继续办理{carried_forward}件。具体情况见下表。")
    appeals = (f"{when}，本机关因政府信息公开被申请行政复议{review}件，其中结果维持{n('review.upheld')}件、"
               f"结果纠正{n('review.corrected')}件、其他结果{n('review.other')}件、尚未审结{n('review.pending')}件；"
               f"被提起行政诉讼{direct + after}件，其中未经复议直接起诉{direct}件、复议后起诉{after}件。"
               "具体情况见下表。")
    first = (f"一是主动公开的及时性有待提高，登记的主动公开信息中有{late}项未在形成或者变更之日起"
             "20个工作日内公开（《条例》第二十六条）" if late else
             "一是主动公开的内容和解读仍需丰富，登记的主动公开信息均已在形成或者变更之日起20个工作日内公开")
    problems = "\n".join([f"本机关政府信息公开工作还存在一些不足：{first}；二是{PLACEHOLDER}。",
                          f"改进措施：{PLACEHOLDER}。"])
    other_matters = "\n".join([fee_sentence, "本机关无其他需要报告的事项。"])
    return {"overview": overview, "proactive": proactive, "applications": applications, "appeals": appeals,
            "problems": problems, "other_matters": other_matters}


def prefill(agency: cm.Agency, year: int, as_of: dt.date | None = None) -> dict[str, str]:
    """The six sections of a new draft, from the registers and the records as they stand."""
    from gongkai.decisions.fee_notices import year_totals
    from gongkai.registers.art26 import late_in_year
    from gongkai.registers.models import CatalogueItem

    from .build import tables

    report = tables(agency, year)
    catalogue = CatalogueItem.objects.filter(agency=agency, formed_on__year=year).count()
    return sections(report, agency.name, late=late_in_year(agency, year), catalogue=catalogue,
                    fee_sentence=year_totals(agency, year).text(), as_of=as_of or cm.dates.today())
