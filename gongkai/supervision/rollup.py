"""Roll a region up (逐级汇总): sum the children's cells into each government and check the region.

国办公开办函〔2021〕30号：“县级以上地方人民政府年度报告，应当逐级汇总相关情况和数据”. A government's
children are the units directly under it — its departments (its own office among them) and the
governments one level down, whose own reports already hold their children's sums. No Django: the
CLI (`gongkai rollup`) and the web workspace both call :func:`rollup`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ..report import Finding, Report
from .region_checks import check_missing, check_sum
from .report_checks import check_unit_report
from .units import GOVERNMENT_LEVELS

Number = int | Decimal


def sum_cells(children: Iterable[Mapping[str, Number | None]]) -> dict[str, Number]:
    """The sum, key by key, of the numbers in ``children`` (blank and text cells add nothing)."""
    total: dict[str, Number] = {}
    for cells in children:
        for key, value in cells.items():
            if value is None or isinstance(value, (bool, str)):
                continue
            total[key] = total.get(key, 0) + value
    return total


def numbers(report: Report) -> dict[str, Number | None]:
    """A report's cells as ``{key: number or None}``."""
    return {k: c.number for k, c in report.cells.items()}


@dataclass
class RegionUnit:
    """One unit in a roll-up: its place in the tree, its report for the year (if any) and the last
    earlier one (for text.repeated and the cross-year rules)."""

    name: str
    level: str
    parent: str | None = None
    report: Report | None = None
    source: str | None = None
    unreadable: bool = False  # a report was received but could not be read
    previous: Report | None = None
    cells: Mapping[str, Number | None] | None = None  # precomputed numbers of ``report``

    @property
    def is_government(self) -> bool:
        return self.level in GOVERNMENT_LEVELS

    def numbers(self) -> Mapping[str, Number | None]:
        if self.cells is None:
            self.cells = numbers(self.report) if self.report else {}
        return self.cells


@dataclass
class UnitResult:
    unit: RegionUnit
    findings: list[Finding] = field(default_factory=list)
    rollup: dict[str, Number] | None = None  # governments only


def rollup(units: list[RegionUnit], year: int, *, check_reports: bool = True) -> list[UnitResult]:
    """Check every unit's report and every government against its children, in ``units``' order.

    ``check_reports=False`` leaves out the per-report checks (the web workspace stores those when
    each report is read) and runs only region.missing and the sums.
    """
    children: dict[str, list[RegionUnit]] = {}
    for u in units:
        if u.parent:
            children.setdefault(u.parent, []).append(u)
    results = []
    for u in units:
        r = UnitResult(u)
        if u.report is not None and check_reports:
            r.findings += check_unit_report(u.report, u.level, u.previous)
        if u.report is None:
            r.findings += check_missing(u.name, year, unreadable=u.unreadable)
        if u.is_government:
            kids = children.get(u.name, [])
            r.rollup = sum_cells(k.numbers() for k in kids if k.report is not None)
            incomplete = [k.name for k in kids if k.report is None]
            if u.report is not None and kids:
                r.findings += check_sum(u.numbers(), r.rollup, incomplete)
        results.append(r)
    return results


@dataclass
class Unmatched:
    path: str
    agency: str | None
    year: int | None
    candidates: list[str]


def assemble(rows: list, reports: list[tuple[str, Report]], year: int | None = None
             ) -> tuple[int | None, list[RegionUnit], list[Unmatched]]:
    """Match reports to the units of ``rows`` (:class:`units.UnitRow`) by the agency each states.

    ``year`` None: the latest year among the reports. Each unit gets its report of the year (the
    first given where two match) and the latest earlier one as ``previous``. Returns the year, the
    units in ``rows``' order and the reports no unit (or more than one) fits.
    """
    from .units import Matcher

    if year is None:
        years = [r.year for _, r in reports if r.year is not None]
        year = max(years) if years else None
    matcher = Matcher((r.name, r.aliases) for r in rows)
    units = {r.name: RegionUnit(r.name, r.level, r.parent) for r in rows}
    earlier: dict[str, list[Report]] = {}
    unmatched = []
    for path, report in reports:
        m = matcher.match(report.agency)
        if not m.sure:
            unmatched.append(Unmatched(path, report.agency, report.year, m.candidates))
            continue
        u = units[m.unit]  # type: ignore[index]
        if report.year == year:
            if u.report is None:
                u.report, u.source = report, path
        elif report.year is not None and year is not None and report.year < year:
            earlier.setdefault(u.name, []).append(report)
    for name, prevs in earlier.items():
        units[name].previous = max(prevs, key=lambda r: r.year)  # type: ignore[arg-type,return-value]
    return year, list(units.values()), unmatched


def to_json(year: int | None, results: list[UnitResult], unmatched: list[Unmatched] = (),
            lang: str = "zh") -> dict:
    """The object ``gongkai rollup --json`` prints."""
    def num(v: Number) -> int | float:
        return int(v) if v == int(v) else float(v)

    out_units = []
    for r in results:
        u = r.unit
        entry = {"name": u.name, "level": u.level, "parent": u.parent, "report": u.source,
                 "findings": [f.to_json(lang) for f in r.findings]}
        if r.rollup is not None:
            entry["rollup"] = {"cells": {k: num(v) for k, v in sorted(r.rollup.items())}}
        out_units.append(entry)
    return {"year": year, "units": out_units,
            "unmatched": [{"file": m.path, "agency": m.agency, "year": m.year, "candidates": m.candidates}
                          for m in unmatched]}
