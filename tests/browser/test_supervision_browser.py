"""A supervisor's walk through the workspace in headless Chromium: import the units → upload a zip
of reports → watch the queue read them → review a report (a cell's provenance and its PDF page,
a finding confirmed, the report returned) → the government's roll-up and the draft of its report.

The reading runs through the real queue: the test plays the worker (`db_worker --batch`, the same
loop `gongkai worker` runs) between steps, while the page follows the progress on its own.
"""

from __future__ import annotations

import io
import os
import random
import re
import zipfile
from pathlib import Path

import pytest

from tests import docgen

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOT = Path(os.environ.get("GONGKAI_SCREENSHOT_DIR", "/tmp")) / "gongkai-rollup.png"
CORPUS_PDF = Path("/work/shared/corpus/hongze-2024.pdf")


@pytest.fixture
def boss(transactional_db, django_user_model, settings, tmp_path):
    from gongkai.supervision.models import Supervisor, Unit

    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = django_user_model.objects.create_user("boss", password="pw-12345678", first_name="孙平")
    top = Unit.objects.create(name="青岚省人民政府", level="province")
    Supervisor.objects.create(user=user, unit=top)
    return user


def test_import_queue_review_rollup(browser, boss, live_server, tmp_path):
    from gongkai.supervision.models import Submission
    from tests.supervision.conftest import drain

    region = docgen.random_region(41, counties=2, departments=2, townships=1)
    top = next(n for n, lv, *_ in region.units if lv == "prefecture")
    county = next(n for n, lv, *_ in region.units if lv == "county")
    dept = region.children(county)[1]
    # one department's table does not add up: its own error, and its county no longer equals the sum
    region.reports[dept], changed = docgen.unbalance(region.reports[dept], random.Random(3))
    csv_text = region.csv().replace(f"{top},prefecture,,", f"{top},prefecture,青岚省人民政府,")
    with_pdf = CORPUS_PDF.exists()
    if with_pdf:
        csv_text += f"洪泽区人民政府,county,{top},\n"
    (tmp_path / "units.csv").write_text(csv_text, encoding="utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i, report in enumerate(region.reports.values()):
            doc = docgen.make("text", report)
            z.writestr(f"报告/{i:02d}{doc.suffix}", doc.data)
        if with_pdf:
            z.writestr("报告/hongze-2024.pdf", CORPUS_PDF.read_bytes())
    (tmp_path / "reports.zip").write_bytes(buf.getvalue())
    n = len(region.reports) + (1 if with_pdf else 0)

    base = live_server.url
    page = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(f"{base}/login/?next=/supervision/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "pw-12345678")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/supervision/$"))
    assert "您监督：青岚省人民政府" in page.inner_text("main")

    # 1. import the units
    page.click("text=单位")
    page.click("text=导入单位名单（CSV）")
    page.set_input_files("input[name=file]", str(tmp_path / "units.csv"))
    page.click("main form button")
    page.wait_for_url(re.compile(r"/supervision/units/$"))
    assert "单位名单已导入" in page.inner_text("main")
    assert page.locator(f"table.tree >> text={dept}").count() == 1

    # 2. upload a zip: the reports are queued; the batch page shows 0 of n read
    page.click("nav.snav >> text=上传报告")
    page.set_input_files("input[name=files]", str(tmp_path / "reports.zip"))
    page.click("main form button")
    page.wait_for_url(re.compile(r"/supervision/batches/\d+/$"))
    assert page.inner_text("#total") == str(n)
    assert page.inner_text("#done") == "0"

    # 3. the worker reads the queue; the open page follows by itself
    drain()
    page.wait_for_function(f"document.querySelector('#done').textContent == '{n}'", timeout=15000)
    assert Submission.objects.filter(state="read").count() == n
    assert page.locator("tr[data-state=read]").count() == n

    # 4. review the unbalanced department: its error, the cell's provenance
    page.click("nav.snav >> text=单位")
    page.click(f"table.tree >> text={dept}")
    page.click("text=第 1 版")
    errors = page.locator("tr.error")
    assert errors.count() >= 1
    assert changed in "".join(errors.all_inner_texts()) or page.locator(f"td.flagged[data-key='{changed}']").count()
    page.click(f"td[data-key='{changed}'] a")
    assert "出处：第" in page.inner_text("#page")
    # confirm the first error with a note; the audit line shows who and when
    row = page.locator("tr.error").first
    row.locator("input[name=note]").fill("已与该局核实，表格合计有误")
    row.locator("button[value=confirmed]").click()
    page.wait_for_load_state()
    assert "已确认" in page.locator("tr.error").first.inner_text()
    assert "孙平" in page.locator("tr.error").first.inner_text()
    # return it to the unit with comments
    page.fill("textarea[name=comments]", "表四合计与分项不符，请更正后重新报送")
    page.click("form[action$='/return/'] button")
    page.wait_for_load_state()
    assert "等待重新报送" in page.inner_text("main")

    # 5. a PDF report: click a number, see its page with the cell outlined
    if with_pdf:
        hz = Submission.objects.get(original_name__endswith="hongze-2024.pdf")
        assert hz.unit.name == "洪泽区人民政府"
        page.goto(f"{base}/supervision/reports/{hz.pk}/")
        page.click("td[data-key='apps.granted.natural_person'] a")
        img = page.locator("img.pageimg")
        img.wait_for()
        page.wait_for_function("document.querySelector('img.pageimg').naturalWidth > 500")

    # 6. the county's roll-up: who filed, who does not balance, the summed tables, the draft
    page.goto(f"{base}/supervision/units/")
    page.locator(f"table.tree tr:has-text('{county}') >> text=汇总").first.click()
    page.wait_for_url(re.compile(r"/supervision/rollup/\d+/"))
    kids = region.children(county)
    assert page.inner_text("#filed") == str(len(kids))
    assert page.inner_text("#unbalanced") == "1"
    assert "region.sum" in page.inner_text("ul.region-findings")
    expected = sum(region.reports[k].number("apps.new_received.total") for k in kids)
    assert page.inner_text(".statutory td[data-key='apps.new_received.total']") == str(expected)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    with page.expect_download() as dl:
        page.click(".draft >> text=DOCX")
    assert dl.value.suggested_filename.endswith("（汇总稿）.docx")
