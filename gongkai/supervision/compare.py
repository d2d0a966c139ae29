"""Compare annual reports across years and agencies.

``compare(reports)`` groups reports by agency (names that differ only by a leading place
name, such as 洪泽区人民政府 and 淮安市洪泽区人民政府, are one agency), orders each
agency's reports by year, runs the checks (with the cross-year rules between consecutive
years) and computes the indicators supervisors and researchers read (:data:`INDICATORS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..report import Finding, Report, check
from .indicators import BY_NAME, NAMES, Value, compute, plain

# The columns `gongkai compare` prints in a terminal (every indicator goes to CSV, JSON, XLSX, Parquet).
TABLE_COLUMNS = ("received", "carried_over", "closed", "granted", "partial", "denied", "unable", "not_processed",
                 "other", "carried_forward", "disclosure_rate", "reviews", "lawsuits", "corrected",
                 "correction_rate", "days_late", "errors", "warnings")
# (name, Chinese label, English label) of the terminal table's columns.
INDICATORS: tuple[tuple[str, str, str], ...] = tuple((n, BY_NAME[n].zh, BY_NAME[n].en) for n in TABLE_COLUMNS)


def indicators(report: Report, findings: list[Finding], previous: Report | None = None,
               level: str | None = None) -> dict[str, Value]:
    """The indicators of one report (see :mod:`gongkai.supervision.indicators`)."""
    return compute(report, findings, previous, level).values


_SPACE = re.compile(r"\s+")


def agency_key(name: str | None) -> str:
    return _SPACE.sub("", name or "")


def group_agencies(names: list[str]) -> dict[str, str]:
    """Map each name to its agency's canonical (longest) name.

    Two names are one agency when the longer ends with the shorter and what it adds is a
    place name (ends in 省/市/区/县/州/盟/旗); a bare department name like 经济发展局 is
    never merged into another agency's name.
    """
    keys = sorted({agency_key(n) for n in names if agency_key(n)}, key=len, reverse=True)
    canonical: dict[str, str] = {}
    for k in keys:
        for longer in keys:
            if len(longer) > len(k) and longer.endswith(k) and is_place_prefix(longer[: -len(k)]) \
                    and len(k) >= 4 and re.search(r"[省市区县州盟旗]", k[:4]):
                canonical[k] = canonical.get(longer, longer)
                break
        canonical.setdefault(k, k)
    return canonical


def is_place_prefix(prefix: str) -> bool:
    return bool(re.fullmatch(r"(?:\S{1,8}?[省市区县州盟旗])+", prefix))


@dataclass
class Entry:
    path: str
    report: Report
    findings: list[Finding]
    values: dict[str, Value]
    notes: dict[str, str] = field(default_factory=dict)


@dataclass
class Agency:
    name: str
    entries: list[Entry] = field(default_factory=list)

    def years(self) -> list[int | None]:
        return [e.report.year for e in self.entries]


def compare(reports: list[tuple[str, Report]]) -> list[Agency]:
    """Group, order and check many reports. Returns agencies sorted by name, years ascending."""
    canonical = group_agencies([r.agency or "" for _, r in reports])
    agencies: dict[str, Agency] = {}
    for path, report in reports:
        name = canonical.get(agency_key(report.agency), "") or "（机关不详）"
        agencies.setdefault(name, Agency(name)).entries.append(Entry(path, report, [], {}))
    for agency in agencies.values():
        agency.entries.sort(key=lambda e: (e.report.year is None, e.report.year or 0, e.path))
        by_year = {e.report.year: e.report for e in agency.entries if e.report.year is not None}
        for e in agency.entries:
            previous = by_year.get(e.report.year - 1) if e.report.year is not None else None
            e.findings = check(e.report, previous)
            result = compute(e.report, e.findings, previous)
            e.values, e.notes = result.values, result.notes
    return [agencies[k] for k in sorted(agencies)]


HEAD = (("agency", "机关", "agency"), ("printed_agency", "报告所署机关", "printed agency"),
        ("year", "年度", "year"), ("template", "模板", "template"), ("file", "文件", "file"))


def header(lang: str = "zh") -> list[str]:
    """Column names of :func:`rows`, in Chinese (default) or English."""
    en = lang == "en"
    return [e if en else z for _, z, e in HEAD] + [BY_NAME[n].label(lang) for n in NAMES] + \
        (["notes"] if en else ["说明"])


def types() -> list[str]:
    """Column types of :func:`rows` (for Parquet): counts int, rates and money float, yes/no bool."""
    kind = {"%": "float", "万元": "float", "": "bool"}
    return ["string", "string", "int", "string", "string"] + [kind.get(BY_NAME[n].unit, "int") for n in NAMES] + \
        ["string"]


def rows(agencies: list[Agency]) -> list[list[object]]:
    """One flat row per report (the columns of :func:`header`), values as JSON and CSV take them."""
    out: list[list[object]] = []
    for a in agencies:
        for e in a.entries:
            out.append([a.name, e.report.agency, e.report.year, e.report.template, e.path]
                       + [plain(e.values[n]) for n in NAMES]
                       + ["；".join(f"{BY_NAME[k].zh}：{v}" for k, v in e.notes.items()) or None])
    return out


def records(agencies: list[Agency]) -> list[dict[str, object]]:
    """One object per report keyed by the indicators' names (``gongkai compare --format json``)."""
    keys = [k for k, _, _ in HEAD] + list(NAMES) + ["notes"]
    return [dict(zip(keys, r, strict=True)) for r in rows(agencies)]
