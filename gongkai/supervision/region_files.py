"""The region's files: its table and every cell of its reports as CSV, XLSX, Parquet or JSON, and the
assessment (DOCX, PDF) with the texts the supervisor edited on its page."""

from __future__ import annotations

import json
import tempfile

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from . import export
from . import region_table as rt
from .indicators import BY_NAME, NAMES, plain
from .models import ReportIndicators, Submission, Unit
from .region_views import _choice, _unit, _year, _years, region_rows

FORMATS = export.FORMATS


# --- downloads ------------------------------------------------------------------------------------

def _download_name(unit: Unit, what: str, fmt: str) -> str:
    return f"{unit.name}-{what}{export.SUFFIX[fmt]}"


@login_required
def table_download(request, unit_id: int, fmt: str):
    """The region table as a file: every indicator of every unit for the year (the filters apply)."""
    unit = _unit(request, unit_id)
    if fmt not in FORMATS:
        raise Http404("没有这种格式")
    year = _year(request, unit, [])
    rows = rt.filter_rows(region_rows(unit, year, NAMES), _choice(request.GET.get("level"), rt.LEVEL_NAMES),
                              (request.GET.get("q") or "").strip()[:50],
                              _choice(request.GET.get("flag"), (*rt.FLAGS, "ok")))
    header = ["单位", "层级", "上级", "年度", "已报送", "需关注"] + [BY_NAME[n].zh for n in NAMES]
    types = ["string", "string", "string", "int", "bool", "string"] + \
        [{"%": "float", "万元": "float", "": "bool"}.get(BY_NAME[n].unit, "int") for n in NAMES]
    data = [[r.name, r.level_name, r.parent, year, r.values is not None,
             "、".join(rt.FLAGS[f] for f in r.flags) or None] + [plain(r.value(n)) for n in NAMES] for r in rows]
    return _file_response(header, data, fmt, types, _download_name(unit, f"{year}年度指标", fmt), json_lines=False)


@login_required
def cells_download(request, unit_id: int, fmt: str):
    """Every cell of every current report in the subtree (a year or all), one row per cell, streamed."""
    unit = _unit(request, unit_id)
    if fmt not in FORMATS:
        raise Http404("没有这种格式")
    qs = Submission.objects.filter(unit__path__startswith=unit.path, current=True, state="read")
    what = "全部年度单元格"
    if request.GET.get("year"):
        year = _year(request, unit, [])
        qs, what = qs.filter(year=year), f"{year}年度单元格"
    qs = qs.order_by("unit__path", "year").values_list("unit__name", "unit__level", "year", "report",
                                                       "original_name")

    def rows():
        for name, level, year, report, file in qs.iterator(chunk_size=200):
            if report:
                yield from export.json_cell_rows(name, level, year, report, file)

    filename = _download_name(unit, what, fmt)
    if fmt in ("csv", "json"):
        resp = StreamingHttpResponse(export.text_chunks(export.long_header(), rows(), fmt, export.long_types()),
                                     content_type=export.MEDIA_TYPES[fmt])
        resp["Content-Disposition"] = _disposition(filename)
        return resp
    return _file_response(export.long_header(), rows(), fmt, export.long_types(), filename, json_lines=True)


def _file_response(header, rows, fmt, types, filename, json_lines):
    if fmt in ("csv", "json"):
        resp = HttpResponse(b"".join(export.text_chunks(header, rows, fmt, types)) if json_lines else
                            _json_or_csv(header, rows, fmt, types), content_type=export.MEDIA_TYPES[fmt])
        resp["Content-Disposition"] = _disposition(filename)
        return resp
    f = tempfile.TemporaryFile()  # written in batches, sent from disk: flat memory
    w = export._Writer(fmt, f, header, types)
    for row in rows:
        w.write(row)
    w.close()
    f.seek(0)
    return FileResponse(f, as_attachment=True, filename=filename, content_type=export.MEDIA_TYPES[fmt])


def _json_or_csv(header, rows, fmt, types) -> bytes:
    if fmt == "csv":
        return b"".join(export.text_chunks(header, rows, fmt, types))
    return json.dumps([dict(zip(header, r, strict=True)) for r in rows], ensure_ascii=False, default=str).encode()


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"{quote(filename)}\"; filename*=UTF-8''{quote(filename)}"



# --- the assessment -------------------------------------------------------------------------------------

def totals_by_year(unit: Unit) -> dict[int, dict]:
    """The region's totals per year (counts summed, rates from the sums; see :func:`rt.total`)."""
    qs = (ReportIndicators.objects.filter(submission__current=True, unit__path__startswith=unit.path)
          .values("year").annotate(**{f"s_{n}": Sum(n) for n in rt.SUMMABLE}).order_by("year"))
    out = {}
    for row in qs:
        t = {n: row[f"s_{n}"] for n in rt.SUMMABLE}
        for name, (num, den) in rt.RATE_PARTS.items():
            parts = [t[k] for k in num if t[k] is not None]
            t[name] = rt.rate(sum(parts), t[den]) if parts else None
        out[row["year"]] = t
    return out


def _assessment(request, unit: Unit, year: int):
    from .assessment import build

    rows = region_rows(unit, year, NAMES)
    if request.GET.get("scope") == "children" or request.POST.get("scope") == "children":
        rows = [r for r in rows if r.depth <= 1]
    return build(unit.name, year, rows, totals_by_year(unit))


@login_required
def assessment_page(request, unit_id: int):
    """The assessment's draft: its texts editable on the page, then DOCX or PDF with the edits."""
    from .assessment import EDITABLE
    from .assessment_render import to_docx, to_pdf

    unit = _unit(request, unit_id)
    years = _years(unit)
    year = _year(request, unit, years) if request.method == "GET" else int(request.POST.get("year") or 0) or \
        _year(request, unit, years)
    a = _assessment(request, unit, year)
    fmt = request.POST.get("format") if request.method == "POST" else request.GET.get("format")
    if request.method == "POST":
        a = a.with_texts({k: request.POST.get(k) for k in EDITABLE})
    if fmt in ("docx", "pdf"):
        data = to_docx(a) if fmt == "docx" else to_pdf(a)
        resp = HttpResponse(data, content_type="application/pdf" if fmt == "pdf" else
                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        resp["Content-Disposition"] = _disposition(f"{a.texts['title']}.{fmt}")
        return resp
    return render(request, "supervision/region/assessment.html", {
        "unit": unit, "year": year, "years": years or [year], "a": a,
        "fields": [(k, label, limit, a.texts.get(k, "")) for k, (label, limit) in EDITABLE.items()],
        "scope": request.GET.get("scope") or "all",
    })
