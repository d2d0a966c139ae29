"""The report pages: the staff draft (tables, narrative, checks, approval, versions, audit trail),
the downloads, and the public pages that list an agency's published reports by year.

Staff pages follow the platform's access rule (a membership at the agency, 404 otherwise; the
step's role, 403 otherwise). Public pages show published versions only.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.cases import models as cm
from gongkai.cases.annual_report import arithmetic_findings
from gongkai.cases.views import staff_agency
from gongkai.report import cells as C
from gongkai.report import render as report_render
from gongkai.report.render import html as html_render

from . import checks, rules
from .models import AnnualReport, current, level_of, published_versions, start

FIRST_YEAR = 2008  # the 2007 条例 took effect on 1 May 2008

DOWNLOADS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def _year_or_404(year: int) -> int:
    if not FIRST_YEAR <= year <= cm.dates.today().year:
        raise Http404("无此年度")
    return year


def default_year(agency) -> int:
    """Last year's report until it is published (from 1 January), else this year's."""
    t = cm.dates.today()
    if t.month <= 3 and not published_versions(agency, t.year - 1).exists():
        return t.year - 1
    return t.year


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def download(report, fmt: str, name: str) -> HttpResponse:
    body = report_render.render(report, fmt)
    response = HttpResponse(body.encode("utf-8") if isinstance(body, str) else body, content_type=DOWNLOADS[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name + report_render.SUFFIXES[fmt])}"
    return response


def _tables_context(core) -> dict:
    """Tables 2–4 drawn by the core's layout (the same grids every renderer draws)."""
    from gongkai.report.render.layout import tables

    return {n: html_render.table_html(g) for n, g in tables(core).items()}


@login_required
def report_page(request, slug: str, year: int | None = None):
    """The year's report as the office works on it (tables never typed; the narrative edited)."""
    agency, roles = staff_agency(request, slug)
    year = _year_or_404(year if year is not None else default_year(agency))
    ar = current(agency, year)
    core = ar.to_core_report() if ar else _live(agency, year)
    previous = ar.previous_report() if ar else None
    findings = checks.findings(core, previous, level_of(agency))
    fmt = request.GET.get("format")
    if fmt == "json":
        from gongkai.report.jsonio import dumps

        return HttpResponse(dumps(core, findings), content_type="application/json; charset=utf-8")
    if fmt in DOWNLOADS:
        return download(core, fmt, f"{core.agency}{year}年政府信息公开工作年度报告")
    today = cm.dates.today()
    versions = AnnualReport.objects.filter(agency=agency, year=year).order_by("-version")
    return render(request, "annual/report.html", {
        "agency": agency, "roles": roles, "year": year, "ar": ar, "report": core, "findings": findings,
        "arithmetic": arithmetic_findings(core), "tables": _tables_context(core),
        "sections": [(k, title, core.sections.get(k, "")) for k, title in C.SECTIONS],
        "steps": rules.allowed(ar.state, roles) if ar else [],
        "can_write": bool(roles & set(rules.WRITERS)),
        "versions": versions, "events": [e for v in versions for e in v.events.all()],
        "years": list(range(today.year, today.year - 6, -1)),
        "as_of": cn_date(today) if today < dt.date(year, 12, 31) else None,
    })


def _live(agency, year: int):
    """Before a draft exists: the tables and the text a draft would start with."""
    from .build import tables
    from .prefill import prefill

    core = tables(agency, year)
    core.sections = prefill(agency, year)
    return core


@login_required
@require_POST
def create(request, slug: str, year: int):
    agency, roles = staff_agency(request, slug, rules.WRITERS)
    _year_or_404(year)
    start(agency, year, request.user)
    messages.success(request, "已生成草稿：表格由登记簿和办理记录产生，正文已按本年数据预填，请修改补充")
    return redirect("annual:staff", slug=slug, year=year)


@login_required
@require_POST
def save_text(request, slug: str, year: int):
    agency, roles = staff_agency(request, slug, rules.WRITERS)
    ar = current(agency, _year_or_404(year))
    if ar is None:
        raise Http404("尚无草稿")
    try:
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        revision = None
    try:
        ar.save_text(request.user, {k: request.POST.get(k) for k in C.SECTION_KEYS}, revision)
        messages.success(request, "正文已保存")
    except ValidationError as e:
        messages.error(request, e.messages[0])
    return redirect("annual:staff", slug=slug, year=year)


@login_required
@require_POST
def live_check(request, slug: str, year: int):
    """The findings on the text being written (not saved): htmx posts the form as the office types."""
    agency, roles = staff_agency(request, slug, rules.WRITERS)
    ar = current(agency, _year_or_404(year))
    if ar is None:
        raise Http404("尚无草稿")
    core = ar.to_core_report()
    core.sections = {k: (request.POST.get(k) or "")[:50_000] for k in C.SECTION_KEYS}
    found = checks.findings(core, ar.previous_report(), level_of(agency))
    return render(request, "annual/_findings.html", {"findings": found})


@login_required
@require_POST
def step(request, slug: str, year: int, name: str):
    agency, roles = staff_agency(request, slug)
    ar = current(agency, _year_or_404(year))
    if ar is None or name not in rules.STEPS:
        raise Http404("无此操作")
    try:
        ar.step(name, request.user, roles, request.POST.get("comment", ""))
        messages.success(request, f"{rules.STEPS[name].label}：已完成")
    except PermissionDenied:
        raise
    except ValidationError as e:
        messages.error(request, e.messages[0])
    return redirect("annual:staff", slug=slug, year=year)


# --- public -------------------------------------------------------------------------------

def public_list(request, slug: str):
    agency = get_object_or_404(cm.Agency, slug=slug)
    return render(request, "annual/public_list.html", {"agency": agency, "reports": published_versions(agency)})


def public_report(request, slug: str, year: int, version: int | None = None, fmt: str | None = None):
    agency = get_object_or_404(cm.Agency, slug=slug)
    versions = list(published_versions(agency, year))
    if not versions:
        raise Http404("该年度报告尚未发布")
    ar = versions[0] if version is None else next((v for v in versions if v.version == version), None)
    if ar is None:
        raise Http404("无此版本")
    core = ar.to_core_report()
    if fmt is not None:
        if fmt == "json":  # gongkai's JSON (the same as `gongkai parse --json` of the PDF)
            from gongkai.report.jsonio import dumps

            return HttpResponse(dumps(core, checks.findings(core, ar.previous_report(), level_of(agency))),
                                content_type="application/json; charset=utf-8")
        if fmt not in ("pdf", "docx"):
            raise Http404("无此格式")
        return download(core, fmt, str(ar))
    if request.GET.get("format") == "html":
        return HttpResponse(html_render.render(core), content_type="text/html; charset=utf-8")
    return render(request, "annual/public_report.html", {
        "agency": agency, "ar": ar, "body": html_render.body(core), "versions": versions,
        "latest": versions[0]})
