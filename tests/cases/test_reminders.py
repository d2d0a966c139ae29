"""Reminders: handlers are e-mailed what is due soon, overdue, 补正 windows closing, fees unpaid — once each."""
# ruff: noqa: F811  (the ``world`` fixture is imported, then named as a parameter)

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from gongkai.cases import models as m
from gongkai.reminders.models import ReminderSent
from gongkai.reminders.send import send_reminders

from .decision_world import make_app, make_user, world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_due_soon_is_sent_once(world, mailoutbox):
    due = world.app.due_on
    today = dt.date(2026, 9, 25)
    assert m.working_days_between(today, due) <= 5
    r = send_reminders(today)
    assert r.sent == 1 and len(mailoutbox) == 1
    msg = mailoutbox[0]
    assert msg.to == ["handler@example.org"]
    assert world.app.number in msg.body and "答复期限将至" in msg.body and f"/staff/a/{world.app.pk}/" in msg.body
    again = send_reminders(today)
    assert again.sent == 0 and again.skipped == 1 and len(mailoutbox) == 1
    assert ReminderSent.objects.filter(kind="due_soon", sent_at__isnull=False).count() == 1


def test_overdue_then_extension_reminds_afresh(world, mailoutbox, monkeypatch):
    day_after = world.app.due_on + dt.timedelta(days=1)
    send_reminders(day_after)
    assert "已超过答复期限" in mailoutbox[-1].body and "（1 件已超期）" in mailoutbox[-1].subject
    send_reminders(day_after + dt.timedelta(days=1))
    assert len(mailoutbox) == 1  # the same deadline is not reminded again
    # Before the deadline, an extension moves it: the new deadline is reminded when it nears.
    app = make_app(world.a, received=dt.date(2026, 9, 1), by=world.handler, id_number="B")
    app.take(world.handler)
    send_reminders(dt.date(2026, 9, 25))
    n = len(mailoutbox)
    app.request_extension(world.handler, 5, "调取档案")
    app.approve_extension(world.head)
    new_due = m.Application.objects.get(pk=app.pk).due_on
    send_reminders(new_due - dt.timedelta(days=1))
    assert len(mailoutbox) > n
    kinds = set(ReminderSent.objects.filter(application=app).values_list("key", flat=True))
    assert new_due.isoformat() in kinds


def test_correction_windows(world, mailoutbox):
    # The 7 working days for the 补正 notice are nearly over.
    fresh = make_app(world.a, received=dt.date(2026, 9, 15), by=world.handler, id_number="C1")
    fresh.take(world.handler)
    end = fresh.correction_window_ends()
    day = end - dt.timedelta(days=1)
    while not m.work_calendar().is_workday(day):
        day -= dt.timedelta(days=1)
    send_reminders(day)
    assert any("补正通知期限将届满" in msg.body and fresh.number in msg.body for msg in mailoutbox)
    # The applicant's 补正 period has ended without a supplement.
    asked = make_app(world.a, received=dt.date(2026, 9, 2), by=world.handler, id_number="C2")
    asked.take(world.handler)
    asked.request_correction(world.handler, dt.date(2026, 9, 3), "写明时间范围", 5)
    after = asked.correction_due_on + dt.timedelta(days=1)
    send_reminders(after)
    assert any("补正期限" in msg.body and "已届满" in msg.body and asked.number in msg.body for msg in mailoutbox)
    count = len(mailoutbox)
    send_reminders(after)
    assert len(mailoutbox) == count


def test_fee_unpaid(world, mailoutbox):
    from gongkai.decisions.fee_notices import charge

    charge(world.app, world.handler, dt.date(2026, 9, 2), "by_volume", 60, "大量复制", letter=False)
    app = m.Application.objects.get(pk=world.app.pk)
    send_reminders(app.fee_due_on + dt.timedelta(days=1))
    assert any("缴费期限" in msg.body and app.number in msg.body for msg in mailoutbox)


def test_unassigned_applications_go_to_every_handler_of_the_agency(world, mailoutbox):
    make_user("second", world.a, "handler")
    app = make_app(world.a, received=dt.date(2026, 9, 1), by=world.handler, id_number="U")
    assert app.handler_id is None
    send_reminders(dt.date(2026, 9, 25))
    to = {addr for msg in mailoutbox for addr in msg.to if app.number in msg.body}
    assert to == {"handler@example.org", "second@example.org"}
    assert not any("other@example.org" in msg.to for msg in mailoutbox)  # not another agency's staff


def test_failed_send_is_retried_next_run(world, settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.cases.test_reminders.FailingBackend"
    r = send_reminders(dt.date(2026, 9, 25))
    assert r.failed == 1 and r.sent == 0
    row = ReminderSent.objects.get()
    assert row.sent_at is None and "refused" in row.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    r = send_reminders(dt.date(2026, 9, 25))
    assert r.sent == 1 and len(mail.outbox) == 1
    assert ReminderSent.objects.get().sent_at is not None


def test_management_command_and_dry_run(world, mailoutbox):
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-09-25", "--dry-run", stdout=out)
    assert "将发送 handler@example.org" in out.getvalue() and not mailoutbox
    assert not ReminderSent.objects.exists()
    call_command("send_reminders", "--date", "2026-09-25", stdout=out)
    call_command("send_reminders", "--date", "2026-09-25", stdout=out)
    assert len(mailoutbox) == 1
    assert "此前已发送 1 项" in out.getvalue()


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP refused")


def test_gongkai_remind_cli(world, mailoutbox, capsys):
    from gongkai.cli import main

    assert main(["remind", "--date", "2026-09-25", "--dry-run"]) == 0
    assert "将发送 handler@example.org" in capsys.readouterr().out and not mailoutbox
    assert main(["remind", "--date", "2026-09-25"]) == 0
    assert main(["remind", "--date", "2026-09-25"]) == 0
    assert len(mailoutbox) == 1
