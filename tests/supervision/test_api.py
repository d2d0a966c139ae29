"""The supervision REST API: scoped like the web, in the OpenAPI schema."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from gongkai.supervision import intake
from gongkai.supervision.models import Finding, FindingDecision, Unit

from .conftest import drain, files_of

pytestmark = pytest.mark.django_db


def api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_units_are_scoped(world):
    names = [u["name"] for u in api(world.county_man).get("/api/supervision/units/").json()["results"]]
    assert names[0] == world.county.name and world.top.name not in names
    assert len(names) == 1 + len(world.region.children(world.county.name))


def test_upload_read_rollup_decide_return(world, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = api(world.boss)
    files = [SimpleUploadedFile(f.name, f.data) for f in files_of(world.region)]
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/api/supervision/reports/", {"files": files}, format="multipart")
    assert r.status_code == 201
    n = len(world.region.reports)
    assert r.json()["progress"]["queued"] == n
    drain()
    assert c.get(f"/api/supervision/batches/{r.json()['id']}/").json()["progress"]["read"] == n
    reports = c.get("/api/supervision/reports/?year=2024&state=read").json()
    assert reports["count"] == n
    roll = c.get(f"/api/supervision/rollup/{world.county.pk}/2024/").json()
    expected = {k: v.number for k, v in world.region.reports[world.county.name].cells.items()
                if v.number is not None}
    assert roll["rollup"]["cells"] == expected
    assert {ch["name"] for ch in roll["children"]} == set(world.region.children(world.county.name))
    # a region finding decided through the API, audited
    dept = Unit.objects.filter(parent=world.county).first()
    f = Finding.objects.create(unit=dept, year=2024, code="region.missing", severity="warning", message="x")
    bad = c.post(f"/api/supervision/findings/{f.pk}/decide/", {"status": "dismissed"}, format="json")
    assert bad.status_code == 400 and "理由" in bad.json()["status"]
    ok = c.post(f"/api/supervision/findings/{f.pk}/decide/", {"status": "dismissed", "note": "已报送纸质件"},
                format="json")
    assert ok.status_code == 200 and ok.json()["user"] == "boss"
    assert FindingDecision.objects.get(finding=f).note == "已报送纸质件"
    sub_id = c.get(f"/api/supervision/reports/?unit={world.county.pk}").json()["results"][0]["id"]
    ret = c.post(f"/api/supervision/reports/{sub_id}/return/", {"comments": "请补充第六部分"}, format="json")
    assert ret.status_code == 201
    again = c.post(f"/api/supervision/reports/{sub_id}/return/", {"comments": "再次"}, format="json")
    assert again.status_code == 400
    detail = c.get(f"/api/supervision/reports/{sub_id}/").json()
    assert detail["returns"][0]["comments"] == "请补充第六部分" and "provenance" in detail["report"]


def test_others_get_404(world, django_user_model):
    sub = intake.file_report(world.top, world.region.reports[world.top.name])
    assert api(world.county_man).get(f"/api/supervision/reports/{sub.pk}/").status_code == 404
    assert api(world.county_man).get(f"/api/supervision/rollup/{world.top.pk}/2024/").status_code == 404
    stranger = django_user_model.objects.create_user("stranger")
    assert api(stranger).get("/api/supervision/units/").status_code == 404
    assert APIClient().get("/api/supervision/units/").status_code in (401, 403)


def test_schema_lists_the_supervision_paths(world):
    doc = api(world.boss).get("/api/schema/?format=json").json()
    for p in ("/api/supervision/units/", "/api/supervision/reports/", "/api/supervision/reports/{id}/",
              "/api/supervision/findings/{id}/decide/", "/api/supervision/rollup/{id}/{year}/",
              "/api/supervision/batches/{id}/", "/api/supervision/reports/{id}/confirm/",
              "/api/supervision/reports/{id}/return/"):
        assert p in doc["paths"], p
