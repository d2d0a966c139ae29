"""The case platform at scale: 100,000 applications, the annual report and a workbench page.

    .venv/bin/python -m bench platform            # SQLite, and PostgreSQL when one answers
    .venv/bin/python -m bench --quick platform    # 20,000 applications

(Run it through ``-m``: as a script its name would shadow the standard library's ``platform``.)

Each backend runs in its own process (Django configures one database per process): a fresh
SQLite file in a temporary directory, and a scratch PostgreSQL database ``gongkai_bench`` at
``GONGKAI_BENCH_POSTGRES`` (default ``postgres://postgres@127.0.0.1:5432/postgres``), created and
dropped here. Goals (issue 4): the annual report under 1 s, a workbench page under 100 ms.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench._child import PG_ADMIN, pg_available, pg_database, run_child  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PG_DB = "gongkai_bench"
TODAY = (2026, 10, 30)


def seed(n: int, rng: random.Random) -> dict:
    """Bulk-insert ``n`` applications over 2025–2026 in realistic states (bypassing the per-step audit)."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from gongkai.cases import clock
    from gongkai.cases import models as m

    cal = m.work_calendar()
    agency = m.Agency.objects.create(slug="bench", name="基准测试市人民政府办公室")
    other = m.Agency.objects.create(slug="other", name="另一机关")
    user = get_user_model().objects.create_user("bench", password="x")
    m.Membership.objects.create(user=user, agency=agency, role="handler")
    today = dt.date(*TODAY)
    start = dt.date(2025, 1, 2)
    days = [d for d in (start + dt.timedelta(i) for i in range((today - start).days + 1)) if cal.is_workday(d)]
    types = [k for k, _ in m.APPLICANT_TYPES]
    outcomes = [k for k in m.OUTCOME_KEYS]
    batch, appeals = [], []
    for i in range(n):
        received = rng.choice(days)
        kind = rng.choices(types, weights=(70, 10, 4, 4, 6, 6))[0]
        due = cal.add_working_days(received, clock.REPLY_DAYS)
        closed = cal.add_working_days(received, rng.randint(2, 30))
        fields = dict(agency=agency if i % 20 else other, number=f"{received.year}-{i:07d}", applicant_type=kind,
                      applicant_name="基准申请人", id_number="110105199001011234", info_description="基准测试",
                      channel="online", submitted_on=received, received_on=received, due_on=due)
        if closed <= today:
            fields.update(status=m.Status.CLOSED, outcome=rng.choice(outcomes), closed_on=closed, due_on=None)
        else:
            fields.update(status=rng.choice((m.Status.NEW, m.Status.PROCESSING, m.Status.PROCESSING,
                                             m.Status.CORRECTION, m.Status.CONSULTATION)))
            if fields["status"] in (m.Status.CORRECTION, m.Status.CONSULTATION):
                fields.update(due_on=None, paused_on=received, days_remaining=15)
        batch.append(m.Application(**fields))
        if len(batch) == 5000:
            m.Application.objects.bulk_create(batch)
            batch = []
    m.Application.objects.bulk_create(batch)
    closed_ids = list(m.Application.objects.filter(agency=agency, status=m.Status.CLOSED)
                      .values_list("id", "closed_on")[: n // 30])
    for app_id, closed_on in closed_ids:
        filed = closed_on + dt.timedelta(days=rng.randint(5, 60))
        decided = filed + dt.timedelta(days=rng.randint(20, 200))
        done = decided <= today
        appeals.append(m.Appeal(application_id=app_id, kind=rng.choice(("review", "litigation")), filed_on=filed,
                                result=rng.choice(("upheld", "corrected", "other")) if done else "pending",
                                decided_on=decided if done else None))
    m.Appeal.objects.bulk_create(appeals)
    return {"agency": agency, "user": user}


def child(backend: str, url: str, n: int) -> dict:
    """Runs in the child process: migrate, seed, time. Returns the numbers."""
    import datetime as dt

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.site.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from gongkai.cases import models as m
    from gongkai.cases.annual_report import arithmetic_findings, build_report

    m.dates.today = lambda: dt.date(*TODAY)
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    made = seed(n, random.Random(1))
    seeded = time.perf_counter() - t0
    # The steady state of a live database: statistics gathered (and, on PostgreSQL, the visibility
    # map that autovacuum keeps, which index-only counts need).
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    agency = made["agency"]

    def timed(fn, repeat):
        fn()  # warm
        out = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
        return statistics.median(out)

    report_s = timed(lambda: build_report(agency, 2026), 5)
    rep = build_report(agency, 2026)
    assert not arithmetic_findings(rep), "the benchmark's report does not balance"
    client = Client()
    client.force_login(made["user"])
    pages = {}
    for queue in ("new", "due_soon", "overdue", "open", "closed"):
        url = f"/staff/bench/?queue={queue}"
        assert client.get(url).status_code == 200
        pages[queue] = timed(lambda url=url: client.get(url), 7)
    partial = timed(lambda: client.get("/staff/bench/?queue=due_soon&partial=1", HTTP_HX_REQUEST="true"), 7)
    return {"backend": backend, "applications": m.Application.objects.count(), "seed_s": seeded,
            "report_s": report_s, "pages_s": pages, "partial_s": partial,
            "report_total": rep.get("apps.total.total")}


def run(quick: bool = False) -> int:
    n = 20_000 if quick else 100_000
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(run_child("bench.platform", "SQLite", f"sqlite:///{tmp}/bench.sqlite3", n,
                                     label="SQLite"))
    if pg_available():
        try:
            results.append(run_child("bench.platform", "PostgreSQL", pg_database(PG_DB, True), n,
                                     label="PostgreSQL"))
        finally:
            pg_database(PG_DB, False)
    else:
        print(f"<!-- PostgreSQL at {PG_ADMIN} did not answer; skipped -->")
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    print(f"{n:,} applications (1 in 20 at another agency), ~{n // 30:,} appeals; median of 5–7 warm runs.\n")
    print("| backend | seed | annual report 2026 | workbench: new | due within 5 | overdue | all open | closed "
          "| htmx partial |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        p = r["pages_s"]
        print(f"| {r['backend']} | {r['seed_s']:.0f} s | {ms(r['report_s'])} | {ms(p['new'])} | {ms(p['due_soon'])} "
              f"| {ms(p['overdue'])} | {ms(p['open'])} | {ms(p['closed'])} | {ms(r['partial_s'])} |")
    print("\nGoals: annual report < 1 s; a workbench page < 100 ms.")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
    else:
        sys.exit(run("--quick" in sys.argv))
