"""The report as a document: prefilled narrative, checks as it is written, approval, freezing, versions.

The rules under test come from 《条例》第四十九、五十条 and 国办公开办函〔2021〕30号 (“总体情况……
篇幅原则上不超过一千字”; 信息处理费 “在此处专门报告”; “不得出现敷衍了事甚至年年雷同现象”).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.annual import models as am
from gongkai.annual import rules
from gongkai.annual.checks import findings
from gongkai.registers.models import Document
from gongkai.report import cells as C
from gongkai.report.model import Report
from tests.cases.platform_world import application

pytestmark = pytest.mark.django_db
D = dt.date


def codes(report, previous=None):
    return {f.code for f in findings(report, previous)}


def year_2025(p):
    """A small 2025 by hand: 3 applications (2 closed), one review, one document."""
    a1 = application(p.a, p.registrar, received=D(2025, 3, 3))
    a1.close(p.handler, "granted", D(2025, 3, 10))
    a2 = application(p.a, p.registrar, received=D(2025, 4, 1), applicant_type="commercial")
    a2.close(p.handler, "unable.not_held", D(2025, 4, 10))
    application(p.a, p.registrar, received=D(2025, 12, 22))
    from gongkai.cases.models import Appeal

    Appeal.file(a2, p.handler, "review", D(2025, 5, 6))
    Document.objects.create(agency=p.a, kind="normative", title="办法", signed_on=D(2025, 2, 3),
                            published_on=D(2025, 2, 10))


def test_prefilled_narrative_states_the_years_figures_and_agrees_with_the_tables(people):
    year_2025(people)
    r = am.start(people.a, 2025, people.handler)
    text = r.sections["overview"]
    assert "2025年，示范市人民政府办公室" in text  # the year is over (today is 30 Oct 2026): no 截至
    assert "收到政府信息公开申请3件" in text and "结转下年度1件" in text and "行政复议1件" in text
    assert "行政规范性文件1件" in r.sections["proactive"]
    assert "无法提供1件" in r.sections["applications"]
    assert "信息处理费" in r.sections["other_matters"]
    core = r.to_core_report()
    assert codes(core) == {"text.placeholder"}  # only the gaps a person must fill
    # A figure typed wrong is caught as it is written (the core's narrative.count).
    r.save_text(people.handler, {"overview": text.replace("收到政府信息公开申请3件", "收到政府信息公开申请5件")})
    assert "narrative.count" in codes(r.to_core_report())


def test_the_narrative_checks_of_30hao(people):
    r = am.start(people.a, 2025, people.handler)
    r.save_text(people.handler, {"overview": "公开" * 501, "other_matters": "无其他需要报告的事项。"})
    c = codes(r.to_core_report())
    assert {"form.summary_length", "form.fee_report"} <= c
    # 年年雷同: this year's text is last year's published text with one sentence changed.
    text = {"overview": "本机关坚持以公开为常态、不公开为例外。全年共收到申请若干件，均依法答复。",
            "problems": "一是公开内容不够全面，解读不够深入。二是平台建设需要加强，更新不够及时。",
            "other_matters": "本年度未收取信息处理费，无其他需要报告的事项。"}
    last = am.AnnualReport.objects.create(agency=people.a, year=2024, state=rules.PUBLISHED, cells={},
                                          template="2021", published_on=D(2025, 1, 20), sections=text)
    r.save_text(people.handler, {k: "" for k in C.SECTION_KEYS} | text
                | {"overview": "本机关坚持以公开为常态、不公开为例外。今年新建了政府信息公开专栏。"})
    previous = r.previous_report()
    assert previous.year == 2024 and previous.published == last.published_on
    repeated = [f for f in findings(r.to_core_report(), previous) if f.code == "text.repeated"]
    assert len(repeated) == 1 and "4/5 句（80%）" in repeated[0].message, repeated
    assert "五（2/2 句）" in repeated[0].message


def test_approval_roles_comments_and_audit_trail(people):
    p = people
    r = am.start(p.a, 2025, p.handler)
    with pytest.raises(PermissionDenied):
        r.step("check", p.registrar, {"registrar"})
    with pytest.raises(ValidationError):
        r.step("sign_off", p.head, {"head"})  # not checked yet
    r.step("check", p.handler, {"handler"})
    with pytest.raises(ValidationError):
        r.save_text(p.handler, {"overview": "改"})  # only a draft is edited
    with pytest.raises(ValidationError):
        r.step("return", p.head, {"head"}, "")  # a return says why
    r.step("return", p.head, {"head"}, "第五部分请写具体问题")
    assert r.state == rules.DRAFTED
    r.step("check", p.handler, {"handler"})
    r.step("sign_off", p.head, {"head"}, "同意")
    assert r.state == rules.SIGNED_OFF and r.frozen
    actions = [(e.action, e.actor_label, e.to_state, e.comment) for e in r.events.all()]
    assert actions == [("create", "handler", "drafted", ""), ("check", "handler", "checked", ""),
                       ("return", "head", "drafted", "第五部分请写具体问题"), ("check", "handler", "checked", ""),
                       ("sign_off", "head", "signed_off", "同意")]
    e = r.events.first()
    e.comment = "改写历史"
    with pytest.raises(PermissionDenied):
        e.save()
    with pytest.raises(PermissionDenied):
        r.events.all().delete()


def test_sign_off_freezes_the_tables_and_publication_waits_for_the_year_end(people, monkeypatch):
    p = people
    year_2025(p)
    r = am.start(p.a, 2025, p.handler)
    r.step("check", p.handler, {"handler"})
    r.step("sign_off", p.head, {"head"})
    before = r.to_core_report().plain_cells()
    assert before["apps.new_received.total"] == 3
    # A record entered late (received in 2025) changes the live tables, not the signed-off report.
    application(p.a, p.registrar, received=D(2025, 12, 30))
    Document.objects.create(agency=p.a, kind="regulation", title="迟登记", signed_on=D(2025, 6, 1))
    assert r.compute().get("apps.new_received.total") == 4
    assert r.to_core_report().plain_cells() == before
    draft = am.start(p.a, 2026, p.handler)
    draft.step("check", p.handler, {"handler"})
    draft.step("sign_off", p.head, {"head"})
    with pytest.raises(ValidationError, match="尚未结束"):
        draft.step("publish", p.admin, {"admin"}, on=D(2026, 10, 30))
    r.step("publish", p.admin, {"admin"}, on=D(2026, 1, 20))
    core = r.to_core_report()
    assert core.published == D(2026, 1, 20) and core.year == 2025 and core.agency == p.a.name
    assert list(core.sections) == list(C.SECTION_KEYS)


def test_a_correction_is_a_new_version_and_every_published_version_stays(people):
    p = people
    r = am.start(p.a, 2025, p.handler)
    for name, who, roles in (("check", p.handler, {"handler"}), ("sign_off", p.head, {"head"})):
        r.step(name, who, roles)
    r.step("publish", p.admin, {"admin"}, on=D(2026, 1, 20))
    with pytest.raises(ValidationError):
        r.step("correct", p.handler, {"handler"}, "")
    v2 = r.step("correct", p.handler, {"handler"}, "第三部分数字笔误")
    assert (v2.version, v2.state, v2.sections) == (2, rules.DRAFTED, r.sections)
    assert am.current(p.a, 2025) == v2
    assert list(am.published_versions(p.a, 2025)) == [r]  # v1 still published while v2 is drafted
    with pytest.raises(ValidationError):
        r.step("correct", p.handler, {"handler"}, "再改")  # v2 is under way: correct it there
    v2.save_text(p.handler, {"applications": "更正后的第三部分。"})
    v2.step("check", p.handler, {"handler"})
    v2.step("sign_off", p.head, {"head"})
    v2.step("publish", p.admin, {"admin"}, on=D(2026, 2, 3))
    assert [(v.version, v.published_on) for v in am.published_versions(p.a, 2025)] == [
        (2, D(2026, 2, 3)), (1, D(2026, 1, 20))]


def test_a_stale_editor_cannot_overwrite_a_newer_draft(people):
    r = am.start(people.a, 2025, people.handler)
    seen = r.revision
    r.save_text(people.handler, {"problems": "甲"}, revision=seen)
    other = am.AnnualReport.objects.get(pk=r.pk)
    with pytest.raises(ValidationError, match="他人已修改"):
        other.save_text(people.admin, {"problems": "乙"}, revision=seen)
    assert am.AnnualReport.objects.get(pk=r.pk).sections["problems"] == "甲"
    assert am.start(people.a, 2025, people.admin) == r  # one draft per year


def test_to_core_report_for_supervision(people):
    year_2025(people)
    r = am.start(people.a, 2025, people.handler)
    core = r.to_core_report()
    assert isinstance(core, Report) and core.template == "2021"
    assert set(core.cells) == set(C.template("2021").keys())
    assert core.get("review.pending") == 1 and core.get("review.total") == 1  # filed, not decided
