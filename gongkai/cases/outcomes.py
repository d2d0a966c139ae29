"""How an outcome is worded for the applicant and in the staff's lists.

The outcome keys are the rows of table 3 of the annual report (:mod:`gongkai.report.cells`), whose
labels are statistical: “（二）部分公开（区分处理的，只计这一情形，不计其他情形）” tells the person
filling the report how to count. The applicant is told what happened, in the words of the
Regulations (Articles 36–39); the staff's lists show the row without the counting note.
"""

from __future__ import annotations

from gongkai.report import cells as C

COUNTING_NOTE = "（区分处理的，只计这一情形，不计其他情形）"

PUBLIC_OUTCOMES = {
    "granted": "予以公开",
    "partial": "部分公开（可以公开的部分予以公开，其余部分不予公开）",
    "denied.state_secret": "不予公开：属于国家秘密",
    "denied.law_forbidden": "不予公开：法律、行政法规禁止公开",
    "denied.security_stability": "不予公开：公开后可能危及国家安全、公共安全、经济安全、社会稳定",
    "denied.third_party": "不予公开：公开会对第三方合法权益造成损害",
    "denied.internal_affairs": "不予公开：属于行政机关的内部事务信息",
    "denied.process_info": "不予公开：属于行政机关履行行政管理职能过程中形成的过程性信息",
    "denied.enforcement_file": "不予公开：属于行政执法案卷信息",
    "denied.admin_query": "不予公开：属于行政查询事项，请按照有关法律、行政法规的规定办理",
    "unable.not_held": "无法提供：本机关不掌握该政府信息",
    "unable.needs_creation": "无法提供：该信息需要另行制作或加工、分析",
    "unable.unclear": "无法提供：补正后申请内容仍不明确",
    "not_processed.complaint": "不予处理：属于信访、投诉、举报等事项，请通过相应渠道提出",
    "not_processed.repeat": "不予处理：重复申请",
    "not_processed.publication": "不予处理：所要求的是公开出版物，可通过公开渠道获取",
    "not_processed.excessive": "不予处理：无正当理由大量、反复申请",
    "not_processed.confirmation": "不予处理：要求确认或重新出具已获取的信息",
    "other.no_correction": "不再处理：逾期未补正，视为放弃申请",
    "other.no_fee": "不再处理：逾期未缴纳信息处理费，视为放弃申请",
    "other.other": "其他处理",
}


def public_outcome(key: str) -> str:
    """What the applicant reads: plain words, never the report's counting note."""
    return PUBLIC_OUTCOMES.get(key) or short_outcome(key)


def short_outcome(key: str) -> str:
    """The report's row label without its counting note: “（二）部分公开”."""
    labels = dict(C.OUTCOME_ROWS_COMMON + C.OTHER_ROWS_2021)
    return labels.get(key, key).replace(COUNTING_NOTE, "")
