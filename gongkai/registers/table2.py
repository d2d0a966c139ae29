"""Table 2 (第二十条) of the annual report, counted from the registers as at 31 December.

2021 template (国办公开办函〔2021〕30号):

* 本年制发件数: documents signed in the year; 本年废止件数: documents repealed or expired in the
  year; 现行有效件数: documents signed by 31 December and neither repealed nor expired by then —
  so that last year's 现行有效 + 本年制发 − 本年废止 = this year's 现行有效 (the core's
  ``years.in_force`` check) holds by construction;
* 行政许可 / 行政处罚 / 行政强制 本年处理决定数量: the sum of the year's monthly counts;
* 行政事业性收费 本年收费金额（万元）: the sum of the monthly amounts, decimals kept as entered.

2019 template (国办公开办函〔2019〕60号): 本年新制作 (signed in the year), 本年新公开 (published in the
year), 对外公开总数量 (published by 31 December); 处理决定数量 from the monthly counts. The
project counts (上一年项目数量, 本年增/减) and 政府集中采购 are not kept in the registers: those
cells are left blank, never invented.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q

from gongkai.cases.models import Agency

from .models import AMOUNT_CATEGORIES, Document, current_figures


def document_counts(agency: Agency, year: int) -> dict[str, dict[str, int]]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = (Document.objects.filter(agency=agency).values("kind").order_by()
            .annotate(made=Count("id", filter=Q(signed_on__gte=start, signed_on__lte=end)),
                      repealed=Count("id", filter=Q(ended_on__gte=start, ended_on__lte=end)),
                      in_force=Count("id", filter=Q(signed_on__lte=end) & (Q(ended_on__isnull=True)
                                                                          | Q(ended_on__gt=end))),
                      new_published=Count("id", filter=Q(published_on__gte=start, published_on__lte=end)),
                      total_published=Count("id", filter=Q(published_on__lte=end))))
    out = {k: {"made": 0, "repealed": 0, "in_force": 0, "new_published": 0, "total_published": 0}
           for k in ("regulation", "normative")}
    for r in rows:
        out[r["kind"]] = {k: r[k] for k in out[r["kind"]]}
    return out


def figure_totals(agency: Agency, year: int) -> dict[str, int | Decimal | None]:
    """Each category's year total; ``None`` when no month was entered at all."""
    totals: dict[str, int | Decimal | None] = {"licensing": None, "punishment": None, "coercion": None,
                                               "fees": None}
    for (category, _month), fig in current_figures(agency, year).items():
        v = fig.value
        cur = totals[category]
        totals[category] = v if cur is None else cur + v  # type: ignore[operator]
    return totals


def amount_text(d: Decimal) -> str:
    """How table 2 prints an amount in 万元: the digits as summed, no exponent."""
    return format(d, "f")


def table2(agency: Agency, year: int, template: str) -> dict[str, object]:
    """The Article 20 cells (key → int, amount text or ``None`` for blank) for ``template``."""
    docs = document_counts(agency, year)
    figs = figure_totals(agency, year)
    cells: dict[str, object] = {}
    items = (("regulations", "regulation"), ("normative_documents", "normative"))
    if template == "2021":
        for key, kind in items:
            for col in ("made", "repealed", "in_force"):
                cells[f"art20.{key}.{col}"] = docs[kind][col]
        for cat in ("licensing", "punishment", "coercion"):
            cells[f"art20.{cat}.decisions"] = figs[cat] or 0
        fees = figs["fees"]
        cells["art20.fees.amount"] = amount_text(fees) if fees is not None else 0
    else:
        for key, kind in items:
            cells[f"art20.{key}.new_made"] = docs[kind]["made"]
            cells[f"art20.{key}.new_published"] = docs[kind]["new_published"]
            cells[f"art20.{key}.total_published"] = docs[kind]["total_published"]
        for cat in ("licensing", "other_services", "punishment", "coercion", "fees"):
            cells[f"art20.{cat}.previous"] = None
            cells[f"art20.{cat}.change"] = None
            if cat not in AMOUNT_CATEGORIES:
                cells[f"art20.{cat}.decisions"] = figs.get(cat) or (None if cat == "other_services" else 0)
        cells["art20.procurement.items"] = None
        cells["art20.procurement.amount"] = None
    return cells
