"""Schemathesis against the running server: every operation of the OpenAPI document, with a token.

Kept fast: a few examples per operation. Checks that the server never fails (5xx) and that every
response it gives matches the document (status, content type, body schema).
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from gongkai.cases import models as m
from gongkai.letters import build
from tests.cases.decision_world import TODAY, make_app, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def api_token(transactional_db, monkeypatch):
    monkeypatch.setattr(m.dates, "today", lambda: TODAY)
    a = m.Agency.objects.create(slug="env", name="示范市生态环境局")
    b = m.Agency.objects.create(slug="land", name="示范市自然资源局")
    handler = make_user("handler", a, "handler")
    other = make_user("other", b, "handler")
    app = make_app(a, by=handler)
    app.take(handler)
    build.generate(app, "receipt", handler, issued=dt.date(2026, 9, 2))
    app.close(handler, "granted", dt.date(2026, 9, 20))
    make_app(b, by=other)
    return Token.objects.create(user=handler).key


CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


def test_api_conforms_to_its_openapi_document(live_server, api_token):
    api = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")
    headers = {"Authorization": f"Token {api_token}"}
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 9
    seen: set[tuple[str, int]] = set()
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case):
            response = case.call_and_validate(base_url=live_server.url, headers=headers, checks=CHECKS)
            seen.add((case.operation.path, response.status_code))

        run()
    # The token worked: the list endpoints answered with data, not 401.
    assert ("/api/applications/", 200) in seen and ("/api/agencies/", 200) in seen
    assert not any(code == 401 for _, code in seen)
