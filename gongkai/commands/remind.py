"""gongkai remind [--date DATE] [--dry-run]: e-mail handlers what is due; a scheduler runs it daily."""

from __future__ import annotations

import argparse

from ..cli import EXIT_FINDINGS, EXIT_OK, command


def _remind_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date", help="按哪一天计算（默认今天），YYYY-MM-DD")
    p.add_argument("--dry-run", action="store_true", help="只列出将发送的提醒，不发送、不记录")


@command("remind", "向承办人发送到期、超期、补正和缴费期限提醒邮件（可重复运行，不重复发送）")(_remind_args)
def run_remind(args: argparse.Namespace) -> int:
    from .serve import setup_django

    setup_django()
    from django.core.management import CommandError, call_command

    call_command("migrate", interactive=False, verbosity=0)
    argv = ["send_reminders"] + (["--date", args.date] if args.date else []) + (["--dry-run"] if args.dry_run else [])
    try:
        call_command(*argv)
    except CommandError as e:
        print(f"gongkai: {e}")
        return EXIT_FINDINGS
    return EXIT_OK
