"""The checks: does a report hold together (勾稽关系), and does it agree with itself?

Every rule is a function ``rule(report) -> list[Finding]`` registered in ``RULES``
(cross-year rules take the previous year's report too). :func:`check` runs them all.

Blank or absent cells count as 0 in the arithmetic, and a mismatch that involves one
is a ``warning`` that says so; a mismatch between printed numbers only is an ``error``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from . import cells as C
from .levels import check_late
from .model import Finding, Report
from .text_checks import check_fee_statement, check_repeated, check_summary_length


@dataclass
class _Sum:
    """A sum over cells, remembering which were blank, text or absent."""

    total: int | Decimal = 0
    keys: list[str] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)

    @property
    def unsure(self) -> list[str]:
        return self.blank + self.text + self.absent


def _sum(report: Report, keys: Iterable[str]) -> _Sum:
    s = _Sum()
    for k in keys:
        s.keys.append(k)
        c = report.cells.get(k)
        if c is None:
            s.absent.append(k)
        elif c.kind == "blank":
            s.blank.append(k)
        elif c.number is None:
            s.text.append(k)
        else:
            s.total += c.number
    return s


def _fmt(n: int | Decimal) -> str:
    return str(n)


def _caveat(lhs: _Sum, rhs: _Sum) -> tuple[str, str]:
    unsure = lhs.unsure + rhs.unsure
    if not unsure:
        return "", ""
    parts, parts_en = [], []
    nb = len(lhs.blank + rhs.blank)
    nt = len(lhs.text + rhs.text)
    na = len(lhs.absent + rhs.absent)
    if nb:
        parts.append(f"{nb} 个空白单元格")
        parts_en.append(f"{nb} blank cell(s)")
    if nt:
        parts.append(f"{nt} 个非数字单元格")
        parts_en.append(f"{nt} non-numeric cell(s)")
    if na:
        parts.append(f"{na} 个缺失单元格")
        parts_en.append(f"{na} missing cell(s)")
    return "（其中 " + "、".join(parts) + " 按 0 计算）", " (" + ", ".join(parts_en) + " counted as 0)"


def _compare(code: str, report: Report, lhs_keys: list[str], rhs_keys: list[str],
             what: str, what_en: str, lhs_name: str, rhs_name: str) -> list[Finding]:
    lhs, rhs = _sum(report, lhs_keys), _sum(report, rhs_keys)
    # Nothing printed on either side: the table part is absent, not unbalanced.
    if len(lhs.absent) == len(lhs_keys) and len(rhs.absent) == len(rhs_keys):
        return []
    if lhs.total == rhs.total:
        return []
    caveat, caveat_en = _caveat(lhs, rhs)
    severity = "warning" if caveat else "error"
    msg = f"{what}不平衡：{lhs_name} = {_fmt(lhs.total)}，但 {rhs_name} = {_fmt(rhs.total)}{caveat}"
    msg_en = f"{what_en} does not balance: {_fmt(lhs.total)} vs {_fmt(rhs.total)}{caveat_en}"
    # Name the cells concerned: printed ones first, then the unsure ones.
    keys = [k for k in lhs_keys + rhs_keys]
    return [Finding(code, severity, msg, keys, msg_en)]


# --- table 3 ------------------------------------------------------------------

def check_column_balance(report: Report) -> list[Finding]:
    """新收 + 上年结转 = （七）总计 + 结转下年度, for each of the 7 columns."""
    out: list[Finding] = []
    for col, col_label in C.APP_COLUMNS:
        out += _compare(
            "apps.balance", report,
            [C.app_key("new_received", col), C.app_key("carried_over", col)],
            [C.app_key("total", col), C.app_key("carried_forward", col)],
            f"表三“{col_label}”列", f"Table 3 column {col}",
            "本年新收 + 上年结转", "（七）总计 + 结转下年度",
        )
    return out


def check_outcome_sum(report: Report) -> list[Finding]:
    """（七）总计 = the sum of every outcome row, for each of the 7 columns."""
    out: list[Finding] = []
    rows = report.outcome_rows()
    for col, col_label in C.APP_COLUMNS:
        out += _compare(
            "apps.outcomes", report,
            [C.app_key(r, col) for r in rows],
            [C.app_key("total", col)],
            f"表三“{col_label}”列办理结果", f"Table 3 column {col} outcomes",
            "各办理结果之和", "（七）总计",
        )
    return out


def check_row_sums(report: Report) -> list[Finding]:
    """In every row of table 3, 总计 = the six applicant columns."""
    out: list[Finding] = []
    for row in report.app_rows():
        out += _compare(
            "apps.row", report,
            [C.app_key(row, c) for c in C.APPLICANT_KEYS],
            [C.app_key(row, "total")],
            f"表三“{C.row_label(row)}”行", f"Table 3 row {row}",
            "六类申请人之和", "总计",
        )
    return out


# --- table 4 ------------------------------------------------------------------

def check_appeals(report: Report) -> list[Finding]:
    """For each group of table 4, 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    out: list[Finding] = []
    for group, group_label in C.APPEAL_GROUPS:
        out += _compare(
            "appeals.total", report,
            [C.appeal_key(group, p) for p in C.APPEAL_PARTS],
            [C.appeal_key(group, "total")],
            f"表四“{group_label}”", f"Table 4 {group}",
            "维持 + 纠正 + 其他 + 尚未审结", "总计",
        )
    return out


# --- cells --------------------------------------------------------------------

def check_cells(report: Report) -> list[Finding]:
    """Blank, non-numeric, non-integer, negative and missing cells where numbers are required."""
    out: list[Finding] = []
    blank = [k for k in report.expected_keys() if k in report.cells and report.cells[k].kind == "blank"]
    if blank:
        out.append(Finding(
            "cell.blank", "warning",
            f"{len(blank)} 个单元格为空白（空白不等于零），各项计算按 0 处理",
            blank, f"{len(blank)} cell(s) are blank (blank is not zero); the arithmetic counts them as 0"))
    for key, cell in report.cells.items():
        if cell.kind == "text":
            out.append(Finding(
                "cell.text", "warning",
                f"{C.label(key)} 印为“{cell.plain}”，不是数字，计算时按 0 处理",
                [key], f"{key} prints {cell.plain!r}, not a number; counted as 0"))
        elif cell.kind == "decimal" and key not in C.AMOUNT_KEYS:
            out.append(Finding(
                "cell.not_integer", "warning",
                f"{C.label(key)} 印为“{cell.plain}”，应为整数件数", [key],
                f"{key} prints {cell.plain!r}; a whole count is expected"))
        elif cell.number is not None and cell.number < 0 and key not in C.SIGNED_KEYS:
            out.append(Finding(
                "cell.negative", "warning", f"{C.label(key)} 为负数（{cell.plain}）", [key],
                f"{key} is negative ({cell.plain})"))
        elif cell.confidence is not None and cell.confidence < LOW_CONFIDENCE:
            out.append(Finding(
                "cell.low_confidence", "warning",
                f"{C.label(key)} 识别置信度低（{cell.confidence:.2f}），请人工核对“{cell.plain}”", [key],
                f"{key} was read with low confidence ({cell.confidence:.2f})"))
    for prefix, name, name_en in (("apps.", "表三（收到和处理政府信息公开申请情况）", "table 3"),
                                  ("review.", "表四（行政复议、行政诉讼情况）", "table 4")):
        expected = [k for k in report.expected_keys() if k.startswith(prefix)
                    or (prefix == "review." and k.startswith("litigation"))]
        present = [k for k in expected if k in report.cells]
        if not present:
            out.append(Finding("table.missing", "warning", f"未找到{name}", [],
                               f"{name_en} was not found"))
        elif len(present) < len(expected):
            missing = [k for k in expected if k not in report.cells]
            out.append(Finding(
                "cell.missing", "warning",
                f"{name}缺少 {len(missing)} 个单元格，计算时按 0 处理", missing,
                f"{name_en} lacks {len(missing)} cell(s); counted as 0"))
    if not report.has_table("art20."):
        out.append(Finding("table.missing", "warning", "未找到表二（主动公开政府信息情况）", [],
                           "table 2 was not found"))
    return out


LOW_CONFIDENCE = 0.8


# --- form ---------------------------------------------------------------------

def check_form(report: Report) -> list[Finding]:
    """Sections present and the template version matching the year (lateness: levels.check_late)."""
    out: list[Finding] = []
    if report.sections:
        missing = [(k, t) for k, t in C.SECTIONS if not report.sections.get(k, "").strip()]
        for key, title in missing:
            out.append(Finding("form.section_missing", "warning", f"缺少第{title[0]}部分“{title[2:]}”", [],
                               f"section {key} is missing"))
    if report.year is not None:
        if report.year < 2019:
            out.append(Finding("form.template_year", "warning",
                               f"{report.year} 年度报告早于现行格式（2019 年起施行），检查仅供参考", [],
                               f"a {report.year} report predates the statutory templates"))
        else:
            expected = C.template_for_year(report.year)
            if expected.version != report.template:
                out.append(Finding(
                    "form.template_year", "warning",
                    f"{report.year} 年度报告应使用 {expected.version} 版格式（{expected.name}），"
                    f"但表格为 {report.template} 版", [],
                    f"a {report.year} report should use template {expected.version}, not {report.template}"))
    if report.template == "2021" and report.other_rows() == C.OTHER_KEYS_2019:
        out.append(Finding(
            "form.mixed_template", "info",
            "表二为 2021 版格式，但表三“（六）其他处理”仍为 2019 版的单行", [C.app_key("other", "total")],
            "table 2 follows the 2021 template but table 3 keeps the single 2019 （六） row"))
    return out


# --- narrative ----------------------------------------------------------------

_GAP = r"[^。；;，,！!？?\d\n]{0,8}?"
_UNIT = r"\s*(?:件|起|宗|个|次|条|项)"
_NARRATIVE: tuple[tuple[str, re.Pattern[str], str, str], ...] = (
    ("received", re.compile(r"(?:收到|受理|接收|办理)" + r"[^。；;，,\d\n]{0,16}?申请" + _GAP + r"(\d+)" + _UNIT),
     "收到申请", "applications received"),
    ("review", re.compile(r"行政复议" + _GAP + r"(\d+)" + _UNIT), "行政复议", "administrative reviews"),
    ("litigation", re.compile(r"行政诉讼" + _GAP + r"(\d+)" + _UNIT), "行政诉讼", "lawsuits"),
    ("carried_over", re.compile(r"上一?年度?结转" + _GAP + r"(\d+)" + _UNIT), "上年结转", "carried over"),
    ("carried_forward", re.compile(r"(?<!上年)(?<!上一年)(?<!上年度)结转(?:下一?年度?|至下年|至\d{4}年度?)" + _GAP
                                   + r"(\d+)" + _UNIT), "结转下年度", "carried forward"),
)


_NOT_APPLICATIONS = re.compile(r"复议|诉讼|投诉|举报|信访")


def _narrative_targets(report: Report, what: str) -> list[tuple[int | Decimal, list[str]]]:
    """Table values a stated count may legitimately equal."""
    n = report.number
    if what == "received":
        keys = [C.app_key("new_received", "total")]
        alt = keys + [C.app_key("carried_over", "total")]
        out = []
        for ks in (keys, alt):
            if all(n(k) is not None for k in ks):
                out.append((sum(n(k) for k in ks), ks))  # type: ignore[misc]
        return out
    if what == "review":
        ks = ["review.total"]
    elif what == "litigation":
        ks = ["litigation_direct.total", "litigation_after_review.total"]
        single = [(n(k), [k]) for k in ks if n(k) is not None]
        both = [(sum(n(k) for k in ks), ks)] if all(n(k) is not None for k in ks) else []  # type: ignore[misc]
        return both + single
    else:
        ks = [C.app_key(what, "total")]
    if all(n(k) is not None for k in ks):
        return [(sum(n(k) for k in ks), ks)]  # type: ignore[misc]
    return []


def check_narrative(report: Report) -> list[Finding]:
    """Counts the text states (收到申请 N 件, 行政复议 N 件 …) that disagree with the tables."""
    text = "\n".join(report.sections.values())
    if not text:
        return []
    out: list[Finding] = []
    for what, pattern, name, name_en in _NARRATIVE:
        targets = _narrative_targets(report, what)
        if not targets:
            continue
        seen: set[int] = set()
        for m in pattern.finditer(text):
            if what == "received" and _NOT_APPLICATIONS.search(m.group(0)):
                continue  # “办理因申请引发的行政复议 36 起” counts reviews, not applications
            stated = int(m.group(1))
            if stated in seen or any(stated == t for t, _ in targets):
                continue
            seen.add(stated)
            value, keys = targets[0]
            quote = m.group(0)
            out.append(Finding(
                "narrative.count", "warning",
                f"正文称“{quote}”，与表格不符：{name}为 {value} 件", keys,
                f"the text says {quote!r} but the tables give {value} {name_en}"))
    return out


# --- across years ---------------------------------------------------------------

def check_years(report: Report, previous: Report) -> list[Finding]:
    """Last year's 结转下年度 = this year's 上年结转; 现行有效 carries forward (2021)."""
    out: list[Finding] = []
    if report.year is not None and previous.year is not None and previous.year != report.year - 1:
        return [Finding("years.not_consecutive", "info",
                        f"上一份报告为 {previous.year} 年度，不是 {report.year - 1} 年度，未做跨年核对", [],
                        f"the previous report is for {previous.year}, not {report.year - 1}; skipped")]
    for col, col_label in C.APP_COLUMNS:
        prev_key, this_key = C.app_key("carried_forward", col), C.app_key("carried_over", col)
        a, b = previous.number(prev_key), report.number(this_key)
        if a is None and b is None:
            continue
        if (a or 0) != (b or 0):
            unsure = a is None or b is None
            out.append(Finding(
                "years.carry", "warning" if unsure else "error",
                f"“{col_label}”列：上一年度结转下年度 {a if a is not None else '空白'} 件，"
                f"本年度上年结转 {b if b is not None else '空白'} 件，二者应相等", [this_key],
                f"column {col}: last year's carried_forward {a} != this year's carried_over {b}"))
    if report.template == "2021" and previous.template == "2019":
        out.append(Finding("years.template_change", "info",
                           "上一年度使用 2019 版格式，本年度使用 2021 版：现行有效件数无法跨年核对", [],
                           "template changed from 2019 to 2021; in-force counts not compared"))
    elif report.template == "2021" and previous.template == "2021":
        for item, name in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
            k = f"art20.{item}."
            prev_in, made, repealed, now = (previous.number(k + "in_force"), report.number(k + "made"),
                                            report.number(k + "repealed"), report.number(k + "in_force"))
            if None in (prev_in, made, repealed, now):
                continue
            expected = prev_in + made - repealed  # type: ignore[operator]
            if expected != now:
                out.append(Finding(
                    "years.in_force", "warning",
                    f"{name}：上年现行有效 {prev_in} + 本年制发 {made} − 本年废止 {repealed} = {expected}，"
                    f"但本年现行有效为 {now}", [k + "made", k + "repealed", k + "in_force"],
                    f"{item}: {prev_in} + {made} - {repealed} = {expected}, but in_force is {now}"))
    return out


RULES: tuple[Callable[[Report], list[Finding]], ...] = (
    check_column_balance,
    check_outcome_sum,
    check_row_sums,
    check_appeals,
    check_cells,
    check_form,
    check_narrative,
    check_summary_length,
    check_fee_statement,
)

_ORDER = {"error": 0, "warning": 1, "info": 2}


def check(report: Report, previous: Report | None = None, level: str | None = None) -> list[Finding]:
    """Run every rule; errors first. Warnings the reader attached come along.

    ``level`` (see :mod:`.levels`) sets the publication deadline of ``form.late``; unknown, a
    government's own report (``summary``) is due by 31 March and any other by 31 January.
    """
    findings = list(report.warnings)
    for rule in RULES:
        findings += rule(report)
    findings += check_late(report, level)
    if previous is not None:
        findings += check_years(report, previous)
        findings += check_repeated(report, previous)
    findings.sort(key=lambda f: _ORDER[f.severity])
    return findings


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
