"""Shared fixtures of the supervision workspace tests: a generated region in the database, its
supervisor, a supervisor of one county only, and a way to run the queue as a worker does."""

from __future__ import annotations

import pytest

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
    """Run every queued task, as `gongkai worker --batch` does (the real worker loop, in-process)."""
    from django.core.management import call_command

    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0, interval=0,
                 worker_id="test-worker")


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
