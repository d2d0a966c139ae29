"""Concurrent users never corrupt a report: the row is locked, the state re-checked, one winner.

Real threads against PostgreSQL (skipped on SQLite, which serialises writers by locking the file).
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gongkai.annual import models as am
from gongkai.annual import rules


def race(n: int, fn) -> list:
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = fn(i)
        except Exception as e:  # noqa: BLE001 - the loser's error is the result
            results[i] = e
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


@pytest.fixture
def pg(transactional_db, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("需要 PostgreSQL（DATABASE_URL=postgres://…）")
    from tests.cases.platform_world import make_people

    return make_people(monkeypatch)


def test_one_draft_per_year_however_many_click_at_once(pg):
    out = race(4, lambda i: am.start(pg.a, 2025, pg.handler).pk)
    assert len(set(out)) == 1 and am.AnnualReport.objects.filter(agency=pg.a, year=2025).count() == 1


def test_two_heads_signing_off_and_returning_at_once_one_wins(pg):
    r = am.start(pg.a, 2025, pg.handler)
    r.step("check", pg.handler, {"handler"})
    out = race(2, lambda i: am.AnnualReport.objects.get(pk=r.pk).step(
        ("sign_off", "return")[i], pg.head, {"head"}, "退回" if i else ""))
    errors = [o for o in out if isinstance(o, ValidationError)]
    assert len(errors) == 1
    r.refresh_from_db()
    assert r.state in (rules.SIGNED_OFF, rules.DRAFTED)
    assert [e.action for e in r.events.all()][-1] in ("sign_off", "return") and r.events.count() == 3


def test_two_corrections_at_once_make_one_new_version(pg):
    r = am.start(pg.a, 2025, pg.handler)
    r.step("check", pg.handler, {"handler"})
    r.step("sign_off", pg.head, {"head"})
    r.step("publish", pg.admin, {"admin"}, on=dt.date(2026, 1, 20))
    out = race(3, lambda i: am.AnnualReport.objects.get(pk=r.pk).step("correct", pg.handler, {"handler"}, f"更正{i}"))
    assert sum(isinstance(o, am.AnnualReport) for o in out) == 1
    assert sorted(am.AnnualReport.objects.filter(agency=pg.a, year=2025).values_list("version", flat=True)) == [1, 2]
