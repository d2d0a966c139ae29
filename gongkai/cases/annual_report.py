"""Tables 3 and 4 of the annual report, counted from the platform's records.

:func:`build_report` returns a :class:`gongkai.report.Report` with the core's keys, so the
core's checks, renderers and JSON apply unchanged. The tables balance by construction:

* every application (split originals excluded; their parts count) received by 31 December
  is either closed by then — in exactly one outcome row of the year it was closed — or
  carried forward;
* 本年新收 + 上年结转 = applications closed in the year + those still open at its end.

Table 4 counts each 行政复议 and 行政诉讼 that was open at some time in the year (filed by
31 December and not decided before 1 January): in its result column when decided in the
year, else under 尚未审结. A case filed in one year and decided in the next is thus 尚未审结
in the first report and shows its result in the second.

A report for 2019 or 2020 uses the 2019 template: the 2021 （六） rows are summed into
``other``.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from gongkai.report import cells as C
from gongkai.report.model import Report

from .models import Agency, Appeal, Application, Status


def counted(agency: Agency):
    """The applications an annual report counts: received, and not replaced by their parts."""
    return (Application.objects.filter(agency=agency, received_on__isnull=False)
            .exclude(status=Status.SPLIT))


def build_report(agency: Agency, year: int) -> Report:
    """The annual report's tables 3 and 4 for ``agency`` and ``year``, from the records."""
    tmpl = C.template_for_year(year)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    report = Report(template=tmpl.version, year=year, agency=agency.name)
    for key in tmpl.app_keys() + list(C.APPEAL_KEYS):
        report.set(key, 0)

    def add(row: str, column: str, n: int) -> None:
        for col in (column, "total"):
            key = C.app_key(row, col)
            report.set(key, report.number(key) + n)

    qs = counted(agency)
    # 本年新收, 上年结转, 结转下年度 by applicant type: one grouped query.
    flows = (qs.filter(received_on__lte=end)
             .values("applicant_type").order_by()
             .annotate(new=Count("id", filter=Q(received_on__gte=start)),
                       carried_over=Count("id", filter=Q(received_on__lt=start)
                                          & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))),
                       carried_forward=Count("id", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end))))
    for row in flows:
        add("new_received", row["applicant_type"], row["new"])
        add("carried_over", row["applicant_type"], row["carried_over"])
        add("carried_forward", row["applicant_type"], row["carried_forward"])
    # Outcomes of the year: one grouped query.
    # (A closed application is always received and never a split original: the constraint
    # closed_after_received and the status say so, which lets this count use its covering index.)
    outcomes = (Application.objects.filter(agency=agency, status=Status.CLOSED, closed_on__gte=start,
                                           closed_on__lte=end)
                .values("applicant_type", "outcome").annotate(n=Count("id")).order_by())
    for row in outcomes:
        outcome = row["outcome"]
        if tmpl.version == "2019" and outcome.startswith("other."):
            outcome = "other"
        add(outcome, row["applicant_type"], row["n"])
        add("total", row["applicant_type"], row["n"])

    # Table 4.
    appeals = (Appeal.objects.filter(application__agency=agency, filed_on__lte=end)
               .exclude(decided_on__lt=start)
               .values("kind", "after_review_id", "result", "decided_on").order_by())
    for a in appeals:
        group = ("review" if a["kind"] == "review"
                 else "litigation_after_review" if a["after_review_id"] else "litigation_direct")
        decided_in_year = a["decided_on"] is not None and a["decided_on"] <= end
        column = a["result"] if decided_in_year else "pending"
        for col in (column, "total"):
            key = C.appeal_key(group, col)
            report.set(key, report.number(key) + 1)
    from gongkai.decisions.fee_notices import add_fee_section  # section 六: the year's fee totals

    add_fee_section(report, agency, year)
    return report


def arithmetic_findings(report: Report) -> list:
    """The core's findings about the tables' arithmetic (what the platform guarantees)."""
    from gongkai.report import checks

    out = []
    for rule in (checks.check_column_balance, checks.check_outcome_sum, checks.check_row_sums,
                 checks.check_appeals):
        out += rule(report)
    return out
