"""The pages: registers, the staff report page with its steps, the public pages, the workbench warning."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.annual import models as am
from gongkai.annual import rules
from gongkai.cases import models as m
from gongkai.registers.models import Document, MonthlyFigure

pytestmark = pytest.mark.django_db
D = dt.date


def login(client, user):
    client.force_login(user)


def published_2025(p):
    r = am.start(p.a, 2025, p.handler)
    r.step("check", p.handler, {"handler"})
    r.step("sign_off", p.head, {"head"})
    r.step("publish", p.admin, {"admin"}, on=D(2026, 1, 20))
    return r


# --- registers ---------------------------------------------------------------------------------

def test_register_pages_read_by_every_member_written_by_editors(client, people):
    p = people
    urls = [reverse("registers:documents", args=["a"]), reverse("registers:figures", args=["a", 2026]),
            reverse("registers:catalogue", args=["a"]), reverse("registers:art26", args=["a"])]
    login(client, p.supervisor)
    for u in urls:
        assert client.get(u).status_code == 200, u
    form = {"kind": "normative", "title": "示范市停车办法", "number": "示规〔2026〕3号", "signed_on": "2026-09-01"}
    assert client.post(urls[0], form).status_code == 403
    assert client.get(reverse("registers:import", args=["a"])).status_code == 403
    login(client, p.handler)
    assert client.post(urls[0], form).status_code == 302
    d = Document.objects.get()
    assert d.entered_by == p.handler and d.agency == p.a
    assert m.Event.objects.filter(agency=p.a, action="register_document").exists()
    html = client.get(urls[0]).content.decode()
    assert "示范市停车办法" in html and "已超期未公开" in html  # 1 Sep + 20 working days < 30 Oct
    assert "示范市停车办法" in client.get(urls[3]).content.decode()
    r = client.post(reverse("registers:document", args=["a", d.pk]), form | {"published_on": "2026-09-10"})
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.published_on == D(2026, 9, 10)
    assert m.Event.objects.get(action="edit_document").detail["changes"]["published_on"] == ["None", "2026-09-10"]
    client.post(urls[1], {"category": "fees", "year": 2026, "month": 9, "amount": "1.25"})
    assert MonthlyFigure.objects.get().amount == "1.25"
    assert "1.25" in client.get(urls[1]).content.decode()


def test_registers_of_another_agency_answer_404(client, people):
    d = Document.objects.create(agency=people.a, kind="regulation", title="甲", signed_on=D(2026, 1, 5))
    login(client, people.stranger)  # staff of agency b
    for u in (reverse("registers:documents", args=["a"]), reverse("registers:document", args=["a", d.pk]),
              reverse("registers:figures", args=["a", 2026]), reverse("registers:import", args=["a"]),
              reverse("registers:art26", args=["a"]), reverse("annual:staff", args=["a", 2026])):
        assert client.get(u).status_code == 404, u
    assert client.get(reverse("registers:document", args=["b", d.pk])).status_code == 404


def test_import_through_the_page_previews_then_saves(client, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, people.admin)
    url = reverse("registers:import", args=["a"])
    bad = SimpleUploadedFile("list.csv", "类别,标题,签发日期\n规章,甲,2026-13-01\n".encode())
    html = client.post(url, {"kind": "documents", "file": bad}).content.decode()
    assert "list.csv 第2行“签发日期”列" in html and 'id="import-confirm"' not in html
    good = SimpleUploadedFile("list.csv", "类别,标题,签发日期\n规章,甲,2026-03-01\n规章,乙,2026-04-01\n".encode())
    html = client.post(url, {"kind": "documents", "file": good}).content.decode()
    assert 'id="import-confirm"' in html and Document.objects.count() == 0
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert sorted(Document.objects.values_list("title", flat=True)) == ["乙", "甲"]


# --- the staff report page ------------------------------------------------------------------------

def test_report_page_draft_steps_and_year_not_over(client, people):
    p = people
    login(client, p.handler)
    url = reverse("annual:staff", args=["a", 2026])
    html = client.get(url).content.decode()
    assert "截至 2026年10月30日" in html and 'id="create-draft"' in html and 'id="balance"' in html
    assert client.post(reverse("annual:create", args=["a", 2026])).status_code == 302
    r = am.current(p.a, 2026)
    html = client.get(url).content.decode()
    assert 'textarea name="overview"' in html and "截至2026年10月30日" in html  # in the prefilled text too
    client.post(reverse("annual:text", args=["a", 2026]),
                {k: v for k, v in r.sections.items()} | {"problems": "一是问题。", "revision": r.revision})
    r.refresh_from_db()
    assert r.sections["problems"] == "一是问题。"
    assert client.post(reverse("annual:step", args=["a", 2026, "check"])).status_code == 302
    login(client, p.registrar)
    assert client.post(reverse("annual:step", args=["a", 2026, "sign_off"])).status_code == 403
    login(client, p.head)
    client.post(reverse("annual:step", args=["a", 2026, "sign_off"]), {"comment": "同意"})
    r.refresh_from_db()
    assert r.state == rules.SIGNED_OFF and r.cells is not None
    client.post(reverse("annual:step", args=["a", 2026, "publish"]))
    r.refresh_from_db()
    assert r.state == rules.SIGNED_OFF  # the year is not over: refused with a message
    html = client.get(url).content.decode()
    assert "2026年尚未结束" in html and 'textarea name="overview"' not in html
    assert [e.action for e in r.events.all()] == ["create", "edit", "check", "sign_off"]


def test_live_check_reads_the_unsaved_text(client, people):
    r = am.start(people.a, 2026, people.handler)
    url = reverse("annual:check", args=["a", 2026])
    login(client, people.supervisor)
    assert client.post(url, r.sections).status_code == 403  # read-only members do not write
    login(client, people.handler)
    html = client.post(url, r.sections | {"appeals": "本年度被申请行政复议3件。"}).content.decode()
    assert 'data-code="narrative.count"' in html and "行政复议为 0 件" in html
    assert am.AnnualReport.objects.get(pk=r.pk).sections == r.sections  # nothing saved


def test_report_page_downloads_and_bad_years(client, people):
    published_2025(people)
    login(client, people.supervisor)
    r = client.get(reverse("annual:staff", args=["a", 2025]), {"format": "pdf"})
    assert r.status_code == 200 and r.content[:5] == b"%PDF-"
    assert client.get(reverse("annual:staff", args=["a", 2025]), {"format": "json"}).json()["published"] == "2026-01-20"
    assert client.get(reverse("annual:staff", args=["a", 2027])).status_code == 404
    assert client.get(reverse("annual:staff", args=["a", 1999])).status_code == 404


# --- public pages ----------------------------------------------------------------------------------

def test_public_pages_list_published_versions_with_dates(client, people):
    p = people
    assert client.get(reverse("annual:public", args=["a", 2025])).status_code == 404
    v1 = published_2025(p)
    v2 = v1.step("correct", p.handler, {"handler"}, "表二数字更正")
    html = client.get(reverse("annual:public_list", args=["a"])).content.decode()
    assert "2025年度" in html and "2026年01月20日" in html and "表二数字更正" not in html  # v2 unpublished
    v2.step("check", p.handler, {"handler"})
    v2.step("sign_off", p.head, {"head"})
    v2.step("publish", p.admin, {"admin"}, on=D(2026, 2, 2))
    html = client.get(reverse("annual:public_list", args=["a"])).content.decode()
    assert "第2版" in html and "第1版" in html and "2026年02月02日" in html
    page = client.get(reverse("annual:public", args=["a", 2025])).content.decode()
    assert "2026年2月2日" in page and "六、其他需要报告的事项" in page and 'id="superseded"' not in page
    old = client.get(reverse("annual:public_version", args=["a", 2025, 1])).content.decode()
    assert 'id="superseded"' in old and "2026年1月20日" in old
    pdf = client.get(reverse("annual:public_file", args=["a", 2025, 1, "pdf"]))
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert client.get(reverse("annual:public_file", args=["a", 2025, 2, "docx"])).content[:2] == b"PK"
    assert client.get(reverse("annual:public_file", args=["a", 2025, 1, "exe"])).status_code == 404
    data = client.get(reverse("annual:public_file", args=["a", 2025, 1, "json"])).json()
    assert data["published"] == "2026-01-20" and data["year"] == 2025 and "apps.total.total" in data["cells"]
    assert client.get(reverse("annual:public_version", args=["a", 2025, 9])).status_code == 404


# --- the workbench warning ---------------------------------------------------------------------------

@pytest.mark.parametrize("level, due", [("department", "2026年1月31日"), ("township", "2026年1月31日"),
                                        ("county", "2026年2月20日"), ("prefecture", "2026年3月10日"),
                                        ("province", "2026年3月31日")])
def test_workbench_warns_from_1_january_with_the_deadline_of_the_level(client, people, monkeypatch, level, due):
    am.ReportProfile.objects.create(agency=people.a, level=level)
    login(client, people.handler)
    monkeypatch.setattr(m.dates, "today", lambda: D(2025, 12, 31))  # the 2024 report's season is long over
    assert 'id="report-deadline"' not in client.get(reverse("cases:agency", args=["a"])).content.decode()
    monkeypatch.setattr(m.dates, "today", lambda: D(2026, 1, 2))
    html = client.get(reverse("cases:agency", args=["a"])).content.decode()
    assert 'id="report-deadline"' in html and f"2025年度政府信息公开工作年度报告尚未起草，应于{due}前向社会公布" in html


def test_workbench_warning_ends_with_publication(client, people, monkeypatch):
    login(client, people.handler)
    monkeypatch.setattr(m.dates, "today", lambda: D(2026, 2, 5))
    html = client.get(reverse("cases:agency", args=["a"])).content.decode()
    assert "已超过法定发布期限2026年1月31日（政府部门）5天" in html
    published_2025(people)
    assert 'id="report-deadline"' not in client.get(reverse("cases:agency", args=["a"])).content.decode()


def test_register_and_report_pages_carry_the_one_agency_menu(client, people):
    import re

    login(client, people.head)
    for url in (reverse("registers:documents", args=["a"]), reverse("registers:art26", args=["a"]),
                reverse("annual:staff", args=["a", 2026])):
        html = client.get(url).content.decode()
        nav = re.search(r'<nav class="sub"[^>]*>(.*?)</nav>', html, re.S).group(1)
        menu = re.findall(r"<a [^>]*>([^<]+)</a>", nav)
        assert menu == ["工作台", "年度报告", "主动公开登记", "文书模板", "文书设置", "节假日安排"]
