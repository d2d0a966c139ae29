"""The complete annual report at scale: 100,000 applications and 5,000 register entries.

    .venv/bin/python -m bench annual_report            # SQLite, and PostgreSQL when one answers
    .venv/bin/python -m bench --quick annual_report    # 20,000 applications, 1,000 entries

The applications are seeded as in :mod:`bench.platform` (2025–2026, 1 in 20 at another agency);
the registers get documents (2010–2026, some repealed), twelve months of 许可/处罚/强制/收费 per
year with corrections, and catalogue items. Timed (median of 5 warm runs) for the 2025 report:
the tables (table 2 from the registers, 3–4 from the records), the prefilled narrative, the
checks, and each format drawn by the core's renderers; then the goal's figure — the complete
report computed, checked and rendered as PDF. Goal (issue 11): under 2 s for the PDF.
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
YEAR = 2025


def seed_registers(agency, n: int, rng: random.Random) -> int:
    import datetime as dt

    from gongkai.registers.models import CatalogueItem, Document, MonthlyFigure

    figures = []
    for year in range(2015, 2027):
        for month in range(1, 13):
            for cat in ("licensing", "punishment", "coercion", "fees"):
                for _ in range(2 if month % 4 == 0 else 1):  # some months corrected once
                    amount = f"{rng.randint(0, 99999) / 100:.2f}" if cat == "fees" else ""
                    figures.append(MonthlyFigure(agency=agency, category=cat, year=year, month=month, amount=amount,
                                                 count=None if cat == "fees" else rng.randint(0, 500)))
    MonthlyFigure.objects.bulk_create(figures)  # bulk_create skips save(): the rows are valid by construction
    n_cat = n // 8
    n_docs = max(0, n - len(figures) - n_cat)
    docs = []
    for i in range(n_docs):
        signed = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randint(0, 6100))
        ended = signed + dt.timedelta(days=rng.randint(100, 3000)) if rng.random() < 0.3 else None
        docs.append(Document(agency=agency, kind="regulation" if i % 10 == 0 else "normative", title=f"基准文件{i}",
                             number=f"基规〔{signed.year}〕{i}号", signed_on=signed,
                             published_on=signed + dt.timedelta(days=rng.randint(1, 40)), ended_on=ended,
                             end_kind="repealed" if ended else ""))
    Document.objects.bulk_create(docs, batch_size=2000)
    items = [CatalogueItem(agency=agency, title=f"基准目录事项{i}", category="基准",
                           formed_on=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 600)))
             for i in range(n_cat)]
    for it in items:
        if rng.random() < 0.95:
            it.published_on = it.formed_on + dt.timedelta(days=rng.randint(1, 40))
    CatalogueItem.objects.bulk_create(items, batch_size=2000)
    return len(figures) + len(docs) + len(items)


def child(backend: str, url: str, n: int, entries: int) -> dict:
    import datetime as dt

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.site.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.platform import TODAY, seed
    from gongkai.annual import checks
    from gongkai.annual import models as am
    from gongkai.annual.build import tables
    from gongkai.annual.prefill import prefill
    from gongkai.cases import models as m
    from gongkai.report import render

    m.dates.today = lambda: dt.date(*TODAY)
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    made = seed(n, random.Random(1))
    agency = made["agency"]
    n_entries = seed_registers(agency, entries, random.Random(2))
    seeded = time.perf_counter() - t0
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    def timed(fn, repeat=5):
        fn()
        out = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
        return statistics.median(out)

    draft = am.AnnualReport.objects.create(agency=agency, year=YEAR, sections=prefill(agency, YEAR))
    core = draft.to_core_report()
    assert core.get("apps.new_received.total"), "the benchmark's year has no applications"
    result = {
        "tables": timed(lambda: tables(agency, YEAR)),
        "prefill": timed(lambda: prefill(agency, YEAR)),
        "checks": timed(lambda: checks.findings(core, None, "department")),
        "html": timed(lambda: render.render(core, "html")),
        "docx": timed(lambda: render.render(core, "docx")),
        "pdf_render": timed(lambda: render.render(core, "pdf")),
    }

    def complete_pdf():
        r = draft.to_core_report()
        checks.findings(r, draft.previous_report(), "department")
        return render.render(r, "pdf")

    result["complete_pdf"] = timed(complete_pdf)
    pdf = complete_pdf()
    return {"backend": backend, "applications": m.Application.objects.count(), "entries": n_entries,
            "seed_s": seeded, "pdf_bytes": len(pdf), **result}


def run(quick: bool = False) -> int:

    n, entries = (20_000, 1_000) if quick else (100_000, 5_000)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(run_child("bench.annual_report", "SQLite", f"sqlite:///{tmp}/bench.sqlite3", n, entries,
                                     label="SQLite"))
    if pg_available():
        try:
            results.append(run_child("bench.annual_report", "PostgreSQL", pg_database(PG_DB, True), n, entries,
                                     label="PostgreSQL"))
        finally:
            pg_database(PG_DB, False)
    else:
        print(f"<!-- PostgreSQL at {PG_ADMIN} did not answer; skipped -->")
    ms = lambda s: f"{s * 1000:.1f} ms" if s < 0.01 else f"{s * 1000:.0f} ms"  # noqa: E731
    print(f"{n:,} applications, {results[0]['entries']:,} register entries; the {YEAR} report; "
          "median of 5 warm runs.\n")
    print("| backend | tables 2–4 | prefilled text | checks | HTML | DOCX | PDF | **complete report → PDF** |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['backend']} | {ms(r['tables'])} | {ms(r['prefill'])} | {ms(r['checks'])} | {ms(r['html'])} "
              f"| {ms(r['docx'])} | {ms(r['pdf_render'])} | **{ms(r['complete_pdf'])}** |")
    print("\nGoal: the complete report rendered as PDF in under 2 s.")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))))
    else:
        sys.exit(run("--quick" in sys.argv))
