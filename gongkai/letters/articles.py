"""The legal basis each letter cites: outcome key → article(s) of the 2019 条例 (国务院令第711号).

Every article number here was checked against the text of the 《中华人民共和国政府信息公开条例》
as revised on 3 April 2019 (in force 15 May 2019). The outcome keys are the annual report's
table-3 rows (:mod:`gongkai.report.cells`), so a letter and the report always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..report import cells as C

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


@dataclass(frozen=True)
class Basis:
    """What a decision rests on: the article citation and the words of the ground."""

    articles: tuple[str, ...]  # e.g. ("第十四条",) or ("第十五条", "第三十六条第（三）项")
    ground: str  # the ground in the words of the annual report / the regulation
    also: str = ""  # another instrument cited with the regulation

    @property
    def citation(self) -> str:
        """``《中华人民共和国政府信息公开条例》第十四条`` (several joined with 、); empty if none."""
        if not self.articles:
            return self.also
        text = REGULATION + "、".join(self.articles)
        return f"{text}和{self.also}" if self.also else text


# 三（三）不予公开: the reason's article, always together with 第三十六条第（三）项 (the reply form).
_DENIED = {
    "denied.state_secret": ("第十四条", "所申请公开的信息属于依法确定为国家秘密的政府信息"),
    "denied.law_forbidden": ("第十四条", "所申请公开的信息属于法律、行政法规禁止公开的政府信息"),
    "denied.security_stability": ("第十四条", "所申请公开的信息公开后可能危及国家安全、公共安全、经济安全、社会稳定"),
    "denied.third_party": ("第十五条", "所申请公开的信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害"),
    "denied.internal_affairs": ("第十六条第一款", "所申请公开的信息属于行政机关的内部事务信息"),
    "denied.process_info": ("第十六条第二款", "所申请公开的信息属于行政机关在履行行政管理职能过程中形成的过程性信息"),
    "denied.enforcement_file": ("第十六条第二款", "所申请公开的信息属于行政执法案卷信息"),
}

BASES: dict[str, Basis] = {
    "granted": Basis(("第三十六条第（二）项",), "所申请公开的信息可以公开"),
    "partial": Basis(("第三十七条",), "所申请公开的信息中含有不应当公开的内容，但能够作区分处理"),
    **{k: Basis((a, "第三十六条第（三）项"), g) for k, (a, g) in _DENIED.items()},
    "denied.admin_query": Basis(
        ("第三十六条第（七）项",),
        "所申请公开的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定",
    ),
    "unable.not_held": Basis(("第三十六条第（四）项",), "本机关经检索，没有所申请公开的信息"),
    "unable.needs_creation": Basis(
        ("第三十八条",), "本机关没有现成信息，提供所申请的信息需要对现有政府信息进行加工、分析"
    ),
    "unable.unclear": Basis(("第三十条",), "经补正后，申请内容仍不明确，无法确定所申请公开的政府信息"),
    "not_processed.complaint": Basis(
        ("第三十九条第一款",), "申请人以政府信息公开申请的形式进行信访、投诉、举报等活动"
    ),
    "not_processed.repeat": Basis(
        ("第三十六条第（六）项",), "本机关已就申请人提出的政府信息公开申请作出答复，申请人重复申请公开相同政府信息"
    ),
    "not_processed.publication": Basis(
        ("第三十九条第二款",), "申请内容为要求提供政府公报、报刊、书籍等公开出版物"
    ),
    "not_processed.excessive": Basis(
        ("第三十五条",), "申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理"
    ),
    # The regulation has no provision of its own for this row; offices rest it on Article 38
    # (what is provided is information already made or obtained, not a new confirmation).
    "not_processed.confirmation": Basis(
        ("第三十八条",), "申请内容为要求行政机关确认或者重新出具申请人已获取的信息"
    ),
    "other": Basis((), "其他处理"),
    "other.no_correction": Basis(
        ("第三十条",), "申请人无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请"
    ),
    "other.no_fee": Basis(
        ("第四十二条",), "申请人逾期未按收费通知要求缴纳信息处理费，本机关不再处理该政府信息公开申请", FEE_RULES
    ),
    "other.other": Basis((), "其他处理"),
}

# 非本机关负责公开 (counted in the report as unable.not_held): Article 36 item (5).
NOT_OURS = Basis(
    ("第三十六条第（五）项",), "所申请公开的信息不属于本机关负责公开"
)

# The articles a procedural letter rests on.
PROCEDURE: dict[str, tuple[str, ...]] = {
    "receipt": ("第二十九条", "第三十一条", "第三十三条"),
    "correction": ("第三十条",),
    "extension": ("第三十三条",),
    "consult_third_party": ("第三十二条",),
    "consult_agency": ("第三十四条",),
    "fee_notice": ("第四十二条",),
}

REMEDY_LAWS = "《中华人民共和国行政复议法》第二十条、《中华人民共和国行政诉讼法》第四十六条"
REVIEW_DAYS = 60  # 行政复议: within 60 days of knowing of the act
LITIGATION_MONTHS = 6  # 行政诉讼: within 6 months of knowing of the act


def basis(outcome: str, not_ours: bool = False) -> Basis:
    """The basis of a decision letter for a table-3 outcome key.

    ``not_ours`` marks an ``unable.not_held`` reply that the information is held by another
    agency (第三十六条第（五）项) rather than not existing (第三十六条第（四）项).
    """
    if outcome not in C.ALL_OUTCOME_KEYS:
        raise KeyError(f"未知的办理结果：{outcome}（应为年度报告表三的行键之一）")
    if outcome == "unable.not_held" and not_ours:
        return NOT_OURS
    return BASES[outcome]


def procedure_citation(kind: str) -> str:
    return REGULATION + "、".join(PROCEDURE[kind])
