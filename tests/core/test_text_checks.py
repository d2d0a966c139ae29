"""The narrative checks of 国办公开办函〔2021〕30号 and the deadlines by level (条例第四十九条, 30号 二（二）)."""

import datetime as dt

import pytest

from gongkai.report import Report, check
from gongkai.report.levels import LEVELS, check_late, days_late, publication_deadline
from gongkai.report.text_checks import (
    check_fee_statement,
    check_repeated,
    check_summary_length,
    repetition,
    sentences,
    text_length,
)


def report(template="2021", year=2024, **sections) -> Report:
    return Report(template=template, year=year, sections=dict(sections))


def codes(findings):
    return [f.code for f in findings]


# --- 一、总体情况 “篇幅原则上不超过一千字” ---------------------------------------------------

def test_summary_of_exactly_1000_characters_passes_and_1001_warns():
    # 998 Chinese characters, a comma and a full stop: 1,000; white space does not count.
    text = "政" * 500 + "\n  " + "务" * 498 + "，。"
    assert text_length(text) == 1000
    assert check_summary_length(report(overview=text)) == []
    found = check_summary_length(report(overview=text + "公"))
    assert codes(found) == ["form.summary_length"]
    assert "1001 字" in found[0].message


def test_summary_limit_is_for_the_2021_template_only():
    assert check_summary_length(report(template="2019", year=2020, overview="字" * 1500)) == []


# --- 六、其他需要报告的事项: 信息处理费 ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2024年，本机关未收取信息处理费。",
    "全年收取政府信息公开信息处理费0元。",
    "2025 年度本机关未收取信息公开处理费。",  # a real wording: 信息公开处理费
    "本年度无收费情况。",
])
def test_fee_statement_present(text):
    assert check_fee_statement(report(other_matters=text)) == []


def test_fee_statement_missing_warns_and_cites_30hao():
    found = check_fee_statement(report(other_matters="本机关无其他需要报告的事项。"))
    assert codes(found) == ["form.fee_report"]
    assert "国办公开办函〔2021〕30号" in found[0].message


def test_fee_statement_not_asked_of_2019_template_or_tables_only_reports():
    assert check_fee_statement(report(template="2019", year=2020, other_matters="无。")) == []
    assert check_fee_statement(report()) == []  # no narrative read at all
    # An absent section 六 is form.section_missing's finding, not this one's.
    assert check_fee_statement(report(overview="总体情况。")) == []


def test_operating_funds_are_not_a_fee_statement():
    # “经费用于” holds the characters 费用 but says nothing about fees charged to applicants.
    found = check_fee_statement(report(other_matters="本年度政务公开工作经费用于平台建设。"))
    assert codes(found) == ["form.fee_report"]


# --- 年年雷同 ---------------------------------------------------------------------------

LAST = ("一是政务公开平台建设有待加强。二是政策解读形式较为单一。"
        "下一步，我们将进一步完善政府信息公开工作机制。")


def test_sentences_split_at_punctuation_not_at_line_wrapping():
    assert sentences("第一句话很长很长很长。第二句话\n也很长很长很长；短。\n\n第三段没有句号但是很长") == [
        "第一句话很长很长很长。", "第二句话也很长很长很长；", "第三段没有句号但是很长"]


def test_repeated_text_share_and_where():
    previous = report(year=2023, problems=LAST, overview="2023年，本机关收到申请10件，全部按期办结。")
    # Section 五 repeats 3 of its 3 sentences; 一 has 1 new sentence: 3 of 4 = 75 %.
    this = report(year=2024, problems=LAST, overview="2024年，本机关收到申请12件，全部按期办结。")
    rep = repetition(this, previous)
    assert (rep.repeated, rep.total) == (3, 4)
    assert rep.by_section == {"overview": (0, 1), "problems": (3, 3)}
    found = check_repeated(this, previous)
    assert codes(found) == ["text.repeated"]
    assert "3/4 句（75%）" in found[0].message and "五（3/3 句）" in found[0].message
    assert "2023 年度" in found[0].message


def test_repeated_below_one_half_is_not_reported():
    previous = report(year=2023, problems=LAST)
    this = report(year=2024, problems="一是政务公开平台建设有待加强。" + "今年新增政策解读专栏，发布解读材料二十篇。"
                  "明年将开展基层政务公开标准化培训。")
    rep = repetition(this, previous)
    assert (rep.repeated, rep.total) == (1, 3)
    assert check_repeated(this, previous) == []


def test_check_runs_the_narrative_rules_with_the_previous_report():
    previous = report(year=2023, problems=LAST, other_matters="2023年未收取信息处理费。")
    this = report(year=2024, problems=LAST, other_matters="无其他需要报告的事项。")
    found = codes(check(this, previous))
    assert "text.repeated" in found and "form.fee_report" in found
    assert "text.repeated" not in codes(check(this))


# --- deadlines by level ------------------------------------------------------------------

def test_deadlines_from_the_law():
    # 条例第四十九条: departments by 31 January; 30号 二（二）: county 2月20日, prefecture 3月10日,
    # province 3月31日; townships are summed by the county, so report by 31 January.
    expected = {"department": (1, 31), "township": (1, 31), "county": (2, 20), "prefecture": (3, 10),
                "province": (3, 31)}
    assert set(expected) == set(LEVELS)
    for level, (m, d) in expected.items():
        assert publication_deadline(2024, level) == dt.date(2025, m, d)
    assert publication_deadline(2024) == dt.date(2025, 1, 31)
    assert publication_deadline(2024, summary=True) == dt.date(2025, 3, 31)
    with pytest.raises(ValueError, match="未知的层级"):
        publication_deadline(2024, "city")


def test_late_by_level():
    r = Report(template="2021", year=2024, published=dt.date(2025, 2, 25))
    assert days_late(r, "department") == 25  # 1 Feb … 25 Feb
    assert days_late(r, "county") == 5  # 21 Feb … 25 Feb
    assert days_late(r, "prefecture") == 0
    assert check_late(r, "prefecture") == []
    found = check_late(r, "county")
    assert codes(found) == ["form.late"] and "逾期 5 天" in found[0].message and "2025-02-20" in found[0].message
    assert codes(check(r, level="county")).count("form.late") == 1
    assert "form.late" not in codes(check(r, level="province"))
    assert days_late(Report(template="2021", year=2024), "county") is None
