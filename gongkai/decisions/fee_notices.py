"""Charging the 信息处理费 on an application: quote with the working, notify, and the year's totals.

The arithmetic is :mod:`gongkai.cases.fees`; the state changes (fee notice → paid / lapsed →
``other.no_fee``) are the platform's :class:`~gongkai.cases.models.Application` methods. This
module adds what lies between: the applicant's count in the calendar month (按件计收 counts per
applicant per month, 办法第四条), the stored assessment with its working, the 收费通知书, and
the totals that section 六 of the annual report states.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum

from ..cases import fees
from ..cases import models as cm
from ..letters.render import cn_amount
from .models import FeeAssessment


def same_applicant(app: cm.Application):
    """Applications by the same applicant at the same agency: same identity number or organisation code."""
    qs = cm.Application.objects.filter(agency=app.agency).exclude(status=cm.Status.SPLIT)
    key = (app.id_number or "").strip()
    if not key:
        return qs.none()
    return qs.filter(id_number=key)


def month_count_before(app: cm.Application) -> int:
    """The applicant's applications (件) received earlier in the same calendar month (this one excluded)."""
    if app.received_on is None:
        return 0
    start = app.received_on.replace(day=1)
    return (same_applicant(app).filter(received_on__gte=start, received_on__lte=app.received_on)
            .filter(Q(received_on__lt=app.received_on) | Q(pk__lt=app.pk)).exclude(pk=app.pk).count())


def quote(app: cm.Application, method: str, quantity: int) -> fees.FeeQuote:
    """The fee for ``app`` by ``method``; 按件计收 counts the applicant's earlier items that month."""
    try:
        if method == fees.BY_ITEM:
            return fees.fee_by_item(quantity, already_this_month=month_count_before(app))
        return fees.compute_fee(method, quantity)
    except fees.FeeError as e:
        raise ValidationError(str(e)) from None


@transaction.atomic
def charge(app: cm.Application, by, on: dt.date, method: str, quantity: int, reason: str,
           *, letter: bool = True) -> FeeAssessment:
    """Decide the fee, send the notice (the platform pauses the clock, 20 working days to pay), make the letter."""
    if not reason.strip():
        raise ValidationError("请写明认定申请数量、频次明显超过合理范围的理由（《条例》第四十二条）")
    from ..cases.transitions import lock

    lock(app)  # one fee notice, even when two handlers press the button at once
    app._require("fee_notice")
    q = quote(app, method, quantity)
    if q.amount <= 0:
        raise ValidationError(f"{fees.METHODS[method]}计算结果为0元，不发出收费通知")
    fa = FeeAssessment.objects.create(
        agency=app.agency, application=app, method=method, quantity=quantity, already_counted=q.already_counted,
        amount=q.amount, working=q.working(), reason=reason,
        decided_by=by if getattr(by, "is_authenticated", False) else None)
    app.issue_fee_notice(by, on, q.amount)
    if letter:
        from ..letters.build import generate

        generate(app, "fee_notice", by, issued=on)
    return fa


@dataclass(frozen=True)
class FeeTotals:
    year: int
    notices: int
    notified_amount: Decimal
    paid: int
    paid_amount: Decimal
    lapsed: int

    def text(self) -> str:
        """The sentence for section 六 of the annual report."""
        if not self.notices and not self.paid and not self.lapsed:
            return f"{self.year}年度，本机关未收取政府信息公开信息处理费。"
        return (f"{self.year}年度，本机关依据《中华人民共和国政府信息公开条例》第四十二条"
                "和《政府信息公开信息处理费管理办法》"
                f"发出信息处理费收费通知{self.notices}件，金额{cn_amount(self.notified_amount)}元；"
                f"实际收取{self.paid}件，金额{cn_amount(self.paid_amount)}元；"
                f"申请人逾期未缴费、不再处理的{self.lapsed}件。")

    def to_dict(self) -> dict:
        return {"year": self.year, "notices": self.notices, "notified_amount": f"{self.notified_amount:.2f}",
                "paid": self.paid, "paid_amount": f"{self.paid_amount:.2f}", "lapsed": self.lapsed}


def year_totals(agency: cm.Agency, year: int) -> FeeTotals:
    """Fee notices issued, fees paid and applications lapsed for non-payment in ``year``."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # Every counted row had a fee notice by the year's end: bound the scan to those rows
    # (index decisions_app_fee_notice), not every application of the agency.
    qs = cm.Application.objects.filter(agency=agency, fee_notice_on__isnull=False, fee_notice_on__lte=end)
    agg = qs.aggregate(
        notices=Count("id", filter=Q(fee_notice_on__gte=start, fee_notice_on__lte=end)),
        notified=Sum("fee_amount", filter=Q(fee_notice_on__gte=start, fee_notice_on__lte=end)),
        paid=Count("id", filter=Q(fee_paid_on__gte=start, fee_paid_on__lte=end)),
        paid_amount=Sum("fee_amount", filter=Q(fee_paid_on__gte=start, fee_paid_on__lte=end)),
        lapsed=Count("id", filter=Q(outcome="other.no_fee", closed_on__gte=start, closed_on__lte=end)),
    )
    return FeeTotals(year, agg["notices"], agg["notified"] or Decimal(0), agg["paid"],
                     agg["paid_amount"] or Decimal(0), agg["lapsed"])


def add_fee_section(report, agency: cm.Agency, year: int) -> None:
    """Put the year's fee totals into section 六（其他需要报告的事项）of a generated report."""
    sentence = year_totals(agency, year).text()
    current = (report.sections.get("other_matters") or "").strip()
    report.sections["other_matters"] = f"{current}\n{sentence}".strip() if current else sentence
