"""The Article 26 clock on register entries.

《政府信息公开条例》第二十六条：属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起
20个工作日内及时公开。法律、法规对政府信息公开的期限另有规定的，从其规定。

The working days are the platform's calendar (:func:`gongkai.cases.models.add_working_days`: the
official holidays plus the administrators' schedule), the same as for applications. A limit that
falls in a year whose schedule is not entered yet is counted by the law's festivals and marked
暂定 (:func:`gongkai.cases.models.provisional_note`), as applications' due dates are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q

from gongkai.cases import clock
from gongkai.cases import models as cm

ART26_DAYS = 20
SOON = 5  # working days: "nearing the limit" in the workbench queue

STATES = {
    "on_time": "按时公开",
    "late": "逾期公开",
    "open": "待公开",
    "due_soon": "即将到期",
    "overdue": "已超期未公开",
    "unknown": "日历未知",  # only where the calendar refuses to count at all
}


@dataclass(frozen=True)
class Art26Clock:
    start: dt.date  # formed or changed
    due: dt.date | None  # None: the calendar does not know the year yet
    published: dt.date | None
    days_left: int | None  # working days from today to due (negative: overdue), unpublished only
    state: str
    provisional: str = ""  # "暂定：…" when the limit depends on a year's schedule not entered yet

    @property
    def label(self) -> str:
        return STATES[self.state]

    @property
    def needs_attention(self) -> bool:
        return self.state in ("due_soon", "overdue", "unknown")


def clock_for(start: dt.date, published: dt.date | None, today: dt.date | None = None) -> Art26Clock:
    """The clock of an entry formed or changed on ``start`` (published on ``published``, if it was)."""
    today = today or cm.dates.today()
    if published is not None and published < start:
        published = None  # published before the change: the changed text is not yet published
    try:
        due = cm.add_working_days(start, ART26_DAYS)
    except clock.ClockError:
        due = None
    note = cm.provisional_note(cm.provisional_years(start, due)) if due is not None else ""
    if published is not None:
        state = "on_time" if due is None or published <= due else "late"
        return Art26Clock(start, due, published, None, state, note)
    if due is None:
        return Art26Clock(start, None, None, None, "unknown")
    try:
        if today <= due:
            left = cm.working_days_between(today, due)
        else:
            left = -cm.working_days_between(due, today)
    except clock.ClockError:
        return Art26Clock(start, due, None, None, "unknown", note)
    state = "overdue" if today > due else "due_soon" if left <= SOON else "open"
    return Art26Clock(start, due, None, left, state, note)


MARGIN = dt.timedelta(days=10)  # around the cut-off, each entry's clock is computed exactly


def _waiting(agency: cm.Agency):
    """Per model: its unpublished entries (never published, or changed since), with their clock start."""
    from django.db.models.functions import Coalesce

    from .models import CatalogueItem, Document

    for model, formed in ((Document, "signed_on"), (CatalogueItem, "formed_on")):
        yield (model.objects.filter(agency=agency)
               .filter(Q(published_on__isnull=True) | Q(changed_on__gt=F("published_on")))
               .annotate(start=Coalesce("changed_on", formed)))


def _cutoff(today: dt.date) -> dt.date:
    """About the latest clock start whose limit is at most :data:`SOON` working days from ``today``."""
    cal = cm.work_calendar()
    d, n = today, 0
    while n < ART26_DAYS - SOON:
        d -= dt.timedelta(days=1)
        try:
            n += cal.is_workday(d)
        except clock.ClockError:
            n += d.weekday() < 5
    return d


def queue(agency: cm.Agency, today: dt.date | None = None, limit: int = 500) -> list[tuple[object, Art26Clock]]:
    """Unpublished entries nearing or past their limit (overdue first), at most ``limit``, for the workbench.

    Entries that started well before the cut-off are overdue without counting; only those near it
    get their clock computed to decide. Bounded work however long the registers are.
    """
    today = today or cm.dates.today()
    cut = _cutoff(today)
    out = []
    for qs in _waiting(agency):
        for entry in qs.filter(start__lte=cut + MARGIN).order_by("start", "pk")[:limit]:
            c = clock_for(entry.clock_start, entry.published_on, today)
            if c.needs_attention:
                out.append((entry, c))
    out.sort(key=lambda ec: (ec[1].days_left if ec[1].days_left is not None else -10**6, ec[1].start))
    return out[:limit]


def attention_count(agency: cm.Agency, today: dt.date | None = None) -> int:
    """How many entries :func:`queue` would list (without its limit): a count for every agency page."""
    today = today or cm.dates.today()
    cut = _cutoff(today)
    n = 0
    for qs in _waiting(agency):
        n += qs.filter(start__lt=cut - MARGIN).count()
        for entry in qs.filter(start__gte=cut - MARGIN, start__lte=cut + MARGIN):
            n += clock_for(entry.clock_start, entry.published_on, today).needs_attention
    return n


def late_in_year(agency: cm.Agency, year: int, today: dt.date | None = None) -> int:
    """Entries formed or changed in ``year`` not published within 20 working days (for the narrative)."""
    from .models import CatalogueItem, Document

    n = 0
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for model, field in ((Document, "signed_on"), (CatalogueItem, "formed_on")):
        qs = model.objects.filter(agency=agency).filter(
            Q(**{f"{field}__gte": start, f"{field}__lte": end})
            | Q(changed_on__gte=start, changed_on__lte=end))
        for entry in qs:
            if clock_for(entry.clock_start, entry.published_on, today).state in ("late", "overdue"):
                n += 1
    return n
