"""manage.py close_lapsed [--dry-run]: end applications whose 补正 or fee deadline has passed.

No supplement by the deadline → （六）1 ``other.no_correction``; unpaid fee → （六）2
``other.no_fee``. Each closes through the model (audited, actor 系统) the first day after the
deadline. Run it daily (cron) or let staff do it from the application page.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from gongkai.cases import models as m
from gongkai.cases.states import Conflict
from gongkai.cases.transitions import lock


class Command(BaseCommand):
    help = "按逾期未补正、逾期未缴费办结到期的申请"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出，不办结")

    def handle(self, *args, dry_run: bool = False, **options):
        on = m.dates.today()
        due = [(app, "correction") for app in m.Application.objects.filter(status=m.Status.CORRECTION,
                                                                          correction_due_on__lt=on)]
        due += [(app, "fee") for app in m.Application.objects.filter(status=m.Status.FEE, fee_due_on__lt=on)]
        for app, kind in due:
            what = "逾期未补正" if kind == "correction" else "逾期未缴费"
            self.stdout.write(f"{app.agency.slug} {app.number}：{what}" + ("（未办结：--dry-run）" if dry_run else ""))
            if not dry_run:
                try:
                    with transaction.atomic():  # locked and re-checked: the applicant may act meanwhile
                        lock(app)
                        (app.lapse_correction if kind == "correction" else app.lapse_fee)(None, on)
                except Conflict as e:
                    self.stdout.write(f"  未办结：{'；'.join(e.messages)}")
        self.stdout.write(f"共 {len(due)} 件")
