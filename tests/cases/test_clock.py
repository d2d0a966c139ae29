"""The statutory clock: worked cases a reader can check by hand, the calendar, and properties.

Every worked case is also in docs/clock.md with each counted day (test_docs_table_matches).
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import date
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gongkai.cases import clock
from gongkai.cases.clock import (
    DEFAULT_CALENDAR,
    CalendarGap,
    ClockError,
    ReplyClock,
    WorkCalendar,
    consultation_deadline,
    correction_notice_deadline,
    correction_window_closing,
    due_soon_cutoff,
    fee_payment_deadline,
    schedule,
)
from gongkai.errors import GongkaiError

D = date.fromisoformat
DOCS = Path(__file__).resolve().parents[2] / "docs" / "clock.md"


def naive_nth_working_day(start: date, n: int) -> date:
    """An independent count, day by day, straight from chinese_calendar (no bisect, no overrides)."""
    d, k = start, 0
    while k < n:
        d += dt.timedelta(days=1)
        if chinese_calendar.is_workday(d):
            k += 1
    return d


# (id, received, options, due, what a reader checks by hand)
WORKED = [
    ("spring-2025", "2025-01-27", {}, "2025-03-03",
     "received the day before 除夕; 01-28..02-04 春节 off; 02-05 is day 1; Sat 02-08 is a 调休 working day (day 4)"),
    ("spring-2026", "2026-02-13", {}, "2026-03-19",
     "received Fri before 春节; day 1 is Sat 02-14 (调休上班); 02-15..02-23 off; Sat 02-28 调休上班 is day 6"),
    ("makeup-sunday", "2025-09-28", {}, "2025-10-31",
     "received on make-up Sunday 09-28 (a working day, yet not counted); 10-01..10-08 off; Sat 10-11 is day 5"),
    ("makeup-saturday", "2025-10-11", {}, "2025-11-07",
     "received on make-up Saturday 10-11, not counted; day 1 is Mon 10-13"),
    ("national-2025", "2025-09-30", {}, "2025-11-04",
     "received the day before 国庆; day 1 is 10-09; Sat 10-11 is day 3"),
    ("on-holiday", "2025-10-03", {}, "2025-11-04",
     "received online during the holiday: same count as the day before it"),
    ("new-year", "2024-12-31", {}, "2025-02-05",
     "01-01 off; Sun 01-26 调休上班 is day 18; 01-28..02-04 春节 off; 02-05 is day 20"),
    ("national-2026", "2026-09-24", {}, "2026-10-29",
     "09-25..09-27 中秋 off; 10-01..10-07 国庆 off; Sat 10-10 调休上班 is day 6"),
    ("extended", "2026-02-13", {"extend": 20}, "2026-04-17",
     "20 days to 03-19, then 20 more; 04-04..04-06 清明 off"),
    ("consultation", "2026-03-02", {"pauses": [("2026-03-10", "2026-03-20")]}, "2026-04-13",
     "5 days used 03-03..03-09, 03-10..03-20 excluded, 15 more from 03-23; 清明 04-04..04-06 off"),
    ("correction", "2026-03-02", {"restart": "2026-03-09"}, "2026-04-07",
     "补正 received 03-09: 20 days afresh from 03-10; 清明 off"),
]


def _opts(o: dict) -> dict:
    out = dict(o)
    if "pauses" in out:
        out["pauses"] = [(D(a), D(b)) for a, b in out["pauses"]]
    if "restart" in out:
        out["restart"] = D(out["restart"])
    return out


@pytest.mark.parametrize("case_id,received,opts,due,why", WORKED, ids=[w[0] for w in WORKED])
def test_worked_cases(case_id, received, opts, due, why):
    s = schedule(D(received), **_opts(opts))
    assert s.due == D(due), why
    assert len(s.counted) == 20 + opts.get("extend", 0)
    # The ReplyClock, which stores only its state, reaches the same date.
    c = ReplyClock.start(D(received))
    if "restart" in opts:
        c = c.restart(D(opts["restart"]))
    c = c.extend(opts.get("extend", 0))
    for a, b in opts.get("pauses", []):
        c = c.pause(D(a)).resume(D(b))
    assert c.due_date() == D(due)
    # And, where nothing is excluded, a plain day-by-day count over chinese_calendar agrees.
    if not opts.get("pauses"):
        start = D(opts.get("restart", received))
        assert naive_nth_working_day(start, 20 + opts.get("extend", 0)) == D(due)


def test_docs_table_matches():
    """docs/clock.md shows each worked case with the due date and every counted day; keep it true."""
    text = DOCS.read_text(encoding="utf-8")
    for case_id, received, opts, due, _why in WORKED:
        s = schedule(D(received), **_opts(opts))
        row = next((line for line in text.splitlines() if f"`{case_id}`" in line), None)
        assert row is not None, f"docs/clock.md lacks the worked case {case_id}"
        assert received in row and due in row, row
        listed = re.findall(r"\b\d{2}-\d{2}\b", row.split("|")[-2])
        assert listed == [d.strftime("%m-%d") for d in s.counted], f"{case_id}: counted days differ in docs"


# --- the calendar ------------------------------------------------------------------

def test_package_years_and_gap_names_the_year():
    assert {2025, 2026} <= DEFAULT_CALENDAR.known_years
    assert 2027 not in DEFAULT_CALENDAR.known_years, "chinesecalendar 1.11 covers 2004–2026"
    with pytest.raises(CalendarGap) as e:
        ReplyClock.start(D("2026-12-10"))  # due falls in January 2027
    assert e.value.year == 2027
    assert "2027年" in str(e.value)
    assert isinstance(e.value, GongkaiError)
    with pytest.raises(CalendarGap, match="2027"):
        DEFAULT_CALENDAR.is_workday(D("2027-03-01"))  # a plain Monday is still not guessed


def test_received_early_december_stays_inside_the_year():
    assert ReplyClock.start(D("2026-12-01")).due == D("2026-12-29")


def test_admin_schedule_covers_a_new_year():
    cal = WorkCalendar.from_schedule({
        "years": [2027],
        "holidays": {"2027-01-01": "元旦", "2027-01-04": "元旦"},
        "workdays": {"2027-01-09": "元旦"},
    })
    assert cal.is_workday(D("2027-01-01")) is False
    assert cal.is_workday(D("2027-01-04")) is False  # a Monday made a holiday
    assert cal.is_workday(D("2027-01-09")) is True  # a Saturday made a working day
    assert cal.is_workday(D("2027-01-05")) is True
    assert cal.day_note(D("2027-01-09")) == "调休上班（元旦）"
    assert cal.day_note(D("2027-01-04")) == "元旦"
    # 2026-12-10: 15 working days in December after it (11, 14–18, 21–25, 28–31), then 01-05, 06, 07, 08
    # and Saturday 01-09 (entered as a make-up working day) is day 20.
    assert ReplyClock.start(D("2026-12-10"), calendar=cal).due == D("2027-01-09")
    with pytest.raises(CalendarGap, match="2028") as e:
        cal.add_working_days(D("2027-12-20"), 20)
    assert "2004—2027" in str(e.value)
    with pytest.raises(CalendarGap, match="已知 2004—2026、2028 年") as e:
        WorkCalendar(covered_years=[2028]).is_workday(D("2027-06-01"))
    assert e.value.year == 2027
    assert WorkCalendar.from_schedule(cal.to_schedule()).to_schedule() == cal.to_schedule()


def test_overrides_without_covered_year_do_not_open_the_year():
    cal = WorkCalendar(overrides={D("2027-01-01"): False})
    with pytest.raises(CalendarGap):
        cal.is_workday(D("2027-01-01"))


def test_override_corrects_a_package_year():
    cal = WorkCalendar(overrides={D("2026-03-02"): False})  # e.g. a local day off entered by the admin
    assert DEFAULT_CALENDAR.is_workday(D("2026-03-02"))
    assert not cal.is_workday(D("2026-03-02"))
    assert cal.add_working_days(D("2026-03-01"), 1) == D("2026-03-03")


@pytest.mark.parametrize("bad,match", [
    ({"years": ["x"]}, "years"),
    ({"years": [2027], "holidays": {"2027-13-01": ""}}, "日期无效"),
    ({"years": [2027], "holidays": ["2027-01-02"], "workdays": ["2027-01-02"]}, "同时"),
    ([], "对象"),
])
def test_bad_schedule_is_a_clear_error(bad, match):
    with pytest.raises(ClockError, match=match) as e:
        WorkCalendar.from_schedule(bad, source="2027.json")
    assert "2027.json" in str(e.value)


def test_counting_primitives():
    cal = DEFAULT_CALENDAR
    assert cal.add_working_days(D("2026-02-13"), 0) == D("2026-02-13")
    assert cal.next_working_day(D("2026-02-14")) == D("2026-02-24")
    assert cal.working_days_between(D("2026-02-13"), D("2026-03-19")) == 20
    assert cal.working_days_between(D("2026-03-19"), D("2026-02-13")) == 0
    assert cal.working_days_after(D("2026-02-13"), 3) == [D("2026-02-14"), D("2026-02-24"), D("2026-02-25")]
    with pytest.raises(ClockError):
        cal.add_working_days(D("2026-02-13"), -1)


# --- the reply clock ----------------------------------------------------------------

def test_pause_stores_remaining_and_resumes_from_it():
    c = ReplyClock.start(D("2026-03-02"))
    assert c.due == D("2026-03-30")
    p = c.pause(D("2026-03-10"))
    assert p.is_paused and p.due_date() is None
    assert p.remaining_at_pause == 15  # 03-10 … 03-30, the paused day included
    assert p.working_days_left(D("2026-04-30")) == 15  # frozen while paused
    assert not p.is_overdue(D("2026-12-31"))
    r = p.resume(D("2026-03-20"))
    assert r.due == D("2026-04-13") and not r.is_paused and r.remaining_at_pause is None
    # resume is not restart: a restart would give 20 days after 03-20
    assert r.due < DEFAULT_CALENDAR.add_working_days(D("2026-03-20"), 20)


def test_two_consultations_in_a_row():
    c = ReplyClock.start(D("2026-03-02")).pause(D("2026-03-04")).resume(D("2026-03-05"))
    assert c.due == D("2026-04-01")  # two working days excluded
    c = c.pause(D("2026-03-16")).resume(D("2026-03-16"))
    assert c.due == D("2026-04-02")


def test_working_days_left_and_overdue():
    c = ReplyClock.start(D("2026-03-02"))  # due 03-30
    assert c.working_days_left(D("2026-03-02")) == 20
    assert c.working_days_left(D("2026-03-27")) == 1
    assert c.working_days_left(D("2026-03-30")) == 0 and not c.is_overdue(D("2026-03-30"))
    assert c.working_days_left(D("2026-04-01")) == -2 and c.is_overdue(D("2026-03-31"))
    assert c.due <= due_soon_cutoff(D("2026-03-23"))
    assert not c.due <= due_soon_cutoff(D("2026-03-20"))


def test_extension_rules():
    c = ReplyClock.start(D("2026-03-02"))
    assert c.extend(0) is c
    e = c.extend(20, on=D("2026-03-30"))
    assert e.extended == 20 and e.due == DEFAULT_CALENDAR.add_working_days(c.due, 20)
    with pytest.raises(ClockError, match="一次"):
        e.extend(1)
    with pytest.raises(ClockError, match="20"):
        c.extend(21)
    with pytest.raises(ClockError):
        c.extend(-1)
    with pytest.raises(ClockError, match="届满"):
        c.extend(5, on=D("2026-03-31"))
    # Extending while paused adds to the days remaining.
    p = c.pause(D("2026-03-10")).extend(5)
    assert p.remaining_at_pause == 20 and p.extended == 5


def test_restart_after_correction_clears_everything():
    c = ReplyClock.start(D("2026-03-02")).pause(D("2026-03-04"))
    r = c.restart(D("2026-03-09"))
    assert r.received == D("2026-03-02") and r.restarted_on == D("2026-03-09") and r.counting_from == D("2026-03-09")
    assert r.due == D("2026-04-07") and not r.is_paused and r.extended == 0
    with pytest.raises(ClockError):
        c.restart(D("2026-03-01"))


def test_invalid_steps():
    c = ReplyClock.start(D("2026-03-02"))
    with pytest.raises(ClockError, match="未中止"):
        c.resume(D("2026-03-05"))
    with pytest.raises(ClockError, match="早于"):
        c.pause(D("2026-03-01"))
    with pytest.raises(ClockError, match="届满"):
        c.pause(D("2026-03-31"))
    p = c.pause(D("2026-03-05"))
    with pytest.raises(ClockError, match="重复"):
        p.pause(D("2026-03-06"))
    with pytest.raises(ClockError, match="早于"):
        p.resume(D("2026-03-04"))
    with pytest.raises(ClockError):
        ReplyClock.start("2026-02-30")


def test_round_trip_for_storage():
    c = ReplyClock.start(D("2026-03-02")).restart(D("2026-03-04")).extend(3).pause(D("2026-03-10"))
    assert ReplyClock.from_dict(c.to_dict()) == c
    assert ReplyClock.from_dict(ReplyClock.start(D("2025-01-27")).to_dict()).due == D("2025-03-03")


# --- the other periods ----------------------------------------------------------------

def test_correction_notice_window():
    # Art. 30: within 7 working days of receipt. 2026-02-13 → 02-14(1), 02-24…02-28(2–6), 03-02(7).
    assert correction_notice_deadline(D("2026-02-13")) == D("2026-03-02")
    assert correction_notice_deadline(D("2025-09-28")) == D("2025-10-14")
    assert not correction_window_closing(D("2026-02-13"), D("2026-02-24"))  # 5 working days left: 02-25…02-28, 03-02
    assert correction_window_closing(D("2026-02-13"), D("2026-02-27"))  # 2 left (02-28 is 调休上班)
    assert correction_window_closing(D("2026-02-13"), D("2026-03-02"))  # the last day
    assert not correction_window_closing(D("2026-02-13"), D("2026-03-03"))  # closed
    assert correction_window_closing(D("2026-02-13"), D("2026-02-24"), within=5)


def test_consultation_period():
    # Arts. 32/34: 15 working days for the consulted party.
    assert consultation_deadline(D("2025-09-30")) == naive_nth_working_day(D("2025-09-30"), 15) == D("2025-10-28")


def test_fee_notice_pause():
    """Fees pause the reply clock from the notice to the payment.

    Verified here, verbatim, from the stored copies the search tool holds:

    * 四川省财政厅 四川省发展改革委《关于政府信息公开信息处理费有关事项的通知》(2021-01-18), which
      implements 国办函〔2020〕109号, item 二: "行政机关依法决定收取信息处理费的，应当在政府信息公开申请处理
      期限内，按照申请人获取信息的途径向申请人发出收费通知，说明收费的依据、标准、数额、缴纳方式等。申请人
      应当在收到收费通知次日起20个工作日内缴纳费用，逾期未缴纳的视为放弃申请。"
      (source: the notice as republished at m.tube444.com/xxgk-show-18175.html, in the pages corpus)

    NOT verified verbatim: the sentence of 《政府信息公开信息处理费管理办法》 that excludes the time between
    issuing the fee notice and the payment from the reply period. The stored copies of the Measures
    (e.g. www.dgmjb.com …/ce8767cf20654410a8154a4ec7ff04db.shtml, "来源：中国政府网") break off after
    第五条, so its wording and article number could not be checked here. The clock implements that
    exclusion as a pause (as the issue and the brief state the Measures provide); docs/fees.md records
    this, and the text should be checked against the State Council's own copy before relying on it.
    """
    received, notice_sent, notice_received, paid = D("2026-03-02"), D("2026-03-10"), D("2026-03-12"), D("2026-04-08")
    # 20 working days to pay, counted from the day after the applicant receives the notice.
    assert fee_payment_deadline(notice_received) == D("2026-04-10")
    c = ReplyClock.start(received).pause(notice_sent).resume(paid)
    # 5 days used (03-03…03-06, 03-09); 15 remain after payment on 04-08: 04-09, 04-10, 04-13…04-17,
    # 04-20…04-24, 04-27, 04-28, 04-29.
    assert c.due == D("2026-04-29")
    assert c.due == schedule(received, pauses=[(notice_sent, paid)]).due


def test_schedule_validation():
    with pytest.raises(ClockError, match="重叠"):
        schedule(D("2026-03-02"), pauses=[(D("2026-03-05"), D("2026-03-10")), (D("2026-03-09"), D("2026-03-12"))])
    with pytest.raises(ClockError, match="结束日早于"):
        schedule(D("2026-03-02"), pauses=[(D("2026-03-10"), D("2026-03-05"))])
    with pytest.raises(ClockError, match="之后"):
        schedule(D("2026-03-02"), pauses=[(D("2026-05-01"), D("2026-05-05"))])
    with pytest.raises(ClockError, match="20"):
        schedule(D("2026-03-02"), extend=21)


# --- properties -------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 8, 31))


@settings(max_examples=200, deadline=None)
@given(DAYS, st.integers(0, 20))
def test_due_is_a_working_day_and_counts_back(received, extend):
    c = ReplyClock.start(received).extend(extend)
    assert DEFAULT_CALENDAR.is_workday(c.due)
    assert DEFAULT_CALENDAR.working_days_between(received, c.due) == 20 + extend
    assert c.working_days_left(received) == 20 + extend


@settings(max_examples=200, deadline=None)
@given(DAYS, st.integers(1, 40), st.integers(0, 30))
def test_pausing_never_shortens_and_matches_schedule(received, offset, length):
    c = ReplyClock.start(received)
    start = received + dt.timedelta(days=offset)
    assume(start <= c.due)
    end = start + dt.timedelta(days=length)
    r = c.pause(start).resume(end)
    assert r.due >= c.due
    assert DEFAULT_CALENDAR.is_workday(r.due)
    assert r.due == schedule(received, pauses=[(start, end)]).due
    # resume with the remaining days: the working days in the pause are exactly the shift
    paused_working = DEFAULT_CALENDAR.working_days_between(start - dt.timedelta(days=1), end)
    assert DEFAULT_CALENDAR.working_days_between(received, r.due) == 20 + paused_working


@settings(max_examples=100, deadline=None)
@given(DAYS)
def test_extend_zero_is_identity_and_clock_agrees_with_naive_count(received):
    c = ReplyClock.start(received)
    assert c.extend(0) == c
    assert c.due == naive_nth_working_day(received, 20)


def test_module_documents_its_api():
    for name in ("ReplyClock", "WorkCalendar", "CalendarGap", "correction_notice_deadline",
                 "fee_payment_deadline", "schedule"):
        assert name in clock.__doc__
