"""The region at a glance: every unit below a supervisor's unit with its indicators for a year; a unit's
years side by side; one indicator ranked across units; charts with their numbers; the exports.

Plain Django views over :class:`~gongkai.supervision.models.ReportIndicators` (a column per indicator)
and the Django-free rules of :mod:`gongkai.supervision.region`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Max, Sum
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import export
from . import region_table as rt
from .indicators import BY_NAME, NAMES, RATES, display, plain
from .models import ReportIndicators, Unit

# The columns of the region table (all indicators go to the downloads).
COLUMNS = ("received", "closed", "disclosure_rate", "denial_rate", "unable_rate", "reviews", "lawsuits",
           "correction_rate", "days_late", "sections", "summary_length", "repeated_share", "errors", "warnings")
FLAG_COLUMNS = ("days_late", "balanced", "repeated_share")
# Indicators offered for rankings and charts: numbers only.
CHARTABLE = tuple(n for n in NAMES if BY_NAME[n].unit != "")
TREND = ("received", "closed", "disclosure_rate", "correction_rate", "reviews", "lawsuits")
HEAT = ("received", "disclosure_rate", "denial_rate", "unable_rate", "correction_rate", "days_late",
        "repeated_share", "errors")
PAGE = 100


# --- access and data -------------------------------------------------------------------------------

def _unit(request, unit_id: int) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(request.user), pk=unit_id)


def _units(unit: Unit) -> list[dict]:
    """Every unit of ``unit``'s subtree, in tree order, with its depth below ``unit``."""
    base = unit.path.count("/")
    return [{"id": u["id"], "name": u["name"], "level": u["level"], "parent": u["parent__name"],
             "depth": u["path"].count("/") - base}
            for u in Unit.objects.filter(path__startswith=unit.path)
            .values("id", "name", "level", "parent__name", "path").order_by("path")]


def _indicators(unit: Unit, year: int, names) -> dict[int, tuple[int, dict]]:
    """{unit id: (submission id, {indicator: value})} of the current reports of ``year`` in the subtree."""
    qs = (ReportIndicators.objects.filter(year=year, submission__current=True, unit__path__startswith=unit.path)
          .values_list("unit_id", "submission_id", *names))
    return {r[0]: (r[1], dict(zip(names, r[2:], strict=True))) for r in qs}


def _years(unit: Unit) -> list[int]:
    return list(ReportIndicators.objects.filter(unit__path__startswith=unit.path, submission__current=True)
                .values_list("year", flat=True).distinct().order_by("year"))


def _year(request, unit: Unit, years: list[int]) -> int:
    try:
        return int(request.GET.get("year") or (years[-1] if years else 0)) or _latest(unit)
    except ValueError:
        raise Http404("年度无效") from None


def _latest(unit: Unit) -> int:
    y = ReportIndicators.objects.filter(unit__path__startswith=unit.path).aggregate(y=Max("year"))["y"]
    from .models.reports import today

    return y or today().year - 1


def region_rows(unit: Unit, year: int, names=COLUMNS) -> list[rt.Row]:
    """Every unit of the subtree with ``names`` (and what the flags need) for ``year`` and the year before."""
    wanted = tuple(dict.fromkeys((*names, *FLAG_COLUMNS)))
    current = _indicators(unit, year, wanted)
    previous = {k: v for k, (_, v) in _indicators(unit, year - 1, tuple(names)).items()}
    return rt.build(_units(unit), current, previous)


def _choice(value: str | None, allowed, default=None):
    return value if value in allowed else default


# --- pages ----------------------------------------------------------------------------------------

@login_required
def home(request):
    """The region of the units the user supervises: the top one's page."""
    top = Unit.objects.visible_to(request.user).order_by("path").first()
    if top is None:
        return render(request, "supervision/region/none.html", status=403)
    return redirect("supervision_region:region", unit_id=top.pk)


@login_required
def region_page(request, unit_id: int):
    unit = _unit(request, unit_id)
    years = _years(unit)
    year = _year(request, unit, years)
    rows = region_rows(unit, year)
    summary = rt.summary(rows)
    level = _choice(request.GET.get("level"), rt.LEVEL_NAMES)
    flag = _choice(request.GET.get("flag"), (*rt.FLAGS, "ok"))
    q = (request.GET.get("q") or "").strip()[:50]
    sort = request.GET.get("sort") or "tree"
    desc = request.GET.get("desc") == "1"
    shown = rt.filter_rows(rows, level, q, flag)
    if sort != "tree":
        allowed = {"name", "level", "flags", *COLUMNS, *(f"change:{c}" for c in COLUMNS)}
        if sort not in allowed:
            sort = "tree"
        else:
            shown = rt.sort_rows(shown, sort, desc)
    try:
        page = max(1, int(request.GET.get("page") or 1))
    except ValueError:
        page = 1
    pages = max(1, -(-len(shown) // PAGE))
    page = min(page, pages)
    start = (page - 1) * PAGE
    params = {k: v for k, v in (("year", year), ("level", level), ("q", q), ("flag", flag)) if v}

    def link(**extra) -> str:
        return "?" + urlencode({**params, **({"sort": sort, "desc": "1" if desc else ""} if sort != "tree" else {}),
                                **extra})

    headers = []
    for key, label in [("name", "单位"), ("level", "层级"), ("flags", "需关注")] + \
            [(c, BY_NAME[c].zh) for c in COLUMNS]:
        now_desc = sort == key and not desc
        headers.append({"key": key, "label": label, "sorted": sort == key, "desc": desc,
                        "href": "?" + urlencode({**params, "sort": key, **({"desc": "1"} if now_desc else {})}),
                        "rate": key in RATES})
    table = []
    unit_url = reverse("supervision_region:unit", kwargs={"unit_id": 0}).replace("/0/years/", "/{}/years/")
    for r in shown[start:start + PAGE]:
        cells = []
        for c in COLUMNS:
            ch = r.change(c)
            cells.append({"name": c, "text": display(r.value(c), c), "change": rt.display_change(ch, c),
                          "up": ch is not None and ch > 0, "down": ch is not None and ch < 0})
        t = {"row": r, "cells": cells, "flags": [(f, rt.FLAGS[f]) for f in r.flags]}
        t["html"] = _row_html(t, unit_url)
        table.append(t)
    return render(request, "supervision/region/region.html", {
        "unit": unit, "year": year, "years": years or [year], "summary": summary, "table": table,
        "headers": headers, "levels": rt.LEVEL_NAMES, "flags": rt.FLAGS, "level": level, "flag": flag,
        "q": q, "sort": sort, "desc": desc, "page": page, "pages": pages, "count": len(shown),
        "prev_link": link(page=page - 1) if page > 1 else "", "next_link": link(page=page + 1) if page < pages else "",
        "query": urlencode(params), "formats": export.FORMATS,
        "total": _total_cells(rt.total(r.values for r in rows if r.values is not None)),
    })


def _row_html(t: dict, unit_url: str) -> str:
    """One row of the region table. Built here rather than in the template: a page of 100 units × 17
    cells through the template engine costs more than the queries behind it."""
    r = t["row"]
    cells = "".join(
        f'<td class="num" data-name="{c["name"]}">{escape(c["text"])}'
        + (f'<br><small class="{"up" if c["up"] else "down" if c["down"] else ""}">{escape(c["change"])}</small>'
           if c["change"] else "") + "</td>" for c in t["cells"])
    tags = "".join(f'<span class="tag flag-{f}">{label}</span>' for f, label in t["flags"])
    return mark_safe(  # noqa: S308 - every value above is escaped or one of ours
        f'<tr class="{" ".join("flag-" + f for f, _ in t["flags"])}" data-unit="{escape(r.name)}">'
        f'<td class="name" style="padding-left:{int(r.depth)}em"><a href="{unit_url.format(r.id)}">{escape(r.name)}</a>'
        f'</td><td>{escape(r.level_name)}</td><td>{tags}</td>{cells}</tr>')


def _total_cells(total: dict) -> list[dict]:
    return [{"label": BY_NAME[c].zh, "text": display(total.get(c), c)} for c in COLUMNS if c in total]


@login_required
def unit_years(request, unit_id: int):
    """One unit's years side by side, each with the change from the year before."""
    unit = _unit(request, unit_id)
    rows = {r.year: r for r in ReportIndicators.objects.filter(unit=unit, submission__current=True).order_by("year")}
    years = sorted(rows)
    table = []
    for n in NAMES:
        cells = []
        for i, y in enumerate(years):
            v = getattr(rows[y], n)
            ch = rt.change(v, getattr(rows[years[i - 1]], n)) if i and years[i - 1] == y - 1 else None
            cells.append({"text": display(v, n), "change": rt.display_change(ch, n),
                          "up": ch is not None and ch > 0, "down": ch is not None and ch < 0})
        table.append({"name": n, "label": BY_NAME[n].zh, "cells": cells})
    notes = [(y, BY_NAME[k].zh, t) for y in years for k, t in (rows[y].notes or {}).items() if k in BY_NAME]
    return render(request, "supervision/region/unit.html", {
        "unit": unit, "years": years, "table": table, "notes": notes,
        "trend": _trend_data(unit, TREND, own=True),
    })


@login_required
def ranking_page(request, unit_id: int):
    unit = _unit(request, unit_id)
    years = _years(unit)
    year = _year(request, unit, years)
    name = _choice(request.GET.get("indicator"), CHARTABLE, "disclosure_rate")
    level = _choice(request.GET.get("level"), rt.LEVEL_NAMES)
    desc = request.GET.get("asc") != "1"
    data = ranking_data(unit, year, name, level, desc)
    return render(request, "supervision/region/ranking.html", {
        "unit": unit, "year": year, "years": years or [year], "name": name, "label": BY_NAME[name].zh,
        "chartable": [(n, BY_NAME[n].zh) for n in CHARTABLE], "levels": rt.LEVEL_NAMES, "level": level,
        "desc": desc, "data": data,
    })


def ranking_data(unit: Unit, year: int, name: str, level: str | None = None, desc: bool = True) -> dict:
    rows = rt.filter_rows(region_rows(unit, year, (name,)), level)
    ranked = rt.ranking(rows, name, desc)
    return {"indicator": name, "label": BY_NAME[name].zh, "unit": BY_NAME[name].unit, "year": year,
            "rows": [{"rank": k, "unit": r.name, "level": r.level_name, "value": plain(v), "text": display(v, name)}
                     for k, r, v in ranked],
            "without": [r.name for r in rows if r.value(name) is None]}


@login_required
def charts_page(request, unit_id: int):
    unit = _unit(request, unit_id)
    years = _years(unit)
    year = _year(request, unit, years)
    name = _choice(request.GET.get("indicator"), CHARTABLE, "disclosure_rate")
    return render(request, "supervision/region/charts.html", {
        "unit": unit, "year": year, "years": years or [year], "name": name, "label": BY_NAME[name].zh,
        "chartable": [(n, BY_NAME[n].zh) for n in CHARTABLE],
        "trend": _trend_data(unit, TREND), "distribution": distribution_data(unit, year, name),
        "heat": heat_data(unit, year),
    })


# --- chart data (JSON for the charts; the same numbers go into the tables beside them) ------------------------

def _trend_data(unit: Unit, names, own: bool = False) -> dict:
    """Indicators over the years: the unit's own reports (``own``) or its region's sum."""
    qs = ReportIndicators.objects.filter(submission__current=True)
    qs = qs.filter(unit=unit) if own else qs.filter(unit__path__startswith=unit.path)
    parts = tuple(dict.fromkeys(p for n in names for p in ((n,) if n not in rt.RATE_PARTS
                                                         else (*rt.RATE_PARTS[n][0], rt.RATE_PARTS[n][1]))))
    agg = qs.values("year").annotate(**{f"s_{p}": Sum(p) for p in parts}).order_by("year")
    series: dict[str, list] = {n: [] for n in names}
    years = []
    for row in agg:
        years.append(row["year"])
        sums = {p: row[f"s_{p}"] for p in parts}
        for n in names:
            if n in rt.RATE_PARTS:
                num, den = rt.RATE_PARTS[n]
                nums = [sums[k] for k in num if sums[k] is not None]
                v = rt.rate(sum(nums), sums[den]) if nums else None
            else:
                v = sums[n]
            series[n].append(plain(v))
    return {"years": years, "series": [{"name": n, "label": BY_NAME[n].zh, "unit": BY_NAME[n].unit,
                                        "values": series[n]} for n in names],
            "scope": "本单位" if own else "全区合计"}


def distribution_data(unit: Unit, year: int, name: str) -> dict:
    values = list(ReportIndicators.objects.filter(year=year, submission__current=True,
                                                  unit__path__startswith=unit.path)
                  .exclude(**{f"{name}__isnull": True}).values_list(name, flat=True))
    bins = rt.histogram(values)
    return {"indicator": name, "label": BY_NAME[name].zh, "year": year, "n": len(values),
            "bins": [{"range": r, "count": c} for r, c in bins]}


def heat_data(unit: Unit, year: int, names=HEAT) -> dict:
    """The units directly below ``unit`` × indicators (each unit's own report) for ``year``."""
    children = list(Unit.objects.filter(parent=unit).values_list("id", "name").order_by("path"))
    vals = {u: v for u, (_, v) in _indicators(unit, year, tuple(names)).items()}
    rows = []
    for uid, uname in children:
        v = vals.get(uid)
        rows.append({"unit": uname, "values": [plain(v.get(n)) if v else None for n in names],
                     "texts": [display(v.get(n), n) if v else "未报送" for n in names]})
    ranges = []
    for i in range(len(names)):
        xs = [r["values"][i] for r in rows if r["values"][i] is not None]
        ranges.append([min(xs), max(xs)] if xs else [0, 0])
    return {"year": year, "indicators": [{"name": n, "label": BY_NAME[n].zh} for n in names], "rows": rows,
            "ranges": ranges}


@login_required
def chart_json(request, unit_id: int, kind: str):
    unit = _unit(request, unit_id)
    if kind == "trend":
        names = [n for n in request.GET.getlist("indicator") if n in CHARTABLE] or list(TREND)
        return JsonResponse(_trend_data(unit, names, own=request.GET.get("own") == "1"))
    year = _year(request, unit, [])
    if kind == "distribution":
        return JsonResponse(distribution_data(unit, year, _choice(request.GET.get("indicator"), CHARTABLE,
                                                                  "disclosure_rate")))
    if kind == "heat":
        return JsonResponse(heat_data(unit, year))
    if kind == "ranking":
        return JsonResponse(ranking_data(unit, year, _choice(request.GET.get("indicator"), CHARTABLE,
                                                             "disclosure_rate")))
    raise Http404("没有这种图表")
