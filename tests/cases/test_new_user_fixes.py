"""What a new user saw (issue 10, section 5): plain outcomes, 用途 shown, one agency menu,
a queue that says what is to be approved, the 统一社会信用代码 check character."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from gongkai.cases import forms as f

from .platform_world import application

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_status_page_says_the_outcome_plainly(client, people):
    app = application(people.a, people.registrar)
    app.close(people.handler, "partial", D(2026, 9, 10), "部分涉及第三方商业秘密")
    html = client.get(reverse("cases:track", args=[app.tracking_code])).content.decode()
    assert "区分处理的" not in html and "只计这一情形" not in html
    assert "部分公开（可以公开的部分予以公开，其余部分不予公开）" in html
    assert "办结：部分公开" in html  # the timeline too


def test_status_page_denied_outcome_in_words_of_the_regulations(client, people):
    app = application(people.a, people.registrar)
    app.close(people.handler, "denied.state_secret", D(2026, 9, 10), "属于国家秘密")
    html = client.get(reverse("cases:track", args=[app.tracking_code])).content.decode()
    assert "不予公开：属于国家秘密" in html and "（三）" not in html


def test_purpose_is_shown_on_the_detail_page_and_the_receipt(client, people):
    app = application(people.a, people.registrar, purpose="用于学术研究")
    client.force_login(people.handler)
    assert '<dd id="purpose">用于学术研究</dd>' in client.get(reverse("cases:detail", args=[app.pk])).content.decode()
    session = client.session
    session["receipt"] = app.tracking_code
    session.save()
    assert '<dd id="purpose">用于学术研究</dd>' in client.get(
        reverse("cases:receipt", args=[app.tracking_code])).content.decode()


MENU_ADMIN = ["工作台", "登记申请", "年度报告", "主动公开登记", "文书模板", "文书设置", "节假日安排", "机关设置"]


def _menu(html: str) -> list[str]:
    import re

    nav = re.search(r'<nav class="sub"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


def test_the_agency_menu_is_the_same_on_every_staff_page(client, people):
    app = application(people.a, people.registrar)
    client.force_login(people.admin)
    pages = [reverse("cases:agency", args=["a"]), reverse("cases:register", args=["a"]),
             reverse("cases:report", args=["a", 2026]), reverse("cases:settings", args=["a"]),
             reverse("cases:detail", args=[app.pk]),
             reverse("letters:templates", args=["a"]), reverse("letters:settings", args=["a"]),
             reverse("letters:application", args=[app.pk]), reverse("decisions:fee", args=[app.pk])]
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200, url
        assert _menu(r.content.decode()) == MENU_ADMIN, url
    client.force_login(people.head)  # no registering, no settings; the national holiday schedule is read by all
    assert _menu(client.get(reverse("cases:report", args=["a", 2026])).content.decode()) == [
        "工作台", "年度报告", "主动公开登记", "文书模板", "文书设置", "节假日安排"]
    assert "/holidays/" in client.get(reverse("cases:report", args=["a", 2026])).content.decode()


def test_the_approval_queue_says_what_is_to_be_approved(client, people):
    people.a.requires_close_approval = True
    people.a.save()
    closing = application(people.a, people.registrar)
    closing.close(people.handler, "not_processed.repeat", D(2026, 9, 10), "与第2026-00001号申请相同")
    extending = application(people.a, people.registrar)
    extending.request_extension(people.handler, 10, "需调取档案馆的档案")
    client.force_login(people.head)
    html = client.get(reverse("cases:agency", args=["a"]), {"queue": "approval"}).content.decode()
    assert "待审批事项" in html
    assert "提请办结：（五）不予处理 2.重复申请" in html
    assert "申请延长答复期限10个工作日" in html and "需调取档案馆的档案" in html


def test_closed_queue_shows_the_whole_outcome(client, people):
    app = application(people.a, people.registrar)
    app.close(people.handler, "unable.needs_creation", D(2026, 9, 10), "")
    client.force_login(people.handler)
    html = client.get(reverse("cases:agency", args=["a"]), {"queue": "closed"}).content.decode()
    assert '<div class="outcome">（四）无法提供 2.没有现成信息需要另行制作</div>' in html


# --- 统一社会信用代码 (GB 32100-2015) -------------------------------------------------------------------
# Character values: 0–9 → 0–9, A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20 M21 N22 P23 Q24 R25 T26
# U27 W28 X29 Y30; weights 3^i mod 31 = 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
#
# 91350100M000100Y4?: 9·1 + 1·3 + 3·9 + 5·27 + 0 + 1·26 + 0 + 0 + M(21)·20 + 0 + 0 + 0 + 1·8 + 0 + 0
#   + Y(30)·30 + 4·28 = 9+3+27+135+26+420+8+900+112 = 1640; 1640 mod 31 = 28; 31−28 = 3 → “3”.
# 91110000100001342?: 9+3+9+27+0+0+0+0+1·20+0+0+0+0+1·24+3·10+4·30+2·28 = 298; 298 mod 31 = 19;
#   31−19 = 12 → “C”.
# 1A000000000000000?: 1·1 + A(10)·3 = 31; 31 mod 31 = 0 → (31−0) mod 31 = 0 → “0”.
# 10000000000000000?: 1; 31−1 = 30 → “Y”.

@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000100001342C", "1A0000000000000000",
                                  "10000000000000000Y", "91350100m000100y43"])
def test_credit_codes_with_the_right_check_character(code):
    assert f.credit_code_problem(code) is None


@pytest.mark.parametrize("code, why", [
    ("91350100M000100Y44", "校验位"), ("91110000100001342D", "校验位"), ("10000000000000000X", "校验位"),
    ("1A00000000000000001", "18位"), ("91350100I000100Y43", "18位"), ("9135010", "18位"),
])
def test_credit_codes_refused(code, why):
    assert why in f.credit_code_problem(code)


def test_the_form_checks_a_credit_code(people):
    data = {"applicant_type": "commercial", "applicant_name": "示范科技有限公司", "id_type": "credit_code",
            "id_number": "91350100M000100Y44", "contact_person": "李四", "phone": "13900000000",
            "info_description": "申请公开示范河治理工程的招标文件", "delivery_form": "electronic"}
    form = f.ApplicationForm(data)
    assert not form.is_valid() and "校验位" in str(form.errors["id_number"])
    form = f.ApplicationForm({**data, "id_number": "91350100m000100y43"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["id_number"] == "91350100M000100Y43"
