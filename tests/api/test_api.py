"""The REST API: token authentication, agency isolation, applications, events, letters, the report tables."""
# ruff: noqa: F811  (the ``world`` fixture is imported, then named as a parameter)

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gongkai.cases.annual_report import build_report
from gongkai.decisions.fee_notices import charge
from gongkai.letters import build
from tests.cases.decision_world import make_app, world  # noqa: F401

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return c


def test_needs_authentication(world):
    c = APIClient()
    for url in ("/api/applications/", f"/api/applications/{world.app.pk}/", "/api/agencies/env/report/2026/"):
        assert c.get(url).status_code in (401, 403)
    c.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert c.get("/api/applications/").status_code == 401


def test_token_from_username_and_password(world):
    r = APIClient().post("/api/token/", {"username": "handler", "password": "pw-12345678"})
    assert r.status_code == 200
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {r.json()['token']}")
    assert c.get("/api/applications/").status_code == 200
    assert APIClient().post("/api/token/", {"username": "handler", "password": "wrong"}).status_code == 400


def test_applications_are_scoped_to_the_users_agencies(world):
    b_app = make_app(world.b, by=world.other, text="另一机关的申请")
    mine = client_for(world.handler).get("/api/applications/").json()
    assert [a["id"] for a in mine["results"]] == [world.app.pk]
    assert mine["results"][0]["agency"] == "env"
    assert mine["results"][0]["id_number"] != world.app.id_number and mine["results"][0]["id_number"].endswith("1234")
    theirs = client_for(world.other).get("/api/applications/").json()
    assert [a["id"] for a in theirs["results"]] == [b_app.pk]
    c = client_for(world.handler)
    assert c.get(f"/api/applications/{b_app.pk}/").status_code == 404
    assert c.get(f"/api/applications/{b_app.pk}/events/").status_code == 404
    assert c.get(f"/api/applications/{b_app.pk}/letters/").status_code == 404
    assert c.get("/api/agencies/land/report/2026/").status_code == 404
    assert [a["slug"] for a in c.get("/api/agencies/").json()] == ["env"]


def test_filters(world):
    make_app(world.a, received=dt.date(2025, 12, 1), by=world.handler, id_number="Q")
    c = client_for(world.handler)
    assert c.get("/api/applications/?year=2025").json()["count"] == 1
    assert c.get("/api/applications/?status=processing").json()["count"] == 1
    assert c.get("/api/applications/?agency=land").json()["count"] == 0
    assert c.get("/api/applications/?year=abc").json()["count"] == 0


def test_events_and_letters(world):
    letter = build.generate(world.app, "receipt", world.handler, issued=dt.date(2026, 9, 2))
    c = client_for(world.handler)
    events = c.get(f"/api/applications/{world.app.pk}/events/").json()
    assert [e["action"] for e in events][:2] == ["register", "take"]
    letters = c.get(f"/api/applications/{world.app.pk}/letters/").json()
    assert letters[0]["reference"] == letter.reference and "登记回执" in letters[0]["title"]
    r = c.get(letters[0]["docx_url"])
    assert r.status_code == 200 and r.content[:2] == b"PK"
    other = client_for(world.other)
    assert other.get(f"/api/letters/{letter.pk}/").status_code == 404
    assert other.get(f"/api/letters/{letter.pk}/docx/").status_code == 404


def test_annual_report_tables_equal_the_platforms(world):
    world.app.close(world.handler, "granted", dt.date(2026, 9, 20))
    fee_app = make_app(world.a, received=dt.date(2026, 9, 2), by=world.handler, id_number="F")
    charge(fee_app, world.handler, dt.date(2026, 9, 3), "by_volume", 50, "大量复制", letter=False)
    data = client_for(world.head).get("/api/agencies/env/report/2026/").json()
    report = build_report(world.a, 2026)
    assert data["cells"] == {k: report.get(k) for k in report.cells}
    assert data["cells"]["apps.granted.natural_person"] == 1
    assert data["cells"]["apps.new_received.total"] == 2
    table3 = {c["key"]: c["value"] for c in data["tables"]["table3"]}
    assert table3["apps.carried_forward.total"] == 1
    assert data["fees"]["notices"] == 1 and data["fees"]["notified_amount"] == "200.00"
    assert "发出信息处理费收费通知1件" in data["sections"]["other_matters"]
    assert not [f for f in data["findings"] if f["severity"] == "error"]


def test_openapi_document(world):
    r = client_for(world.handler).get("/api/schema/?format=json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"].startswith("3.")
    for p in ("/api/applications/", "/api/applications/{id}/events/", "/api/applications/{id}/letters/",
              "/api/agencies/{slug}/report/{year}/", "/api/letters/{id}/{fmt}/"):
        assert p in doc["paths"]
    assert "tokenAuth" in doc["components"]["securitySchemes"]


def test_nul_in_a_query_parameter_is_refused_not_a_server_error(world, client):
    """PostgreSQL cannot compare text with NUL: such a parameter is a 400 before any query runs."""
    c = client_for(world.handler)
    for query in ("status=%00x", "outcome=%00o", "agency=e%00nv", "year=2026&%00=1"):
        r = c.get(f"/api/applications/?{query}")
        assert r.status_code == 400 and "NUL" in r.json()["detail"], query
    assert c.get("/api/applications/?status=open").status_code == 200
    client.force_login(world.handler)
    r = client.get("/staff/env/?q=%00")
    assert r.status_code == 400 and "空字符" in r.content.decode()
    assert client.get("/staff/env/?q=x").status_code == 200
    for url in ("/track/%00ABC/", "/receipt/AB%00C/"):
        assert client.get(url).status_code == 400, url
