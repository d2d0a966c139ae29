"""The demo `make run` loads: the platform's agencies are units of a small region supervised by
the demo `supervisor`, and their reports built from the records are filed into it (way 1)."""

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_demo_region_and_platform_reports(client):
    from gongkai.cases import demo
    from gongkai.supervision import demo as supervision_demo
    from gongkai.supervision.models import Submission, Unit

    demo.load_demo(count=30, on=dt.date(2026, 3, 2))
    supervision_demo.load(2025)
    office = Unit.objects.get(name="示例市人民政府办公室")
    assert office.agency.slug == "demo" and office.parent.name == "示例市人民政府"
    subs = Submission.objects.filter(source="platform", year=2025)
    assert {s.unit.name for s in subs} == {"示例市人民政府办公室", "示例市自然资源局"}
    assert all(s.state == "read" and s.current and s.match == "confirmed" for s in subs)
    client.login(username="supervisor", password=demo.PASSWORD)
    page = client.get("/supervision/")
    assert page.status_code == 200 and "示例市人民政府" in page.content.decode()
    roll = client.get(f"/supervision/rollup/{office.parent.pk}/2025/").content.decode()
    assert 'id="filed">2<' in roll
