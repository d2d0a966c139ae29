"""The public form, the status page (answering a 补正) and the staff workbench, end to end in headless Chromium.

Debian's chromium driven by Playwright's Python package against pytest-django's live server.
Skips cleanly when either is missing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOT = Path(os.environ.get("GONGKAI_SCREENSHOT_DIR", "/tmp")) / "gongkai-workbench.png"


@pytest.fixture
def world(transactional_db, monkeypatch):
    from django.core.cache import cache

    from tests.cases.platform_world import make_people

    cache.clear()
    return make_people(monkeypatch)


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-12345678")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/"))


def do_action(page, name, fields: dict[str, str] | None = None, selects: dict[str, str] | None = None):
    box = page.locator(f"details[data-action={name}]").first
    box.locator("summary").click()
    for field, value in (fields or {}).items():
        box.locator(f"[name={field}]").fill(value)
    for field, value in (selects or {}).items():
        box.locator(f"select[name={field}]").select_option(value)
    box.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_public_form_status_page_and_workbench(browser, world, live_server):
    from gongkai.cases import models as m

    base = live_server.url
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()

    # 1. The public form: an applicant submits online and gets a tracking code and a receipt.
    page.goto(f"{base}/")
    page.click("text=向示范市人民政府办公室申请")
    page.select_option("#id_applicant_type", "natural_person")
    page.fill("#id_applicant_name", "王五")
    page.fill("#id_id_number", "110105199202023459")
    page.fill("#id_phone", "13900000000")
    page.fill("#id_email", "wangwu@example.org")
    page.fill("#id_info_title", "示范河治理工程竣工验收报告")
    page.fill("#id_info_description", "申请公开2025年示范河治理工程竣工验收报告全文")
    page.select_option("#id_delivery_form", "email")
    page.click("#apply-form button[type=submit]")
    page.wait_for_url(re.compile(r"/receipt/"))
    code = page.inner_text("#tracking-code").strip()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code)
    assert "申请回执" in page.content()
    app = m.Application.objects.get(tracking_code=code)
    assert app.status == m.Status.SUBMITTED

    # 2. The registrar confirms receipt from the workbench's "new" queue.
    login(page, base, "registrar")
    page.goto(f"{base}/staff/a/?queue=new")
    page.click(f"text={app.number}")
    do_action(page, "register")
    assert "确认收到：已完成" in page.content()

    # 3. The handler takes it on and asks once for a 补正.
    login(page, base, "handler")
    page.goto(f"{base}/staff/a/{app.pk}/")
    do_action(page, "take")
    do_action(page, "request_correction", {"notice": "请写明所需报告的形成时间或文号"})
    assert "待补正" in page.inner_text("#status")

    # 4. The applicant follows the status with the code and answers the 补正 online.
    applicant = browser.new_context(locale="zh-CN").new_page()
    applicant.goto(f"{base}/track/")
    applicant.fill("#id_code", code.lower().replace("-", ""))
    applicant.click("button:has-text('查询')")
    applicant.wait_for_url(re.compile(r"/track/[A-Z2-9-]+/"))
    assert "请写明所需报告的形成时间或文号" in applicant.content()
    applicant.fill("#id_text", "报告形成于2025年12月，文号为示水验〔2025〕3号")
    applicant.click("#correction button[type=submit]")
    applicant.wait_for_load_state()
    assert "办理中" in applicant.inner_text("#status")
    app.refresh_from_db()
    assert app.status == m.Status.PROCESSING and app.restarted_on is not None

    # 5. The workbench: queues switch live (htmx) and the handler closes the application.
    page.goto(f"{base}/staff/a/")
    page.click("a[data-queue=correction]")
    page.wait_for_function("document.querySelector('#queue-table')?.dataset.queue === 'correction'")
    assert "/staff/a/" in page.url and "queue=correction" in page.url
    page.click("a[data-queue=new]")
    page.wait_for_function("document.querySelector('#queue-table')?.dataset.queue === 'new'")
    page.fill("input[name=q]", "王五")  # live search (htmx, on input)
    page.wait_for_function("document.querySelector('#queue-table')?.dataset.queue === 'search'")
    assert app.number in page.inner_text("#queue-table") and "查找结果：1 件" in page.inner_text("#queue-table")
    page.goto(f"{base}/staff/a/{app.pk}/")
    do_action(page, "close", {"reason": "所需信息属于已主动公开的信息，告知获取途径"}, {"outcome": "granted"})
    assert "已办结" in page.inner_text("#status")
    # A few more applications so the screenshot shows a working day's queue.
    from tests.cases.platform_world import application

    for i, (kind, day) in enumerate((("commercial", 9), ("research", 20), ("legal_services", 26),
                                     ("natural_person", 28))):
        a = application(world.a, world.registrar, applicant_type=kind,
                        received=dt.date(2026, 10, day), applicant_name=f"申请人{i + 1}",
                        info_title=["规划许可证及附图", "财政预算执行情况", "行政处罚决定书", "征收补偿安置方案"][i])
        a.take(world.handler)
    page.goto(f"{base}/staff/a/?queue=due_soon")
    page.wait_for_selector("#queue-table")
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000
    page.goto(f"{base}/staff/a/?queue=closed")
    assert app.number in page.inner_text("#queue-table")
    page.goto(f"{base}/staff/a/report/2026/")
    assert page.locator("#balance").count() == 1
    ctx.close()
