"""The roll-up of a government from the database (Django): its subtree's current reports summed
and checked with :func:`rollup.rollup`, and the region's findings kept as :class:`Finding` rows so a
supervisor can confirm or dismiss them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from ..report import Report
from ..report import cells as C
from ..report.levels import publication_deadline
from .models import Finding, Submission, Unit
from .rollup import RegionUnit, UnitResult, rollup

REGION_CODES = ("region.missing", "region.sum")


@dataclass
class ChildRow:
    unit: Unit
    submission: Submission | None
    days_late: int | None
    errors: int
    warnings: int
    unbalanced: bool
    region: list[Finding] = field(default_factory=list)


@dataclass
class Rollup:
    unit: Unit
    year: int
    results: dict[int, UnitResult]  # unit id → result, for every unit of the subtree
    submissions: dict[int, Submission]

    @property
    def own(self) -> UnitResult:
        return self.results[self.unit.pk]

    @property
    def cells(self) -> dict[str, int | Decimal]:
        return self.own.rollup or {}

    def draft(self) -> Report:
        """The government's own report built from the sum: tables 2–4 by construction, the narrative
        left to the office."""
        template = C.template_for_year(self.year).version
        r = Report(template=template, year=self.year, agency=self.unit.name, summary=True)
        for key in r.tmpl.keys():
            r.set(key, self.cells.get(key, 0))
        for key, title in C.SECTIONS:
            if key not in ("proactive", "applications", "appeals"):
                r.sections[key] = f"（{title}：由本级政府信息公开工作主管部门撰写）"
        return r


def compute(unit: Unit, year: int, *, store: bool = True) -> Rollup:
    """Sum and check ``unit``'s whole subtree for ``year`` (a few queries whatever its size)."""
    units = list(unit.subtree().only("id", "name", "level", "parent_id", "path").order_by("path"))
    by_id = {u.pk: u for u in units}
    subs = {s.unit_id: s for s in Submission.objects.filter(unit__path__startswith=unit.path, year=year,
                                                              current=True)
            .only("id", "unit_id", "state", "cells", "published", "version", "year", "match")}
    region_units = []
    for u in units:
        s = subs.get(u.pk)
        parent = by_id.get(u.parent_id)
        read = s is not None and s.state == "read"
        region_units.append(RegionUnit(u.name, u.level, parent.name if parent else None,
                                       report=_Marker() if read else None, unreadable=s is not None and not read,
                                       cells=_numbers(s.cells) if read else {}))
    results = rollup(region_units, year, check_reports=False)
    out = {u.pk: r for u, r in zip(units, results, strict=True)}
    if store:
        _store(units, out, year, subs)
    return Rollup(unit, year, out, subs)


def _numbers(cells: dict) -> dict:
    """Cells as stored (JSON numbers) back to exact numbers: decimals (万元 amounts) as Decimal."""
    return {k: Decimal(str(v)) if isinstance(v, float) else v for k, v in cells.items()}


class _Marker:
    """Stands for a report that was read (the roll-up needs only its numbers, given as ``cells``)."""


def _store(units: list[Unit], results: dict[int, UnitResult], year: int, subs: dict[int, Submission]) -> None:
    """Region findings as rows: new ones created, ones that no longer hold removed unless a person
    already decided on them (kept, with that decision)."""
    with transaction.atomic():
        existing = {}
        root = units[0].path if units else "/"
        for f in Finding.objects.filter(unit__path__startswith=root, year=year, code__in=REGION_CODES):
            existing.setdefault((f.unit_id, f.code, f.message), f)
        wanted = set()
        new = []
        for uid, r in results.items():
            for f in r.findings:
                key = (uid, f.code, f.message)
                wanted.add(key)
                if key not in existing:
                    s = subs.get(uid)
                    new.append(Finding(unit_id=uid, year=year, submission=s if s and f.code == "region.sum" else None,
                                       code=f.code, severity=f.severity, message=f.message, keys=list(f.keys)))
        stale = [f.pk for k, f in existing.items() if k not in wanted and f.status == "open"]
        if stale:
            Finding.objects.filter(pk__in=stale).delete()
        Finding.objects.bulk_create(new, batch_size=1000)


def children(rollup: Rollup) -> list[ChildRow]:
    """The government's direct children with what the roll-up page shows of each."""
    kids = list(Unit.objects.filter(parent=rollup.unit).order_by("path"))
    counts: dict[int, dict[str, int]] = {}
    for sid, sev in Finding.objects.filter(submission__in=[rollup.submissions[k.pk] for k in kids
                                                           if k.pk in rollup.submissions],
                                           ).exclude(status="dismissed").values_list("submission_id", "severity"):
        counts.setdefault(sid, {}).setdefault(sev, 0)
        counts[sid][sev] += 1
    region = {}
    for f in Finding.objects.filter(unit__in=kids, year=rollup.year, code__in=REGION_CODES):
        region.setdefault(f.unit_id, []).append(f)
    rows = []
    for k in kids:
        s = rollup.submissions.get(k.pk)
        c = counts.get(s.pk, {}) if s else {}
        late = None
        if s and s.published:
            late = max(0, (s.published - publication_deadline(rollup.year, k.level)).days)
        rows.append(ChildRow(k, s, late, c.get("error", 0), c.get("warning", 0),
                             unbalanced=c.get("error", 0) > 0, region=region.get(k.pk, [])))
    return rows


def deadline(unit: Unit, year: int) -> dt.date:
    return publication_deadline(year, unit.level)
