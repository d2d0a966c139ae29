"""The provisional calendar: a year whose official schedule is missing is counted by the law.

《全国年节及纪念日放假办法》（2024年修订）第二条: 元旦1天, 春节4天 (除夕、正月初一至初三), 清明节1天,
劳动节2天 (5月1日、2日), 端午节1天, 中秋节1天, 国庆节3天 (10月1日至3日). Expectations come from
almanac dates counted by hand and, for 2019–2026, from the official schedules the chinesecalendar
package holds (an independent source).
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from gongkai.cases.clock import (
    DEFAULT_CALENDAR,
    FESTIVAL_NAMES,
    CalendarGap,
    ReplyClock,
    WorkCalendar,
    statutory_holidays,
)

D = dt.date


def test_festivals_of_2027_from_the_almanac():
    # 2027: 春节 (正月初一) is 6 February, 清明 5 April, 端午 9 June, 中秋 15 September.
    days = statutory_holidays(2027)
    assert days == {
        D(2027, 1, 1): "元旦",
        D(2027, 2, 5): "春节", D(2027, 2, 6): "春节", D(2027, 2, 7): "春节", D(2027, 2, 8): "春节",
        D(2027, 4, 5): "清明节",
        D(2027, 5, 1): "劳动节", D(2027, 5, 2): "劳动节",
        D(2027, 6, 9): "端午节",
        D(2027, 9, 15): "中秋节",
        D(2027, 10, 1): "国庆节", D(2027, 10, 2): "国庆节", D(2027, 10, 3): "国庆节",
    }
    assert set(days.values()) == set(FESTIVAL_NAMES) and len(FESTIVAL_NAMES) == 7


# chinesecalendar's names for the same festivals.
PACKAGE_NAMES = {"元旦": "New Year's Day", "春节": "Spring Festival", "清明节": "Tomb-sweeping Day",
                 "劳动节": "Labour Day", "端午节": "Dragon Boat Festival", "中秋节": "Mid-autumn Festival",
                 "国庆节": "National Day"}


@pytest.mark.parametrize("year", range(2019, 2027))
def test_the_law_s_festivals_are_holidays_in_each_official_schedule(year):
    """Each festival day computed from the law and the lunar calendar is a day off in the State
    Council's schedule for that year, named as that festival. Before the 2024 amendment (in force
    2025) 除夕 and 5月2日 were not statutory, so they are checked from 2025 on only."""
    eve = {d for d, n in statutory_holidays(year).items() if n == "春节" and d + dt.timedelta(1) in
           statutory_holidays(year) and d - dt.timedelta(1) not in statutory_holidays(year)}
    for d, name in statutory_holidays(year).items():
        if year < 2025 and (d in eve or d == D(year, 5, 2)):
            continue
        assert chinese_calendar.is_holiday(d), (d, name)
        on_holiday, what = chinese_calendar.get_holiday_detail(d)
        if year == 2020 and d == D(2020, 10, 1):
            assert what in ("National Day", "Mid-autumn Festival")  # both fell on 1 October 2020
        else:
            assert what == PACKAGE_NAMES[name], (d, name, what)


def test_strict_calendar_still_refuses_and_provisional_one_counts():
    with pytest.raises(CalendarGap, match="2027"):
        ReplyClock.start(D(2026, 12, 30))
    cal = DEFAULT_CALENDAR.with_provisional()
    assert cal is not DEFAULT_CALENDAR and not DEFAULT_CALENDAR.provisional
    # By hand from 2026-12-30 (Wed): 12-31 day 1; 1-1 元旦; weekend; 1-4…1-8 days 2–6;
    # 1-11…1-15 7–11; 1-18…1-22 12–16; 1-25…1-28 17–20.
    c = ReplyClock.start(D(2026, 12, 30), calendar=cal)
    assert c.due == D(2027, 1, 28)
    assert cal.missing_years(D(2026, 12, 30), c.due) == (2027,)
    assert cal.missing_years(D(2026, 3, 2), D(2026, 3, 30)) == ()
    assert cal.day_note(D(2027, 1, 1)) == "元旦（暂定）"


def test_provisional_spring_festival_2027():
    # Received Monday 2027-02-01: 2-4 days 1–3; 2-5 (Fri) 除夕, 2-6/2-7 weekend (初一, 初二), 2-8 (Mon)
    # 初三: off; 2-9…2-12 days 4–7; 2-15…2-19 8–12; 2-22…2-26 13–17; 3-1, 3-2, 3-3 18–20.
    cal = WorkCalendar(provisional=True)
    assert ReplyClock.start(D(2027, 2, 1), calendar=cal).due == D(2027, 3, 3)
    assert not cal.is_workday(D(2027, 2, 5)) and not cal.is_workday(D(2027, 2, 8))
    assert cal.is_workday(D(2027, 2, 9))
    # No 调休 is guessed: the Saturday after 春节 stays a rest day.
    assert not cal.is_workday(D(2027, 2, 13))


def test_entered_year_is_not_provisional_and_overrides_apply_in_a_provisional_year():
    entered = WorkCalendar(overrides={D(2027, 1, 1): False}, covered_years=[2027], provisional=True)
    assert entered.missing_years(D(2027, 1, 1), D(2027, 12, 31)) == ()
    assert not entered.is_provisional(2027) and entered.is_provisional(2028)
    # A day entered for a year not yet complete still counts over the law's rule.
    partial = WorkCalendar(overrides={D(2027, 2, 20): True}, provisional=True)
    assert partial.is_workday(D(2027, 2, 20))  # a Saturday entered as 调休上班
    assert partial.missing_years(D(2027, 2, 20)) == (2027,)


def test_provisional_national_day_and_mid_autumn_2030():
    # 2030: 中秋 is 12 September (Thu); 国庆 1–3 October (Tue–Thu).
    cal = WorkCalendar(provisional=True)
    assert not cal.is_workday(D(2030, 9, 12))
    assert [cal.is_workday(D(2030, 10, d)) for d in range(1, 6)] == [False, False, False, True, False]
