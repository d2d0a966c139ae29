"""Compare annual reports across years and agencies.

``compare(reports)`` groups reports by agency (names that differ only by a leading place
name, such as 洪泽区人民政府 and 淮安市洪泽区人民政府, are one agency), orders each
agency's reports by year, runs the checks (with the cross-year rules between consecutive
years) and computes the indicators supervisors and researchers read (:data:`INDICATORS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..report import Finding, Report, check
from ..report import cells as C

# (name, Chinese label, English label)
INDICATORS: tuple[tuple[str, str, str], ...] = (
    ("received", "本年新收", "received"),
    ("carried_over", "上年结转", "carried over"),
    ("closed", "办理结果总计", "closed"),
    ("granted", "予以公开", "granted"),
    ("partial", "部分公开", "partly granted"),
    ("denied", "不予公开", "denied"),
    ("unable", "无法提供", "unable to provide"),
    ("not_processed", "不予处理", "not processed"),
    ("other", "其他处理", "other"),
    ("carried_forward", "结转下年度", "carried forward"),
    ("disclosure_rate", "公开率", "disclosure rate"),
    ("reviews", "行政复议", "reviews"),
    ("lawsuits", "行政诉讼", "lawsuits"),
    ("corrected", "被纠错", "corrected"),
    ("correction_rate", "纠错率", "correction rate"),
    ("errors", "错误", "errors"),
    ("warnings", "警告", "warnings"),
)


def _sum(report: Report, keys: list[str]) -> int | None:
    """The sum of the printed numbers, or None when none of the cells holds a number."""
    nums = [report.number(k) for k in keys]
    nums = [n for n in nums if n is not None]
    return int(sum(nums)) if nums else None


def _rate(num: int | None, den: int | None) -> Decimal | None:
    if num is None or not den:
        return None
    return (Decimal(num) / Decimal(den) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _row_total(report: Report, row: str) -> int | None:
    """A table 3 row's 总计; where it is printed blank, the sum of its six applicant columns."""
    printed = _sum(report, [C.app_key(row, "total")])
    if printed is not None:
        return printed
    return _sum(report, [C.app_key(row, c) for c in C.APPLICANT_KEYS])


def indicators(report: Report, findings: list[Finding]) -> dict[str, int | Decimal | None]:
    """The indicators of one report. A row whose 总计 is blank counts its applicant columns."""
    t = lambda row: _row_total(report, row)  # noqa: E731

    def rows(prefix: str) -> int | None:
        parts = [t(r) for r in C.ALL_OUTCOME_KEYS if r == prefix or r.startswith(prefix + ".")]
        parts = [p for p in parts if p is not None]
        return sum(parts) if parts else None

    granted, partial, closed = t("granted"), t("partial"), t("total")
    groups = [g for g, _ in C.APPEAL_GROUPS]
    corrected = _sum(report, [f"{g}.corrected" for g in groups])
    decided = _sum(report, [f"{g}.{p}" for g in groups for p in ("upheld", "corrected", "other")])
    opened = None if granted is None and partial is None else (granted or 0) + (partial or 0)
    return {
        "received": t("new_received"),
        "carried_over": t("carried_over"),
        "closed": closed,
        "granted": granted,
        "partial": partial,
        "denied": rows("denied"),
        "unable": rows("unable"),
        "not_processed": rows("not_processed"),
        "other": rows("other"),
        "carried_forward": t("carried_forward"),
        "disclosure_rate": _rate(opened, closed),
        "reviews": _sum(report, ["review.total"]),
        "lawsuits": _sum(report, ["litigation_direct.total", "litigation_after_review.total"]),
        "corrected": corrected,
        "correction_rate": _rate(corrected, decided),
        "errors": sum(1 for f in findings if f.severity == "error"),
        "warnings": sum(1 for f in findings if f.severity == "warning"),
    }


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
            if len(longer) > len(k) and longer.endswith(k) and _is_place_prefix(longer[: -len(k)]) \
                    and len(k) >= 4 and re.search(r"[省市区县州盟旗]", k[:4]):
                canonical[k] = canonical.get(longer, longer)
                break
        canonical.setdefault(k, k)
    return canonical


def _is_place_prefix(prefix: str) -> bool:
    return bool(re.fullmatch(r"(?:\S{1,8}?[省市区县州盟旗])+", prefix))


@dataclass
class Entry:
    path: str
    report: Report
    findings: list[Finding]
    values: dict[str, int | Decimal | None]


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
            e.values = indicators(e.report, e.findings)
    return [agencies[k] for k in sorted(agencies)]


def rows(agencies: list[Agency]) -> list[dict[str, object]]:
    """One flat row per report, for CSV and JSON."""
    out = []
    for a in agencies:
        for e in a.entries:
            row: dict[str, object] = {"agency": a.name, "printed_agency": e.report.agency, "year": e.report.year,
                                      "template": e.report.template, "file": e.path}
            row.update({k: (str(v) if isinstance(v, Decimal) else v) for k, v in e.values.items()})
            out.append(row)
    return out
