"""Agency, year, publication date and sections, from the printed text only."""

import datetime as dt

from gongkai.ingest.mapping import meta


def test_title_and_signature():
    text = "青岚县教育局2023年度政府信息公开工作年度报告\n\n一、总体情况\n……\n青岚县教育局\n2024年1月25日\n"
    m = meta.read(text)
    assert (m.year, m.agency, m.published, m.summary) == (2023, "青岚县教育局", dt.date(2024, 1, 25), False)


def test_signature_name_wins_over_short_title():
    text = "青岚开发区经发局2020年政府信息公开工作年度报告\n正文\n青岚经济技术开发区经济发展局\n2021年1月28日\n"
    assert meta.read(text).agency == "青岚经济技术开发区经济发展局"


def test_title_broken_over_lines_and_published_line():
    text = "2025 年云溪市人民政府办公室政府信息公开\n工作年度报告\n发布日期：2026-01-30\n"
    m = meta.read(text)
    assert (m.year, m.agency, m.published) == (2025, "云溪市人民政府办公室", dt.date(2026, 1, 30))


def test_agency_on_the_line_above_the_title_and_summary_report():
    m = meta.read("金坪县人民政府\n2024年政府信息公开工作年度报告\n统计期限自2024年1月1日至2024年12月31日。\n")
    assert (m.agency, m.year, m.summary, m.published) == ("金坪县人民政府", 2024, True, None)


def test_no_date_printed_is_none():
    assert meta.read("一、总体情况\n在2025年,柳塘市商务局坚决贯彻……\n").published is None
    assert meta.read("一、总体情况\n在2025年,柳塘市商务局坚决贯彻……\n").agency == "柳塘市商务局"


def test_sections_found_inline_and_unnumbered():
    text = ("总体情况\n概述。\n二、主动公开政府信息情况\n表二\n三、收到和处理政府信息公开申请情况\n表三\n"
            "四、政府信息公开行政复议、行政诉讼情况\n表四\n五、存在的主要问题及改进情况（一）问题一。六、其他需要报告的事项无。")
    s = meta.sections(text)
    assert list(s) == ["overview", "proactive", "applications", "appeals", "problems", "other_matters"]
    assert s["problems"].startswith("（一）问题一") and s["other_matters"] == "无。"


def test_signature_date_in_chinese_numerals():
    text = "金坪县民政局2024年政府信息公开工作年度报告\n……\n金坪县民政局\n二〇二五年一月二十日\n"
    m = meta.read(text)
    assert (m.agency, m.published) == ("金坪县民政局", dt.date(2025, 1, 20))


def test_title_variants():
    assert meta.read("金坪县民政局关于2024年政府信息公开工作年度报告\n").agency == "金坪县民政局"
    assert meta.read("金坪县民政局2024年政府信息公开年报\n").year == 2024
