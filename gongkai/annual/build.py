"""The report's tables from the platform: table 2 from the registers, tables 3–4 from the records."""

from __future__ import annotations

from gongkai.cases import models as cm
from gongkai.cases.annual_report import build_report
from gongkai.registers.table2 import table2
from gongkai.report.model import Report


def tables(agency: cm.Agency, year: int) -> Report:
    """A core report holding tables 2, 3 and 4 for ``agency`` and ``year`` (sections empty)."""
    report = build_report(agency, year)  # tables 3 and 4, balanced by construction
    report.sections = {}
    for key, value in table2(agency, year, report.template).items():
        report.set(key, value)
    return report
