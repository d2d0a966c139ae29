"""The cells of the statutory annual report: every key, its row and column labels.

Keys follow ``../shared/spec/report-cells.md`` exactly. Two template versions:

* ``2019``: 国办公开办函〔2019〕60号 (the 2019 and 2020 reports);
* ``2021``: 国办公开办函〔2021〕30号 (the 2021 report onward).

This module is data only: what a cell is called and which cells a template has.
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATES = ("2019", "2021")

# Table 3 columns (申请人情况), in the printed order.
APPLICANT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("social_welfare", "社会公益组织"),
    ("legal_services", "法律服务机构"),
    ("other_org", "其他"),
)
APP_COLUMNS: tuple[tuple[str, str], ...] = APPLICANT_COLUMNS + (("total", "总计"),)
APPLICANT_KEYS = tuple(c for c, _ in APPLICANT_COLUMNS)
APP_COLUMN_KEYS = tuple(c for c, _ in APP_COLUMNS)

# Table 3 outcome rows shared by both templates, in printed order.
OUTCOME_ROWS_COMMON: tuple[tuple[str, str], ...] = (
    ("granted", "（一）予以公开"),
    ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied.state_secret", "（三）不予公开 1.属于国家秘密"),
    ("denied.law_forbidden", "（三）不予公开 2.其他法律行政法规禁止公开"),
    ("denied.security_stability", "（三）不予公开 3.危及“三安全一稳定”"),
    ("denied.third_party", "（三）不予公开 4.保护第三方合法权益"),
    ("denied.internal_affairs", "（三）不予公开 5.属于三类内部事务信息"),
    ("denied.process_info", "（三）不予公开 6.属于四类过程性信息"),
    ("denied.enforcement_file", "（三）不予公开 7.属于行政执法案卷"),
    ("denied.admin_query", "（三）不予公开 8.属于行政查询事项"),
    ("unable.not_held", "（四）无法提供 1.本机关不掌握相关政府信息"),
    ("unable.needs_creation", "（四）无法提供 2.没有现成信息需要另行制作"),
    ("unable.unclear", "（四）无法提供 3.补正后申请内容仍不明确"),
    ("not_processed.complaint", "（五）不予处理 1.信访举报投诉类申请"),
    ("not_processed.repeat", "（五）不予处理 2.重复申请"),
    ("not_processed.publication", "（五）不予处理 3.要求提供公开出版物"),
    ("not_processed.excessive", "（五）不予处理 4.无正当理由大量反复申请"),
    ("not_processed.confirmation", "（五）不予处理 5.要求行政机关确认或重新出具已获取信息"),
)
OTHER_ROW_2019: tuple[tuple[str, str], ...] = (("other", "（六）其他处理"),)
OTHER_ROWS_2021: tuple[tuple[str, str], ...] = (
    ("other.no_correction", "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other.no_fee", "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other.other", "（六）其他处理 3.其他"),
)
NEW_RECEIVED = ("new_received", "一、本年新收政府信息公开申请数量")
CARRIED_OVER = ("carried_over", "二、上年结转政府信息公开申请数量")
TOTAL_ROW = ("total", "三、本年度办理结果 （七）总计")
CARRIED_FORWARD = ("carried_forward", "四、结转下年度继续办理")

# Outcome row keys in the order every template prints them (either （六） form).
OUTCOME_KEYS_COMMON = tuple(r for r, _ in OUTCOME_ROWS_COMMON)
OTHER_KEYS_2019 = tuple(r for r, _ in OTHER_ROW_2019)
OTHER_KEYS_2021 = tuple(r for r, _ in OTHER_ROWS_2021)
ALL_OUTCOME_KEYS = OUTCOME_KEYS_COMMON + OTHER_KEYS_2019 + OTHER_KEYS_2021

# Table 4 (行政复议、行政诉讼).
APPEAL_GROUPS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("litigation_direct", "行政诉讼 未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼 复议后起诉"),
)
APPEAL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
APPEAL_PARTS = ("upheld", "corrected", "other", "pending")

# Table 2 (第二十条), per template: (key, row label, column label).
ART20_2021: tuple[tuple[str, str, str], ...] = (
    ("art20.regulations.made", "规章", "本年制发件数"),
    ("art20.regulations.repealed", "规章", "本年废止件数"),
    ("art20.regulations.in_force", "规章", "现行有效件数"),
    ("art20.normative_documents.made", "行政规范性文件", "本年制发件数"),
    ("art20.normative_documents.repealed", "行政规范性文件", "本年废止件数"),
    ("art20.normative_documents.in_force", "行政规范性文件", "现行有效件数"),
    ("art20.licensing.decisions", "行政许可", "本年处理决定数量"),
    ("art20.punishment.decisions", "行政处罚", "本年处理决定数量"),
    ("art20.coercion.decisions", "行政强制", "本年处理决定数量"),
    ("art20.fees.amount", "行政事业性收费", "本年收费金额（单位：万元）"),
)
ART20_2019: tuple[tuple[str, str, str], ...] = (
    ("art20.regulations.new_made", "规章", "本年新制作数量"),
    ("art20.regulations.new_published", "规章", "本年新公开数量"),
    ("art20.regulations.total_published", "规章", "对外公开总数量"),
    ("art20.normative_documents.new_made", "规范性文件", "本年新制作数量"),
    ("art20.normative_documents.new_published", "规范性文件", "本年新公开数量"),
    ("art20.normative_documents.total_published", "规范性文件", "对外公开总数量"),
    ("art20.licensing.previous", "行政许可", "上一年项目数量"),
    ("art20.licensing.change", "行政许可", "本年增/减"),
    ("art20.licensing.decisions", "行政许可", "处理决定数量"),
    ("art20.other_services.previous", "其他对外管理服务事项", "上一年项目数量"),
    ("art20.other_services.change", "其他对外管理服务事项", "本年增/减"),
    ("art20.other_services.decisions", "其他对外管理服务事项", "处理决定数量"),
    ("art20.punishment.previous", "行政处罚", "上一年项目数量"),
    ("art20.punishment.change", "行政处罚", "本年增/减"),
    ("art20.punishment.decisions", "行政处罚", "处理决定数量"),
    ("art20.coercion.previous", "行政强制", "上一年项目数量"),
    ("art20.coercion.change", "行政强制", "本年增/减"),
    ("art20.coercion.decisions", "行政强制", "处理决定数量"),
    ("art20.fees.previous", "行政事业性收费", "上一年项目数量"),
    ("art20.fees.change", "行政事业性收费", "本年增/减"),
    ("art20.procurement.items", "政府集中采购", "采购项目数量"),
    ("art20.procurement.amount", "政府集中采购", "采购总金额"),
)

# Cells that may legitimately hold a decimal or an amount with a unit.
AMOUNT_KEYS = frozenset({"art20.fees.amount", "art20.procurement.amount"})
# Cells that may legitimately be negative (a change from last year).
SIGNED_KEYS = frozenset(k for k, _, c in ART20_2019 if c == "本年增/减")

# The six sections of the report text, in order.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("overview", "一、总体情况"),
    ("proactive", "二、主动公开政府信息情况"),
    ("applications", "三、收到和处理政府信息公开申请情况"),
    ("appeals", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other_matters", "六、其他需要报告的事项"),
)
SECTION_KEYS = tuple(k for k, _ in SECTIONS)


def app_key(row: str, column: str) -> str:
    return f"apps.{row}.{column}"


def appeal_key(group: str, column: str) -> str:
    return f"{group}.{column}"


@dataclass(frozen=True)
class Template:
    """One statutory template version and the cells it prints."""

    version: str
    name: str

    @property
    def art20(self) -> tuple[tuple[str, str, str], ...]:
        return ART20_2019 if self.version == "2019" else ART20_2021

    @property
    def other_rows(self) -> tuple[str, ...]:
        """The （六）其他处理 row keys this template prints."""
        return OTHER_KEYS_2019 if self.version == "2019" else OTHER_KEYS_2021

    @property
    def outcome_rows(self) -> tuple[str, ...]:
        return OUTCOME_KEYS_COMMON + self.other_rows

    @property
    def app_rows(self) -> tuple[str, ...]:
        return (NEW_RECEIVED[0], CARRIED_OVER[0]) + self.outcome_rows + (TOTAL_ROW[0], CARRIED_FORWARD[0])

    def app_keys(self, other_rows: tuple[str, ...] | None = None) -> list[str]:
        rows = self.app_rows
        if other_rows is not None:
            rows = (NEW_RECEIVED[0], CARRIED_OVER[0]) + OUTCOME_KEYS_COMMON + other_rows + (
                TOTAL_ROW[0],
                CARRIED_FORWARD[0],
            )
        return [app_key(r, c) for r in rows for c in APP_COLUMN_KEYS]

    def keys(self) -> list[str]:
        """Every key of this template, in printed order (table 2, 3, 4)."""
        return [k for k, _, _ in self.art20] + self.app_keys() + APPEAL_KEYS

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.version


APPEAL_KEYS = [appeal_key(g, c) for g, _ in APPEAL_GROUPS for c, _ in APPEAL_COLUMNS]

TEMPLATE_2019 = Template("2019", "国办公开办函〔2019〕60号")
TEMPLATE_2021 = Template("2021", "国办公开办函〔2021〕30号")
_BY_VERSION = {"2019": TEMPLATE_2019, "2021": TEMPLATE_2021}


def template(version: str | int) -> Template:
    """The template for a version string ``"2019"`` or ``"2021"``."""
    try:
        return _BY_VERSION[str(version)]
    except KeyError:
        raise ValueError(f"未知的模板版本：{version!r}（应为 2019 或 2021）") from None


def template_for_year(year: int) -> Template:
    """The template a report for statistical ``year`` must use."""
    return TEMPLATE_2019 if year <= 2020 else TEMPLATE_2021


_ROW_LABELS = dict(
    (NEW_RECEIVED, CARRIED_OVER, TOTAL_ROW, CARRIED_FORWARD)
    + OUTCOME_ROWS_COMMON
    + OTHER_ROW_2019
    + OTHER_ROWS_2021
)
_ART20_LABELS = {k: f"{r}·{c}" for k, r, c in ART20_2019 + ART20_2021}
_APP_COLUMN_LABELS = dict(APP_COLUMNS)
_APPEAL_GROUP_LABELS = dict(APPEAL_GROUPS)
_APPEAL_COLUMN_LABELS = dict(APPEAL_COLUMNS)

ALL_KEYS = frozenset(
    list(_ART20_LABELS)
    + [app_key(r, c) for r in _ROW_LABELS for c in APP_COLUMN_KEYS]
    + APPEAL_KEYS
)


def is_key(key: str) -> bool:
    return key in ALL_KEYS


def split_app_key(key: str) -> tuple[str, str]:
    """``apps.denied.state_secret.total`` → (``denied.state_secret``, ``total``)."""
    if not key.startswith("apps."):
        raise ValueError(key)
    row, _, column = key[len("apps."):].rpartition(".")
    return row, column


def label(key: str) -> str:
    """The template's own words for a key, e.g. ``自然人·一、本年新收…``."""
    if key in _ART20_LABELS:
        return "第二十条 " + _ART20_LABELS[key]
    if key.startswith("apps."):
        row, column = split_app_key(key)
        return f"{_ROW_LABELS.get(row, row)}·{_APP_COLUMN_LABELS.get(column, column)}"
    group, _, column = key.partition(".")
    if group in _APPEAL_GROUP_LABELS:
        return f"{_APPEAL_GROUP_LABELS[group]}·{_APPEAL_COLUMN_LABELS.get(column, column)}"
    return key


def row_label(row: str) -> str:
    return _ROW_LABELS.get(row, row)


def column_label(column: str) -> str:
    return _APP_COLUMN_LABELS.get(column, column)
