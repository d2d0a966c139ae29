"""The national holiday schedule on the platform: who may change it, each change, and its effect.

The schedule is national: a year entered here moves every agency's deadlines, so only a site
administrator (a superuser, or a user holding the permission ``cases.add_scheduleyear``) enters
or edits it. Each change is saved with its :class:`~gongkai.cases.models.ScheduleEvent` in one
transaction, and in the same transaction every open application's counted dates (reply due date
or the days left while paused, 补正 and fee deadlines, consultation deadlines) are recomputed
on the new calendar, each change kept in that application's audit trail (``recompute_dates``).

A year counts as complete (:class:`~gongkai.cases.models.ScheduleYear`) only when each statutory
festival of 《全国年节及纪念日放假办法》 is in it; until then its dates are provisional (暂定).
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from . import clock
from . import models as m
from .notice import ParsedNotice

PERMISSION = "cases.add_scheduleyear"


def can_manage(user) -> bool:
    """A site administrator: only they enter or edit the national schedule."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and (user.is_superuser or user.has_perm(PERMISSION)))


def _require(user) -> None:
    if not can_manage(user):
        raise PermissionDenied("节假日安排是全国统一的，只有站点管理员可以录入或修改")


def _actor(by) -> tuple:
    return (by if getattr(by, "is_authenticated", False) else None,
            by.get_username() if getattr(by, "is_authenticated", False) else str(by or "系统"))


def plain(value):
    """JSON-ready: dates as ISO text, inside dicts and lists too."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _log(by, action: str, year: int | None, detail: dict) -> m.ScheduleEvent:
    actor, label = _actor(by)
    return m.ScheduleEvent.objects.create(actor=actor, actor_label=label, action=action, year=year,
                                          detail=plain(detail))


def missing_festivals(year: int) -> list[str]:
    """The statutory festivals no entered day off of ``year`` is named after (complete: [])."""
    notes = list(m.ScheduleDay.objects.filter(date__year=year, is_workday=False).values_list("note", flat=True))
    out = []
    for name in clock.FESTIVAL_NAMES:
        short = name[:-1] if name.endswith("节") and len(name) > 2 else name  # 清明节 → 清明
        if not any(short in (n or "") for n in notes):
            out.append(name)
    return out


def next_year_reminder(user, on: dt.date) -> str | None:
    """From 1 November, the site administrator is reminded while next year's schedule is missing."""
    if on.month < 11 or not can_manage(user):
        return None
    year = on.year + 1
    if m.work_calendar().is_known(year):
        return None
    return (f"{year}年的法定节假日与调休安排尚未录入：国务院办公厅公布《关于{year}年部分节假日安排的通知》后，"
            f"请在“节假日安排”中粘贴通知全文录入。此前落在{year}年的期限按法定节日推算，标注“暂定”。")


# --- recomputing the open applications ----------------------------------------------------------

def _shift(old: clock.WorkCalendar, new: clock.WorkCalendar, anchor: dt.date, day: dt.date) -> dt.date:
    """The date counted from ``anchor`` as many working days as ``day`` was, on the new calendar."""
    if day <= anchor:
        return day
    return new.add_working_days(anchor, old.working_days_between(anchor, day))


def _last_start(app: m.Application, before: dt.date | None = None) -> dt.date:
    """The last day the reply clock started or resumed counting from (on or before ``before``)."""
    starts = [app.received_on, app.restarted_on, app.fee_paid_on,
              *app.consultations.exclude(answered_on=None).values_list("answered_on", flat=True)]
    starts = [d for d in starts if d and (before is None or d <= before)]
    return max(starts, default=app.received_on)


def _put(app: m.Application, changes: dict, field: str, value) -> None:
    was = getattr(app, field)
    if value != was:
        changes[field] = [was, value]
        setattr(app, field, value)


def recompute_open(old: clock.WorkCalendar, new: clock.WorkCalendar, by, reason: str) -> int:
    """Recompute every open application's counted dates from ``old`` to ``new``; returns how many changed."""
    changed = 0
    apps = (m.Application.objects.select_for_update().filter(status__in=m.OPEN_STATUSES, received_on__isnull=False)
            .order_by("id"))
    for app in apps:
        changes: dict[str, list] = {}
        if app.due_on is not None:
            _put(app, changes, "due_on", _shift(old, new, _last_start(app), app.due_on))
        elif app.paused_on is not None and app.days_remaining is not None and app.status != m.Status.CORRECTION:
            start = max(app.paused_on - dt.timedelta(days=1), app.restarted_on or app.received_on)
            was_due = old.add_working_days(start, app.days_remaining)
            due = _shift(old, new, _last_start(app, before=app.paused_on), was_due)
            _put(app, changes, "days_remaining", new.working_days_between(start, due))
        if app.status == m.Status.CORRECTION and app.correction_due_on:
            due = _shift(old, new, app.correction_requested_on, app.correction_due_on)
            _put(app, changes, "correction_due_on", due)
        if app.status == m.Status.FEE and app.fee_due_on:
            _put(app, changes, "fee_due_on", _shift(old, new, app.fee_notice_on, app.fee_due_on))
        consultations = []
        for c in app.consultations.filter(answered_on__isnull=True):
            due = _shift(old, new, c.sent_on, c.due_on)
            if due != c.due_on:
                changes[f"consultation:{c.party}"] = [c.due_on, due]
                c.due_on = due
                consultations.append(c)
        if not changes:
            continue
        app.save(update_fields=[f for f in changes if ":" not in f] + ["updated_at"])
        for c in consultations:
            c.save(update_fields=["due_on"])
        app._log("recompute_dates", by, {"reason": reason, "changes": plain(changes)}, app.status)
        changed += 1
    return changed


@contextmanager
def _changing(by, reason: str):
    """Run a change of the schedule and recompute the open applications, all in one transaction."""
    _require(by)
    m.forget_calendar()
    try:
        with transaction.atomic():
            # One change of the schedule at a time: the year rows are the lock.
            list(m.ScheduleYear.objects.select_for_update().values_list("id", flat=True))
            old = m.work_calendar()
            result: dict = {}
            yield result
            m.forget_calendar()
            result["recomputed"] = recompute_open(old, m.work_calendar(), by, reason)
            action, year, detail = result.pop("log")
            result["event"] = _log(by, action, year, {**detail, "recomputed": result["recomputed"]})
    finally:
        m.forget_calendar()


# --- the changes ----------------------------------------------------------------------------

def enter_notice(parsed: ParsedNotice, by, source: str = "") -> dict:
    """Enter a whole year from the State Council's notice: replaces the days entered for that year."""
    if parsed.missing:
        raise ValidationError(f"通知中缺少法定节日：{'、'.join(parsed.missing)}（《全国年节及纪念日放假办法》第二条），"
                              f"不能登记{parsed.year}年全年安排")
    year = parsed.year
    source = (source or f"国务院办公厅关于{year}年部分节假日安排的通知")[:200]
    with _changing(by, f"录入{year}年节假日安排") as result:
        actor, _ = _actor(by)
        days = {d: (False, n) for d, n in parsed.holidays.items()}
        days.update({d: (True, n) for d, n in parsed.workdays.items()})
        removed = [str(d) for d in m.ScheduleDay.objects.filter(date__year=year).exclude(date__in=list(days))]
        for d in m.ScheduleDay.objects.filter(date__year=year).exclude(date__in=list(days)):
            d.delete()
        for day, (is_work, note) in sorted(days.items()):
            m.ScheduleDay.objects.update_or_create(date=day, defaults={"is_workday": is_work, "note": note[:100],
                                                                      "entered_by": actor})
        m.ScheduleYear.objects.update_or_create(year=year, defaults={"source": source, "entered_by": actor})
        result["log"] = ("notice", year, {"source": source, "schedule": parsed.to_schedule(), "removed": removed})
    return result


def save_day(by, day: dt.date, is_workday: bool, note: str, instance: m.ScheduleDay | None = None) -> dict:
    """Add a day (or edit ``instance``). A complete year must stay complete."""
    with _changing(by, f"修改{day.year}年节假日安排") as result:
        actor, _ = _actor(by)
        before = None
        if instance is not None:
            instance = m.ScheduleDay.objects.select_for_update().get(pk=instance.pk)
            before = {"date": instance.date, "is_workday": instance.is_workday, "note": instance.note}
        elif m.ScheduleDay.objects.filter(date=day).exists():
            raise ValidationError(f"{day.isoformat()} 已录入，请修改该日")
        obj = instance or m.ScheduleDay(entered_by=actor)
        obj.date, obj.is_workday, obj.note = day, is_workday, note
        obj.save()
        _check_complete_years(before["date"].year if before else day.year, day.year)
        result["log"] = ("edit_day" if before else "add_day", day.year,
                         {"before": before, "after": {"date": day, "is_workday": is_workday, "note": note}})
        result["day"] = obj
    return result


def delete_day(by, instance: m.ScheduleDay) -> dict:
    with _changing(by, f"修改{instance.date.year}年节假日安排") as result:
        obj = m.ScheduleDay.objects.select_for_update().get(pk=instance.pk)
        before = {"date": obj.date, "is_workday": obj.is_workday, "note": obj.note}
        obj.delete()
        _check_complete_years(obj.date.year)
        result["log"] = ("delete_day", obj.date.year, {"before": before})
    return result


def complete_year(by, year: int, source: str) -> dict:
    """Mark ``year`` entered in full: refused while a statutory festival is missing from it."""
    if not 2000 <= year <= 2099:
        raise ValidationError(f"年度无效：{year}")
    with _changing(by, f"登记{year}年全年节假日安排") as result:
        missing = missing_festivals(year)
        if missing:
            raise ValidationError(f"{year}年尚未录入：{'、'.join(missing)}。每个法定节日都录入后才能登记全年安排"
                                  f"（《全国年节及纪念日放假办法》第二条）")
        actor, _ = _actor(by)
        m.ScheduleYear.objects.update_or_create(year=year, defaults={"source": source[:200], "entered_by": actor})
        result["log"] = ("complete_year", year, {"source": source})
    return result


def _check_complete_years(*years: int) -> None:
    for year in set(years):
        if m.ScheduleYear.objects.filter(year=year).exists():
            missing = missing_festivals(year)
            if missing:
                raise ValidationError(f"{year}年已登记为全年录入，修改后将缺少：{'、'.join(missing)}")
