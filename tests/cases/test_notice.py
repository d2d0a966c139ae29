"""The State Council's holiday notice read into days, checked against chinesecalendar.

The notices below are written in the style of 《国务院办公厅关于YYYY年部分节假日安排的通知》 (the
wording of each year's items, with its variants: 星期六/周六, a range ending in "3日" or "2月4日",
a range across the new year, combined festivals, "与周末连休", "不调休", the 2024 sentence about
除夕 that sets no day). The expectation — every day off and every make-up working day — is the
official schedule as the chinesecalendar package holds it, an independent source.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from gongkai.cases.clock import ClockError, WorkCalendar
from gongkai.cases.notice import parse_notice

HEAD = ("国务院办公厅关于{y}年部分节假日安排的通知\n国办发明电〔{p}〕{n}号\n\n"
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
        "经国务院批准，现将{y}年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。\n")
TAIL = ("\n\n节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，"
        "遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。\n\n国务院办公厅\n{p}年11月{d}日\n")

ITEMS = {
    2019: """一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。
二、春节：2月4日至10日放假调休，共7天。2月2日（星期六）、2月3日（星期日）上班。
三、清明节：4月5日放假，与周末连休。
四、劳动节：5月1日至4日放假调休，共4天。4月28日（星期日）、5月5日（星期日）上班。
五、端午节：6月7日放假，与周末连休。
六、中秋节：9月13日放假，与周末连休。
七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。""",
    2021: """一、元旦：2021年1月1日至3日放假，共3天。
二、春节：2月11日至17日放假调休，共7天。2月7日（星期日）、2月20日（星期六）上班。
三、清明节：4月3日至5日放假调休，共3天。
四、劳动节：5月1日至5日放假调休，共5天。4月25日（星期日）、5月8日（星期六）上班。
五、端午节：6月12日至14日放假，共3天。
六、中秋节：9月19日至21日放假调休，共3天。9月18日（星期六）上班。
七、国庆节：10月1日至7日放假调休，共7天。9月26日（星期日）、10月9日（星期六）上班。""",
    2022: """一、元旦：2022年1月1日至3日放假，共3天。
二、春节：1月31日至2月6日放假调休，共7天。1月29日（星期六）、1月30日（星期日）上班。
三、清明节：4月3日至5日放假调休，共3天。4月2日（星期六）上班。
四、劳动节：4月30日至5月4日放假调休，共5天。4月24日（星期日）、5月7日（星期六）上班。
五、端午节：6月3日至5日放假，共3天。
六、中秋节：9月10日至12日放假，共3天。
七、国庆节：10月1日至7日放假调休，共7天。10月8日（星期六）、10月9日（星期日）上班。""",
    2023: """一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。
二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。
三、清明节：4月5日放假，共1天。
四、劳动节：4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。
五、端午节：6月22日至24日放假调休，共3天。6月25日（星期日）上班。
六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。""",
    2024: """一、元旦：1月1日放假，与周末连休。
二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。
三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。
四、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。
五、端午节：6月10日放假，与周末连休。
六、中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。
七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。""",
    2025: """一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。""",
    2026: """一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。""",
}


def notice(year: int) -> str:
    return HEAD.format(y=year, p=year - 1, n=7) + ITEMS[year] + TAIL.format(p=year - 1, d=20)


def _official(year: int) -> tuple[set, set]:
    """chinesecalendar's days off and make-up days of ``year``'s notice: the days of that year, and
    the end of December before it when it belongs to this year's 元旦 (not to the year's own end)."""
    def ours(d: dt.date) -> bool:
        if d.year == year:
            return not (d.month == 12 and d.day >= 29 and d.year == year and _new_year_of_next(d))
        return d.year == year - 1 and d.month == 12 and d.day >= 29 and _new_year_of_next(d)

    off = {d for d in chinese_calendar.holidays if ours(d)}
    work = {d for d in chinese_calendar.workdays if ours(d)}
    return off, work


def _new_year_of_next(d: dt.date) -> bool:
    return chinese_calendar.get_holiday_detail(d)[1] == "New Year's Day"


@pytest.mark.parametrize("year", sorted(ITEMS))
def test_notice_gives_exactly_the_official_days(year):
    parsed = parse_notice(notice(year))
    assert parsed.year == year
    assert parsed.missing == []
    off, work = _official(year)
    # chinesecalendar also lists the weekend days next to "与周末连休"; weekdays must agree exactly.
    assert set(parsed.holidays) <= off
    assert {d for d in parsed.holidays if d.weekday() < 5} == {d for d in off if d.weekday() < 5}
    assert set(parsed.workdays) == work
    # And the calendar built from the parse counts every day of the year as the package does.
    cal = WorkCalendar.from_schedule({**parsed.to_schedule(), "years": []})
    for day in (dt.date(year, 1, 1) + dt.timedelta(days=k) for k in range(365)):
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day


def test_items_carry_the_festival_names():
    parsed = parse_notice(notice(2025))
    assert parsed.holidays[dt.date(2025, 10, 6)] == "国庆节、中秋节"
    assert parsed.workdays[dt.date(2025, 1, 26)] == "春节"
    assert parsed.holidays[dt.date(2025, 1, 28)] == "春节"
    # 2024: the sentence encouraging a day off on 除夕 sets no day.
    assert dt.date(2024, 2, 9) not in parse_notice(notice(2024)).holidays


def test_items_alone_with_the_year_given():
    parsed = parse_notice(ITEMS[2026], year=2026)
    assert len(parsed.items) == 7 and parsed.missing == []
    with pytest.raises(ClockError, match="年度"):
        parse_notice(ITEMS[2026])


def test_a_notice_without_a_festival_is_incomplete():
    text = "\n".join(line for line in ITEMS[2026].splitlines() if "端午节" not in line)
    parsed = parse_notice(text, year=2026)
    assert parsed.missing == ["端午节"]


@pytest.mark.parametrize("text, message", [
    ("一、元旦：1月1日至3日放假调休，共4天。", "共4天"),
    ("一、元旦：3日放假。", "缺少月份"),
    ("一、元旦：2月30日放假。", "日期无效"),
    ("一、元旦：放假一天。", "无法读出"),
    ("一、春节：1月1日放假。\n二、元旦：1月1日放假。", "重复"),
    ("一、元旦：1月1日至3日放假调休，共3天。1月2日上班。", "同时列为"),
    ("通知如下：元旦放假", "条目"),
    ("", "为空"),
    ("一、元旦：" + "1月1日" * 5000 + "放假", "过长"),
])
def test_unreadable_notices_are_refused_with_the_place(text, message):
    with pytest.raises(ClockError, match=message):
        parse_notice(text, year=2027)


def test_year_in_title_must_match():
    with pytest.raises(ClockError, match="不符"):
        parse_notice(notice(2026), year=2027)
