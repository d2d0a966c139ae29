"""Receiving reports on the web: upload (one file, many, a zip), a batch's progress while it is
read, and the confirmation of reports that matched no unit."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ...errors import GongkaiError
from .. import access, intake, reading
from ..models import Batch


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(label="报告文件（可多选，或上传 zip 压缩包）")
    year = forms.IntegerField(label="年度（报告未载明时使用，可不填）", required=False, min_value=2008, max_value=2100)

    def clean_files(self):
        files = self.cleaned_data["files"]
        for f in files:
            if f.size > settings.GONGKAI_SUPERVISION_UPLOAD_MAX:
                raise forms.ValidationError(
                    f"{f.name}：超过 {settings.GONGKAI_SUPERVISION_UPLOAD_MAX // 1024 // 1024} MB")
        return files


@login_required
def upload(request):
    access.require_supervisor(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = [intake.Incoming(f.name, f.read()) for f in form.cleaned_data["files"]]
        try:
            batch = intake.receive_files(files, source="upload", user=request.user, year=form.cleaned_data["year"])
        except GongkaiError as e:
            form.add_error("files", str(e))
        else:
            messages.success(request, f"已收到 {batch.progress()['total']} 份报告，正在后台读取")
            return redirect("supervision:batch", pk=batch.pk)
    return render(request, "supervision/upload.html", {"form": form})


def _batch(request, pk: int) -> Batch:
    batch = get_object_or_404(Batch, pk=pk)
    if not (request.user.is_superuser or batch.created_by_id == request.user.pk
            or access.submissions(request.user).filter(batch=batch).exists()):
        raise Http404("无此批次")
    return batch


@login_required
def batch(request, pk: int):
    access.require_supervisor(request.user)
    b = _batch(request, pk)
    subs = access.submissions(request.user).filter(batch=b).select_related("unit").order_by("id")
    ctx = {"batch": b, "progress": b.progress(), "submissions": subs,
           "units": access.units(request.user).order_by("path")}
    if request.htmx or request.GET.get("partial"):
        return render(request, "supervision/_batch.html", ctx)
    return render(request, "supervision/batch.html", ctx)


@login_required
def unmatched(request):
    access.require_supervisor(request.user)
    subs = (access.submissions(request.user).filter(unit__isnull=True, state__in=["read", "unreadable"])
            .order_by("id"))
    return render(request, "supervision/unmatched.html",
                  {"submissions": subs, "units": access.units(request.user).order_by("path")})


@login_required
@require_POST
def confirm(request, pk: int):
    """The confirmation step: a person says which unit an unmatched report belongs to."""
    access.require_supervisor(request.user)
    sub = access.submission(request.user, pk)
    unit = access.unit(request.user, int(request.POST.get("unit") or 0))
    if not sub.done:
        messages.error(request, "报告尚未读取，读取后才能确认单位")
    else:
        try:
            reading.confirm_unit(sub, unit, request.user)
        except GongkaiError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, f"已确认：{sub.original_name} → {unit.name}")
    return redirect("supervision:report", pk=sub.pk)
