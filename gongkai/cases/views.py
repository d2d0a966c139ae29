"""Views: the public form and status page, the staff workbench, actions, the annual report.

Access rule, for every staff view: a user sees an agency's records only through a
:class:`~gongkai.cases.models.Membership` at that agency; records of any other agency answer
404, as if they did not exist. Actions also need the right role (403 otherwise).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.errors import GongkaiError
from gongkai.report import cells as C
from gongkai.report.checks import check
from gongkai.site import throttle

from . import forms as f
from . import models as m
from . import queues
from . import transitions as T
from .annual_report import arithmetic_findings, build_report

# --- helpers -------------------------------------------------------------------------


client_ip = throttle.client_ip  # the proxy's header only from a trusted proxy (gongkai.site.security)


def rate_limited(request, bucket: str, limit: int, window: int = 3600) -> bool:
    """Count one hit for this client in ``bucket``; True when over ``limit`` within ``window`` seconds.

    Counted in the cache every worker shares; call it once the request is known to be valid,
    so a mistyped form costs the applicant nothing.
    """
    return throttle.hit(bucket, client_ip(request), window) > limit


def too_many(request):
    return render(request, "cases/too_many.html", status=429)


def staff_agency(request, slug: str, roles: tuple[str, ...] | None = None):
    """The agency ``slug`` if the user belongs to it (404 otherwise) and, when given, holds one of ``roles``."""
    agency = get_object_or_404(m.Agency, slug=slug)
    have = m.roles_of(request.user, agency)
    if not have:
        raise Http404("无此机关")
    if roles is not None and not have & set(roles):
        raise PermissionDenied("您没有此项操作的权限")
    return agency, have


def staff_application(request, pk: int):
    """The application ``pk`` if the user belongs to its agency (404 otherwise), and the user's roles there."""
    app = get_object_or_404(m.Application.objects.select_related("agency"), pk=pk)
    have = m.roles_of(request.user, app.agency)
    if not have:
        raise Http404("无此申请")
    return app, have


short_name = m.short_name  # the file name as kept (see models.short_name)


def save_upload(app: m.Application, upload, kind: str, by) -> m.Attachment:
    return app.attach(upload, kind, by)


def _error_text(e: Exception) -> str:
    if isinstance(e, ValidationError):
        return "；".join(e.messages)
    return str(e)


# --- public ----------------------------------------------------------------------------


def home(request):
    agencies = m.Agency.objects.filter(accepts_online=True)
    return render(request, "cases/home.html", {"agencies": agencies, "lookup": f.LookupForm()})


def apply(request, slug: str):
    """The public online form (Article 29). Submitting issues a tracking code and a receipt."""
    agency = get_object_or_404(m.Agency, slug=slug, accepts_online=True)
    if request.method == "POST":
        form = f.ApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            if rate_limited(request, "apply", settings.GONGKAI_PUBLIC_RATE):
                return too_many(request)
            with transaction.atomic():
                app = form.save(commit=False)
                app.agency = agency
                app.channel = "online"
                app.submitted_on = m.dates.today()
                app.status = m.Status.SUBMITTED
                m.save_new(app, app.submitted_on.year)
                app._log("submit", "申请人", {"channel": "online", "ip": client_ip(request)}, "", app.submitted_on)
                if form.cleaned_data.get("power_of_attorney"):
                    save_upload(app, form.cleaned_data["power_of_attorney"], "power_of_attorney", "申请人")
                if form.cleaned_data.get("request_file"):
                    save_upload(app, form.cleaned_data["request_file"], "request", "申请人")
            request.session["receipt"] = app.tracking_code
            return redirect("cases:receipt", code=app.tracking_code)
    else:
        form = f.ApplicationForm()
    return render(request, "cases/apply.html", {"agency": agency, "form": form})


def receipt(request, code: str):
    """The receipt shown once after submitting (the code must be the one this browser submitted)."""
    if request.session.get("receipt") != code:
        return redirect("cases:track", code=code)
    app = get_object_or_404(m.Application, tracking_code=code)
    return render(request, "cases/receipt.html", {"app": app})


def lookup(request):
    form = f.LookupForm(request.GET or None)
    if form.is_valid():
        if rate_limited(request, "lookup", settings.GONGKAI_LOOKUP_RATE):
            return too_many(request)
        return redirect("cases:track", code=m.normalise_code(form.cleaned_data["code"]))
    return render(request, "cases/lookup.html", {"form": form})


def track(request, code: str):
    """The applicant's status page: where the application stands; answer a 补正 request here."""
    if rate_limited(request, "lookup", settings.GONGKAI_LOOKUP_RATE):
        return too_many(request)
    app = m.Application.objects.select_related("agency").filter(tracking_code=m.normalise_code(code)).first()
    if app is None:
        return render(request, "cases/track_missing.html", {"code": code}, status=404)
    form = None
    if request.method == "POST":
        form = f.SupplementForm(request.POST, request.FILES)
        if form.is_valid():
            if rate_limited(request, "supplement", settings.GONGKAI_PUBLIC_RATE):
                return too_many(request)
            try:
                with transaction.atomic():
                    T.lock(app)
                    app.receive_supplement("申请人", m.dates.today(), form.cleaned_data["text"])
                    if form.cleaned_data.get("file"):
                        save_upload(app, form.cleaned_data["file"], "supplement", "申请人")
                messages.success(request, "补正已提交，答复期限自今日起重新计算。")
                return redirect("cases:track", code=app.tracking_code)
            except (ValidationError, GongkaiError) as e:
                form.add_error(None, _error_text(e))
    if app.status == m.Status.CORRECTION and form is None:
        form = f.SupplementForm()
    parts = app.parts.all() if app.status == m.Status.SPLIT else []
    return render(request, "cases/track.html", {"app": app, "form": form, "parts": parts})


# --- staff: workbench ------------------------------------------------------------------------


@login_required
def workbench(request):
    agencies = list(m.agencies_of(request.user))
    if len(agencies) == 1:
        return redirect("cases:agency", slug=agencies[0].slug)
    return render(request, "cases/agencies.html", {"agencies": agencies})


@login_required
def agency_workbench(request, slug: str):
    """The queues of one agency; htmx swaps the list when a queue tab is chosen or a search typed."""
    agency, roles = staff_agency(request, slug)
    on = m.dates.today()
    q = request.GET.get("q", "").strip()[:100]
    key = "search" if q else (request.GET.get("queue") or "new")
    if key != "search" and key not in queues.QUEUE_KEYS:
        raise Http404("无此队列")
    counts = queues.counts(agency, on)
    paginator = Paginator(queues.search(agency, q) if q else queues.queue(agency, key, on), 50)
    if not q:
        paginator.__dict__["count"] = counts[key]  # already counted: spare the second COUNT
    page = paginator.get_page(request.GET.get("page"))
    calendar_error = queues.calendar_gap(on)
    ctx = {"agency": agency, "roles": roles, "queue": key, "q": q, "queues": queues.QUEUES, "counts": counts,
           "page": page,
           "today": on, "calendar_error": calendar_error, "rows": _rows(page, on) if page is not None else []}
    if request.htmx and request.GET.get("partial"):
        return render(request, "cases/_queue.html", ctx)
    return render(request, "cases/workbench.html", ctx)


def _rows(page, on):
    rows = []
    for app in page:
        try:
            left = app.days_left(on)
            warn = app.correction_window_warning(on)
        except GongkaiError:
            left, warn = None, None
        rows.append({"app": app, "left": left, "warn": warn})
    return rows


@login_required
def register(request, slug: str):
    """Staff register an application received in person, by post, by fax (or online by other means)."""
    agency, roles = staff_agency(request, slug, ("registrar", "handler", "admin"))
    if request.method == "POST":
        form = f.StaffApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                with transaction.atomic():
                    app = form.save(commit=False)
                    app.agency = agency
                    app.channel = form.cleaned_data["channel"]
                    app.submitted_on = form.cleaned_data["submitted_on"]
                    app.status = m.Status.SUBMITTED
                    app.register(request.user, form.cleaned_data["received_on"])
                    for field, kind in (("power_of_attorney", "power_of_attorney"), ("request_file", "request")):
                        if form.cleaned_data.get(field):
                            save_upload(app, form.cleaned_data[field], kind, request.user)
                messages.success(request, f"已登记 {app.number}，答复期限 {app.due_on.isoformat()}")
                return redirect("cases:detail", pk=app.pk)
            except (ValidationError, GongkaiError) as e:
                form.add_error(None, _error_text(e))
    else:
        form = f.StaffApplicationForm(initial={"submitted_on": m.dates.today(), "received_on": m.dates.today(),
                                               "channel": "in_person"})
    return render(request, "cases/register.html", {"agency": agency, "form": form})


@login_required
def detail(request, pk: int):
    app, roles = staff_application(request, pk)
    show_id = "handler" in roles
    action_forms = available_actions(app, roles)
    try:
        left = app.days_left()
        warn = app.correction_window_warning()
        window = app.correction_window_ends()
    except GongkaiError as e:
        left, warn, window = None, None, None
        messages.error(request, str(e))
    reviews = [a for a in app.appeals.all() if a.kind == "review"]
    return render(request, "cases/detail.html", {
        "app": app, "agency": app.agency, "roles": roles, "show_id": show_id, "actions": action_forms,
        "left": left, "warn": warn, "window": window, "events": app.events.all(),
        "consultations": app.consultations.all(), "appeals": app.appeals.all(), "reviews": reviews,
        "attachments": app.attachments.all(), "parts": app.parts.all(),
    })


# --- staff: actions ----------------------------------------------------------------------------

def available_actions(app: m.Application, roles: set[str]) -> list[dict]:
    """The actions the user may take now: read from the table of transitions."""
    return T.offered(app, roles)


def form_errors(form) -> str:
    return "；".join(f"{form.fields[k].label if k in form.fields else ''}{' '.join(v)}"
                    for k, v in form.errors.items())


@login_required
@require_POST
def action(request, pk: int, name: str):
    """Apply one transition (:mod:`gongkai.cases.transitions`); errors come back as messages, never half-applied.

    The application is locked and its state checked again inside the transaction: when someone
    else acted first, the message says where the application stands now.
    """
    app, roles = staff_application(request, pk)
    t = T.TRANSITIONS.get(name)
    if t is None or t.effect is None:
        raise Http404("无此操作")
    if not roles & t.roles:
        raise PermissionDenied("您没有此项操作的权限")
    form = T.bind_form(t, app, request.POST, request.FILES)
    if form is not None and not form.is_valid():
        messages.error(request, f"{t.label}：{form_errors(form)}")
        return redirect("cases:detail", pk=app.pk)
    try:
        result = T.perform(app, name, request.user, roles, form.cleaned_data if form is not None else {})
    except (ValidationError, GongkaiError) as e:
        messages.error(request, f"{t.label}：{_error_text(e)}")
        return redirect("cases:detail", pk=app.pk)
    if name == "split":
        messages.success(request, "已拆分为 " + "、".join(p.number for p in result))
    else:
        messages.success(request, f"{t.label}：已完成")
    return redirect("cases:detail", pk=app.pk)


@login_required
def attachment(request, pk: int, att: int):
    app, roles = staff_application(request, pk)
    a = get_object_or_404(m.Attachment, pk=att, application=app)
    return FileResponse(a.file.open("rb"), as_attachment=True, filename=a.name)


# --- staff: the annual report, settings, calendar ---------------------------------------------


# The statutory document drawn by the core's renderers: format → MIME type.
REPORT_DOWNLOADS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def _report_download(report, agency, year: int, fmt: str) -> HttpResponse:
    from urllib.parse import quote

    from gongkai.report import render as report_render

    body = report_render.render(report, fmt)
    response = HttpResponse(body.encode("utf-8") if isinstance(body, str) else body,
                            content_type=REPORT_DOWNLOADS[fmt])
    name = f"{agency.name}{year}年政府信息公开工作年度报告（表三表四）{report_render.SUFFIXES[fmt]}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# The first year with annual reports under the Regulations (in force from 1 May 2008).
REPORT_FIRST_YEAR = 2008


@login_required
def annual_report(request, slug: str, year: int | None = None):
    """Tables 3 and 4 from the records, with the core's check findings."""
    agency, roles = staff_agency(request, slug)
    year = year or (m.dates.today().year - 1 if m.dates.today().month == 1 else m.dates.today().year)
    if not REPORT_FIRST_YEAR <= year <= m.dates.today().year:  # /report/99999/ was a 500 (no such date)
        raise Http404(f"没有{year}年度的报告：年度应在{REPORT_FIRST_YEAR}年至{m.dates.today().year}年之间")
    report = build_report(agency, year)
    findings = check(report)
    if request.GET.get("format") == "json":
        from gongkai.report.jsonio import dumps

        return HttpResponse(dumps(report, findings), content_type="application/json; charset=utf-8")
    if request.GET.get("format") in REPORT_DOWNLOADS:
        return _report_download(report, agency, year, request.GET["format"])
    tmpl = report.tmpl
    rows = [{"key": r, "label": C.row_label(r), "cells": [report.get(C.app_key(r, c)) for c in C.APP_COLUMN_KEYS]}
            for r in tmpl.app_rows]
    appeals = [{"label": g_label, "cells": [report.get(C.appeal_key(g, c)) for c, _ in C.APPEAL_COLUMNS]}
               for g, g_label in C.APPEAL_GROUPS]
    years = list(range(m.dates.today().year, m.dates.today().year - 6, -1))
    return render(request, "cases/report.html", {
        "agency": agency, "year": year, "report": report, "rows": rows, "appeals": appeals,
        "columns": C.APP_COLUMNS, "appeal_columns": C.APPEAL_COLUMNS, "findings": findings,
        "arithmetic": arithmetic_findings(report), "years": years,
    })


@login_required
def agency_settings(request, slug: str):
    agency, roles = staff_agency(request, slug, ("admin",))
    form = f.AgencySettingsForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the change and its audit event together, or neither
            before = {k: getattr(m.Agency.objects.select_for_update().get(pk=agency.pk), k) for k in form.fields}
            form.save()
            m.Event.objects.create(agency=agency, actor=request.user, actor_label=request.user.get_username(),
                                   action="agency_settings", detail={"before": before, "after": {
                                       k: getattr(agency, k) for k in form.fields}})
        messages.success(request, "设置已保存")
        return redirect("cases:settings", slug=slug)
    return render(request, "cases/settings.html", {"agency": agency, "form": form})


@login_required
def schedule(request, slug: str):
    """The holiday schedule is national: this agency page leads to it (see :mod:`.schedule_views`)."""
    staff_agency(request, slug)
    if request.method == "POST":
        raise PermissionDenied("节假日安排是全国统一的，只有站点管理员可以在“节假日安排”页录入或修改")
    return redirect("cases:holidays")


def healthz(request):
    m.Agency.objects.exists()
    return HttpResponse("ok", content_type="text/plain")
