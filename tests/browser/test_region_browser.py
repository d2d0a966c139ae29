"""The region pages in headless Chromium: open, sort, filter, open a chart and its numbers, download each export."""

from __future__ import annotations

import csv
import io
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def world(transactional_db, settings, django_user_model):
    from gongkai.supervision.models import Supervisor
    from tests.supervision.region_world import make_region

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    w = make_region()
    u = django_user_model.objects.create_user("county-boss", password="pw-12345678")
    Supervisor.objects.create(user=u, unit=w["county"])
    return w


def test_region_page_sort_filter_chart_and_downloads(browser, world, live_server):
    base = live_server.url
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = ctx.new_page()
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(base) else None)
    page.goto(f"{base}/login/")
    page.fill("#id_username", "county-boss")
    page.fill("#id_password", "pw-12345678")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{base}/supervision/region/")
    page.wait_for_url(re.compile(r"/supervision/region/\d+/"))
    page.goto(page.url + "?year=2024")
    rows = page.locator("#region-table tbody tr")
    assert rows.count() == 5
    assert "flag-missing" in page.locator("tr[data-unit=示例县公安局]").get_attribute("class")
    assert "flag-late" in page.locator("tr[data-unit=示例县教育局]").get_attribute("class")

    # sort by 本年新收, twice: ascending then descending; the missing unit stays last
    rs = world["reports"]
    filed = sorted((r.number("apps.new_received.total"), n) for (n, y), r in rs.items() if y == 2024)
    page.click("#region-table thead a[data-sort=received]")
    page.wait_for_load_state()
    names = page.locator("#region-table tbody tr").evaluate_all("rs => rs.map(r => r.dataset.unit)")
    assert names == [n for _, n in filed] + ["示例县公安局"]
    page.click("#region-table thead a[data-sort=received]")
    page.wait_for_load_state()
    names = page.locator("#region-table tbody tr").evaluate_all("rs => rs.map(r => r.dataset.unit)")
    assert names == [n for _, n in reversed(filed)] + ["示例县公安局"]

    # filter: what does not balance
    page.select_option("#filter-flag", "unbalanced")
    page.click("#filters button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#region-table tbody tr").evaluate_all("rs => rs.map(r => r.dataset.unit)") == ["示例县财政局"]

    # each download of the (filtered) table, then of every cell
    for fmt in ("csv", "xlsx", "parquet", "json"):
        with page.expect_download() as d:
            page.click(f"#downloads a.download[data-format={fmt}]")
        path = d.value.path()
        assert d.value.suggested_filename.endswith(f".{fmt}")
        data = open(path, "rb").read()
        assert data
        if fmt == "csv":
            table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
            assert [row["单位"] for row in table] == ["示例县财政局"]
        with page.expect_download() as d:
            page.click(f"#downloads a.download-cells[data-format={fmt}]")
        assert open(d.value.path(), "rb").read()

    # a chart, drawn from the project's own ECharts, and its numbers one click away
    page.click("text=图表")
    page.wait_for_load_state()
    page.wait_for_function("document.getElementById('chart-trend').dataset.drawn === '1'")
    assert page.locator("#chart-trend svg").count() == 1
    assert not page.locator("#trend-table").is_visible()
    page.click("#block-trend summary")
    assert page.locator("#trend-table").is_visible()
    total_2024 = sum(r.number("apps.new_received.total") for (n, y), r in rs.items() if y == 2024)
    assert str(total_2024) in page.locator("#trend-table").inner_text()
    assert page.locator("#heat-table td[data-heat]").count() > 0

    # the ranking of one indicator across units
    page.click("text=指标排名")
    page.select_option("#ranking-indicator", "received")
    page.click("#ranking-form button[type=submit]")
    page.wait_for_load_state()
    page.wait_for_function("document.getElementById('chart-ranking').dataset.drawn === '1'")
    ranked = page.locator("#ranking-table tbody tr td:nth-child(2)").all_inner_texts()
    assert ranked == [n for _, n in reversed(filed)]

    # the assessment: edit a text on the page, then DOCX and PDF with it
    page.click("text=年度评估")
    page.wait_for_load_state()
    page.fill("#id_conclusion", "经评估，辖区总体良好。")
    from gongkai.ingest import read_document

    for fmt in ("docx", "pdf"):
        with page.expect_download() as d:
            page.click(f"#assessment-form button[value={fmt}]")
        data = open(d.value.path(), "rb").read()
        doc = read_document(data, f"评估.{fmt}")
        assert "经评估，辖区总体良好。" in re.sub(r"\s+", "", doc.text)
    assert not external, external  # nothing from outside the project (no CDN)
    ctx.close()
