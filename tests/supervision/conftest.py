"""Shared fixtures of the supervision workspace tests: a generated region in the database, its
supervisor, a supervisor of one county only, and a way to run the queue as a worker does."""

from __future__ import annotations

import time

import pytest
from django.db.utils import OperationalError

from .. import docgen


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def region():
    return docgen.random_region(31, counties=2, departments=2, townships=1)


@pytest.fixture
def world(db, region, django_user_model):
    """The region's units in the database; `boss` supervises the prefecture, `county_man` one county."""
    from gongkai.supervision.models import Supervisor, Unit
    from gongkai.supervision.unit_import import import_units

    import_units("units.csv", region.csv())
    top = Unit.objects.get(parent__isnull=True)
    county = Unit.objects.filter(level="county").order_by("path").first()
    boss = django_user_model.objects.create_user("boss", password="pw", first_name="孙平")
    county_man = django_user_model.objects.create_user("county_man", password="pw")
    Supervisor.objects.create(user=boss, unit=top)
    Supervisor.objects.create(user=county_man, unit=county)
    return type("World", (), {"top": top, "county": county, "boss": boss, "county_man": county_man,
                              "region": region})


def drain():
    """Run every queued task, as `gongkai worker --batch` does: django-tasks' own worker loop,
    in-process. Its connection recycling is held back here: inside a test's transaction it would
    close the connection the test runs in (on PostgreSQL)."""
    from django_tasks_db.management.commands import db_worker

    worker = db_worker.Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                              startup_delay=False, max_tasks=None, worker_id="test-worker",
                              excluded_queue_names=[])
    recycle = db_worker.close_old_connections
    db_worker.close_old_connections = lambda: None
    try:
        for _ in range(200):
            try:
                worker.run()
                return
            except OperationalError as e:
                # SQLite's in-memory test database is a shared cache, where a lock held elsewhere
                # fails "BEGIN EXCLUSIVE" at once instead of waiting (the file database gongkai
                # runs on waits 20 s): the worker's claim is tried again, as its loop would.
                if "locked" not in str(e):
                    raise
                time.sleep(0.05)
        raise AssertionError("the queue stayed locked for 10 s")
    finally:
        db_worker.close_old_connections = recycle


def files_of(region, names=None, layout="text"):
    """The region's reports rendered as files: [(name, bytes)]."""
    from gongkai.supervision.intake import Incoming

    out = []
    for i, (name, report) in enumerate(region.reports.items()):
        if names is not None and name not in names:
            continue
        doc = docgen.make(layout, report)
        out.append(Incoming(f"r{i:02d}{doc.suffix}", doc.data))
    return out
