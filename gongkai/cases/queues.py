"""The workbench queues: which applications need whom, today."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q

from . import clock
from .models import OPEN_STATUSES, Agency, Application, Status, work_calendar

# (key, label, hint) in the order the workbench shows them.
QUEUES: tuple[tuple[str, str, str], ...] = (
    ("new", "新收", "待确认收到或尚未承办"),
    ("correction", "待补正", "已发出补正通知，等待申请人补正"),
    ("consultation", "征求意见中", "第三方或其他机关征求意见，答复期限中止计算"),
    ("fee", "待缴费", "已发出收费通知，缴费期间不计入答复期限"),
    ("approval", "待审批", "延期或办结等待机构负责人审批"),
    ("due_soon", "5个工作日内到期", "答复期限在5个工作日内届满"),
    ("overdue", "已超期", "已超过答复期限仍未办结"),
    ("open", "全部在办", "所有尚未办结的申请，按答复期限排序"),
    ("closed", "已办结", "已作出答复"),
)
QUEUE_KEYS = tuple(k for k, _, _ in QUEUES)


def due_soon_cutoff(on: dt.date) -> dt.date:
    """The last due date that is "within 5 working days" of ``on`` (provisional past the known calendar)."""
    return clock.due_soon_cutoff(on, 5, calendar=work_calendar())


def calendar_gap(on: dt.date) -> str | None:
    """A note when the next few weeks reach a year whose official schedule is missing, else ``None``.

    Dates are then provisional (暂定): counted by the festivals of the law, without 调休.
    """
    cal = work_calendar()
    end = cal.add_working_days(on, clock.REPLY_DAYS + clock.MAX_EXTENSION)
    years = cal.missing_years(on, end)
    if not years:
        return None
    names = "、".join(f"{y}年" for y in years)
    return (f"{names}的法定节假日与调休安排尚未录入：落在{names}的期限为暂定日期（按《全国年节及纪念日放假办法》"
            f"的法定节日推算，未计调休），请站点管理员按国务院办公厅的通知录入后自动重算。")


def conditions(on: dt.date) -> dict[str, Q]:
    cutoff = due_soon_cutoff(on)
    open_ = Q(status__in=OPEN_STATUSES)
    return {
        "new": Q(status__in=(Status.SUBMITTED, Status.NEW)),
        "correction": Q(status=Status.CORRECTION),
        "consultation": Q(status=Status.CONSULTATION),
        "fee": Q(status=Status.FEE),
        "approval": Q(status=Status.APPROVAL) | (open_ & Q(extension_requested_days__gt=0)),
        "due_soon": open_ & Q(due_on__gte=on, due_on__lte=cutoff),
        "overdue": open_ & Q(due_on__lt=on),
        "open": Q(status__in=(Status.SUBMITTED, *OPEN_STATUSES)),
        "closed": Q(status=Status.CLOSED),
    }


def counts(agency: Agency, on: dt.date) -> dict[str, int]:
    """How many applications each queue holds: one pass over the open ones, one index count of the closed."""
    conds = conditions(on)
    live = [k for k in QUEUE_KEYS if k != "closed"]
    out = (Application.objects.filter(agency=agency, status__in=(Status.SUBMITTED, *OPEN_STATUSES))
           .aggregate(**{k: Count("id", filter=conds[k]) for k in live}))
    out["closed"] = Application.objects.filter(agency=agency, status=Status.CLOSED).count()
    return out


def queue(agency: Agency, key: str, on: dt.date):
    """The applications in queue ``key``, most urgent first."""
    qs = Application.objects.filter(agency=agency).filter(conditions(on)[key])
    if key == "closed":
        return qs.order_by("-closed_on", "-id")
    if key == "correction":
        return qs.order_by("correction_due_on", "id")
    if key == "new":
        return qs.order_by("submitted_on", "id")
    return qs.order_by(F("due_on").asc(nulls_last=True), "received_on", "id")


def search(agency: Agency, text: str):
    """Applications whose number, applicant, information sought or tracking code contain ``text``."""
    from .models import normalise_code

    cond = (Q(number__icontains=text) | Q(applicant_name__icontains=text) | Q(info_title__icontains=text)
            | Q(info_description__icontains=text))
    code = normalise_code(text)
    if len(code) == 19:
        cond |= Q(tracking_code=code)
    return Application.objects.filter(agency=agency).filter(cond).order_by(F("received_on").desc(nulls_first=True),
                                                                          "-id")
