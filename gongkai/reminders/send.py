"""Send the reminders of a day: one digest e-mail per handler, each item recorded once.

Idempotent: an item (application, kind, deadline, recipient) is claimed by inserting its
:class:`ReminderSent` row — the unique constraint makes a second run, even a concurrent one, skip
it — and marked sent after the mail has gone. A failed send leaves the row unsent with the error,
and the next run tries it again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from .due import Item, handlers_by_agency, items_on, recipients
from .models import ReminderSent


@dataclass
class Outcome:
    sent: int = 0  # e-mails
    items: int = 0  # reminder items in them
    skipped: int = 0  # items sent before
    failed: int = 0
    no_recipient: int = 0
    mails: list[tuple[str, str]] = field(default_factory=list)  # (recipient, subject)


def _claim(item: Item, recipient: str) -> ReminderSent | None:
    existing = ReminderSent.objects.filter(application=item.app, kind=item.kind, key=item.key,
                                           recipient=recipient).first()
    if existing is not None:
        return existing if existing.sent_at is None else None  # retry a failed one
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(agency=item.app.agency, application=item.app, kind=item.kind,
                                               key=item.key, recipient=recipient)
    except IntegrityError:  # another run claimed it just now
        return None


def _body(recipient: str, items: list[Item], today: dt.date) -> str:
    base = getattr(settings, "GONGKAI_SITE_URL", "").rstrip("/")
    lines = [f"{today:%Y年%m月%d日}，以下政府信息公开申请需要办理：", ""]
    for it in items:
        url = base + reverse("cases:detail", args=[it.app.pk])
        lines.append(f"【{it.label}】{it.app.agency.name} {it.app.number} {it.app.applicant_name}：{it.text}")
        lines.append(f"    {url}")
    lines += ["", "此邮件由 gongkai 自动发送；同一事项同一期限只提醒一次。"]
    return "\n".join(lines)


def send_reminders(today: dt.date | None = None, *, dry_run: bool = False) -> Outcome:
    from ..cases import models as cm

    today = today or cm.dates.today()
    result = Outcome()
    by_agency = handlers_by_agency()
    per_recipient: dict[str, list[tuple[Item, ReminderSent | None]]] = defaultdict(list)
    for item in items_on(today):
        to = recipients(item.app, by_agency)
        if not to:
            result.no_recipient += 1
            continue
        for r in to:
            if dry_run:
                done = ReminderSent.objects.filter(application=item.app, kind=item.kind, key=item.key, recipient=r,
                                                   sent_at__isnull=False).exists()
                if done:
                    result.skipped += 1
                else:
                    per_recipient[r].append((item, None))
                continue
            row = _claim(item, r)
            if row is None:
                result.skipped += 1
            else:
                per_recipient[r].append((item, row))
    for recipient, pairs in sorted(per_recipient.items()):
        items = [i for i, _ in pairs]
        overdue = sum(1 for i in items if i.kind == "overdue")
        subject = f"[gongkai] {len(items)} 件政府信息公开申请需要办理" + (f"（{overdue} 件已超期）" if overdue else "")
        result.mails.append((recipient, subject))
        if dry_run:
            result.items += len(items)
            continue
        try:
            send_mail(subject, _body(recipient, items, today), None, [recipient])
        except Exception as e:  # the SMTP server said no: keep the claim unsent, retry next run
            ReminderSent.objects.filter(pk__in=[row.pk for _, row in pairs]).update(error=str(e)[:500])
            result.failed += len(items)
            continue
        ReminderSent.objects.filter(pk__in=[row.pk for _, row in pairs]).update(sent_at=timezone.now(), error="")
        result.sent += 1
        result.items += len(items)
    return result
