"""Fixtures for the platform tests: two agencies, one user per role, a fixed "today" inside the known calendar."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from gongkai.cases import models as m

TODAY = dt.date(2026, 10, 30)  # a Friday; the calendar package knows 2026
_seq = itertools.count(1)


def user(username: str, agency: m.Agency | None, *roles: str):
    u = get_user_model().objects.create_user(username, f"{username}@example.org", "pw-12345678")
    for role in roles:
        m.Membership.objects.create(user=u, agency=agency, role=role)
    return u


def application(agency: m.Agency, by=None, *, received: dt.date | None = dt.date(2026, 9, 1), channel="in_person",
                applicant_type="natural_person", submitted: dt.date | None = None, **fields) -> m.Application:
    """A registered application (or, with ``received=None``, an online submission awaiting confirmation)."""
    defaults = dict(applicant_name="张三", id_type="resident_id", id_number="110105199001011234",
                    phone="13800000000", info_description="2025年度示范河水质监测报告", delivery_form="electronic")
    defaults.update(fields)
    app = m.Application(agency=agency, applicant_type=applicant_type, channel=channel,
                        submitted_on=submitted or received or TODAY, status=m.Status.SUBMITTED, **defaults)
    if received is None:
        app.number = m.next_number(agency, app.submitted_on.year)
        app.save()
        return app
    app.register(by, received)
    return app


@pytest.fixture
def people(db, monkeypatch):
    return make_people(monkeypatch)


def make_people(monkeypatch) -> SimpleNamespace:
    """Two agencies and their staff; "today" fixed at :data:`TODAY`."""
    monkeypatch.setattr(m.dates, "today", lambda: TODAY)
    m.forget_calendar()
    a = m.Agency.objects.create(slug="a", name="示范市人民政府办公室")
    b = m.Agency.objects.create(slug="b", name="示范市交通运输局")
    p = SimpleNamespace(a=a, b=b)
    p.registrar = user("registrar", a, "registrar")
    p.handler = user("handler", a, "handler")
    p.head = user("head", a, "head")
    p.admin = user("admin", a, "admin")
    p.supervisor = user("supervisor", a, "supervisor")
    m.Membership.objects.create(user=p.supervisor, agency=b, role="supervisor")
    p.stranger = user("stranger", b, "handler", "registrar", "head", "admin")
    p.nobody = user("nobody", None)
    return p
