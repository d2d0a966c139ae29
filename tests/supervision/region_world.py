"""A small county for the region pages: the county government, three departments and a township, with
reports for 2023 and 2024 — one late, one that does not balance, one missing (test fixtures of our own)."""

from __future__ import annotations

import datetime as dt

from gongkai.report import jsonio
from gongkai.supervision.rollup import numbers

from ..core.builders import balanced, sections


def report(seed: int, year: int, agency: str, published: dt.date, unbalanced: bool = False):
    r = balanced("2021", seed=seed, year=year)
    r.agency = agency
    r.published = published
    r.sections = sections(r)
    if unbalanced:
        r.set("apps.total.total", r.number("apps.total.total") + 5)
    return r


def make_region():
    from gongkai.supervision.models import Submission, Unit

    county = Unit.objects.create(name="示例县人民政府", level="county")
    edu = Unit.objects.create(name="示例县教育局", level="department", parent=county)
    fin = Unit.objects.create(name="示例县财政局", level="department", parent=county)
    police = Unit.objects.create(name="示例县公安局", level="department", parent=county)
    town = Unit.objects.create(name="示例镇人民政府", level="township", parent=county)
    plan = [
        # unit, year, seed, published, unbalanced
        (edu, 2023, 1, dt.date(2024, 1, 20), False),
        (fin, 2023, 2, dt.date(2024, 1, 25), False),
        (county, 2024, 3, dt.date(2025, 2, 15), False),  # county: due 20 February, on time
        (edu, 2024, 4, dt.date(2025, 2, 3), False),  # department: due 31 January, 3 days late
        (fin, 2024, 5, dt.date(2025, 1, 20), True),  # 总计 five too many: does not balance
        (town, 2024, 6, dt.date(2025, 1, 10), False),
        # police: nothing for 2024
    ]
    reports = {}
    for unit, year, seed, published, unbalanced in plan:
        r = report(seed, year, unit.name, published, unbalanced)
        reports[(unit.name, year)] = r
        Submission.objects.create(unit=unit, year=year, source="import", state="read", match="auto",
                                  agency_name=unit.name, template=r.template, published=published,
                                  report=jsonio.to_json(r), cells=numbers(r), original_name=f"{unit.name}{year}.json")
    return {"county": county, "edu": edu, "fin": fin, "police": police, "town": town, "reports": reports}
