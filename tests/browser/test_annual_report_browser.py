"""An office's annual report end to end in headless Chromium: registers → draft → approval → publication.

Debian's chromium driven by Playwright's Python package against pytest-django's live server;
skips cleanly when either is missing. "Today" is 12 January 2026: the 2025 report is due by
31 January (《条例》第四十九条, a department).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TODAY = dt.date(2026, 1, 12)
SCREENSHOT = Path(os.environ.get("GONGKAI_SCREENSHOT_DIR", "/tmp")) / "gongkai-annual-report.png"


@pytest.fixture
def world(transactional_db, monkeypatch):
    from django.core.cache import cache

    from gongkai.cases import models as m
    from tests.cases.platform_world import make_people

    cache.clear()
    people = make_people(monkeypatch)
    monkeypatch.setattr(m.dates, "today", lambda: TODAY)
    return people


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-12345678")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/"))


def step(page, name, comment=""):
    form = page.locator(f"form.step[data-step={name}]")
    if comment:
        form.locator("input[name=comment]").fill(comment)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_registers_draft_approval_publication(browser, world, live_server):
    from gongkai.annual import models as am

    base = live_server.url
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()

    # 1. Registers: a normative document and a month's fees, by the handler.
    login(page, base, "handler")
    page.goto(f"{base}/staff/a/")
    assert "应于2026年1月31日前向社会公布" in page.inner_text("#report-deadline")
    page.click("text=主动公开登记")
    page.select_option("#document-form select[name=kind]", "normative")
    page.fill("#document-form input[name=title]", "示范市停车管理办法")
    page.fill("#document-form input[name=number]", "示规〔2025〕9号")
    page.fill("#document-form input[name=signed_on]", "2025-03-02")
    page.fill("#document-form input[name=published_on]", "2025-03-06")
    page.click("#document-form button[type=submit]")
    assert "示范市停车管理办法" in page.inner_text("#documents")
    page.goto(f"{base}/staff/a/registers/figures/2025/")
    page.select_option("#figure-form select[name=category]", "fees")
    page.fill("#figure-form input[name=month]", "3")
    page.fill("#figure-form input[name=amount]", "2.35")
    page.click("#figure-form button[type=submit]")
    assert "2.35" in page.inner_text("#figures")

    # 2. The draft: tables from the registers, the narrative prefilled, edited, checked as written.
    page.click("#report-deadline a")
    page.click("#create-draft button")
    assert page.inner_text("#table2 td[data-key='art20.normative_documents.made']") == "1"
    assert page.inner_text("#table2 td[data-key='art20.fees.amount']") == "2.35"
    assert "text.placeholder" in page.inner_text("#findings")
    overview = page.input_value("#section-overview")
    assert "收到政府信息公开申请0件" in overview
    # Checked as it is written: a wrong figure is flagged before anything is saved.
    page.fill("#section-overview", overview.replace("收到政府信息公开申请0件", "收到政府信息公开申请9件"))
    page.wait_for_selector("#findings li[data-code='narrative.count']")
    page.fill("#section-overview", overview.replace("（请补充）", "平台运行正常。"))
    page.wait_for_selector("#findings li[data-code='narrative.count']", state="detached")
    page.fill("#section-problems", "一是政策解读不够及时。\n改进措施：与文件同步发布解读。")
    page.click("#save-text")
    assert "text.placeholder" not in page.inner_text("#findings")
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    step(page, "check")
    assert "已核稿" in page.inner_text("#report-state")

    # 3. The head returns it once with a comment, then signs it off.
    login(page, base, "head")
    page.goto(f"{base}/staff/a/report/2025/")
    step(page, "return", "第五部分请再具体一些")
    assert "第五部分请再具体一些" in page.inner_text("#audit")
    login(page, base, "handler")
    page.goto(f"{base}/staff/a/report/2025/")
    page.fill("#section-problems", "一是政策解读不够及时，3件文件的解读晚于文件发布。\n改进措施：与文件同步发布解读。")
    page.click("#save-text")
    step(page, "check")
    login(page, base, "head")
    page.goto(f"{base}/staff/a/report/2025/")
    step(page, "sign_off", "同意发布")
    assert "已签发" in page.inner_text("#report-state")
    assert page.locator("#section-overview textarea, textarea#section-overview").count() == 0  # frozen

    # 4. Publication by the administrator; the public page shows it with its date, the warning is gone.
    login(page, base, "admin")
    page.goto(f"{base}/staff/a/report/2025/")
    step(page, "publish")
    assert "已发布" in page.inner_text("#report-state")
    assert page.locator("#report-deadline").count() == 0
    page.goto(f"{base}/reports/a/")
    page.click("text=2025年度")
    body = page.inner_text("#report-body")
    assert "2026年1月12日" in body and "3件文件的解读晚于文件发布" in body
    assert page.inner_text("#report-body td[data-key='art20.fees.amount']") == "2.35"
    with page.expect_download() as dl:
        page.click("text=PDF")
    assert dl.value.suggested_filename.endswith(".pdf")
    r = am.AnnualReport.objects.get(agency=world.a, year=2025)
    assert [e.action for e in r.events.all()] == ["create", "edit", "check", "return", "edit", "check", "sign_off",
                                                  "publish"]
    ctx.close()
