"""The annual report from the records: by hand for small cases, and simulated years of thousands.

The expected tables are counted here independently of gongkai.cases.annual_report: by walking
every record in Python, and by the simulation's own ledger of what it did.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from gongkai.cases import models as m
from gongkai.cases.annual_report import arithmetic_findings, build_report
from gongkai.cases.simulate import Actors, simulate
from gongkai.report import cells as C
from gongkai.report.checks import check, check_years

from .platform_world import application

pytestmark = pytest.mark.django_db
D = dt.date


def only_table2_missing(findings) -> bool:
    """Nothing but what the records cannot give: table 2 (proactive disclosure) and the narrative sections."""
    return all((f.code == "table.missing" and "表二" in f.message) or f.code == "form.section_missing"
               for f in findings)


def test_small_year_by_hand(people):
    p = people
    # Carried over from 2025: one natural person, closed in 2026; one company, still open.
    old = application(p.a, p.registrar, received=D(2025, 12, 22))
    old.close(p.handler, "granted", D(2026, 1, 6))
    application(p.a, p.registrar, received=D(2025, 12, 29), applicant_type="commercial")
    # 2026: research institute, partial; lawyer, no correction; natural person, open.
    r = application(p.a, p.registrar, received=D(2026, 3, 2), applicant_type="research")
    r.close(p.handler, "partial", D(2026, 3, 20), "区分处理")
    law = application(p.a, p.registrar, received=D(2026, 4, 1), applicant_type="legal_services")
    law.request_correction(p.handler, D(2026, 4, 2), "补正", days=5)
    law.lapse_correction(p.handler, D(2026, 4, 20))
    application(p.a, p.registrar, received=D(2026, 10, 26))
    # A split application counts as its parts.
    s = application(p.a, p.registrar, received=D(2026, 5, 6), applicant_type="other_org")
    s.split(p.registrar, ["一", "二"], on=D(2026, 5, 7))
    # Another agency's records never count.
    application(p.b, p.stranger, received=D(2026, 3, 2))
    # Appeals: a review filed in 2025 decided in 2026, a pending direct suit.
    rv = m.Appeal.file(old, p.handler, "review", D(2026, 1, 20))
    rv.decide(p.handler, "corrected", D(2026, 3, 1))
    m.Appeal.file(r, p.handler, "litigation", D(2026, 4, 1))

    rep = build_report(p.a, 2026)
    g = rep.get
    assert rep.template == "2021" and rep.agency == "示范市人民政府办公室"
    assert (g("apps.new_received.research"), g("apps.new_received.legal_services"),
            g("apps.new_received.natural_person"), g("apps.new_received.other_org"),
            g("apps.new_received.total")) == (1, 1, 1, 2, 5)
    assert (g("apps.carried_over.natural_person"), g("apps.carried_over.commercial"),
            g("apps.carried_over.total")) == (1, 1, 2)
    assert g("apps.granted.natural_person") == 1 and g("apps.partial.research") == 1
    assert g("apps.other.no_correction.legal_services") == 1
    assert g("apps.total.total") == 3
    assert (g("apps.carried_forward.commercial"), g("apps.carried_forward.natural_person"),
            g("apps.carried_forward.other_org"), g("apps.carried_forward.total")) == (1, 1, 2, 4)
    assert (g("review.corrected"), g("review.total"), g("litigation_direct.pending"),
            g("litigation_direct.total")) == (1, 1, 1, 1)
    assert arithmetic_findings(rep) == []
    assert only_table2_missing(check(rep))
    prev = build_report(p.a, 2025)
    assert prev.get("apps.carried_forward.total") == 2 and check_years(rep, prev) == []


def test_2019_template_years_sum_the_other_rows(people):
    p = people
    a1 = application(p.a, p.registrar, received=D(2020, 6, 1))
    a1.request_correction(p.handler, D(2020, 6, 2), "补正", days=5)
    a1.lapse_correction(p.handler, D(2020, 7, 1))
    a2 = application(p.a, p.registrar, received=D(2020, 6, 1), applicant_type="commercial")
    a2.close(p.handler, "other.other", D(2020, 6, 10), "申请人撤回申请")
    rep = build_report(p.a, 2020)
    assert rep.template == "2019"
    assert rep.get("apps.other.natural_person") == 1 and rep.get("apps.other.commercial") == 1
    assert rep.get("apps.other.total") == 2
    assert not any(k.startswith("apps.other.no_") for k in rep.cells)
    assert arithmetic_findings(rep) == []


def test_review_decided_next_year_is_pending_then_shows_its_result(people):
    p = people
    app = application(p.a, p.registrar, received=D(2025, 11, 3))
    app.close(p.handler, "denied.process_info", D(2025, 11, 20), "过程性信息")
    rv = m.Appeal.file(app, p.handler, "review", D(2025, 12, 10))
    rv.decide(p.handler, "upheld", D(2026, 2, 10))
    lit = m.Appeal.file(app, p.handler, "litigation", D(2026, 2, 20), after_review=rv)
    y25, y26 = build_report(p.a, 2025), build_report(p.a, 2026)
    g25, g26 = y25.get, y26.get
    assert (g25("review.pending"), g25("review.upheld"), g25("litigation_after_review.total")) == (1, 0, 0)
    assert (g26("review.pending"), g26("review.upheld"), g26("litigation_after_review.pending")) == (0, 1, 1)
    lit.decide(p.handler, "other", D(2026, 6, 1))
    assert build_report(p.a, 2026).get("litigation_after_review.other") == 1
    assert build_report(p.a, 2027).get("litigation_after_review.total") == 0


# --- the simulated years -----------------------------------------------------------------------

def expected_from_records(agency: m.Agency, year: int, template: str) -> dict[str, int]:
    """Tables 3 and 4 counted by walking every record in Python (no ORM aggregation)."""
    start, end = D(year, 1, 1), D(year, 12, 31)
    cells: Counter = Counter()

    def add(row, col):
        cells[C.app_key(row, col)] += 1
        cells[C.app_key(row, "total")] += 1

    for a in m.Application.objects.filter(agency=agency).iterator():
        if a.status == m.Status.SPLIT or a.received_on is None or a.received_on > end:
            continue
        col = a.applicant_type
        if a.received_on >= start:
            add("new_received", col)
        elif a.closed_on is None or a.closed_on >= start:
            add("carried_over", col)
        if a.closed_on is not None and start <= a.closed_on <= end:
            row = a.outcome
            if template == "2019" and row.startswith("other."):
                row = "other"
            add(row, col)
            add("total", col)
        if a.closed_on is None or a.closed_on > end:
            add("carried_forward", col)
    for ap in m.Appeal.objects.filter(application__agency=agency).iterator():
        if ap.filed_on > end or (ap.decided_on is not None and ap.decided_on < start):
            continue
        group = ap.group
        col = ap.result if ap.decided_on is not None and ap.decided_on <= end else "pending"
        cells[C.appeal_key(group, col)] += 1
        cells[C.appeal_key(group, "total")] += 1
    return cells


@pytest.mark.slow
def test_simulated_years_balance_and_equal_the_records(people):
    p = people
    p.a.requires_close_approval = True  # every close goes through the office head
    p.a.save()
    actors = Actors(p.registrar, p.handler, p.head)
    plans = simulate(p.a, D(2024, 1, 2), D(2026, 10, 28), 2400, actors, seed=7, appeals=0.12)
    # A second agency's records are simulated too and must not leak into the first's report.
    simulate(p.b, D(2025, 1, 2), D(2026, 10, 28), 150, Actors(p.stranger, p.stranger, p.stranger), seed=8)

    ledger = [q for plan in plans for q in (plan.parts or [plan])]
    assert len(ledger) > 2400
    stopped = [q.path for q in ledger if "stopped" in q.path]
    assert stopped == []
    paths = Counter(plan.path for plan in plans)
    assert set(paths) == {"direct", "correction_ok", "correction_unclear", "correction_lapse", "consult",
                          "consult_stalled", "fee_paid", "fee_lapse", "extension", "split", "refused_then_approved"}

    reports = {}
    for year in (2024, 2025, 2026):
        rep = build_report(p.a, year)
        reports[year] = rep
        expected = expected_from_records(p.a, year, rep.template)
        got = {k: c.value for k, c in rep.cells.items()}
        assert {k: v for k, v in got.items() if v} == {k: v for k, v in expected.items() if v}, year
        assert set(got) == set(rep.tmpl.app_keys()) | set(C.APPEAL_KEYS)
        assert arithmetic_findings(rep) == []
        assert only_table2_missing(check(rep))
        # The simulation's own ledger: closed in the year, by outcome.
        closed = Counter(q.outcome for q in ledger if q.closed_on and q.closed_on.year == year)
        for outcome, n in closed.items():
            assert rep.get(C.app_key(outcome, "total")) == n, (year, outcome)
        assert rep.get("apps.new_received.total") == sum(1 for q in ledger if q.received_on.year == year)
        # Every path happened in the busy years.
        if year < 2026:
            for outcome in ("other.no_correction", "other.no_fee", "unable.unclear"):
                assert rep.get(C.app_key(outcome, "total")) > 0, (year, outcome)
    # Carry-over across two year-ends, reviews decided in a later year.
    for year in (2025, 2026):
        assert check_years(reports[year], reports[year - 1]) == []
        assert reports[year].get("apps.carried_over.total") > 0
    twice = [a for a in m.Application.objects.filter(agency=p.a, received_on__year=2024)
             if a.closed_on is None or a.closed_on.year >= 2026]
    assert twice, "some applications should be open across two year-ends"
    later = m.Appeal.objects.filter(application__agency=p.a, filed_on__year=2024, decided_on__year=2025)
    assert later.exists()
    assert reports[2024].get("review.pending") + reports[2024].get("litigation_direct.pending") > 0
