"""Bounded work and odd input on the platform (issue 10, section 4): the letter template sandbox's
budget, the description limit of the public form, long upload names, a receipt asked with a
withheld-part reason, a report year that does not exist."""
# ruff: noqa: F811  (the ``world`` fixture is imported, then named as a parameter)

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.cases import models as m
from gongkai.cases.forms import DESCRIPTION_MAX
from gongkai.letters import render as R
from gongkai.letters import sandbox
from gongkai.letters.models import Letter, LetterTemplate

from .decision_world import world  # noqa: F401
from .test_views import PDF, form_data

pytestmark = pytest.mark.django_db

LAW = Path(__file__).resolve().parents[2].parent / "shared" / "law" / "tiaoli-2019.md"  # ../shared
SEVEN_LOOPS = "".join(f"{{% for x{i} in agency %}}" for i in range(7)) + "{{ x6 }}" + "{% endfor %}" * 7


# --- the letter template sandbox ------------------------------------------------------------------

def test_seven_nested_loops_are_stopped_by_the_iteration_budget():
    # 示范市生态环境局 has 8 characters: 8⁷ ≈ 2.1 million turns before; now stopped at the budget.
    with sandbox.budget() as b, pytest.raises(R.TemplateError, match="循环次数超过上限（10000 次）"):
        R.preview("receipt", SEVEN_LOOPS, {"agency": "示范市生态环境局"})
    assert b.iterations == sandbox.MAX_ITERATIONS + 1  # the turn that went over is the last one taken


def test_loop_budget_counts_every_turn_and_what_it_writes():
    source = "{% for x in agency %}{% for y in agency reversed %}{{ x }}{{ y }}{% endfor %}{% endfor %}"
    with sandbox.budget() as b:
        letter = R.preview("receipt", source, {"agency": "甲乙丙"})
    assert letter.text == "甲丙甲乙甲甲乙丙乙乙乙甲丙丙丙乙丙甲"
    # Turns: 3 outer + 3×3 inner = 12. Written inside loops: 9 inner turns × 2 characters = 18,
    # plus each outer turn's 6 characters (the inner loop's text, counted again) = 18: 36.
    assert (b.iterations, b.output) == (12, 36)


def test_loop_output_budget():
    # 3,000 turns (within the turn budget) each writing 3,000 characters: 9 million before.
    with sandbox.budget() as b, pytest.raises(R.TemplateError, match="文字超过上限（200000 字）"):
        R.preview("receipt", "{% for x in request %}{{ request }}{% endfor %}", {"request": "长" * 3000})
    assert b.output <= sandbox.MAX_OUTPUT + 3000  # stopped at the first piece past the budget


def test_template_too_long():
    with pytest.raises(R.TemplateError, match="模板过长"):
        R.check_template("文" * (R.MAX_SOURCE + 1))


def test_runaway_template_previews_an_error_and_is_not_saved(client, world):
    client.force_login(world.head)
    r = client.post(reverse("letters:preview", args=["env", "receipt"]), {"source": SEVEN_LOOPS})
    assert r.status_code == 200 and "循环次数超过上限" in r.content.decode()
    r = client.post(reverse("letters:template", args=["env", "receipt"]), {"source": SEVEN_LOOPS})
    assert r.status_code == 200 and "循环次数超过上限" in r.content.decode()
    assert not LetterTemplate.objects.filter(agency=world.a, kind="receipt", source=SEVEN_LOOPS).exists()


# --- the public form ----------------------------------------------------------------------------------

def test_article_29_asks_for_a_description_not_a_document():
    if not LAW.exists():
        pytest.skip("../shared/law 不在")
    text = LAW.read_text(encoding="utf-8")
    assert "申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述" in text


def test_description_limit(client, people):
    url = reverse("cases:apply", args=["a"])
    r = client.post(url, form_data(info_description="河" * (DESCRIPTION_MAX + 1)))
    html = r.content.decode()
    assert r.status_code == 200 and f"{DESCRIPTION_MAX} 字以内" in html and "第二十九条" in html
    assert f'maxlength="{DESCRIPTION_MAX}"' in html
    assert not m.Application.objects.exists()
    assert client.post(url, form_data(info_description="河" * DESCRIPTION_MAX)).status_code == 302


def test_upload_name_of_any_length(client, people):
    name = "关于申请公开示范河流域综合治理工程的" * 5 + ".pdf"  # 90 Chinese characters and the extension
    assert len(name) == 94 and len(name.encode()) > 255  # longer than a file system allows a name
    r = client.post(reverse("cases:apply", args=["a"]),
                    form_data(request_file=SimpleUploadedFile(name, PDF, content_type="application/pdf")))
    assert r.status_code == 302
    att = m.Attachment.objects.get()
    assert att.name == name and att.file.name.endswith(".pdf") and len(Path(att.file.name).name) == 20
    client.force_login(people.handler)
    r = client.get(reverse("cases:attachment", args=[att.application_id, att.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    # A name past the 200 characters kept: shortened, the extension kept.
    long = "材" * 300 + ".png"
    r = client.post(reverse("cases:apply", args=["a"]), form_data(
        request_file=SimpleUploadedFile(long, b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")))
    assert r.status_code == 302
    kept = m.Attachment.objects.order_by("-pk").first().name
    assert len(kept) == 200 and kept.endswith("….png") and kept.startswith("材" * 195)


# --- letters and the report ---------------------------------------------------------------------------

def test_receipt_with_a_withheld_reason_is_a_clear_message(client, world):
    client.force_login(world.handler)
    r = client.post(reverse("letters:generate", args=[world.app.pk]),
                    {"kind": "receipt", "issued": "2026-09-02", "withheld_outcome": "denied.third_party"},
                    follow=True)
    assert r.status_code == 200
    assert "只用于部分公开的答复告知书" in r.content.decode()
    assert not Letter.objects.exists()


@pytest.mark.parametrize("year", [99999, 2007, 2027])
def test_report_of_a_year_that_does_not_exist_is_404(client, people, year):
    client.force_login(people.handler)
    r = client.get(reverse("cases:report", args=["a", year]))
    assert r.status_code == 404 and "页面不存在" in r.content.decode()
    assert client.get(reverse("cases:report", args=["a", 2026])).status_code == 200
    assert client.get(reverse("cases:report", args=["a", 2008])).status_code == 200

