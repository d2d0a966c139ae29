"""The fee calculator and notice (Art. 42), payment and lapse; the evidence panel (Art. 35, repeats)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..cases import fees
from ..cases import models as cm
from ..cases import transitions as T
from ..cases.views import staff_application
from ..errors import GongkaiError
from . import evidence, fee_notices
from .models import EvidenceRecord, FeeAssessment

HANDLERS = ("handler",)


class QuoteForm(forms.Form):
    method = forms.ChoiceField(label="计收方式（每件申请只选一种）", choices=tuple(fees.METHODS.items()),
                               widget=forms.RadioSelect)
    quantity = forms.IntegerField(label="件数（按件）或页数（按量）", min_value=1, max_value=1_000_000)


class ChargeForm(QuoteForm):
    on = forms.DateField(label="收费通知日", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label="认定数量、频次明显超过合理范围的理由", widget=forms.Textarea(attrs={"rows": 3}))


class OnForm(forms.Form):
    on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def _errors(e: Exception) -> str:
    return "；".join(e.messages) if isinstance(e, ValidationError) else str(e)


def _quote_or_error(app, data):
    form = QuoteForm(data)
    if not form.is_valid():
        return None, "；".join(" ".join(v) for v in form.errors.values())
    try:
        return fee_notices.quote(app, form.cleaned_data["method"], form.cleaned_data["quantity"]), None
    except ValidationError as e:
        return None, _errors(e)


@login_required
def fee(request, pk: int):
    app, roles = staff_application(request, pk)
    q, error = (None, None)
    if request.GET.get("method"):
        q, error = _quote_or_error(app, request.GET)
    ctx = {
        "app": app, "agency": app.agency, "roles": roles, "quote": q, "error": error,
        "can_charge": bool(roles & set(HANDLERS)) and app.status in (cm.Status.NEW, cm.Status.PROCESSING)
        and not app.fee_notice_on,
        "form": ChargeForm(initial={"method": request.GET.get("method") or fees.BY_VOLUME,
                                    "quantity": request.GET.get("quantity"), "on": cm.dates.today()}),
        "quote_form": QuoteForm(initial={"method": request.GET.get("method") or fees.BY_VOLUME,
                                         "quantity": request.GET.get("quantity")}),
        "on_form": OnForm(initial={"on": cm.dates.today()}),
        "month_before": fee_notices.month_count_before(app),
        "assessments": FeeAssessment.objects.filter(application=app),
        "can_pay": bool(roles & set(HANDLERS)) and app.status == cm.Status.FEE,
        "lapsable": app.status == cm.Status.FEE and app.fee_due_on and cm.dates.today() > app.fee_due_on,
    }
    return render(request, "decisions/fee.html", ctx)


@login_required
def fee_quote(request, pk: int):
    """The calculator's working, live (htmx): GET method & quantity."""
    app, _ = staff_application(request, pk)
    q, error = _quote_or_error(app, request.GET)
    return render(request, "decisions/_quote.html", {"quote": q, "error": error})


@login_required
@require_POST
def fee_charge(request, pk: int):
    app, roles = staff_application(request, pk)
    if not roles & set(HANDLERS):
        raise PermissionDenied("只有承办人可以决定收费")
    form = ChargeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "收费：" + "；".join(" ".join(v) for v in form.errors.values()))
        return redirect("decisions:fee", pk=app.pk)
    d = form.cleaned_data
    try:
        fa = fee_notices.charge(app, request.user, d["on"], d["method"], d["quantity"], d["reason"])
    except (ValidationError, GongkaiError) as e:
        messages.error(request, "收费：" + _errors(e))
        return redirect("decisions:fee", pk=app.pk)
    messages.success(request, f"已发出收费通知：{fa.amount}元，缴费期限{app.fee_due_on:%Y-%m-%d}；收费通知书已制作")
    return redirect("decisions:fee", pk=app.pk)


@login_required
@require_POST
def fee_paid(request, pk: int):
    app, roles = staff_application(request, pk)
    if not roles & set(HANDLERS):
        raise PermissionDenied("只有承办人可以登记缴费")
    form = OnForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写缴费日期")
        T.perform(app, "fee_paid", request.user, roles, {"on": form.cleaned_data["on"]})
        messages.success(request, f"已登记缴费，答复期限续算至{app.due_on:%Y-%m-%d}")
    except (ValidationError, GongkaiError) as e:
        messages.error(request, "登记缴费：" + _errors(e))
    return redirect("decisions:fee", pk=app.pk)


@login_required
@require_POST
def fee_lapse(request, pk: int):
    app, roles = staff_application(request, pk)
    if not roles & set(HANDLERS):
        raise PermissionDenied("只有承办人可以办结")
    try:
        T.perform(app, "lapse_fee", request.user, roles, {"on": cm.dates.today()})
        messages.success(request, "已按“申请人逾期未按收费通知要求缴纳费用”办结")
    except (ValidationError, GongkaiError) as e:
        messages.error(request, "逾期未缴费办结：" + _errors(e))
    return redirect("decisions:fee", pk=app.pk)


@login_required
def evidence_panel(request, pk: int):
    app, roles = staff_application(request, pk)
    data = evidence.gather(app)
    return render(request, "decisions/evidence.html", {
        "app": app, "agency": app.agency, "roles": roles, "e": data,
        "records": EvidenceRecord.objects.filter(application=app).select_related("recorded_by"),
        "can_record": bool(roles & {"handler", "head"}),
    })


@login_required
@require_POST
def evidence_record(request, pk: int):
    app, roles = staff_application(request, pk)
    if not roles & {"handler", "head"}:
        raise PermissionDenied("只有承办人或机构负责人可以记录证据")
    evidence.record(app, request.user, note=request.POST.get("note", "")[:1000])
    messages.success(request, "已记录当前所查看的证据")
    return redirect("decisions:evidence", pk=app.pk)
