"""A government's roll-up page: its children (filed, late, unbalanced), the region's findings, the
summed tables, and the draft of its own report in the statutory layout."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from ...report.render import SUFFIXES
from ...report.render import html as render_html
from .. import access, region
from ..models import Finding
from .workspace import default_year

DOWNLOADS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "pdf": "application/pdf",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _government(request, pk: int):
    access.require_supervisor(request.user)
    unit = access.unit(request.user, pk)
    if not unit.is_government:
        raise Http404("只有人民政府有汇总")
    return unit


@login_required
def rollup(request, pk: int, year: int | None = None):
    unit = _government(request, pk)
    year = year or int(request.GET.get("year") or default_year(request.user))
    r = region.compute(unit, year)
    rows = region.children(r)
    own = r.submissions.get(unit.pk)
    draft = r.draft()
    own_findings = Finding.objects.filter(unit=unit, year=year, code__in=region.REGION_CODES)
    ctx = {"unit": unit, "year": year, "rows": rows, "own": own, "own_findings": own_findings,
           "filed": sum(1 for x in rows if x.submission and x.submission.state == "read"),
           "late": sum(1 for x in rows if x.days_late), "unbalanced": sum(1 for x in rows if x.unbalanced),
           "missing": sum(1 for x in rows if not x.submission or x.submission.state != "read"),
           "deadline": region.deadline(unit, year),
           "draft_html": mark_safe(render_html.body(draft)), "formats": DOWNLOADS}
    return render(request, "supervision/rollup.html", ctx)


@login_required
def draft(request, pk: int, year: int, fmt: str):
    """The draft of the government's own report, from the sum, as Word, PDF or Excel."""
    unit = _government(request, pk)
    if fmt not in DOWNLOADS:
        raise Http404("不支持的格式")
    from ...report.render import render as render_report
    data = render_report(region.compute(unit, year, store=False).draft(), fmt)
    resp = HttpResponse(data, content_type=DOWNLOADS[fmt])
    name = f"{unit.name}{year}年度政府信息公开工作年度报告（汇总稿）{SUFFIXES[fmt]}"
    from urllib.parse import quote
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return resp
