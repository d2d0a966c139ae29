"""Letters in the platform: generate and download with an application, edit templates, letterhead.

Staff see the letters of their agency's applications only (404 otherwise, as the platform's
views do); the applicant downloads the letters addressed to them with the tracking code.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..cases import models as cm
from ..cases.views import rate_limited, staff_agency, staff_application, too_many
from ..errors import GongkaiError
from . import build
from . import render as R
from .fields import fields_for
from .files import DOCX_MIME, PDF_MIME
from .models import Letter, LetterSettings, LetterTemplate

WRITERS = ("registrar", "handler", "head", "admin")  # may generate letters
EDITORS = ("head", "admin")  # may edit templates and the letterhead


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label="文书种类", choices=[(k, v.title) for k, v in R.KINDS.items()])
    issued = forms.DateField(label="落款日期", required=False,
                             widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    provided = forms.CharField(label="提供的信息或获取方式", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    withheld = forms.CharField(label="部分公开时不予公开的部分", required=False)
    withheld_outcome = forms.ChoiceField(label="不予公开部分的理由", required=False,
                                         choices=[("", "—")] + build.outcome_choices_for_withheld())
    responsible_contact = forms.CharField(label="负责公开机关的联系方式", required=False)
    consultation = forms.TypedChoiceField(label="征求意见对象（征求意见函）", required=False, coerce=int,
                                          empty_value=None, choices=[("", "最近一次")])

    def __init__(self, *args, app=None, **kwargs):
        super().__init__(*args, **kwargs)
        if app is not None:
            self.fields["consultation"].choices = [("", "最近一次")] + [
                (c.pk, f"{c.party}（{c.get_kind_display()}，{c.sent_on:%Y-%m-%d}）") for c in app.consultations.all()]


class TemplateForm(forms.Form):
    source = forms.CharField(label="模板", widget=forms.Textarea(attrs={"rows": 28, "class": "mono"}))

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind

    def clean_source(self):
        source = self.cleaned_data["source"].replace("\r\n", "\n")
        try:
            R.check_template(source, self.kind)
            R.preview(self.kind, source)  # a template that runs away on the examples is not saved either
        except R.TemplateError as e:
            raise forms.ValidationError(e.message) from None
        return source


class SettingsForm(forms.ModelForm):
    class Meta:
        model = LetterSettings
        fields = ["office", "address", "phone", "review_body", "court", "payment_method", "reference_prefix"]


def _file_response(letter: Letter, fmt: str) -> HttpResponse:
    if fmt == "pdf":
        if not letter.pdf:
            raise Http404("该文书没有 PDF（服务器未安装中文字体），请下载 Word 版")
        data, mime = bytes(letter.pdf), PDF_MIME
    elif fmt == "docx":
        data, mime = bytes(letter.docx), DOCX_MIME
    else:
        raise Http404("无此格式")
    resp = HttpResponse(data, content_type=mime)
    resp["Content-Disposition"] = f'attachment; filename="{letter.filename(fmt)}"'
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


# --- with an application ------------------------------------------------------------------

@login_required
def application_letters(request, pk: int):
    app, roles = staff_application(request, pk)
    kinds = build.available_kinds(app)
    form = GenerateForm(initial={"kind": kinds[-1] if kinds else "receipt", "issued": cm.dates.today()}, app=app)
    form.fields["kind"].choices = [(k, R.KINDS[k].title) for k in kinds]
    return render(request, "letters/application.html", {
        "app": app, "agency": app.agency, "roles": roles, "letters": app.letters.all(), "form": form,
        "kinds": kinds, "can_write": bool(roles & set(WRITERS)),
    })


@login_required
@require_POST
def generate(request, pk: int):
    app, roles = staff_application(request, pk)
    if not roles & set(WRITERS):
        raise PermissionDenied("您没有制作文书的权限")
    form = GenerateForm(request.POST, app=app)
    if not form.is_valid():
        messages.error(request, "制作文书：" + "；".join(" ".join(v) for v in form.errors.values()))
        return redirect("letters:application", pk=app.pk)
    d = form.cleaned_data
    extra = {k: d[k] for k in ("provided", "withheld", "responsible_contact") if d.get(k)}
    if d.get("withheld_outcome"):
        extra["withheld_outcome"] = d["withheld_outcome"]
    consultation = app.consultations.filter(pk=d["consultation"]).first() if d.get("consultation") else None
    try:
        letter = build.generate(app, d["kind"], request.user, issued=d.get("issued") or None,
                                consultation=consultation, **extra)
    except (ValidationError, GongkaiError) as e:
        messages.error(request, "制作文书：" + ("；".join(e.messages) if isinstance(e, ValidationError) else str(e)))
        return redirect("letters:application", pk=app.pk)
    messages.success(request, f"已制作《{letter.title}》（{letter.reference}）")
    return redirect("letters:application", pk=app.pk)


@login_required
def download(request, pk: int, fmt: str):
    letter = get_object_or_404(Letter.objects.select_related("application", "agency"), pk=pk)
    if not cm.roles_of(request.user, letter.agency):
        raise Http404("无此文书")
    return _file_response(letter, fmt)


def public_download(request, code: str, pk: int, fmt: str):
    """The applicant's copy, by tracking code: only letters addressed to the applicant."""
    if rate_limited(request, "lookup", settings.GONGKAI_LOOKUP_RATE):
        return too_many(request)
    app = cm.Application.objects.filter(tracking_code=cm.normalise_code(code)).first()
    if app is None:
        raise Http404("无此申请")
    letter = get_object_or_404(Letter.objects.public().select_related("application"), pk=pk, application=app)
    return _file_response(letter, fmt)


# --- templates and letterhead -------------------------------------------------------------

@login_required
def template_list(request, slug: str):
    agency, roles = staff_agency(request, slug)
    stored = {t.kind: t for t in LetterTemplate.objects.filter(agency=agency)}
    rows = [{"kind": k, "title": v.title, "stored": stored.get(k),
             "changed": k in stored and stored[k].source != R.default_template(k)} for k, v in R.KINDS.items()]
    return render(request, "letters/templates.html", {"agency": agency, "roles": roles, "rows": rows,
                                                      "can_edit": bool(roles & set(EDITORS))})


@login_required
def template_edit(request, slug: str, kind: str):
    agency, roles = staff_agency(request, slug)
    if kind not in R.KINDS:
        raise Http404("无此文书种类")
    can_edit = bool(roles & set(EDITORS))
    source = LetterTemplate.source_for(agency, kind)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("只有机构负责人或机关管理员可以修改文书模板")
        if request.POST.get("restore"):
            form = TemplateForm({"source": R.default_template(kind)}, kind=kind)
        else:
            form = TemplateForm(request.POST, kind=kind)
        if form.is_valid():
            with transaction.atomic():  # the template and its audit event together, or neither
                LetterTemplate.objects.update_or_create(agency=agency, kind=kind, defaults={
                    "source": form.cleaned_data["source"], "updated_by": request.user})
                cm.Event.objects.create(agency=agency, actor=request.user, actor_label=request.user.get_username(),
                                        action="letter_template",
                                        detail={"kind": kind, "restored": bool(request.POST.get("restore")),
                                                "length": len(form.cleaned_data["source"])})
            messages.success(request, "模板已保存" if not request.POST.get("restore") else "已恢复默认模板")
            return redirect("letters:template", slug=agency.slug, kind=kind)
        source = request.POST.get("source", source)
    else:
        form = TemplateForm(initial={"source": source}, kind=kind)
    preview, error = _preview(agency, kind, source)
    return render(request, "letters/template_edit.html", {
        "agency": agency, "roles": roles, "kind": kind, "title": R.KINDS[kind].title, "form": form,
        "can_edit": can_edit,
        "preview": preview, "error": error, "fields": fields_for(kind),
    })


@login_required
@require_POST
def template_preview(request, slug: str, kind: str):
    """The live preview (htmx): the posted text rendered on the example values."""
    agency, _ = staff_agency(request, slug)
    if kind not in R.KINDS:
        raise Http404("无此文书种类")
    preview, error = _preview(agency, kind, request.POST.get("source", ""))
    return render(request, "letters/_preview.html", {"preview": preview, "error": error})


def _preview(agency, kind: str, source: str):
    s = LetterSettings.for_agency(agency)
    values = {"agency": agency.name, "office": s.office or agency.name}
    for name, value in (("agency_address", s.address), ("agency_phone", s.phone), ("review_body", s.review_body),
                        ("court", s.court), ("payment_method", s.payment_method)):
        if value:
            values[name] = value
    values["issued"] = cm.dates.today()  # the platform's clock (tests set it)
    try:
        return R.preview(kind, source.replace("\r\n", "\n"), values), None
    except R.TemplateError as e:
        return None, e.message


@login_required
def letter_settings(request, slug: str):
    agency, roles = staff_agency(request, slug)
    obj = LetterSettings.for_agency(agency)
    can_edit = bool(roles & set(EDITORS))
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("只有机构负责人或机关管理员可以修改文书设置")
        form = SettingsForm(request.POST, instance=obj)
        if form.is_valid():
            with transaction.atomic():  # the settings and their audit event together, or neither
                before = {k: getattr(LetterSettings.for_agency(agency), k) for k in form.fields}
                form.save()
                cm.Event.objects.create(agency=agency, actor=request.user, actor_label=request.user.get_username(),
                                        action="letter_settings",
                                        detail={"before": before, "after": {k: getattr(form.instance, k)
                                                                            for k in form.fields}})
            messages.success(request, "文书设置已保存")
            return redirect("letters:settings", slug=agency.slug)
    else:
        form = SettingsForm(instance=obj)
    return render(request, "letters/settings.html", {"agency": agency, "roles": roles, "form": form,
                                                     "can_edit": can_edit})
