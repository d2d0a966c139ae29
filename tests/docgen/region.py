"""Regions for the supervision tests: a government and the units under it, each with its reports."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from gongkai.report import Report

from .reports import _DEPARTMENTS, _PLACE_A, Options, random_report, random_sections

# --- regions (supervision) ---------------------------------------------------------------

@dataclass
class Region:
    """A generated region: its units (name, level, parent, aliases) in tree order, and each unit's
    report for ``year``. A government's report is the plain sum of its children's numbers, so the
    region balances by construction; every report is published on its level's last day or before."""

    year: int
    units: list[tuple[str, str, str | None, list[str]]]
    reports: dict[str, Report]

    def csv(self) -> str:
        lines = ["name,level,parent,aliases"]
        lines += [f"{n},{lv},{p or ''},{'|'.join(a)}" for n, lv, p, a in self.units]
        return "\n".join(lines) + "\n"

    def children(self, name: str) -> list[str]:
        return [n for n, _, p, _ in self.units if p == name]


_REGION_DEPARTMENTS = _DEPARTMENTS[1:-1] + (
    "发展和改革委员会", "工业和信息化局", "公安局", "审计局", "水利局", "退役军人事务局", "医疗保障局", "林业局",
    "体育局", "信访局", "数据局", "城市管理局", "机关事务管理局", "外事办公室", "民族宗教事务局", "档案局",
    "粮食和物资储备局", "乡村振兴局", "人民防空办公室", "地方金融管理局")
_DEADLINE = {"province": (3, 31), "prefecture": (3, 10), "county": (2, 20), "township": (1, 31),
             "department": (1, 31)}


def _place_names(rng: random.Random, n: int, suffix: str, taken: set[str]) -> list[str]:
    """``n`` new place names: two characters while unused pairs are plentiful, then three."""
    out = []
    while len(out) < n:
        k = 2 if len([t for t in taken if t.endswith(suffix)]) < 400 else 3
        name = "".join(rng.sample(_PLACE_A, k)) + suffix
        if name not in taken:
            taken.add(name)
            out.append(name)
    return out


def random_region(seed: int, *, prefectures: int = 0, counties: int = 2, departments: int = 3,
                  townships: int = 1, year: int = 2024, template: str = "2021") -> Region:
    """A province (``prefectures`` > 0) or a prefecture with ``counties`` counties under each
    prefecture; each government has ``departments`` departments (its 人民政府办公室 first) and
    each county ``townships`` townships. Leaves get :func:`random_report` (no amounts with units,
    so every number adds up plainly)."""
    rng = random.Random(seed)
    taken: set[str] = set()
    units: list[tuple[str, str, str | None, list[str]]] = []
    opts = Options(template=template, amounts=False, size=8, paragraphs=1)

    def government(place: str, level: str, parent: str | None, alias_prefix: str) -> str:
        name = f"{place}人民政府"
        units.append((name, level, parent, [alias_prefix + name] if alias_prefix else []))
        for dept in ("人民政府办公室",) + tuple(rng.sample(_REGION_DEPARTMENTS, max(0, departments - 1))):
            units.append((f"{place}{dept}", "department", name, []))
        return name

    if prefectures:
        province = _place_names(rng, 1, "省", taken)[0]
        top = government(province, "province", None, "")
        for pref in _place_names(rng, prefectures, "市", taken):
            p = government(pref, "prefecture", top, province)
            _counties(rng, government, p, pref, counties, townships, taken, units)
    else:
        pref = _place_names(rng, 1, "市", taken)[0]
        p = government(pref, "prefecture", None, "")
        _counties(rng, government, p, pref, counties, townships, taken, units)

    reports: dict[str, Report] = {}
    levels = {n: lv for n, lv, _, _ in units}
    children: dict[str, list[str]] = {}
    for n, _, p, _ in units:
        if p:
            children.setdefault(p, []).append(n)
    for name, level, _parent, _ in reversed(units):  # children before their parent
        kids = children.get(name, [])
        if level != "department" and kids:
            r = Report(template=template, year=year, agency=name)
            for kid in kids:
                for key, cell in reports[kid].cells.items():
                    if cell.number is not None:
                        r.set(key, (r.number(key) or 0) + cell.number)
            r.summary = True
            r.sections = random_sections(rng, r, 1, 1)
        else:
            r = random_report(rng, opts)
            r.year, r.agency = year, name
            r.sections = random_sections(rng, r, 1, 1)
        month, day = _DEADLINE[levels[name]]
        r.published = dt.date(year + 1, month, day) - dt.timedelta(days=rng.randint(0, 4))
        reports[name] = r
    return Region(year, units, reports)


def _counties(rng, government, pref_name, pref_place, n, townships, taken, units) -> None:
    for county in _place_names(rng, n, "县", taken):
        c = government(county, "county", pref_name, pref_place)
        for town in _place_names(rng, townships, "镇", taken):
            units.append((f"{town}人民政府", "township", c, []))
