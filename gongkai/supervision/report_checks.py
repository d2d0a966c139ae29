"""Every check supervision runs on one unit's report: the core's (勾稽关系, form, narrative,
across years) and the text checks with the unit's level (form.late by level, form.summary_length,
form.fee_report, text.repeated). No Django."""

from __future__ import annotations

from ..report import Finding, Report, check
from ..report.levels import check_late
from ..report.text_checks import check_fee_statement, check_repeated, check_summary_length

_ORDER = {"error": 0, "warning": 1, "info": 2}


def check_unit_report(report: Report, level: str | None, previous: Report | None = None) -> list[Finding]:
    """Findings about ``report`` of a unit at ``level`` (None: unknown), ``previous`` its last report.

    The core's cross-year rules run against ``previous`` only when it is the year before; the
    repeated-text rule against any earlier report of the unit.
    """
    consecutive = previous if (previous is not None and report.year is not None
                               and previous.year == report.year - 1) else None
    findings = [f for f in check(report, consecutive) if f.code != "form.late"]
    findings += check_late(report, level)
    findings += check_summary_length(report)
    findings += check_fee_statement(report)
    if previous is not None:
        findings += check_repeated(report, previous)
    seen: set[tuple[str, str]] = set()
    out = []
    for f in findings:  # the core may already run some text rules: keep each finding once
        if (f.code, f.message) not in seen:
            seen.add((f.code, f.message))
            out.append(f)
    out.sort(key=lambda f: _ORDER[f.severity])
    return out
