"""Every check supervision runs on one unit's report: the core's (勾稽关系, form, narrative, the
text checks of 30号) with the unit's level for form.late, and against the unit's previous report
(years.* when it is the year before, text.repeated against any earlier one). No Django."""

from __future__ import annotations

from ..report import Finding, Report, check
from ..report.text_checks import check_repeated

_ORDER = {"error": 0, "warning": 1, "info": 2}


def check_unit_report(report: Report, level: str | None, previous: Report | None = None) -> list[Finding]:
    """Findings about ``report`` of a unit at ``level`` (None: unknown); ``previous`` its last report."""
    consecutive = previous is not None and report.year is not None and previous.year == report.year - 1
    findings = check(report, previous if consecutive else None, level=level)
    if previous is not None and not consecutive:
        findings += check_repeated(report, previous)
        findings.sort(key=lambda f: _ORDER[f.severity])
    return findings
