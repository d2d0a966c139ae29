"""The supervisor's home and the units: tree, CSV import, editing."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ...errors import GongkaiError
from .. import access
from ..models import Batch, Submission, Unit
from ..models.units import LEVEL_CHOICES
from ..unit_import import import_units


def default_year(user=None) -> int:
    """The latest year of a report the user can see; with none yet, last year."""
    from django.db.models import Max

    from ..models.reports import today
    if user is not None:
        latest = access.submissions(user).filter(state="read").aggregate(y=Max("year"))["y"]
        if latest:
            return latest
    return today().year - 1


@login_required
def home(request):
    access.require_supervisor(request.user)
    year = int(request.GET.get("year") or default_year(request.user))
    tops = list(access.top_units(request.user))
    units = access.units(request.user)
    filed = dict(Submission.objects.filter(unit__in=units, year=year, current=True)
                 .values_list("state").annotate(n=Count("id")))
    unmatched = access.submissions(request.user).filter(unit__isnull=True, state__in=["read", "unreadable"]).count()
    batches = Batch.objects.filter(Q(created_by=request.user) | Q(submissions__unit__in=units)).distinct()[:10]
    return render(request, "supervision/home.html", {
        "year": year, "tops": tops, "units_total": units.count(), "filed": filed,
        "read": filed.get("read", 0), "unmatched": unmatched, "batches": batches,
        "governments": units.governments()})


@login_required
def unit_list(request):
    access.require_supervisor(request.user)
    year = int(request.GET.get("year") or default_year(request.user))
    units = list(access.units(request.user).order_by("path"))
    subs = {s.unit_id: s for s in Submission.objects.filter(unit__in=units, year=year, current=True)}
    base = min((u.depth() for u in units), default=0)
    rows = [(u, u.depth() - base, subs.get(u.pk)) for u in units]
    return render(request, "supervision/units.html", {"rows": rows, "year": year})


class ImportForm(forms.Form):
    file = forms.FileField(label="单位名单（CSV：名称,层级,上级[,别名]）")


@login_required
def unit_import(request):
    access.require_supervisor(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        text = None
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        within = None if request.user.is_superuser else set(access.units(request.user).values_list("name", flat=True))
        try:
            created, updated = import_units(upload.name, text or "", within)
        except GongkaiError as e:
            form.add_error("file", str(e))
        else:
            messages.success(request, f"单位名单已导入：新增 {created} 个，更新 {updated} 个")
            return redirect("supervision:units")
    return render(request, "supervision/unit_import.html", {"form": form})


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "level", "parent", "aliases"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = access.units(user).governments()
        self.fields["level"].choices = LEVEL_CHOICES


@login_required
def unit_detail(request, pk: int):
    access.require_supervisor(request.user)
    unit = access.unit(request.user, pk)
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST":
        if unit in access.top_units(request.user) and not request.user.is_superuser:
            form.add_error(None, "您监督的单位本身只能由管理员修改")
        elif form.is_valid():
            try:
                with transaction.atomic():
                    form.save()
            except ValidationError as e:
                form.add_error(None, "；".join(e.messages))
            else:
                messages.success(request, "单位信息已保存")
                return redirect("supervision:unit", pk=unit.pk)
    subs = Submission.objects.filter(unit=unit).order_by("-year", "-version")
    return render(request, "supervision/unit.html", {"unit": unit, "form": form, "submissions": subs,
                                                     "children": unit.children.all(),
                                                     "ancestors": unit.ancestors()})


@login_required
@require_POST
def unit_new(request, parent: int):
    access.require_supervisor(request.user)
    parent_unit = access.unit(request.user, parent)
    u = Unit(name=request.POST.get("name", "").strip(), level=request.POST.get("level", ""), parent=parent_unit,
             aliases=request.POST.get("aliases", "").strip())
    try:
        if not u.name:
            raise ValidationError("请填写单位名称")
        u.full_clean()
        u.save()
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
        return redirect("supervision:unit", pk=parent_unit.pk)
    messages.success(request, f"已新增单位“{u.name}”")
    return redirect("supervision:unit", pk=u.pk)
