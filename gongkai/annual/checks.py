"""The checks a report gets as it is written: the core's, the narrative checks of 30号, the deadline.

* the core's :func:`gongkai.report.checks.check` (勾稽关系, form, ``narrative.count``: a figure
  the text states that disagrees with the tables), with last year's published report for the
  cross-year rules and the agency's level for ``form.late`` (:mod:`gongkai.report.levels`);
  it runs the narrative checks of 国办公开办函〔2021〕30号 (:mod:`gongkai.report.text_checks`):
  总体情况 not over 1,000 characters (``form.summary_length``), section 六 states the 信息处理费
  (``form.fee_report``), no 年年雷同 (``text.repeated``, with the share repeated and where);
* ``text.placeholder``: a “（请补充）” the prefilled draft left for a person to fill.
"""

from __future__ import annotations

from gongkai.report.checks import check
from gongkai.report.model import Finding, Report

from .prefill import PLACEHOLDER

_ORDER = {"error": 0, "warning": 1, "info": 2}


def placeholder_findings(report: Report) -> list[Finding]:
    from gongkai.report import cells as C

    names = dict(C.SECTIONS)
    return [Finding("text.placeholder", "warning", f"“{names[k]}”中仍有待补充的内容“{PLACEHOLDER}”", [],
                    f"section {k} still holds a placeholder")
            for k in C.SECTION_KEYS if PLACEHOLDER in (report.sections.get(k) or "")]


def findings(report: Report, previous: Report | None = None, level: str | None = None) -> list[Finding]:
    """Every finding on ``report``: the core's (with ``previous`` and the deadline of ``level``) and ours."""
    out = check(report, previous, level) + placeholder_findings(report)
    out.sort(key=lambda f: _ORDER[f.severity])
    return out
