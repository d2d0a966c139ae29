"""What needs a reminder on a given day, and to whom.

Kinds (each keyed by the deadline it concerns, so a changed deadline — an extension, a restart
after 补正 — is reminded afresh, and an unchanged one never twice):

* ``due_soon`` — the reply is due within 5 working days (the workbench's queue);
* ``overdue`` — the reply deadline has passed and the application is still open;
* ``correction_notice`` — the 7 working days for the one-time 补正 notice are nearly over (Art. 30);
* ``correction_closing`` — the applicant's 补正 period ends within 2 working days, or has ended
  (then the application should be ended as ``other.no_correction``);
* ``fee_unpaid`` — the 20 working days to pay have passed (end as ``other.no_fee``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..cases import models as cm
from ..cases.queues import conditions

KINDS = {
    "due_soon": "答复期限将至",
    "overdue": "已超过答复期限",
    "correction_notice": "补正通知期限将届满",
    "correction_closing": "补正期限将届满或已届满",
    "fee_unpaid": "缴费期限已届满",
}
SOON = 5  # working days, as the workbench's "due within 5 working days"
CORRECTION_SOON = 2


@dataclass(frozen=True)
class Item:
    app: cm.Application
    kind: str
    key: str  # the deadline, ISO date
    text: str

    @property
    def label(self) -> str:
        return KINDS[self.kind]


def recipients(app: cm.Application, handlers_by_agency: dict) -> list[str]:
    """The handler's address; for an application nobody has taken yet, every handler of the agency."""
    if app.handler_id and app.handler.email:
        return [app.handler.email]
    return handlers_by_agency.get(app.agency_id, [])


def items_on(today: dt.date) -> list[Item]:
    cal = cm.work_calendar()
    conds = conditions(today)
    out: list[Item] = []
    apps = cm.Application.objects.select_related("agency", "handler")
    for app in apps.filter(conds["due_soon"]).order_by("due_on", "id"):
        left = cal.working_days_between(today, app.due_on)
        mark = cm.provisional_note(cm.provisional_years(app.due_on))
        mark = f"（{mark}）" if mark else ""
        out.append(Item(app, "due_soon", app.due_on.isoformat(),
                        f"答复期限 {app.due_on:%Y-%m-%d}{mark}，还剩 {left} 个工作日"))
    for app in apps.filter(conds["overdue"]).order_by("due_on", "id"):
        late = cal.working_days_between(app.due_on, today)
        out.append(Item(app, "overdue", app.due_on.isoformat(),
                        f"答复期限 {app.due_on:%Y-%m-%d} 已过 {late} 个工作日"))
    for app in apps.filter(status__in=(cm.Status.NEW, cm.Status.PROCESSING), correction_requested_on__isnull=True,
                           received_on__isnull=False, received_on__gte=today - dt.timedelta(days=21)):
        left = app.correction_window_warning(today)
        if left is not None:
            end = app.correction_window_ends()
            out.append(Item(app, "correction_notice", end.isoformat(),
                            f"如需补正，须在 {end:%Y-%m-%d} 前一次性发出补正通知（还剩 {left} 个工作日）"))
    for app in apps.filter(status=cm.Status.CORRECTION).order_by("correction_due_on", "id"):
        end = app.correction_due_on
        if today > end:
            out.append(Item(app, "correction_closing", f"{end.isoformat()}/passed",
                            f"补正期限 {end:%Y-%m-%d} 已届满，未收到补正：可按“逾期未补正”办结"))
        elif cal.working_days_between(today, end) <= CORRECTION_SOON:
            out.append(Item(app, "correction_closing", end.isoformat(), f"补正期限 {end:%Y-%m-%d} 即将届满"))
    for app in apps.filter(status=cm.Status.FEE, fee_due_on__lt=today).order_by("fee_due_on", "id"):
        out.append(Item(app, "fee_unpaid", app.fee_due_on.isoformat(),
                        f"缴费期限 {app.fee_due_on:%Y-%m-%d} 已届满，未缴费：可按“逾期未缴纳费用”办结"))
    return out


def handlers_by_agency() -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    rows = (cm.Membership.objects.filter(role="handler").exclude(user__email="")
            .values_list("agency_id", "user__email").order_by("agency_id", "user__email"))
    for agency_id, email in rows:
        if email not in out.setdefault(agency_id, []):
            out[agency_id].append(email)
    return out
