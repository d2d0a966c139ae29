"""Fees in the platform: the calculator shows the working, the notice gives 20 working days, payment, lapse, totals."""
# ruff: noqa: F811  (the ``world`` fixture is imported, then named as a parameter)

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.cases import clock
from gongkai.cases import models as m
from gongkai.cases.annual_report import build_report
from gongkai.decisions import fee_notices
from gongkai.decisions.models import FeeAssessment
from gongkai.letters.models import Letter
from gongkai.letters.render import cn_date

from .decision_world import make_app, world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_calculator_shows_the_working_by_volume(client, world):
    client.force_login(world.handler)
    r = client.get(reverse("decisions:fee_quote", args=[world.app.pk]), {"method": "by_volume", "quantity": 145})
    body = r.content.decode()
    assert "第1—30页：30页，免费" in body
    assert "第31—100页：70页 × 10元 = 700元" in body
    assert "第101—145页：45页 × 20元 = 900元" in body
    assert '<span id="amount">1600</span>' in body


def test_by_item_counts_the_applicants_earlier_items_that_month(client, world):
    # The same applicant (same identity number) made 12 applications earlier in September.
    for day in range(1, 13):
        make_app(world.a, received=dt.date(2026, 8, 31) + dt.timedelta(days=day), by=world.handler)
    app = make_app(world.a, received=dt.date(2026, 9, 14), by=world.handler)
    make_app(world.a, received=dt.date(2026, 9, 10), by=world.handler, id_number="OTHER-PERSON")
    make_app(world.b, received=dt.date(2026, 9, 10), by=world.other)  # another agency
    assert fee_notices.month_count_before(app) == 13  # world.app (9-1) and the 12 above
    q = fee_notices.quote(app, "by_item", 1)
    assert q.already_counted == 13 and q.amount == Decimal(100)
    client.force_login(world.handler)
    r = client.get(reverse("decisions:fee", args=[app.pk]))
    assert '<strong id="month-before">13</strong>' in r.content.decode()


def test_charge_issues_notice_with_20_working_days_and_letter(client, world):
    client.force_login(world.handler)
    on = dt.date(2026, 9, 21)
    r = client.post(reverse("decisions:fee_charge", args=[world.app.pk]),
                    {"method": "by_volume", "quantity": 60, "on": on.isoformat(), "reason": "一次申请六十页复制件"})
    assert r.status_code == 302
    app = m.Application.objects.get(pk=world.app.pk)
    assert app.status == m.Status.FEE and app.fee_amount == Decimal(300)
    assert app.fee_due_on == clock.fee_payment_deadline(on, calendar=m.work_calendar())
    assert m.working_days_between(on, app.fee_due_on) == 20
    fa = FeeAssessment.objects.get(application=app)
    assert fa.working == ["第1—30页：30页，免费", "第31—60页：30页 × 10元 = 300元"]
    letter = Letter.objects.get(application=app, kind="fee_notice")
    assert f"请于{cn_date(app.fee_due_on)}前（收到本通知之日起20个工作日内）缴纳" in letter.text
    assert "第31—60页：30页 × 10元 = 300元" in letter.text and "人民币300元" in letter.text
    assert "第四十二条" in letter.text


def test_zero_fee_and_missing_reason_are_refused(world):
    with pytest.raises(ValidationError, match="0元"):
        fee_notices.charge(world.app, world.handler, dt.date(2026, 9, 21), "by_volume", 30, "理由")
    with pytest.raises(ValidationError, match="理由"):
        fee_notices.charge(world.app, world.handler, dt.date(2026, 9, 21), "by_volume", 300, " ")
    assert not FeeAssessment.objects.exists()
    assert m.Application.objects.get(pk=world.app.pk).status == m.Status.PROCESSING


def test_payment_resumes_the_clock(client, world):
    fee_notices.charge(world.app, world.handler, dt.date(2026, 9, 21), "by_volume", 60, "大量复制")
    client.force_login(world.handler)
    r = client.post(reverse("decisions:fee_paid", args=[world.app.pk]), {"on": "2026-09-24"})
    assert r.status_code == 302
    app = m.Application.objects.get(pk=world.app.pk)
    assert app.fee_paid_on == dt.date(2026, 9, 24) and app.status == m.Status.PROCESSING and app.due_on


def test_unpaid_at_the_deadline_ends_as_no_fee(client, world, monkeypatch):
    fee_notices.charge(world.app, world.handler, dt.date(2026, 9, 1), "by_volume", 60, "大量复制")
    app = m.Application.objects.get(pk=world.app.pk)
    client.force_login(world.handler)
    # Not yet due: refused.
    monkeypatch.setattr(m.dates, "today", lambda: app.fee_due_on)
    client.post(reverse("decisions:fee_lapse", args=[app.pk]))
    assert m.Application.objects.get(pk=app.pk).status == m.Status.FEE
    monkeypatch.setattr(m.dates, "today", lambda: app.fee_due_on + dt.timedelta(days=1))
    r = client.get(reverse("decisions:fee", args=[app.pk]))
    assert "按（六）2 办结" in r.content.decode()
    client.post(reverse("decisions:fee_lapse", args=[app.pk]))
    app.refresh_from_db()
    assert app.status == m.Status.CLOSED and app.outcome == "other.no_fee"


def test_year_totals_in_section_six_of_the_report(world, monkeypatch):
    paid = make_app(world.a, received=dt.date(2026, 9, 2), by=world.handler, id_number="A1")
    fee_notices.charge(paid, world.handler, dt.date(2026, 9, 3), "by_volume", 130, "大量复制")  # 700+600=1300
    paid.record_payment(world.handler, dt.date(2026, 9, 8))
    lapsed = make_app(world.a, received=dt.date(2026, 8, 3), by=world.handler, id_number="A2")
    fee_notices.charge(lapsed, world.handler, dt.date(2026, 8, 4), "by_volume", 40, "大量复制")  # 100
    lapsed.lapse_fee(world.handler, dt.date(2026, 9, 20))
    totals = fee_notices.year_totals(world.a, 2026)
    assert (totals.notices, totals.notified_amount, totals.paid, totals.paid_amount, totals.lapsed) == \
        (2, Decimal(1400), 1, Decimal(1300), 1)
    report = build_report(world.a, 2026)
    text = report.sections["other_matters"]
    assert "发出信息处理费收费通知2件，金额1400元" in text and "实际收取1件，金额1300元" in text
    assert "逾期未缴费、不再处理的1件" in text
    assert report.get("apps.other.no_fee.total") == 1
    assert "未收取" in build_report(world.b, 2026).sections["other_matters"]


def test_report_page_shows_section_six(client, world):
    fee_notices.charge(world.app, world.handler, dt.date(2026, 9, 3), "by_volume", 50, "大量复制", letter=False)
    client.force_login(world.head)
    body = client.get(reverse("cases:report", args=["env", 2026])).content.decode()
    assert "发出信息处理费收费通知1件，金额200元" in body


def test_fee_pages_are_agency_scoped(client, world):
    client.force_login(world.other)
    assert client.get(reverse("decisions:fee", args=[world.app.pk])).status_code == 404
    r = client.post(reverse("decisions:fee_charge", args=[world.app.pk]),
                    {"method": "by_volume", "quantity": 60, "on": "2026-09-21", "reason": "x"})
    assert r.status_code == 404
    assert not FeeAssessment.objects.exists()
