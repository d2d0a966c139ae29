"""Letters and fees in headless Chromium: the template editor's live preview, the fee calculator's
live working, making a letter and the applicant downloading it from the status page."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]



@pytest.fixture
def setup(transactional_db, monkeypatch, settings):
    from django.core.cache import cache

    from gongkai.cases import models as m
    from tests.cases.decision_world import TODAY, make_app, make_user

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    monkeypatch.setattr(m.dates, "today", lambda: TODAY)
    a = m.Agency.objects.create(slug="env", name="示范市生态环境局")
    handler = make_user("handler", a, "handler")
    make_user("head", a, "head", "admin")
    app = make_app(a, by=handler)
    app.take(handler)
    return app


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-12345678")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/"))


def test_template_preview_fee_working_and_letter_download(browser, setup, live_server):
    from gongkai.letters.models import Letter
    from gongkai.letters.render import cn_date

    app, base = setup, live_server.url
    page = browser.new_context(locale="zh-CN").new_page()

    # The template editor: typing re-renders the preview on the example data (htmx).
    login(page, base, "head")
    page.goto(f"{base}/staff/env/letters/templates/receipt/")
    page.fill("textarea[name=source]", "# 回执\n\n{{ applicant }}您好，查询码{{ tracking_code }}。")
    page.locator("textarea[name=source]").press("End")
    page.wait_for_selector("#preview >> text=张三您好，查询码K7Q2-M9XD-4T。")
    page.fill("textarea[name=source]", "{% load static %}")
    page.locator("textarea[name=source]").press("End")
    page.wait_for_selector("#preview .error")

    # The fee calculator shows the working as the handler types.
    login(page, base, "handler")
    page.goto(f"{base}/staff/a/{app.pk}/fee/")
    page.check("input[name=method][value=by_volume]")
    page.fill("input[name=quantity]", "145")
    page.locator("input[name=quantity]").press("Tab")
    page.wait_for_selector("#quote >> text=第101—145页：45页 × 20元 = 900元")
    assert page.inner_text("#amount") == "1600"
    # Deciding the fee from the same form (the date field carries today's date).
    page.fill("textarea[name=reason]", "一次申请一百余页复制件")
    page.click("#calculator button[type=submit]")
    page.wait_for_selector("#fee-due")
    app.refresh_from_db()
    assert app.fee_amount == 1600 and page.inner_text("#fee-due") == app.fee_due_on.isoformat()

    # Make a receipt; the applicant downloads it from the status page.
    page.goto(f"{base}/staff/a/{app.pk}/letters/")
    page.select_option("select[name=kind]", "receipt")
    page.click("#generate button[type=submit]")
    page.wait_for_selector("#letters tr[data-kind=receipt]")
    letter = Letter.objects.get(application=app, kind="receipt")
    from gongkai.cases import models as m

    assert f"即于{cn_date(m.add_working_days(app.received_on, 20))}前作出答复" in letter.text
    page.context.clear_cookies()
    page.goto(f"{base}/track/{app.tracking_code}/")
    assert page.locator("#letters li").count() == 2  # the fee notice and the receipt
    with page.expect_download() as dl:
        page.locator("#letters li", has_text="登记回执").locator("text=Word").click()
    assert dl.value.suggested_filename.endswith("-receipt.docx")
