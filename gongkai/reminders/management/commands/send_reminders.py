"""python -m django send_reminders [--date YYYY-MM-DD] [--dry-run]: e-mail handlers what is due (idempotent)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from ...send import send_reminders


class Command(BaseCommand):
    help = "向承办人发送到期、超期、补正期限和缴费期限提醒（同一事项同一期限只发一次）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="按哪一天计算（默认今天），YYYY-MM-DD")
        parser.add_argument("--dry-run", action="store_true", help="只列出将发送的提醒，不发送、不记录")

    def handle(self, *args, date=None, dry_run=False, **options) -> None:
        try:
            on = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"--date 应为 YYYY-MM-DD：{date}") from None
        r = send_reminders(on, dry_run=dry_run)
        for recipient, subject in r.mails:
            self.stdout.write(f"{'将发送' if dry_run else '已发送'} {recipient}：{subject}")
        self.stdout.write(f"邮件 {r.sent} 封，提醒 {r.items} 项；此前已发送 {r.skipped} 项；发送失败 {r.failed} 项；"
                          f"无收件人 {r.no_recipient} 项")
        if r.failed:
            raise CommandError("部分提醒发送失败，下次运行时将重试")
