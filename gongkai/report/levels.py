"""Levels of government and the day by which each publishes its annual report.

《政府信息公开条例》第四十九条：“县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作
主管部门提交本行政机关上一年度政府信息公开工作年度报告并向社会公布。县级以上地方人民政府的
政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告。”

国办公开办函〔2021〕30号 二（二）：“县级政府的政府信息公开工作主管部门汇总所属部门和乡镇政府的年度
报告，于2月20日前……向社会公布。地市级……于3月10日前……省级……于3月31日前……”

A ``level`` names what published a report: the government of a ``province``, ``prefecture`` or
``county`` (its own, rolled-up report), a ``township`` government, or a ``department`` (any
department of a government at county level or above). Departments and townships publish by
31 January.
"""

from __future__ import annotations

import datetime as dt

from .model import Finding, Report

LEVELS: tuple[str, ...] = ("province", "prefecture", "county", "township", "department")

LEVEL_NAMES: dict[str, str] = {
    "province": "省级人民政府",
    "prefecture": "地市级人民政府",
    "county": "县级人民政府",
    "township": "乡镇人民政府",
    "department": "政府部门",
}

# (month, day) of the year after the statistical year.
_DUE: dict[str, tuple[int, int]] = {
    "province": (3, 31),
    "prefecture": (3, 10),
    "county": (2, 20),
    "township": (1, 31),
    "department": (1, 31),
}


def check_level(level: str) -> str:
    if level not in _DUE:
        raise ValueError(f"未知的层级“{level}”（应为 {'、'.join(LEVELS)} 之一）")
    return level


def publication_deadline(year: int, level: str | None = None, *, summary: bool = False) -> dt.date:
    """The last day to publish the report on ``year``.

    ``level`` unknown (None): a government's own report (``summary``) by 31 March, the latest
    date any level has (条例第四十九条), anything else by 31 January.
    """
    if level is None:
        return dt.date(year + 1, 3, 31) if summary else dt.date(year + 1, 1, 31)
    month, day = _DUE[check_level(level)]
    return dt.date(year + 1, month, day)


def days_late(report: Report, level: str | None = None) -> int | None:
    """Days past the deadline (0 when on time); None when the year or the date is not known."""
    if report.year is None or report.published is None:
        return None
    due = publication_deadline(report.year, level, summary=report.summary)
    return max(0, (report.published - due).days)


def check_late(report: Report, level: str | None = None) -> list[Finding]:
    """``form.late``: published after the deadline of its level."""
    late = days_late(report, level)
    if not late:
        return []
    due = publication_deadline(report.year, level, summary=report.summary)  # type: ignore[arg-type]
    whose = f"（{LEVEL_NAMES[level]}）" if level else ""
    return [Finding(
        "form.late", "warning",
        f"发布日期 {report.published.isoformat()} 晚于法定期限{whose} {due.isoformat()}（逾期 {late} 天）", [],  # type: ignore[union-attr]
        f"published {report.published.isoformat()}, after the deadline {due.isoformat()} "  # type: ignore[union-attr]
        f"({late} days late)")]
