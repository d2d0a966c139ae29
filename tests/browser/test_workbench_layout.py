"""The workbench's table in Chromium: numbers and dates on one line, outcomes whole, at common widths."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(os.environ.get("GONGKAI_SCREENSHOT_DIR", "/tmp"))
D = dt.date

# How many text lines an element's text occupies (Chromium's line boxes of its text).
LINES = """el => { const r = document.createRange(); r.selectNodeContents(el);
  const tops = new Set(Array.from(r.getClientRects()).filter(x => x.width > 0).map(x => Math.round(x.top)));
  return tops.size; }"""


@pytest.fixture
def world(transactional_db, monkeypatch):
    from django.core.cache import cache

    from tests.cases.platform_world import application, make_people

    cache.clear()
    p = make_people(monkeypatch)
    long = "申请公开示范市2025年度城市更新项目（含老旧小区改造、背街小巷整治）的立项批复、资金安排及验收材料"
    for i in range(4):
        application(p.a, p.registrar, received=D(2026, 10, 20 + i), info_description=long,
                    applicant_name="示范市某某科技有限公司" if i % 2 else "张三")
    done = application(p.a, p.registrar, received=D(2026, 9, 1), info_description=long)
    done.close(p.handler, "other.other", D(2026, 9, 10), "申请人撤回申请")
    done2 = application(p.a, p.registrar, received=D(2026, 9, 2), info_description=long)
    done2.close(p.handler, "unable.needs_creation", D(2026, 9, 11), "")
    return p


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-12345678")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/"))


@pytest.mark.parametrize("width", [1280, 1024])
def test_numbers_and_dates_stay_on_one_line(browser, world, live_server, width):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = ctx.new_page()
    login(page, live_server.url, "handler")
    for queue in ("open", "closed"):
        page.goto(f"{live_server.url}/staff/a/?queue={queue}")
        rows = page.locator("#queue-table tbody tr")
        assert rows.count() >= 2, queue
        for cell in page.locator("#queue-table td.nowrap, #queue-table span.nowrap").all():
            text = cell.inner_text()
            assert cell.evaluate(LINES) == 1, (queue, width, text)
        if queue == "closed":
            outcomes = [o.inner_text() for o in page.locator("#queue-table .outcome").all()]
            assert "（四）无法提供 2.没有现成信息需要另行制作" in outcomes and "（六）其他处理 3.其他" in outcomes
        page.screenshot(path=str(SHOTS / f"gongkai-workbench-{queue}-{width}.png"), full_page=True)
    ctx.close()
