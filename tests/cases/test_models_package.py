"""The records package: every model reachable where it always was, and one place for "today"."""

from __future__ import annotations

import datetime as dt

from django.apps import apps

from gongkai.annual import deadlines
from gongkai.cases import models as m

MODELS = {"Agency", "Membership", "ScheduleDay", "ScheduleYear", "ScheduleEvent", "Application", "Consultation",
          "Appeal", "Attachment", "Event"}


def test_every_model_of_the_app_is_re_exported():
    registered = {model.__name__ for model in apps.get_app_config("cases").get_models()}
    assert registered == MODELS
    for name in MODELS:
        assert getattr(m, name)._meta.app_label == "cases"
        assert name in m.__all__
    assert all(hasattr(m, name) for name in m.__all__)


def test_today_has_one_place():
    # Not re-exported: a patch of ``m.today`` would not reach the modules that ask ``dates.today()``.
    assert not hasattr(m, "today")


def test_one_patch_moves_the_models_and_other_apps(db, monkeypatch):
    monkeypatch.setattr(m.dates, "today", lambda: dt.date(2026, 1, 5))  # a Monday after the New Year holiday
    m.forget_calendar()
    agency = m.Agency.objects.create(slug="a", name="示范市人民政府办公室")
    # Tuesday to Friday of the same week: 4 working days (a model method, default date).
    assert m.Application(agency=agency, due_on=dt.date(2026, 1, 9)).days_left() == 4
    # Another app's default date: in January the warning is about last year's report.
    w = deadlines.warning(agency)
    assert w is not None and w.year == 2025
