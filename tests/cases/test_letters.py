"""Letter templates: every kind and every outcome renders, cites the right article, states the clock's dates."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.cases import clock
from gongkai.letters import articles
from gongkai.letters.fields import BY_NAME, fields_for, sample_values
from gongkai.letters.render import (
    KINDS,
    TemplateError,
    check_template,
    cn_date,
    decision_kind,
    decision_values,
    default_template,
    paragraphs,
    preview,
    render,
)
from gongkai.report import cells as C

REMEDY = ("行政复议", "60日", "行政诉讼", "6个月")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_default_template_is_valid_and_uses_documented_fields_only(kind):
    used = check_template(default_template(kind), kind)
    assert used, kind
    documented = {f.name for f in fields_for(kind)}
    assert set(used) <= documented, set(used) - documented


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_preview_renders_without_unfilled_fields(kind):
    letter = preview(kind)
    assert letter.blocks[0].style == "title"
    assert "未知字段" not in letter.text
    assert "{{" not in letter.text and "{%" not in letter.text
    assert letter.blocks[-1].style == "right"  # the signature and date


@pytest.mark.parametrize("outcome", C.ALL_OUTCOME_KEYS)
def test_every_outcome_has_a_decision_letter_with_basis_and_remedy(outcome):
    values = sample_values() | decision_values(outcome) | {"reason": "", "provided": ""}
    kind = decision_kind(outcome)
    letter = render(kind, values)
    text = letter.text
    for words in REMEDY:
        assert words in text, (outcome, words)
    b = articles.basis(outcome)
    assert b.ground in text
    for art in b.articles:
        assert art in text, (outcome, art)
    assert "示范市人民政府" in text and "示范市人民法院" in text


# The article each reason rests on, checked by hand against the 2019 条例 (国务院令第711号).
EXPECTED = {
    "granted": "第三十六条第（二）项",
    "partial": "第三十七条",
    "denied.state_secret": "第十四条",
    "denied.law_forbidden": "第十四条",
    "denied.security_stability": "第十四条",
    "denied.third_party": "第十五条",
    "denied.internal_affairs": "第十六条第一款",
    "denied.process_info": "第十六条第二款",
    "denied.enforcement_file": "第十六条第二款",
    "denied.admin_query": "第三十六条第（七）项",
    "unable.not_held": "第三十六条第（四）项",
    "unable.needs_creation": "第三十八条",
    "unable.unclear": "第三十条",
    "not_processed.complaint": "第三十九条第一款",
    "not_processed.repeat": "第三十六条第（六）项",
    "not_processed.publication": "第三十九条第二款",
    "not_processed.excessive": "第三十五条",
    "not_processed.confirmation": "第三十八条",
    "other.no_correction": "第三十条",
    "other.no_fee": "第四十二条",
}


@pytest.mark.parametrize("outcome,article", sorted(EXPECTED.items()))
def test_article_per_outcome(outcome, article):
    assert article in articles.basis(outcome).articles
    assert articles.basis(outcome).citation.startswith("《中华人民共和国政府信息公开条例》")


def test_denials_also_cite_the_reply_form_and_no_fee_cites_the_fee_rules():
    for key in C.OUTCOME_KEYS_COMMON:
        if key.startswith("denied.") and key != "denied.admin_query":
            assert "第三十六条第（三）项" in articles.basis(key).articles
    assert "国办函〔2020〕109号" in articles.basis("other.no_fee").citation


def test_not_held_by_another_agency_cites_article_36_5_and_names_the_agency():
    values = sample_values() | decision_values("unable.not_held", not_ours=True)
    values["responsible_agency"] = "示范市自然资源局"
    letter = render(decision_kind("unable.not_held", not_ours=True), values)
    assert "第三十六条第（五）项" in letter.text
    assert "该信息由示范市自然资源局负责公开" in letter.text
    plain = render("decision_unable", sample_values() | decision_values("unable.not_held"))
    assert "第三十六条第（四）项" in plain.text and "该政府信息不存在" in plain.text


def test_unknown_outcome_is_an_error():
    with pytest.raises(KeyError):
        decision_kind("denied.nonsense")
    with pytest.raises(KeyError):
        articles.basis("granted.too")


def test_letters_state_the_clocks_dates_around_national_day():
    received = dt.date(2025, 9, 26)  # Friday before the 2025 National Day holiday
    c = clock.ReplyClock.start(received)
    due = c.due_date()
    extended = c.extend(20, on=dt.date(2025, 10, 20)).due_date()
    # Worked by hand: 9-28 (Sun) is a make-up working day, 10-1..10-8 are off, 10-11 (Sat) works.
    assert due == dt.date(2025, 10, 30)
    values = sample_values() | {"received": received, "due": due, "original_due": due, "extended_due": extended}
    receipt = render("receipt", values).text
    assert "2025年9月26日" in receipt and "即于2025年10月30日前作出答复" in receipt
    ext = render("extension", values).text
    assert "原于2025年10月30日届满" in ext and f"将于{cn_date(extended)}前作出答复" in ext
    assert "第三十三条" in ext
    corr_deadline = clock.DEFAULT_CALENDAR.add_working_days(received, 15)
    corr = render("correction", values | {"correction_deadline": corr_deadline}).text
    assert f"请于{cn_date(corr_deadline)}前" in corr
    assert "视为放弃申请" in corr and "第三十条" in corr
    fee_due = clock.fee_payment_deadline(dt.date(2025, 10, 9))
    fee = render("fee_notice", values | {"fee_deadline": fee_due}).text
    assert f"请于{cn_date(fee_due)}前（收到本通知之日起20个工作日内）缴纳" in fee


def test_correction_lists_every_item():
    values = sample_values() | {"correction_items": ["时间范围", "文件名称", "所涉地块的位置"]}
    text = render("correction", values).text
    assert "1. 时间范围" in text and "2. 文件名称" in text and "3. 所涉地块的位置" in text


@pytest.mark.parametrize("source,words", [
    ("{% load static %}", "load"),
    ("{% include 'x.html' %}", "include"),
    ("{% extends 'x.html' %}", "extends"),
    ("{% now 'Y' %}", "now"),
    ("{% debug %}", "debug"),
    ("{{ applicant|upper }}", "upper"),
    ("第一行\n{{ secret_key }}", "secret_key"),
    ("{{ applicant.__class__ }}", ""),
    ("{% if password %}x{% endif %}", "password"),
])
def test_sandbox_refuses_tags_filters_and_undocumented_fields(source, words):
    with pytest.raises(TemplateError) as e:
        check_template(source, "receipt")
    assert words in str(e.value)


def test_unknown_field_error_names_the_line():
    with pytest.raises(TemplateError, match="第3行"):
        check_template("# 标题\n\n{{ applicant_nmae }}")


def test_template_sees_plain_data_only():
    with pytest.raises(TypeError):
        render("receipt", sample_values() | {"applicant": object()})
    with pytest.raises(KeyError):
        render("receipt", sample_values() | {"password": "x"})


def test_paragraph_layout():
    blocks = paragraphs("# 标题\n\n## 文号\n\n| 张三：\n\n正文一行\n第二行\n\n> 机关\n> 2026年1月6日")
    assert [b.style for b in blocks] == ["title", "subtitle", "flush", "para", "right"]
    assert blocks[3].text == "正文一行\n第二行"
    assert blocks[4].text == "机关\n2026年1月6日"


def test_field_list_documents_every_field():
    for f in BY_NAME.values():
        assert f.label and f.name.isidentifier()


@pytest.mark.parametrize("outcome", C.ALL_OUTCOME_KEYS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_template_renders_for_every_outcome(kind, outcome):
    letter = render(kind, sample_values() | decision_values(outcome))
    assert letter.title == KINDS[kind].title
    assert "未知字段" not in letter.text and letter.text.count("\n\n") >= 4
    if kind.startswith("decision"):
        assert decision_values(outcome)["basis"] in letter.text or not articles.basis(outcome).articles
