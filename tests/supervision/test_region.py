"""The region pages and their data: rows, flags, change from last year, sorting, filtering, ranking,
sums, charts' numbers and every download — against the county of ``region_world``."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import openpyxl
import pytest

from gongkai.supervision import region_table as rt
from gongkai.supervision.indicators import compute

from .region_world import make_region

# --- Django-free rules ---------------------------------------------------------------------------


def _row(i, name, level="department", **values):
    return rt.Row(i, name, level, values=values or None)


def test_flags_sort_filter_rank_by_hand():
    rows = [
        _row(1, "甲局", received=5, days_late=0, balanced=True, repeated_share=Decimal("10.0")),
        _row(2, "乙局", received=9, days_late=3, balanced=True, repeated_share=None),
        _row(3, "丙局", received=5, days_late=0, balanced=False, repeated_share=Decimal("50.0")),
        _row(4, "丁局"),  # no report
        _row(5, "戊镇人民政府", "township", received=None, days_late=None, balanced=True),
    ]
    assert [r.flags for r in rows] == [[], ["late"], ["unbalanced", "repeated"], ["missing"], []]
    assert rt.summary(rows) == {"units": 5, "filed": 4, "missing": 1, "late": 1, "unbalanced": 1, "repeated": 1}
    assert [r.name for r in rt.filter_rows(rows, flag="ok")] == ["甲局", "戊镇人民政府"]
    assert [r.name for r in rt.filter_rows(rows, level="township")] == ["戊镇人民政府"]
    assert [r.name for r in rt.filter_rows(rows, q="丙")] == ["丙局"]
    # units without a value last in both directions; ties by name
    assert [r.name for r in rt.sort_rows(rows, "received")] == ["丙局", "甲局", "乙局", "丁局", "戊镇人民政府"]
    assert [r.name for r in rt.sort_rows(rows, "received", desc=True)][:3] == ["乙局", "甲局", "丙局"]
    ranked = rt.ranking(rows, "received")
    assert [(k, r.name) for k, r, _ in ranked] == [(1, "乙局"), (2, "甲局"), (2, "丙局")]


def test_change_and_total_by_hand():
    r = rt.Row(1, "甲局", "department", values={"received": 12, "disclosure_rate": Decimal("40.0")},
                   previous={"received": 9, "disclosure_rate": Decimal("52.5")})
    assert r.change("received") == 3
    assert r.change("disclosure_rate") == Decimal("-12.5")
    assert rt.display_change(Decimal("-12.5"), "disclosure_rate") == "-12.5 个百分点"
    a = {"received": 10, "granted": 3, "partial": 1, "closed": 8, "corrected": 1, "decided": 4, "days_late": 2,
         "balanced": True}
    b = {"received": 5, "granted": 1, "partial": None, "closed": 2, "corrected": 0, "decided": 0, "days_late": 0,
         "balanced": False}
    t = rt.total([a, b])
    assert (t["received"], t["granted"], t["partial"], t["closed"]) == (15, 4, 1, 10)
    assert t["disclosure_rate"] == Decimal("50.0")  # (4 + 1) / 10, not the mean of the two rates
    assert t["correction_rate"] == Decimal("25.0")  # 1 / 4
    assert (t["reports"], t["late"], t["unbalanced"]) == (2, 1, 1)


def test_histogram_by_hand():
    assert rt.histogram([0, 10, 10, 5, None], bins=2) == [("0–5", 1), ("5–10", 3)]
    assert rt.histogram([7, 7]) == [("7", 2)]
    assert rt.histogram([]) == []


# --- pages ---------------------------------------------------------------------------------------

@pytest.fixture
def world(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_region()


@pytest.fixture
def boss(world, django_user_model):
    from gongkai.supervision.models import Supervisor

    u = django_user_model.objects.create_user("county-boss", password="pw-12345678")
    Supervisor.objects.create(user=u, unit=world["county"])
    return u


def _url(name, unit, **kw):
    from django.urls import reverse

    return reverse(f"supervision_region:{name}", kwargs={"unit_id": unit.pk, **kw})


def test_indicators_stored_when_a_report_is_read(world):
    from gongkai.supervision.models import ReportIndicators

    row = ReportIndicators.objects.get(unit=world["edu"], year=2024)
    r = world["reports"][("示例县教育局", 2024)]
    assert row.received == r.number("apps.new_received.total")
    assert (row.days_late, row.on_time) == (3, False)  # 3 February against 31 January
    assert row.repeated_share is not None  # compared with the 2023 report
    fin = ReportIndicators.objects.get(unit=world["fin"], year=2024)
    assert fin.balanced is False and fin.errors >= 1
    county = ReportIndicators.objects.get(unit=world["county"], year=2024)
    assert county.days_late == 0  # a county government has until 20 February


def test_region_page_lists_every_unit_with_colours(client, boss, world):
    client.force_login(boss)
    resp = client.get(_url("region", world["county"]), {"year": 2024})
    assert resp.status_code == 200
    html = resp.content.decode()
    for name in ("示例县人民政府", "示例县教育局", "示例县财政局", "示例县公安局", "示例镇人民政府"):
        assert name in html
    s = resp.context["summary"]
    assert (s["units"], s["filed"], s["missing"], s["late"], s["unbalanced"]) == (5, 4, 1, 1, 1)
    flags = {t["row"].name: [f for f, _ in t["flags"]] for t in resp.context["table"]}
    assert flags["示例县公安局"] == ["missing"] and "late" in flags["示例县教育局"]
    assert "unbalanced" in flags["示例县财政局"]
    assert 'class="flag-missing' in html and "echarts.min.js" in html and "cdn" not in html.lower()


def test_region_page_sorts_and_filters(client, boss, world):
    client.force_login(boss)
    rs = world["reports"]
    resp = client.get(_url("region", world["county"]), {"year": 2024, "sort": "received", "desc": "1"})
    names = [t["row"].name for t in resp.context["table"]]
    filed = sorted(((r.number("apps.new_received.total"), n) for (n, y), r in rs.items() if y == 2024), reverse=True)
    assert names[:4] == [n for _, n in filed] and names[4] == "示例县公安局"
    resp = client.get(_url("region", world["county"]), {"year": 2024, "flag": "late"})
    assert [t["row"].name for t in resp.context["table"]] == ["示例县教育局"]
    resp = client.get(_url("region", world["county"]), {"year": 2024, "level": "township"})
    assert [t["row"].name for t in resp.context["table"]] == ["示例镇人民政府"]
    resp = client.get(_url("region", world["county"]), {"year": 2024, "sort": "nonsense'"})
    assert resp.status_code == 200


def test_change_from_last_year_on_the_page(client, boss, world):
    client.force_login(boss)
    resp = client.get(_url("region", world["county"]), {"year": 2024})
    edu = next(t for t in resp.context["table"] if t["row"].name == "示例县教育局")
    rs = world["reports"]
    diff = rs[("示例县教育局", 2024)].number("apps.new_received.total") - \
        rs[("示例县教育局", 2023)].number("apps.new_received.total")
    cell = next(c for c in edu["cells"] if c["name"] == "received")
    assert cell["change"] == rt.display_change(diff, "received")


def test_unit_years_side_by_side(client, boss, world):
    client.force_login(boss)
    resp = client.get(_url("unit", world["edu"]))
    assert resp.status_code == 200 and resp.context["years"] == [2023, 2024]
    received = next(r for r in resp.context["table"] if r["name"] == "received")
    rs = world["reports"]
    assert [c["text"] for c in received["cells"]] == [str(rs[("示例县教育局", y)].number("apps.new_received.total"))
                                                      for y in (2023, 2024)]


def test_ranking_and_chart_data(client, boss, world):
    client.force_login(boss)
    rs = world["reports"]
    resp = client.get(_url("chart_json", world["county"], kind="ranking"), {"year": 2024, "indicator": "received"})
    data = resp.json()
    want = sorted((r.number("apps.new_received.total") for (n, y), r in rs.items() if y == 2024), reverse=True)
    assert [row["value"] for row in data["rows"]] == want and data["without"] == ["示例县公安局"]
    resp = client.get(_url("ranking", world["county"]), {"year": 2024, "indicator": "received"})
    assert resp.status_code == 200 and "data-ranking" in resp.content.decode()

    trend = client.get(_url("chart_json", world["county"], kind="trend"), {"indicator": ["received", "closed"]}).json()
    assert trend["years"] == [2023, 2024]
    for y, got in zip(trend["years"], trend["series"][0]["values"], strict=True):
        assert got == sum(r.number("apps.new_received.total") for (n, yy), r in rs.items() if yy == y)

    dist = client.get(_url("chart_json", world["county"], kind="distribution"),
                      {"year": 2024, "indicator": "received"}).json()
    assert dist["n"] == 4 and sum(b["count"] for b in dist["bins"]) == 4

    heat = client.get(_url("chart_json", world["county"], kind="heat"), {"year": 2024}).json()
    assert [r["unit"] for r in heat["rows"]] == ["示例县教育局", "示例县财政局", "示例县公安局", "示例镇人民政府"]
    assert heat["rows"][2]["texts"][0] == "未报送"
    resp = client.get(_url("charts", world["county"]), {"year": 2024})
    html = resp.content.decode()
    assert resp.status_code == 200 and "数据表" in html and "trend-table" in html and "heat-table" in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet", "json"])
def test_downloads(client, boss, world, fmt):
    client.force_login(boss)
    rs = world["reports"]
    resp = client.get(_url("table_download", world["county"], fmt=fmt), {"year": 2024})
    assert resp.status_code == 200
    body = b"".join(resp.streaming_content) if resp.streaming else resp.content
    if fmt == "csv":
        assert body.startswith(b"\xef\xbb\xbf")
        table = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    elif fmt == "xlsx":
        rows = list(openpyxl.load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
        table = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    elif fmt == "parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        table = pq.read_table(io.BytesIO(body)).to_pylist()
    else:
        table = json.loads(body)
    by_unit = {row["单位"]: row for row in table}
    assert len(by_unit) == 5
    assert int(by_unit["示例县教育局"]["本年新收"]) == rs[("示例县教育局", 2024)].number("apps.new_received.total")
    assert by_unit["示例县公安局"]["本年新收"] in (None, "")

    resp = client.get(_url("cells_download", world["county"], fmt=fmt), {"year": 2024})
    assert resp.status_code == 200
    body = b"".join(resp.streaming_content) if resp.streaming else resp.content
    n = sum(len(r.cells) for (_, y), r in rs.items() if y == 2024)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert len(rows) == n + 1
    elif fmt == "json":
        assert len(body.decode().splitlines()) == n
    elif fmt == "xlsx":
        assert openpyxl.load_workbook(io.BytesIO(body)).active.max_row == n + 1
    else:
        assert pytest.importorskip("pyarrow.parquet").read_table(io.BytesIO(body)).num_rows == n


def test_supervisor_sees_only_their_subtree(client, world, django_user_model):
    from gongkai.supervision.models import Supervisor

    u = django_user_model.objects.create_user("edu-only", password="pw-12345678")
    Supervisor.objects.create(user=u, unit=world["edu"])
    client.force_login(u)
    assert client.get(_url("region", world["county"])).status_code == 404
    assert client.get(_url("cells_download", world["county"], fmt="csv")).status_code == 404
    assert client.get(_url("region", world["edu"])).status_code == 200
    resp = client.get("/supervision/region/")
    assert resp.status_code == 302 and resp["Location"].endswith(f"/{world['edu'].pk}/")


def test_login_required(client, world):
    assert client.get(_url("region", world["county"])).status_code == 302


def test_indicator_values_match_compute(world):
    from gongkai.report import check
    from gongkai.supervision.models import ReportIndicators

    r = world["reports"][("示例镇人民政府", 2024)]
    row = ReportIndicators.objects.get(unit=world["town"], year=2024)
    want = compute(r, check(r, None, "township"), None, "township").values
    assert row.values() == want


def test_assessment_page_edit_then_download(client, boss, world):
    from gongkai.ingest import read_document

    client.force_login(boss)
    url = _url("assessment", world["county"])
    resp = client.get(url, {"year": 2024})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "示例县人民政府2024年度政府信息公开工作年度报告评估报告" in html and "示例县公安局" in html
    draft = client.get(url, {"year": 2024, "format": "docx"})
    assert draft.status_code == 200 and draft.content.startswith(b"PK")
    edited = client.post(url, {"year": 2024, "format": "docx", "title": "示例县年度报告评估（修改稿）",
                               "conclusion": "经评估，辖区总体良好。", "intro": "", "advice": "请逾期单位整改。",
                               "signature": "示例县政务公开办"})
    doc = read_document(edited.content, "评估.docx")
    assert "示例县年度报告评估（修改稿）" in doc.text and "经评估，辖区总体良好。" in doc.text
    pdf = client.post(url, {"year": 2024, "format": "pdf", "title": "示例县年度报告评估"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    late = next(t for t in read_document(edited.content, "评估.docx").tables
                if t.rows and t.rows[0][0].text.strip() == "单位" and t.rows[0][-1].text.strip() == "逾期天数")
    assert [[c.text.strip() for c in r] for r in late.rows[1:]] == [["示例县教育局", "部门", "3"]]


def test_dismissing_the_balance_finding_updates_the_indicators(world, boss):
    from gongkai.supervision.models import Finding, ReportIndicators, Submission

    sub = Submission.objects.get(unit=world["fin"], year=2024)
    assert ReportIndicators.objects.get(submission=sub).balanced is False
    f = Finding.objects.create(unit=world["fin"], year=2024, submission=sub, code="apps.balance", severity="error",
                               message="表三“总计”列不平衡")
    Finding.objects.create(unit=world["fin"], year=2024, submission=sub, code="form.late", severity="warning",
                           message="逾期")
    f.decide("dismissed", "已电话核实：印刷错误，原件平衡", boss)
    row = ReportIndicators.objects.get(submission=sub)
    assert (row.balanced, row.errors, row.warnings) == (True, 0, 1)  # the stored findings, the dismissed left out
