"""The 主动公开 registers: table 2 counted by hand, monthly figures as entered, the Article 26 clock.

《条例》第二十六条：属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。
Working days here are counted by hand from the 2026 calendar (no holiday in March 2026).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.registers import art26
from gongkai.registers.models import CatalogueItem, Document, MonthlyFigure
from gongkai.registers.table2 import table2
from gongkai.report.checks import check_years
from gongkai.report.model import Report

pytestmark = pytest.mark.django_db
D = dt.date


def doc(agency, kind, signed, ended=None, published=None, **kw):
    return Document.objects.create(agency=agency, kind=kind, title=kw.pop("title", f"文件{signed}"), signed_on=signed,
                                   ended_on=ended, end_kind="repealed" if ended else "", published_on=published, **kw)


def fig(agency, category, year, month, count=None, amount=""):
    f = MonthlyFigure(agency=agency, category=category, year=year, month=month, count=count, amount=amount)
    f.save()
    return f


def test_table2_documents_counted_as_at_31_december(people):
    a = people.a
    doc(a, "regulation", D(2024, 6, 1))  # in force throughout
    doc(a, "regulation", D(2025, 3, 1), ended=D(2025, 12, 31))  # made and repealed in 2025
    doc(a, "normative", D(2025, 5, 5))
    doc(a, "normative", D(2025, 12, 31))  # signed on the last day: counts
    doc(a, "normative", D(2026, 1, 1))  # next year: not in 2025
    doc(a, "normative", D(2023, 1, 1), ended=D(2026, 2, 1))  # repealed next year: in force on 31 Dec 2025
    doc(people.b, "normative", D(2025, 5, 5))  # another agency
    cells = table2(a, 2025, "2021")
    assert (cells["art20.regulations.made"], cells["art20.regulations.repealed"],
            cells["art20.regulations.in_force"]) == (1, 1, 1)
    assert (cells["art20.normative_documents.made"], cells["art20.normative_documents.repealed"],
            cells["art20.normative_documents.in_force"]) == (2, 0, 3)
    nxt = table2(a, 2026, "2021")
    assert (nxt["art20.normative_documents.made"], nxt["art20.normative_documents.repealed"],
            nxt["art20.normative_documents.in_force"]) == (1, 1, 3)
    # The core's cross-year rule holds by construction: 3 + 1 − 1 = 3.
    prev, this = Report("2021", 2025), Report("2021", 2026)
    for r, c in ((prev, cells), (this, nxt)):
        for k, v in c.items():
            r.set(k, v)
    assert [f for f in check_years(this, prev) if f.code == "years.in_force"] == []


def test_table2_2019_template(people):
    a = people.a
    doc(a, "normative", D(2019, 4, 1), published=D(2019, 4, 10))
    doc(a, "normative", D(2018, 12, 20), published=D(2019, 1, 8))
    doc(a, "normative", D(2017, 1, 1), published=D(2017, 1, 9))
    fig(a, "punishment", 2019, 5, count=4)
    cells = table2(a, 2019, "2019")
    assert cells["art20.normative_documents.new_made"] == 1
    assert cells["art20.normative_documents.new_published"] == 2
    assert cells["art20.normative_documents.total_published"] == 3
    assert cells["art20.punishment.decisions"] == 4
    assert cells["art20.licensing.previous"] is None  # not kept in the registers: blank, never invented


def test_monthly_figures_latest_entry_counts_and_amounts_keep_their_decimals(people):
    a = people.a
    fig(a, "licensing", 2025, 1, count=10)
    fig(a, "licensing", 2025, 2, count=5)
    fig(a, "licensing", 2025, 1, count=12)  # a correction of January: the later row counts
    fig(a, "fees", 2025, 1, amount="12.30")
    fig(a, "fees", 2025, 2, amount="0.5")
    fig(a, "fees", 2024, 2, amount="99")  # another year
    cells = table2(a, 2025, "2021")
    assert cells["art20.licensing.decisions"] == 17
    assert cells["art20.fees.amount"] == "12.80"  # 12.30 + 0.5, printed with the decimals entered
    assert cells["art20.punishment.decisions"] == 0
    assert MonthlyFigure.objects.filter(agency=a, category="licensing", month=1).count() == 2  # both kept


def test_monthly_figures_are_never_changed_or_deleted(people):
    f = fig(people.a, "coercion", 2025, 3, count=1)
    f.count = 2
    with pytest.raises(PermissionDenied):
        f.save()
    with pytest.raises(PermissionDenied):
        MonthlyFigure.objects.filter(pk=f.pk).update(count=3)
    with pytest.raises(PermissionDenied):
        f.delete()
    with pytest.raises(ValidationError):
        fig(people.a, "fees", 2025, 3, amount="十二万")
    with pytest.raises(ValidationError):
        fig(people.a, "licensing", 2025, 3, count=None)
    with pytest.raises(ValidationError):
        fig(people.a, "licensing", 2025, 13, count=1)


# --- Article 26 ------------------------------------------------------------------------------

FORMED = D(2026, 3, 2)  # Monday; 20 working days later (3 Mar … 30 Mar, no holiday) is Monday 30 March
DUE = D(2026, 3, 30)


@pytest.mark.parametrize("published, today, state, left", [
    (D(2026, 3, 30), D(2026, 4, 20), "on_time", None),
    (D(2026, 3, 31), D(2026, 4, 20), "late", None),
    (None, D(2026, 3, 10), "open", 14),  # 11, 12, 13, 16–20, 23–27, 30
    (None, D(2026, 3, 25), "due_soon", 3),  # 26, 27, 30
    (None, D(2026, 3, 30), "due_soon", 0),
    (None, D(2026, 4, 1), "overdue", -2),  # 31 March, 1 April
])
def test_art26_clock_counts_working_days(people, published, today, state, left):
    c = art26.clock_for(FORMED, published, today)
    assert c.due == DUE and c.state == state and c.days_left == left


def test_art26_change_restarts_the_clock_and_an_unknown_year_is_provisional(people):
    item = CatalogueItem.objects.create(agency=people.a, title="年度预算", category="财政", formed_on=D(2026, 1, 5),
                                        published_on=D(2026, 1, 9), changed_on=FORMED)
    c = item.art26()  # published before the change: the changed text is not published yet
    assert c.start == FORMED and c.published is None and c.due == DUE
    assert c.provisional == ""
    # 2035's schedule is not entered: counted by the law's festivals and weekends, marked 暂定.
    # 1 June 2035 is a Friday; the Dragon Boat festival (五月初五) falls on Sunday 10 June 2035, so
    # no weekday is lost: 4–8, 11–15, 18–22, 25–29 June are the 20 working days.
    far = art26.clock_for(D(2035, 6, 1), None, D(2035, 6, 4))
    assert far.due == D(2035, 6, 29) and far.provisional.startswith("暂定：2035年") and far.state == "open"


def test_art26_queue_lists_unpublished_entries_near_or_past_the_limit(people):
    a = people.a
    today = D(2026, 3, 25)
    late = doc(a, "normative", D(2026, 2, 2), title="已超期")
    soon = CatalogueItem.objects.create(agency=a, title="临近时限", category="财政", formed_on=FORMED)
    doc(a, "normative", D(2026, 3, 20), title="时间充裕")
    doc(a, "normative", D(2026, 2, 2), published=D(2026, 2, 5), title="已公开")
    q = art26.queue(a, today)
    assert [e for e, _ in q] == [late, soon]
    assert q[0][1].state == "overdue" and q[1][1].days_left == 3
    assert art26.late_in_year(a, 2026, today) == 1
    assert art26.attention_count(a, today) == 2


def test_art26_count_agrees_with_the_clock_of_every_entry(people):
    """The bounded count equals counting every entry's clock, on every day of a quarter."""
    import random

    rng = random.Random(5)
    a = people.a
    for i in range(120):
        formed = D(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 150))
        published = formed + dt.timedelta(days=rng.randint(1, 45)) if rng.random() < 0.4 else None
        CatalogueItem.objects.create(agency=a, title=f"事项{i}", category="测试", formed_on=formed,
                                     published_on=published)
    items = list(CatalogueItem.objects.filter(agency=a))
    for today in (D(2026, 2, 1) + dt.timedelta(days=k) for k in range(0, 120, 3)):
        by_hand = sum(1 for it in items if it.formed_on <= today
                      and art26.clock_for(it.clock_start, it.published_on, today).needs_attention)
        assert art26.attention_count(a, today) == by_hand, today
        assert len(art26.queue(a, today)) == by_hand, today


def test_the_clock_and_the_deadlines_are_the_laws_own(people):
    """The numbers come from the texts in ../shared/law (skipped where absent)."""
    import re
    from pathlib import Path

    law = Path(__file__).resolve().parents[3] / "shared" / "law"
    if not (law / "tiaoli-2019.md").exists():
        law = Path("/work/shared/law")
    if not (law / "tiaoli-2019.md").exists():
        pytest.skip("../shared/law 不在此处")
    tiaoli = (law / "tiaoli-2019.md").read_text(encoding="utf-8")
    art26_text = next(line for line in tiaoli.splitlines() if line.startswith("第二十六条"))
    assert f"形成或者变更之日起{art26.ART26_DAYS}个工作日内" in art26_text
    art49 = next(line for line in tiaoli.splitlines() if line.startswith("第四十九条"))
    assert "1月31日前" in art49
    from gongkai.annual.deadlines import publication_deadline

    assert publication_deadline(2025, "department") == D(2026, 1, 31)
    circular = (law / "guobangongkaibanhan-2021-30.md").read_text(encoding="utf-8")
    for level, (month, day) in (("county", (2, 20)), ("prefecture", (3, 10)), ("province", (3, 31))):
        assert re.search(f"{month}月{day}日前", circular)
        assert publication_deadline(2025, level) == D(2026, month, day)
