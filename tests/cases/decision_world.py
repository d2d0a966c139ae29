"""Fixtures for the letters, fees, evidence, reminders and API tests: two agencies, staff, applications."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.contrib.auth import get_user_model

from gongkai.cases import models as m

_seq = itertools.count(1)


def make_user(username: str, agency: m.Agency | None = None, *roles: str, email: str = ""):
    user = get_user_model().objects.create_user(username, email or f"{username}@example.org", "pw-12345678")
    for role in roles:
        m.Membership.objects.create(user=user, agency=agency, role=role)
    return user


def make_app(agency: m.Agency, *, received: dt.date | None = dt.date(2026, 9, 1), by=None, name="张三",
             id_number="110105199001011234", text="2025年度示范河水质监测报告", applicant_type="natural_person",
             channel="in_person", **fields) -> m.Application:
    app = m.Application.objects.create(
        agency=agency, number="", applicant_type=applicant_type, applicant_name=name, id_number=id_number,
        info_description=text, channel=channel, submitted_on=received or dt.date(2026, 9, 1),
        status=m.Status.SUBMITTED, **fields)
    if received:
        app.register(by, received)
    return app


TODAY = dt.date(2026, 9, 25)  # the tests' "today": inside the calendar the package knows


@pytest.fixture
def world(db, monkeypatch):
    monkeypatch.setattr(m.dates, "today", lambda: TODAY)
    a = m.Agency.objects.create(slug="env", name="示范市生态环境局")
    b = m.Agency.objects.create(slug="land", name="示范市自然资源局")
    w = type("World", (), {})()
    w.a, w.b = a, b
    w.handler = make_user("handler", a, "handler", "registrar")
    w.head = make_user("head", a, "head", "admin")
    w.other = make_user("other", b, "handler", "head", "admin")
    w.app = make_app(a, by=w.handler)
    w.app.take(w.handler)
    return w
