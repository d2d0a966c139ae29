"""Evidence for Article 35 and repeats: other applications, similar earlier ones, counts per month, recorded."""
# ruff: noqa: F811  (the ``world`` fixture is imported, then named as a parameter)

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.decisions import evidence
from gongkai.decisions.models import EvidenceRecord

from .decision_world import make_app, world  # noqa: F401

pytestmark = pytest.mark.django_db

RIVER = "请公开2025年度示范河流域水质监测报告及监测点位分布图"
RIVER_AGAIN = "申请公开：二〇二五年度示范河流域的水质监测报告，以及监测点位分布图。"
PERMIT = "请提供示范化工有限公司排污许可证副本及2024年执行报告"
ROAD = "请公开和平路道路改造工程的招标文件和中标通知书"


@pytest.fixture(autouse=True)
def fresh_index():
    evidence.INDEX.reset()
    yield
    evidence.INDEX.reset()


def test_same_applicant_other_applications_and_month_counts(world):
    for d in (dt.date(2026, 8, 3), dt.date(2026, 8, 10), dt.date(2026, 9, 2), dt.date(2026, 9, 3)):
        make_app(world.a, received=d, by=world.handler, text=ROAD)
    make_app(world.a, received=dt.date(2026, 9, 3), by=world.handler, id_number="91110000MA01234567",
             name="示范咨询有限公司", applicant_type="commercial")
    make_app(world.b, received=dt.date(2026, 9, 3), by=world.other)  # same person, another agency
    e = evidence.gather(world.app)
    assert e["other_count"] == 4
    assert {r["received_on"] for r in e["other_applications"]} == {"2026-08-03", "2026-08-10", "2026-09-02",
                                                                   "2026-09-03"}
    assert e["per_month"] == [{"month": "2026-09", "count": 3}, {"month": "2026-08", "count": 2}]
    assert e["this_month"] == 3
    assert e["identity"] != world.app.id_number and e["identity"].endswith("1234")


def test_organisation_code_links_an_organisations_applications(world):
    code = "91110000MA01234567"
    a1 = make_app(world.a, received=dt.date(2026, 9, 2), by=world.handler, id_number=code, name="示范咨询有限公司",
                  applicant_type="commercial")
    a2 = make_app(world.a, received=dt.date(2026, 9, 4), by=world.handler, id_number=code, name="示范咨询公司",
                  applicant_type="commercial")
    e = evidence.gather(a2)
    assert [r["number"] for r in e["other_applications"]] == [a1.number]


def test_near_duplicate_found_unrelated_not(world):
    make_app(world.a, received=dt.date(2026, 9, 2), by=world.handler, text=PERMIT, id_number="X2")
    make_app(world.a, received=dt.date(2026, 9, 3), by=world.handler, text=ROAD, id_number="X3")
    first = make_app(world.a, received=dt.date(2026, 9, 4), by=world.handler, text=RIVER, id_number="X4")
    again = make_app(world.a, received=dt.date(2026, 9, 15), by=world.handler, text=RIVER_AGAIN, id_number="X4")
    similar = evidence.gather(again)["similar"]
    assert similar and similar[0]["id"] == first.pk and similar[0]["same_applicant"]
    assert similar[0]["score"] >= 0.6
    assert all(s["info"] not in (PERMIT, ROAD) for s in similar)
    # Only earlier applications are evidence, and only this agency's.
    assert all(s["id"] < again.pk for s in similar)
    other_agency = make_app(world.b, received=dt.date(2026, 9, 16), by=world.other, text=RIVER, id_number="X4")
    assert all(s["id"] != first.pk for s in evidence.gather(other_agency)["similar"])


def test_unrelated_texts_are_not_similar(world):
    a = make_app(world.a, received=dt.date(2026, 9, 2), by=world.handler, text=PERMIT, id_number="Y1")
    b = make_app(world.a, received=dt.date(2026, 9, 3), by=world.handler, text=ROAD, id_number="Y2")
    assert all(s["id"] != a.pk for s in evidence.gather(b)["similar"])


def test_index_picks_up_new_applications(world):
    evidence.gather(world.app)  # builds the index
    first = make_app(world.a, received=dt.date(2026, 9, 4), by=world.handler, text=RIVER, id_number="Z1")
    again = make_app(world.a, received=dt.date(2026, 9, 7), by=world.handler, text=RIVER_AGAIN, id_number="Z1")
    assert [s["id"] for s in evidence.gather(again)["similar"]][:1] == [first.pk]


def test_deciding_repeat_records_the_evidence(world):
    first = make_app(world.a, received=dt.date(2026, 9, 2), by=world.handler, text=RIVER, id_number="R1")
    first.close(world.handler, "granted", dt.date(2026, 9, 8))
    again = make_app(world.a, received=dt.date(2026, 9, 10), by=world.handler, text=RIVER_AGAIN, id_number="R1")
    again.close(world.handler, "not_processed.repeat", dt.date(2026, 9, 14), reason="与2026-00002相同，已答复")
    rec = EvidenceRecord.objects.get(application=again)
    assert rec.outcome == "not_processed.repeat" and rec.recorded_by == world.handler
    assert rec.evidence["similar"][0]["id"] == first.pk
    assert rec.evidence["similar"][0]["outcome"] == "granted"
    assert rec.evidence["other_count"] == 1
    # Other decisions record nothing by themselves.
    make_app(world.a, received=dt.date(2026, 9, 11), by=world.handler).close(world.handler, "granted",
                                                                            dt.date(2026, 9, 14))
    assert EvidenceRecord.objects.count() == 1


def test_approval_path_records_once(world):
    world.a.requires_close_approval = True
    world.a.save()
    app = make_app(world.a, received=dt.date(2026, 9, 10), by=world.handler, text=RIVER_AGAIN)
    app.close(world.handler, "not_processed.excessive", dt.date(2026, 9, 14), reason="当月申请30余件，说明理由不合理")
    app.approve_close(world.head, dt.date(2026, 9, 15))
    assert EvidenceRecord.objects.filter(application=app, outcome="not_processed.excessive").count() == 1


def test_evidence_page_and_manual_record(client, world):
    make_app(world.a, received=dt.date(2026, 9, 2), by=world.handler, text=ROAD)
    client.force_login(world.handler)
    r = client.get(reverse("decisions:evidence", args=[world.app.pk]))
    body = r.content.decode()
    assert r.status_code == 200 and '<strong id="this-month">2</strong>' in body
    assert world.app.id_number not in body  # masked
    r = client.post(reverse("decisions:evidence_record", args=[world.app.pk]), {"note": "查看后决定继续办理"})
    assert r.status_code == 302
    assert EvidenceRecord.objects.get(application=world.app).note == "查看后决定继续办理"


def test_evidence_is_agency_scoped(client, world):
    client.force_login(world.other)
    assert client.get(reverse("decisions:evidence", args=[world.app.pk])).status_code == 404
    assert client.post(reverse("decisions:evidence_record", args=[world.app.pk])).status_code == 404
