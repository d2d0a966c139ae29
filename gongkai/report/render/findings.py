"""Findings rendered for a person at a terminal (Chinese, or English where asked). Not a report format."""

from __future__ import annotations

from ..model import Finding, Report

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_EN = {"error": "error", "warning": "warning", "info": "info"}
MAX_KEYS = 8


def describe(report: Report, lang: str = "zh") -> str:
    who = report.agency or ("(agency unknown)" if lang == "en" else "（机关不详）")
    year = report.year if report.year is not None else "?"
    if lang == "en":
        return f"{who}, {year} report (template {report.template})"
    return f"{who} {year} 年度报告（{report.template} 版格式）"


def finding_lines(f: Finding, lang: str = "zh") -> list[str]:
    sev = (SEVERITY_EN if lang == "en" else SEVERITY_ZH)[f.severity]
    msg = f.message_en if lang == "en" and f.message_en else f.message
    lines = [f"  {sev} [{f.code}] {msg}"]
    if f.keys:
        shown = ", ".join(f.keys[:MAX_KEYS])
        more = len(f.keys) - MAX_KEYS
        if more > 0:
            shown += f" … (+{more})" if lang == "en" else f" 等，另 {more} 个"
        lines.append(("      cells: " if lang == "en" else "      单元格：") + shown)
    return lines


def summary_line(findings: list[Finding], lang: str = "zh") -> str:
    n = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_ZH}
    if lang == "en":
        return f"  {n['error']} error(s), {n['warning']} warning(s), {n['info']} note(s)"
    return f"  共 {n['error']} 个错误，{n['warning']} 个警告，{n['info']} 条提示"


def render_findings(path: str, report: Report, findings: list[Finding], lang: str = "zh") -> str:
    lines = [f"{path} — {describe(report, lang)}"]
    for f in findings:
        lines += finding_lines(f, lang)
    lines.append(summary_line(findings, lang))
    return "\n".join(lines)
