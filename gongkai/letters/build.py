"""Letters from an application's records: the field values, and the stored letter.

Dates come from the application as the platform keeps them with the statutory clock
(:mod:`gongkai.cases.clock`): ``received_on``, ``due_on`` (with extension, restart and
pauses applied), the 补正 and fee deadlines, each consultation's ``due_on``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ..cases import clock
from ..cases import models as cm
from ..report import cells as C
from . import render
from .files import FontMissing, to_docx, to_pdf
from .models import Letter, LetterSettings, LetterTemplate


def request_text(app: cm.Application) -> str:
    """The information sought, as a letter quotes it: 《名称》（文号），描述."""
    head = f"《{app.info_title}》" if app.info_title else ""
    if app.info_document_number:
        head += f"（{app.info_document_number}）"
    desc = (app.info_description or "").strip().rstrip("。；;，,.、 ")
    if head and desc and desc != app.info_title:
        return f"{head}，{desc}"
    return head or desc


def sentence(text: str) -> str:
    """Staff's words as a full sentence: trimmed, ending with 。 (or their own ending mark)."""
    text = (text or "").strip()
    if text and text[-1] not in "。！？!?；;":
        text += "。"
    return text


def common_values(app: cm.Application, issued: dt.date) -> dict[str, Any]:
    s = LetterSettings.for_agency(app.agency)
    return {
        "agency": app.agency.name,
        "office": s.office or app.agency.name,
        "agency_address": s.address,
        "agency_phone": s.phone,
        "number": app.number,
        "tracking_code": app.tracking_code,
        "applicant": app.applicant_name,
        "applicant_type": app.get_applicant_type_display(),
        "agent": app.agent_name,
        "applicant_address": app.address,
        "request": request_text(app),
        "channel": app.get_channel_display(),
        "delivery": app.get_delivery_form_display(),
        "submitted": app.submitted_on,
        "received": app.received_on,
        "due": app.due_on,
        "issued": issued,
        "review_body": s.review_body or "本机关的行政复议机关",
        "court": s.court or "有管辖权的人民法院",
        "review_days": 60,
        "litigation_months": 6,
    }


def available_kinds(app: cm.Application) -> list[str]:
    """The kinds of letter the application's records can fill now."""
    kinds = []
    if app.received_on:
        kinds.append("receipt")
    if app.correction_requested_on:
        kinds.append("correction")
    if app.extension_days:
        kinds.append("extension")
    if app.consultations.filter(kind="third_party").exists():
        kinds.append("consult_third_party")
    if app.consultations.filter(kind="agency").exists():
        kinds.append("consult_agency")
    if app.fee_notice_on:
        kinds.append("fee_notice")
    if app.outcome and app.status == cm.Status.CLOSED:  # not while the head has yet to approve
        kinds.append(render.decision_kind(app.outcome, bool(app.responsible_agency)))
    return kinds


def _original_due(app: cm.Application) -> dt.date | None:
    """The due date before the extension: ``extension_days`` working days before ``due_on``."""
    if not app.due_on or not app.extension_days:
        return app.due_on
    cal = cm.work_calendar()
    d, left = app.due_on, app.extension_days
    while left:
        d -= dt.timedelta(days=1)
        if cal.is_workday(d):
            left -= 1
    # the last working day on or before d
    while not cal.is_workday(d):
        d -= dt.timedelta(days=1)
    return d


def letter_values(app: cm.Application, kind: str, *, issued: dt.date | None = None,
                  consultation: cm.Consultation | None = None, **extra: Any) -> dict[str, Any]:
    """Every field a letter of ``kind`` about ``app`` uses; ``extra`` adds or overrides fields."""
    if kind not in render.KINDS:
        raise ValidationError(f"未知的文书种类：{kind}")
    issued = issued or cm.dates.today()
    if extra.get("withheld_outcome") and kind != "decision_partial":
        raise ValidationError(f"“不予公开部分的理由”只用于部分公开的答复告知书，"
                              f"《{render.KINDS[kind].title}》不填写此项")
    unknown = sorted(set(extra) - set(render.BY_NAME) - {"withheld_outcome"})
    if unknown:
        raise ValidationError(f"文书没有这些字段：{'、'.join(unknown)}")
    v = common_values(app, issued)
    if kind == "receipt" and app.received_on:
        # The receipt states the deadline as counted from receipt (Art. 33), whatever happened since.
        v["due"] = clock.ReplyClock.start(app.received_on, calendar=cm.work_calendar()).due_date()
    if kind == "correction":
        if not app.correction_requested_on:
            raise ValidationError("该申请尚未发出补正通知")
        items = [ln.strip(" 　-·•") for ln in app.correction_notice.splitlines() if ln.strip(" 　-·•")]
        v.update(correction_items=items, correction_deadline=app.correction_due_on,
                 correction_days=cm.working_days_between(app.correction_requested_on, app.correction_due_on))
    elif kind == "extension":
        if not app.extension_days:
            raise ValidationError("该申请没有经批准的延期")
        v.update(original_due=_original_due(app), extended_due=app.due_on, extension_days=app.extension_days,
                 extension_reason=app.extension_reason)
    elif kind in ("consult_third_party", "consult_agency"):
        want = "third_party" if kind == "consult_third_party" else "agency"
        c = consultation or app.consultations.filter(kind=want).order_by("-sent_on", "-id").first()
        if c is None or c.kind != want:
            raise ValidationError("该申请没有相应的征求意见记录")
        v.update(consultee=c.party, consult_matter=v["request"], consult_deadline=c.due_on)
    elif kind == "fee_notice":
        if not app.fee_notice_on:
            raise ValidationError("该申请尚未决定收费")
        v.update(fee_values(app))
        v["payment_method"] = LetterSettings.for_agency(app.agency).payment_method or "按本机关另行告知的方式缴纳"
    elif kind.startswith("decision"):
        if not app.outcome or app.status != cm.Status.CLOSED:
            raise ValidationError("该申请尚未办结（或办结尚待机构负责人批准），不能制作答复告知书")
        withheld_outcome = extra.pop("withheld_outcome", None) or None
        v.update(render.decision_values(app.outcome, kind == "decision_not_ours", withheld_outcome))
        v.update(reason=sentence(app.outcome_reason), responsible_agency=app.responsible_agency)
        if app.outcome == "unable.not_held" and app.responsible_agency:
            v["ground"] = render.decision_values(app.outcome, True)["ground"]
    v.update({k: val for k, val in extra.items() if val is not None})
    if v.get("provided"):
        v["provided"] = v["provided"].strip().rstrip("。")
    return mark_provisional(v)


# Dates the clock counts (the others — submitted, received, issued — are facts, never provisional).
COUNTED_DATES = ("due", "correction_deadline", "original_due", "extended_due", "consult_deadline", "fee_deadline")


def mark_provisional(values: dict[str, Any]) -> dict[str, Any]:
    """Counted dates falling in a year whose official schedule is missing become 暂定 dates."""
    for key in COUNTED_DATES:
        d = values.get(key)
        if isinstance(d, dt.date) and not isinstance(d, dt.datetime):
            years = cm.provisional_years(d)
            if years:
                values[key] = render.ProvisionalDate.of(d, years)
    return values


def fee_values(app: cm.Application) -> dict[str, Any]:
    """The fee notice's fields from the latest fee assessment (falls back to the amount alone)."""
    from ..decisions.models import FeeAssessment

    fa = FeeAssessment.objects.filter(application=app).order_by("-id").first()
    out: dict[str, Any] = {"fee_deadline": app.fee_due_on, "fee_amount": app.fee_amount}
    if fa:
        out.update(fee_method=fa.method_label, fee_quantity=fa.quantity_text, fee_working=list(fa.working),
                   fee_amount=fa.amount)
    else:
        out.update(fee_method="", fee_quantity="", fee_working=[])
    return out


@transaction.atomic
def generate(app: cm.Application, kind: str, by, *, issued: dt.date | None = None,
             consultation: cm.Consultation | None = None, **extra: Any) -> Letter:
    """Render, number and store a letter of ``kind`` for ``app`` (DOCX always, PDF where a font exists)."""
    issued = issued or cm.dates.today()
    values = letter_values(app, kind, issued=issued, consultation=consultation, **extra)
    s = LetterSettings.for_agency(app.agency)
    serial = Letter.next_serial(app.agency, issued.year)
    prefix = s.reference_prefix or "政府信息公开"
    values.setdefault("reference", f"{prefix}〔{issued.year}〕第{serial}号")
    try:
        letter = render.render(kind, values, LetterTemplate.source_for(app.agency, kind))
    except render.TemplateError as e:
        raise ValidationError(f"文书模板有误：{e}") from None
    try:
        pdf = to_pdf(letter)
    except FontMissing:
        pdf = None
    stored = Letter.objects.create(
        agency=app.agency, application=app, kind=kind, title=letter.title, serial=serial, year=issued.year,
        reference=values["reference"], text=letter.text, values=_jsonable(values), docx=to_docx(letter), pdf=pdf,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    app._log("letter", by, {"letter": stored.pk, "kind": stored.kind, "reference": stored.reference}, app.status)
    return stored


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: render._plain(v) if not isinstance(v, bool) else v for k, v in values.items()}


def outcome_choices_for_withheld() -> list[tuple[str, str]]:
    """The 不予公开 reasons a partial disclosure may give for the part withheld."""
    return [(k, C.row_label(k)) for k in C.OUTCOME_KEYS_COMMON if k.startswith("denied.")]
