"""Staff pages of the registers: documents, monthly figures, the catalogue, imports, the Art. 26 queue.

Reading needs a membership at the agency (404 otherwise, as everywhere on the platform);
entering data needs the registrar, handler or admin role (403 otherwise).
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.cases import models as cm
from gongkai.cases.views import staff_agency

from . import art26, importing
from .forms import CatalogueForm, DocumentForm, FigureForm, ImportForm
from .models import CATEGORIES, CatalogueItem, Document, MonthlyFigure, current_figures, log
from .table2 import figure_totals

EDITORS = ("registrar", "handler", "admin")


def _ctx(agency, roles, **kw):
    return {"agency": agency, "roles": roles, "can_edit": bool(roles & set(EDITORS)), **kw}


def _diff(before: dict, obj) -> dict:
    return {k: [str(v), str(getattr(obj, k))] for k, v in before.items() if v != getattr(obj, k)}


@login_required
def documents(request, slug: str):
    agency, roles = staff_agency(request, slug)
    form = DocumentForm(request.POST or None)
    if request.method == "POST":
        agency, roles = staff_agency(request, slug, EDITORS)
        form.instance.agency = agency
        if form.is_valid():
            doc = form.save(commit=False)
            doc.entered_by = request.user
            doc.source = "手工录入"
            doc.save()
            log(agency, request.user, "register_document", {"document": doc.pk, "title": doc.title})
            messages.success(request, f"已登记：{doc}")
            return redirect("registers:documents", slug=slug)
    docs = Document.objects.filter(agency=agency)
    kind = request.GET.get("kind")
    if kind in dict(Document.KINDS):
        docs = docs.filter(kind=kind)
    rows = [(d, d.art26()) for d in docs[:500]]
    return render(request, "registers/documents.html", _ctx(agency, roles, form=form, rows=rows,
                                                            total=docs.count()))


def _edit_entry(request, slug: str, pk: int, model, form_class, action: str, ref: str, back: str):
    """Edit one register entry: the row locked, the form checked again inside the transaction,
    the change saved with its audit event (what changed, before and after)."""
    agency, roles = staff_agency(request, slug)
    entry = get_object_or_404(model, pk=pk, agency=agency)
    form = form_class(request.POST or None, instance=entry)
    if request.method == "POST":
        agency, roles = staff_agency(request, slug, EDITORS)
        with transaction.atomic():
            locked = model.objects.select_for_update().get(pk=entry.pk)
            before = {f: getattr(locked, f) for f in form.fields}
            form = form_class(request.POST, instance=locked)
            if form.is_valid():
                form.save()
                log(agency, request.user, action, {ref: entry.pk, "changes": _diff(before, locked)})
                messages.success(request, "已保存")
                return redirect(back, slug=slug)
    return render(request, "registers/document.html", _ctx(agency, roles, form=form, doc=entry, clock=entry.art26()))


@login_required
def document(request, slug: str, pk: int):
    return _edit_entry(request, slug, pk, Document, DocumentForm, "edit_document", "document", "registers:documents")


@login_required
def figures(request, slug: str, year: int | None = None):
    agency, roles = staff_agency(request, slug)
    year = year or cm.dates.today().year
    if not 2008 <= year <= cm.dates.today().year + 1:
        from django.http import Http404

        raise Http404("无此年度")
    form = FigureForm(request.POST or None, initial={"year": year, "month": cm.dates.today().month})
    if request.method == "POST":
        agency, roles = staff_agency(request, slug, EDITORS)
        form.instance.agency = agency
        form.instance.entered_by = request.user
        form.instance.source = "手工录入"
        if form.is_valid():
            fig = form.save()
            log(agency, request.user, "register_figure", {"category": fig.category, "year": fig.year,
                                                          "month": fig.month, "count": fig.count,
                                                          "amount": fig.amount})
            messages.success(request, "已录入")
            return redirect("registers:figures", slug=slug, year=fig.year)
    current = current_figures(agency, year)
    grid = [{"key": key, "label": label,
             "months": [current.get((key, mth)) for mth in range(1, 13)]} for key, label in CATEGORIES]
    totals = figure_totals(agency, year)
    for row in grid:
        row["total"] = totals[row["key"]]
    history = MonthlyFigure.objects.filter(agency=agency, year=year).select_related("entered_by").order_by(
        "-entered_at", "-id")[:200]
    return render(request, "registers/figures.html", _ctx(
        agency, roles, form=form, year=year, grid=grid, months=range(1, 13), history=history,
        years=range(cm.dates.today().year, cm.dates.today().year - 5, -1)))


@login_required
def catalogue(request, slug: str):
    agency, roles = staff_agency(request, slug)
    form = CatalogueForm(request.POST or None)
    if request.method == "POST":
        agency, roles = staff_agency(request, slug, EDITORS)
        form.instance.agency = agency
        if form.is_valid():
            item = form.save(commit=False)
            item.entered_by = request.user
            item.save()
            log(agency, request.user, "register_catalogue", {"item": item.pk, "title": item.title})
            messages.success(request, f"已登记：{item}")
            return redirect("registers:catalogue", slug=slug)
    items = CatalogueItem.objects.filter(agency=agency)[:500]
    return render(request, "registers/catalogue.html", _ctx(
        agency, roles, form=form, rows=[(i, i.art26()) for i in items]))


@login_required
def catalogue_item(request, slug: str, pk: int):
    return _edit_entry(request, slug, pk, CatalogueItem, CatalogueForm, "edit_catalogue", "item",
                       "registers:catalogue")


def _import_dir() -> Path:
    d = Path(settings.MEDIA_ROOT) / "register-imports"
    d.mkdir(parents=True, exist_ok=True)
    return d


@login_required
def import_file(request, slug: str):
    """Upload → preview with every row's errors → confirm (all rows or none)."""
    agency, roles = staff_agency(request, slug, EDITORS)
    form = ImportForm(request.POST or None, request.FILES or None)
    pending = request.session.get("register_import")
    if request.method == "POST" and request.POST.get("confirm") and pending and pending["agency"] == agency.pk:
        path = _import_dir() / pending["token"]
        if not path.exists():
            messages.error(request, "预览已过期，请重新上传")
            return redirect("registers:import", slug=slug)
        p = importing.preview(agency, pending["kind"], pending["name"], path.read_bytes())
        try:
            n = importing.commit(agency, request.user, p)
        except ValidationError as e:
            messages.error(request, e.messages[0])
            return redirect("registers:import", slug=slug)
        path.unlink(missing_ok=True)
        del request.session["register_import"]
        messages.success(request, f"已导入 {n} 行（{pending['name']}）")
        return redirect("registers:documents" if p.kind == "documents" else "registers:figures_current", slug=slug)
    p = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(importing.MAX_BYTES + 1)
        p = importing.preview(agency, form.cleaned_data["kind"], upload.name, data)
        if p.ok:
            token = secrets.token_hex(16)
            (_import_dir() / token).write_bytes(data)
            request.session["register_import"] = {"agency": agency.pk, "token": token, "name": upload.name,
                                                   "kind": p.kind}
    columns = [c[1] for c in importing.COLUMNS[p.kind]] if p else []
    fields = [c[0] for c in importing.COLUMNS[p.kind]] if p else []
    rows = [{"line": r.line, "errors": r.errors, "cells": [r.values.get(f) for f in fields]}
            for r in (p.rows if p else [])[:1000]]
    return render(request, "registers/import.html", _ctx(agency, roles, form=form, preview=p, columns=columns,
                                                         rows=rows))


@login_required
def art26_queue(request, slug: str):
    agency, roles = staff_agency(request, slug)
    return render(request, "registers/art26.html", _ctx(agency, roles, queue=art26.queue(agency),
                                                        today=cm.dates.today()))
