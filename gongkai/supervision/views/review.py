"""Review of one report: its three tables as read with each cell's provenance, the page image with
the cell outlined, findings confirmed or dismissed with a note, and the return to its unit."""

from __future__ import annotations

from html import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from ...ingest.mapping import place
from ...report.render.layout import tables
from .. import access, platform_filing
from ..models import ReportReturn, Submission
from ..models.findings import REVIEW


def tables_html(report, provenance: dict, chosen: str | None, flagged: set[str]) -> list[tuple[int, str]]:
    """The statutory tables, each number a link that selects it; its provenance in the title."""
    out = []
    for number, grid in sorted(tables(report).items()):
        lines = [f'<table class="form table{number}">']
        for row in grid.rows():
            cells = []
            for b in row:
                span = (f' rowspan="{b.rowspan}"' if b.rowspan > 1 else "") + \
                       (f' colspan="{b.colspan}"' if b.colspan > 1 else "")
                if b.is_value:
                    cell = report.cells.get(b.key)
                    where = provenance.get(b.key)
                    tip = f"{b.key} · {place(where)}"
                    if cell is not None and cell.confidence is not None:
                        tip += f" · 识别置信度 {cell.confidence:.2f}"
                    cls = " ".join(c for c in ("chosen" if b.key == chosen else "",
                                                "flagged" if b.key in flagged else "") if c)
                    cells.append(f'<td{span} data-key="{b.key}" class="{cls}" title="{escape(tip)}">'
                                 f'<a href="?cell={b.key}#page">{escape(b.text) or "&nbsp;"}</a></td>')
                else:
                    cells.append(f"<th{span}>{escape(b.text)}</th>")
            lines.append("<tr>" + "".join(cells) + "</tr>")
        lines.append("</table>")
        out.append((number, mark_safe("\n".join(lines))))
    return out


@login_required
def report(request, pk: int):
    access.require_supervisor(request.user)
    sub = access.submission(request.user, pk)
    core = sub.core_report()
    chosen = request.GET.get("cell")
    findings = list(sub.findings.select_related("decided_by").prefetch_related("decisions__user"))
    flagged = {k for f in findings if f.status != "dismissed" for k in f.keys}
    provenance = (sub.report or {}).get("provenance", {})
    ctx = {"sub": sub, "core": core, "findings": findings, "review": REVIEW,
           "tables": tables_html(core, provenance, chosen, flagged) if core else [],
           "chosen": chosen, "chosen_where": place(provenance.get(chosen)) if chosen else "",
           "chosen_page": ((provenance.get(chosen) or {}).get("page") or (1 if sub.image_type() else None))
           if chosen else None,
           "versions": Submission.objects.filter(unit=sub.unit, year=sub.year).order_by("version")
           if sub.unit_id else [],
           "returns": sub.returns.select_related("returned_by", "corrected_by"),
           "units": access.units(request.user).order_by("path") if sub.unit_id is None and sub.done else None}
    return render(request, "supervision/report.html", ctx)


@login_required
def page_image(request, pk: int, page: int):
    """A PDF page as PNG; ``?cell=KEY`` outlines that cell when it is found there for certain. A
    report sent as a picture is shown as it is."""
    access.require_supervisor(request.user)
    sub = access.submission(request.user, pk)
    if not sub.has_pages():
        raise Http404("此报告不是 PDF 文件或图片")
    if sub.image_type():  # a scan sent as a picture: the picture itself (its cells are not outlined)
        if page != 1:
            raise Http404("图片只有一页")
        with sub.file.open("rb") as fh:
            resp = HttpResponse(fh.read(), content_type=sub.image_type())
        resp["X-Cell-Outlined"] = "0"
        return resp
    from ..page_image import locate, render_page

    box = None
    key = request.GET.get("cell")
    if key and sub.report:
        where = sub.report.get("provenance", {}).get(key)
        cell = sub.report.get("cells", {}).get(key)
        raw = cell.get("raw") if isinstance(cell, dict) else (None if cell is None else str(cell))
        if where and where.get("page") == page:
            box = locate(sub.file.path, where, raw)
    try:
        png = render_page(sub.file.path, page, box)
    except ValueError as e:
        raise Http404(str(e)) from e
    resp = HttpResponse(png, content_type="image/png")
    resp["X-Cell-Outlined"] = "1" if box else "0"
    resp["Cache-Control"] = "private, max-age=3600"
    return resp


@login_required
@require_POST
def decide(request, pk: int):
    access.require_supervisor(request.user)
    finding = access.finding(request.user, pk)
    try:
        finding.decide(request.POST.get("status", ""), request.POST.get("note", ""), request.user)
    except PermissionDenied as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"已{REVIEW[finding.status][0][1:] if finding.status != 'open' else '重新打开'}："
                                  f"{finding.code}")
    if finding.code.startswith("region."):  # decided on a roll-up page: back to it
        gov = finding.unit if finding.unit.is_government and finding.code == "region.sum" else finding.unit.parent
        if gov is not None and access.units(request.user).filter(pk=gov.pk).exists():
            return redirect("supervision:rollup", pk=gov.pk, year=finding.year)
    if finding.submission_id:
        return redirect("supervision:report", pk=finding.submission_id)
    return redirect("supervision:unit", pk=finding.unit_id)


@login_required
@require_POST
def return_report(request, pk: int):
    """Return the report to its unit with comments; the unit files a corrected version, both stay."""
    access.require_supervisor(request.user)
    sub = access.submission(request.user, pk)
    comments = request.POST.get("comments", "").strip()
    if not comments:
        messages.error(request, "请填写退回意见")
    elif not sub.current or sub.unit_id is None:
        messages.error(request, "只能退回单位的现行版本")
    else:
        with transaction.atomic():
            Submission.objects.select_for_update().get(pk=sub.pk)
            if sub.returns.filter(corrected_by__isnull=True).exists():
                messages.error(request, "此报告已退回，正等待单位重新报送")
            else:
                ReportReturn.objects.create(submission=sub, comments=comments, returned_by=request.user)
                told = platform_filing.tell_agency(sub, comments, request.user)
                messages.success(request, f"已退回{sub.unit.name}，等待其重新报送"
                                          + ("（已在平台上通知该机关）" if told else ""))
    return redirect("supervision:report", pk=sub.pk)
