"""Letters in the platform: generated with an application, stored, downloaded by staff and applicant."""
# ruff: noqa: F811  (the ``world`` fixture is imported, then named as a parameter)

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.cases import models as m
from gongkai.letters import build
from gongkai.letters.files import docx_text, pdf_available, pdf_text
from gongkai.letters.models import Letter, LetterSettings, LetterTemplate
from gongkai.letters.render import KINDS, cn_date

from .decision_world import make_app, world  # noqa: F401

pytestmark = pytest.mark.django_db


def _generate(client, app, kind, **extra):
    return client.post(reverse("letters:generate", args=[app.pk]), {"kind": kind, "issued": "2026-09-02", **extra})


def test_receipt_states_the_clocks_dates_and_is_stored(client, world):
    client.force_login(world.handler)
    r = _generate(client, world.app, "receipt")
    assert r.status_code == 302
    letter = Letter.objects.get(application=world.app)
    assert letter.kind == "receipt" and letter.agency == world.a
    due = m.add_working_days(dt.date(2026, 9, 1), 20)
    assert world.app.due_on == due
    assert cn_date(dt.date(2026, 9, 1)) in letter.text and f"即于{cn_date(due)}前作出答复" in letter.text
    assert world.app.tracking_code in letter.text
    assert "2026年9月2日" in letter.text  # issued
    assert letter.reference.endswith("〔2026〕第1号")
    assert cn_date(due) in docx_text(bytes(letter.docx))
    if pdf_available():
        assert cn_date(due) in "".join(pdf_text(bytes(letter.pdf)).split())
    assert world.app.events.filter(action="letter").exists()


def test_serial_numbers_count_per_agency_and_year(world):
    first = build.generate(world.app, "receipt", world.handler, issued=dt.date(2026, 9, 2))
    second = build.generate(world.app, "receipt", world.handler, issued=dt.date(2026, 9, 3))
    other = build.generate(make_app(world.b, by=world.other), "receipt", world.other, issued=dt.date(2026, 9, 3))
    assert (first.serial, second.serial, other.serial) == (1, 2, 1)


def test_extension_letter_states_original_and_extended_due(world):
    app = world.app
    app.request_extension(world.handler, 10, "需要调取档案")
    app.approve_extension(world.head)
    app.refresh_from_db()
    letter = build.generate(app, "extension", world.handler, issued=dt.date(2026, 9, 10))
    original = m.add_working_days(dt.date(2026, 9, 1), 20)
    assert app.due_on == m.add_working_days(original, 10)
    assert f"原于{cn_date(original)}届满" in letter.text
    assert f"延长10个工作日，本机关将于{cn_date(app.due_on)}前作出答复" in letter.text
    assert "因需要调取档案" in letter.text


def test_correction_letter_lists_items_deadline_and_consequence(world):
    app = world.app
    app.request_correction(world.handler, dt.date(2026, 9, 3), "所需信息的时间范围\n所需信息的文件名称或文号", 10)
    letter = build.generate(app, "correction", world.handler, issued=dt.date(2026, 9, 3))
    assert "1. 所需信息的时间范围" in letter.text and "2. 所需信息的文件名称或文号" in letter.text
    assert f"请于{cn_date(app.correction_due_on)}前（10个工作日内）" in letter.text
    assert "视为放弃申请" in letter.text


def test_consultation_letters_are_not_shown_to_the_applicant(client, world):
    app = world.app
    app.start_consultation(world.handler, dt.date(2026, 9, 3), "示范化工有限公司", "third_party")
    letter = build.generate(app, "consult_third_party", world.handler, issued=dt.date(2026, 9, 3))
    c = app.consultations.get()
    assert f"即于{cn_date(c.due_on)}前" in letter.text and "第三十二条" in letter.text
    assert app.applicant_name not in letter.text  # the third party is not told who asked
    r = client.get(reverse("letters:public_download", args=[app.tracking_code, letter.pk, "docx"]))
    assert r.status_code == 404


@pytest.mark.parametrize("outcome,article", [
    ("granted", "第三十六条第（二）项"),
    ("denied.third_party", "第十五条"),
    ("denied.process_info", "第十六条第二款"),
    ("unable.not_held", "第三十六条第（四）项"),
    ("not_processed.complaint", "第三十九条第一款"),
])
def test_decision_letter_after_close(world, outcome, article):
    app = world.app
    app.close(world.handler, outcome, dt.date(2026, 9, 20), reason="经核查。" if outcome != "granted" else "")
    kinds = build.available_kinds(app)
    kind = kinds[-1]
    assert kind.startswith("decision")
    letter = build.generate(app, kind, world.handler, issued=dt.date(2026, 9, 20), provided="随函提供")
    assert article in letter.text
    assert "60日内" in letter.text and "6个月内" in letter.text


def test_not_held_with_responsible_agency_uses_article_36_5(world):
    app = world.app
    app.close(world.handler, "unable.not_held", dt.date(2026, 9, 20), responsible_agency="示范市自然资源局")
    assert build.available_kinds(app)[-1] == "decision_not_ours"
    letter = build.generate(app, "decision_not_ours", world.handler, issued=dt.date(2026, 9, 20))
    assert "第三十六条第（五）项" in letter.text and "该信息由示范市自然资源局负责公开" in letter.text


def test_remedy_clause_names_the_agencys_review_body_and_court(world):
    LetterSettings.objects.create(agency=world.a, review_body="示范市人民政府", court="示范区人民法院",
                                  reference_prefix="示环公", office="示范市生态环境局")
    world.app.close(world.handler, "granted", dt.date(2026, 9, 20))
    letter = build.generate(world.app, "decision_granted", world.handler, issued=dt.date(2026, 9, 20))
    assert "向示范市人民政府申请行政复议" in letter.text and "向示范区人民法院提起行政诉讼" in letter.text
    assert letter.reference == "示环公〔2026〕第1号"


def test_applicant_downloads_with_tracking_code_only(client, world):
    letter = build.generate(world.app, "receipt", world.handler, issued=dt.date(2026, 9, 2))
    r = client.get(reverse("letters:public_download", args=[world.app.tracking_code, letter.pk, "docx"]))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    other_app = make_app(world.b, by=world.other)
    r = client.get(reverse("letters:public_download", args=[other_app.tracking_code, letter.pk, "docx"]))
    assert r.status_code == 404
    if pdf_available():
        r = client.get(reverse("letters:public_download", args=[world.app.tracking_code, letter.pk, "pdf"]))
        assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_status_page_lists_the_applicants_letters(client, world):
    letter = build.generate(world.app, "receipt", world.handler, issued=dt.date(2026, 9, 2))
    r = client.get(reverse("cases:track", args=[world.app.tracking_code]))
    assert r.status_code == 200
    assert reverse("letters:public_download", args=[world.app.tracking_code, letter.pk, "docx"]) in r.content.decode()


def test_staff_of_another_agency_cannot_see_or_make_letters(client, world):
    letter = build.generate(world.app, "receipt", world.handler, issued=dt.date(2026, 9, 2))
    client.force_login(world.other)
    assert client.get(reverse("letters:download", args=[letter.pk, "docx"])).status_code == 404
    assert client.get(reverse("letters:application", args=[world.app.pk])).status_code == 404
    assert _generate(client, world.app, "receipt").status_code == 404
    assert client.get(reverse("letters:templates", args=["env"])).status_code == 404
    assert client.get(reverse("letters:template", args=["env", "receipt"])).status_code == 404
    assert client.get(reverse("letters:settings", args=["env"])).status_code == 404
    assert Letter.objects.count() == 1


def test_application_page_offers_the_kinds_the_records_allow(client, world):
    client.force_login(world.handler)
    r = client.get(reverse("letters:application", args=[world.app.pk]))
    assert r.status_code == 200
    body = r.content.decode()
    assert KINDS["receipt"].title in body and KINDS["fee_notice"].title not in body


def test_template_edit_saves_previews_and_rejects_bad_templates(client, world):
    client.force_login(world.head)
    url = reverse("letters:template", args=["env", "receipt"])
    r = client.get(url)
    assert r.status_code == 200 and "tracking_code" in r.content.decode()  # the field list
    source = ("# 登记回执\n\n| {{ applicant }}：\n\n已于{{ received }}收到，{{ due }}前答复。"
              "\n\n> {{ office }}\n> {{ issued }}")
    r = client.post(url, {"source": source})
    assert r.status_code == 302
    assert LetterTemplate.source_for(world.a, "receipt") == source
    letter = build.generate(world.app, "receipt", world.handler, issued=dt.date(2026, 9, 2))
    assert letter.text.startswith("登记回执") and f"{cn_date(world.app.due_on)}前答复" in letter.text
    r = client.post(url, {"source": "{% load static %}{{ applicant }}"})
    assert r.status_code == 200 and "不允许" in r.content.decode()
    assert LetterTemplate.source_for(world.a, "receipt") == source  # unchanged
    r = client.post(reverse("letters:preview", args=["env", "receipt"]), {"source": "{{ applicant }}你好"})
    assert "张三你好" in r.content.decode()
    client.post(url, {"restore": "1", "source": ""})
    assert "20个工作日内" in LetterTemplate.source_for(world.a, "receipt")


def test_handler_cannot_edit_templates(client, world):
    client.force_login(world.handler)
    r = client.post(reverse("letters:template", args=["env", "receipt"]), {"source": "{{ applicant }}"})
    assert r.status_code == 403


def test_letters_are_never_deleted(world):
    letter = build.generate(world.app, "receipt", world.handler, issued=dt.date(2026, 9, 2))
    with pytest.raises(PermissionDenied):
        letter.delete()
    with pytest.raises(PermissionDenied):
        Letter.objects.all().delete()


def test_seed_stores_every_default_once(world):
    assert LetterTemplate.seed(world.a) == len(KINDS)
    assert LetterTemplate.seed(world.a) == 0


def test_no_decision_letter_before_the_head_approves(world):
    world.a.requires_close_approval = True
    world.a.save()
    world.app.close(world.handler, "denied.third_party", dt.date(2026, 9, 20), reason="涉及商业秘密")
    assert world.app.status == m.Status.APPROVAL
    assert not any(k.startswith("decision") for k in build.available_kinds(world.app))
    with pytest.raises(ValidationError, match="尚未办结"):
        build.generate(world.app, "decision_denied", world.handler)
    world.app.approve_close(world.head, dt.date(2026, 9, 21))
    assert build.available_kinds(world.app)[-1] == "decision_denied"


def test_consultation_letter_for_the_chosen_party(client, world):
    app = world.app
    first = app.start_consultation(world.handler, dt.date(2026, 9, 3), "示范化工有限公司", "third_party")
    app.start_consultation(world.handler, dt.date(2026, 9, 4), "示范印染有限公司", "third_party")
    client.force_login(world.handler)
    r = _generate(client, app, "consult_third_party", consultation=str(first.pk))
    assert r.status_code == 302
    letter = Letter.objects.get(application=app)
    assert letter.text.splitlines()[4].startswith("示范化工有限公司")
    assert f"即于{cn_date(first.due_on)}前" in letter.text
