"""The indicators of one annual report: what supervisors and researchers read off it.

Django-free: ``compute(report, findings, previous=None, level=None)`` takes a core
:class:`~gongkai.report.Report` and returns an :class:`Indicators` — a value per indicator of
:data:`INDICATORS` and, where a value rests on something the report does not print cleanly, a
note saying what was done (``notes``). ``docs/supervision.md`` defines each indicator, its formula
and what a blank does to it; this module is that definition in code.

Blank rules, in one place:

* a table 3 row whose 总计 is printed blank counts its six applicant columns instead (the checks
  still warn about the blank); a row with nothing printed is ``None`` (shown "—");
* a group of rows (不予公开 …) is the sum of the rows that hold a number, ``None`` when none does;
* a rate is ``None`` when its denominator is ``None`` or 0;
* table 4 counts are the sum of the four printed parts (维持 + 纠正 + 其他 + 尚未审结), the
  cases themselves, not the printed 总计 — where the two differ the note says so (洪泽区 2023
  prints 总计 0 beside 10 + 1 + 0 + 0 reviews); the printed 总计 is used only where no part is printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..report import Finding, Report
from ..report import cells as C
from ..report.levels import days_late, publication_deadline
from ..report.text_checks import repetition, text_length

Value = int | Decimal | bool | None


@dataclass(frozen=True)
class Indicator:
    name: str
    zh: str
    en: str
    unit: str = "件"  # 件, %, 天, 字, 个, 万元, or "" for yes/no
    group: str = "申请"  # the heading it sits under on pages and in the assessment

    def label(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


I = Indicator  # noqa: E741 - short for the table below
INDICATORS: tuple[Indicator, ...] = (
    I("received", "本年新收", "received"),
    I("carried_over", "上年结转", "carried over"),
    I("closed", "办理结果总计", "closed"),
    I("granted", "予以公开", "granted"),
    I("partial", "部分公开", "partly granted"),
    I("denied", "不予公开", "denied"),
    I("unable", "无法提供", "unable to provide"),
    I("not_processed", "不予处理", "not processed"),
    I("other", "其他处理", "other"),
    I("carried_forward", "结转下年度", "carried forward"),
    I("disclosure_rate", "公开率", "disclosure rate", "%"),
    I("denial_rate", "不予公开率", "denial rate", "%"),
    I("unable_rate", "无法提供率", "unable rate", "%"),
    I("reviews", "行政复议", "reviews", "件", "复议诉讼"),
    I("lawsuits", "行政诉讼", "lawsuits", "件", "复议诉讼"),
    I("corrected", "被纠错", "corrected", "件", "复议诉讼"),
    I("decided", "审结", "decided", "件", "复议诉讼"),
    I("correction_rate", "纠错率", "correction rate", "%", "复议诉讼"),
    I("on_time", "按期发布", "on time", "", "形式"),
    I("days_late", "逾期天数", "days late", "天", "形式"),
    I("sections", "六部分齐全数", "sections present", "个", "形式"),
    I("summary_length", "总体情况字数", "summary length", "字", "形式"),
    I("repeated_share", "与上年重复比例", "repeated share", "%", "形式"),
    I("balanced", "表格平衡", "tables balance", "", "检查"),
    I("errors", "错误", "errors", "个", "检查"),
    I("warnings", "警告", "warnings", "个", "检查"),
    I("infos", "提示", "infos", "个", "检查"),
    I("regulations_made", "规章制发", "regulations made", "件", "主动公开"),
    I("regulations_repealed", "规章废止", "regulations repealed", "件", "主动公开"),
    I("regulations_in_force", "规章现行有效", "regulations in force", "件", "主动公开"),
    I("normative_made", "规范性文件制发", "normative documents made", "件", "主动公开"),
    I("normative_repealed", "规范性文件废止", "normative documents repealed", "件", "主动公开"),
    I("normative_in_force", "规范性文件现行有效", "normative documents in force", "件", "主动公开"),
    I("licensing", "行政许可决定", "licensing decisions", "件", "主动公开"),
    I("punishment", "行政处罚决定", "punishment decisions", "件", "主动公开"),
    I("coercion", "行政强制决定", "coercion decisions", "件", "主动公开"),
    I("fees", "行政事业性收费（万元）", "fees (10,000 yuan)", "万元", "主动公开"),
)
del I
BY_NAME = {i.name: i for i in INDICATORS}
NAMES = tuple(i.name for i in INDICATORS)
RATES = frozenset(i.name for i in INDICATORS if i.unit == "%")

# Findings that mean a table does not add up (the core's balance rules and the roll-up's).
BALANCE_CODES = ("apps.balance", "apps.outcomes", "apps.row", "appeals.total", "region.sum")

# Table 2: indicator → key per template (None where the template has no such cell). The 2019
# form's 本年新制作数量 is the nearest to 2021's 本年制发件数; it has no 废止 or 现行有效 columns
# (对外公开总数量 counts documents published, not in force) and its fees are item counts, not money.
ART20: dict[str, tuple[str | None, str | None]] = {
    "regulations_made": ("art20.regulations.new_made", "art20.regulations.made"),
    "regulations_repealed": (None, "art20.regulations.repealed"),
    "regulations_in_force": (None, "art20.regulations.in_force"),
    "normative_made": ("art20.normative_documents.new_made", "art20.normative_documents.made"),
    "normative_repealed": (None, "art20.normative_documents.repealed"),
    "normative_in_force": (None, "art20.normative_documents.in_force"),
    "licensing": ("art20.licensing.decisions", "art20.licensing.decisions"),
    "punishment": ("art20.punishment.decisions", "art20.punishment.decisions"),
    "coercion": ("art20.coercion.decisions", "art20.coercion.decisions"),
    "fees": (None, "art20.fees.amount"),
}


@dataclass
class Indicators:
    values: dict[str, Value]
    notes: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Value:
        return self.values[name]


# --- helpers -----------------------------------------------------------------------------------

def _num(report: Report, key: str) -> int | Decimal | None:
    return report.number(key)


def _sum(report: Report, keys: list[str]) -> int | Decimal | None:
    """The sum of the cells holding a number, or None when none does."""
    nums = [n for n in (report.number(k) for k in keys) if n is not None]
    return sum(nums) if nums else None


def rate(num: int | Decimal | None, den: int | Decimal | None) -> Decimal | None:
    """num / den as a percentage to one decimal (half up); None when den is None or 0."""
    if num is None or not den:
        return None
    return (Decimal(num) / Decimal(den) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _note(notes: dict[str, str], name: str, text: str) -> None:
    notes[name] = f"{notes[name]}；{text}" if name in notes else text


def row_total(report: Report, row: str, notes: dict[str, str] | None = None,
              name: str = "") -> int | Decimal | None:
    """A table 3 row's 总计; where it is printed blank, the sum of its six applicant columns."""
    printed = _num(report, C.app_key(row, "total"))
    if printed is not None:
        return printed
    parts = _sum(report, [C.app_key(row, c) for c in C.APPLICANT_KEYS])
    if parts is not None and notes is not None and name:
        _note(notes, name, f"“{C.row_label(row)}”总计空白，按六类申请人之和 {parts} 计")
    return parts


def _group(report: Report, prefix: str, notes: dict[str, str], name: str) -> int | Decimal | None:
    rows = [r for r in C.ALL_OUTCOME_KEYS if r == prefix or r.startswith(prefix + ".")]
    parts = [p for p in (row_total(report, r, notes, name) for r in rows) if p is not None]
    return sum(parts) if parts else None


def appeal_count(report: Report, groups: tuple[str, ...], notes: dict[str, str],
                 name: str) -> int | Decimal | None:
    """Cases in table 4 groups: the sum of the four parts; the printed 总计 only where no part is printed."""
    total: int | Decimal | None = None
    for g in groups:
        parts = _sum(report, [C.appeal_key(g, p) for p in C.APPEAL_PARTS])
        printed = _num(report, C.appeal_key(g, "total"))
        if parts is None:
            n = printed
        else:
            n = parts
            if printed is not None and printed != parts:
                group = dict(C.APPEAL_GROUPS)[g]
                _note(notes, name, f"“{group}”总计印为 {printed}，与各项之和 {parts} 不符，按各项之和计")
        if n is not None:
            total = (total or 0) + n
    return total


# --- form: deadline, sections, repeated text ----------------------------------------------------

def summary_length(report: Report) -> int | None:
    """Characters of 一、总体情况, white space not counted (as ``form.summary_length`` counts them);
    None when the section was not read."""
    text = report.sections.get("overview")
    return None if text is None else text_length(text)


# --- the indicators ------------------------------------------------------------------------------

def compute(report: Report, findings: list[Finding] | None = None, previous: Report | None = None,
            level: str | None = None) -> Indicators:
    """Every indicator of :data:`INDICATORS` for ``report``.

    ``findings`` are the report's check results (for the counts and 表格平衡); ``previous`` is the
    same unit's report of the year before (for 与上年重复比例); ``level`` the unit's level
    (province, prefecture, county, township, department) for the deadline.
    """
    findings = findings or []
    notes: dict[str, str] = {}
    v: dict[str, Value] = {}
    v["received"] = row_total(report, "new_received", notes, "received")
    v["carried_over"] = row_total(report, "carried_over", notes, "carried_over")
    v["closed"] = closed = row_total(report, "total", notes, "closed")
    v["granted"] = granted = row_total(report, "granted", notes, "granted")
    v["partial"] = partial = row_total(report, "partial", notes, "partial")
    v["denied"] = denied = _group(report, "denied", notes, "denied")
    v["unable"] = unable = _group(report, "unable", notes, "unable")
    v["not_processed"] = _group(report, "not_processed", notes, "not_processed")
    v["other"] = _group(report, "other", notes, "other")
    v["carried_forward"] = row_total(report, "carried_forward", notes, "carried_forward")
    opened = None if granted is None and partial is None else (granted or 0) + (partial or 0)
    v["disclosure_rate"] = rate(opened, closed)
    v["denial_rate"] = rate(denied, closed)
    v["unable_rate"] = rate(unable, closed)

    v["reviews"] = appeal_count(report, ("review",), notes, "reviews")
    v["lawsuits"] = appeal_count(report, ("litigation_direct", "litigation_after_review"), notes, "lawsuits")
    groups = [g for g, _ in C.APPEAL_GROUPS]
    v["corrected"] = corrected = _sum(report, [C.appeal_key(g, "corrected") for g in groups])
    decided_keys = [C.appeal_key(g, p) for g in groups for p in ("upheld", "corrected", "other")]
    v["decided"] = decided = _sum(report, decided_keys)
    v["correction_rate"] = rate(corrected, decided)

    v["days_late"] = late = days_late(report, level)
    v["on_time"] = None if late is None else late == 0
    if late is not None:
        due = publication_deadline(report.year, level, summary=report.summary)  # type: ignore[arg-type]
        notes["days_late"] = f"期限 {due.isoformat()}，发布 {report.published.isoformat()}"  # type: ignore[union-attr]
    v["sections"] = sum(1 for k in C.SECTION_KEYS if report.sections.get(k, "").strip()) if report.sections \
        else None
    v["summary_length"] = summary_length(report)
    v["repeated_share"] = None
    if previous is not None and report.sections and previous.sections:
        rep = repetition(report, previous)
        v["repeated_share"] = rate(rep.repeated, rep.total)

    v["balanced"] = not any(f.severity == "error" and f.code in BALANCE_CODES for f in findings)
    for sev, name in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
        v[name] = sum(1 for f in findings if f.severity == sev)

    column = 0 if report.template == "2019" else 1
    for name, keys in ART20.items():
        key = keys[column]
        v[name] = _num(report, key) if key else None
    return Indicators(v, notes)


def display(value: Value, name: str = "", lang: str = "zh") -> str:
    """A value as a page or a table prints it: — for None, 是/否 for yes/no, % after rates."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("是" if value else "否")
    if name in RATES:
        return f"{value}%"
    return str(value)


def plain(value: Value) -> int | float | bool | str | None:
    """A value for JSON, CSV and Parquet: Decimal → float for rates, str kept out."""
    if isinstance(value, Decimal):
        return float(value)
    return value
