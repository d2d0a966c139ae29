"""The fields a letter template may use: name, meaning, and an example for the preview.

Templates see plain data only (text, numbers and lists of text), never database objects,
so an office-edited template can print what is listed here and nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    example: Any
    kinds: tuple[str, ...] = ()  # letter kinds that fill it; () = every letter


D = dt.date
FIELDS: tuple[Field, ...] = (
    # Every letter.
    Field("agency", "本机关名称", "示范市生态环境局"),
    Field("office", "政府信息公开工作机构", "示范市生态环境局政府信息公开办公室"),
    Field("agency_address", "本机关通讯地址", "示范市人民路1号"),
    Field("agency_phone", "本机关联系电话", "0000-12345678"),
    Field("reference", "本文书编号", "示环公〔2026〕第12号"),
    Field("number", "申请编号", "2026-0012"),
    Field("tracking_code", "申请查询码（申请人查看办理进度用）", "K7Q2-M9XD-4T"),
    Field("applicant", "申请人姓名或名称", "张三"),
    Field("applicant_type", "申请人类型", "自然人"),
    Field("agent", "代理人（无则为空）", ""),
    Field("applicant_address", "申请人通讯地址", "示范市和平路8号"),
    Field("request", "所申请公开的信息（名称、文号或描述）", "2025年度示范河水质监测报告"),
    Field("channel", "申请方式", "网上申请"),
    Field("delivery", "申请人要求的提供方式", "电子邮件"),
    Field("submitted", "提交日期", D(2026, 1, 5)),
    Field("received", "收到申请日期（第三十一条）", D(2026, 1, 5)),
    Field("due", "答复期限届满日（第三十三条，已计延期、补正、征求意见）", D(2026, 2, 2)),
    Field("issued", "本文书落款日期", D(2026, 1, 6)),
    # 补正告知书
    Field("correction_items", "需要补正的事项（逐项）", ["所需信息的时间范围", "所需信息的文件名称或文号"],
          ("correction",)),
    Field("correction_deadline", "补正期限届满日", D(2026, 1, 26), ("correction",)),
    Field("correction_days", "补正期限（工作日数）", 15, ("correction",)),
    # 延期答复告知书
    Field("original_due", "原答复期限届满日", D(2026, 2, 2), ("extension",)),
    Field("extended_due", "延长后的答复期限届满日", D(2026, 3, 9), ("extension",)),
    Field("extension_days", "延长的工作日数（最长20）", 20, ("extension",)),
    Field("extension_reason", "延期理由", "所申请信息数量较大，需要逐件检索、审查", ("extension",)),
    # 征求意见函
    Field("consultee", "被征求意见的第三方或机关", "示范化工有限公司", ("consult_third_party", "consult_agency")),
    Field("consult_matter", "征求意见的信息及所涉事项", "该公司2025年排污许可执行报告（可能涉及商业秘密）",
          ("consult_third_party", "consult_agency")),
    Field("consult_deadline", "提出意见的期限届满日（收到之日起15个工作日）", D(2026, 2, 3),
          ("consult_third_party", "consult_agency")),
    # 收费通知书
    Field("fee_method", "计收方式（按件计收或按量计收）", "按量计收", ("fee_notice",)),
    Field("fee_quantity", "计费数量（件数或页数）", "共145页", ("fee_notice",)),
    Field("fee_working", "计算过程（逐档）",
          ["1—30页：免费", "31—100页：70页×10元＝700元", "101—145页：45页×20元＝900元"], ("fee_notice",)),
    Field("fee_amount", "应缴金额（元）", Decimal("1600"), ("fee_notice",)),
    Field("fee_deadline", "缴费期限届满日（收到收费通知之日起20个工作日）", D(2026, 2, 9), ("fee_notice",)),
    Field("payment_method", "缴纳方式", "通过示范市非税收入缴款平台缴纳，缴款码见附页", ("fee_notice",)),
    # 答复告知书
    Field("outcome", "办理结果键（年度报告表三的行）", "denied.third_party", ("decision",)),
    Field("outcome_label", "办理结果（年度报告表三的行名）", "（三）不予公开 4.保护第三方合法权益", ("decision",)),
    Field("ground", "处理依据的情形", "所申请公开的信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
          ("decision",)),
    Field("basis", "所依据的条款（自动按办理结果引用）",
          "《中华人民共和国政府信息公开条例》第十五条、第三十六条第（三）项", ("decision",)),
    Field("reason", "办理人员填写的具体理由", "该信息载有企业生产工艺参数，经征求意见，该企业不同意公开。",
          ("decision",)),
    Field("provided", "提供的信息或获取方式", "随本告知书以电子邮件发送《2025年度示范河水质监测报告》", ("decision",)),
    Field("withheld", "部分公开时不予公开的部分", "第3页所载个人联系方式", ("decision",)),
    Field("withheld_basis", "部分公开时不予公开部分的依据", "《中华人民共和国政府信息公开条例》第十五条",
          ("decision",)),
    Field("responsible_agency", "负责公开该信息的机关（非本机关负责公开时）", "示范市自然资源局", ("decision",)),
    Field("responsible_contact", "该机关的联系方式", "0000-87654321", ("decision",)),
    # Remedy clause (every decision; editable per agency).
    Field("review_body", "行政复议机关", "示范市人民政府"),
    Field("court", "有管辖权的人民法院", "示范市人民法院"),
    Field("review_days", "申请行政复议的期限（日）", 60),
    Field("litigation_months", "提起行政诉讼的期限（月）", 6),
)

BY_NAME = {f.name: f for f in FIELDS}


def fields_for(kind: str) -> list[Field]:
    """The fields a letter of ``kind`` fills (kind ``decision_*`` counts as ``decision``)."""
    group = "decision" if kind.startswith("decision") else kind
    return [f for f in FIELDS if not f.kinds or group in f.kinds]


def sample_values() -> dict[str, Any]:
    """Example values for every field (the preview's data)."""
    return {f.name: f.example for f in FIELDS}
