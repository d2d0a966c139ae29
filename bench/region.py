"""Supervision at the scale of a province: 100 counties × 40 units over 7 years (28,000 reports, about
5.8 million cells), the region page, a chart's data, and the long export.

    .venv/bin/python -m bench region            # SQLite, and PostgreSQL when one answers
    .venv/bin/python -m bench --quick region    # 20 counties (5,600 reports)

Each backend runs in its own process: a fresh SQLite file in a temporary directory, and a scratch
PostgreSQL database ``h_analysis_bench`` at ``GONGKAI_BENCH_POSTGRES`` (default
``postgres://postgres@127.0.0.1:5432/postgres``), created and dropped here. Goals (issue 13): the
region page and a chart's data each under 500 ms on PostgreSQL; the long export at least 1 million
rows a minute with flat memory.

Reports are 64 generated ones (``tests/core/builders.balanced``, each cell with a place) stored
under every unit and year, as a reader would have stored them; their indicators are computed once
each and stored for every copy, with lateness, balance and repeated text varied per unit and year.
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
PG_DB = "h_analysis_bench"
YEARS = tuple(range(2019, 2026))
PER_COUNTY = 40  # the county government and 39 units below it


def _rss() -> tuple[int, int]:
    """(VmRSS, VmHWM) of this process in KiB."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        k, _, v = line.partition(":")
        if k in ("VmRSS", "VmHWM"):
            out[k] = int(v.split()[0])
    return out.get("VmRSS", 0), out.get("VmHWM", 0)


def _reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # Linux: reset VmHWM to the current RSS
    except OSError:
        pass


def seed(counties: int, rng: random.Random) -> dict:
    sys.path.insert(0, str(ROOT))
    from django.contrib.auth import get_user_model

    from gongkai.report import jsonio
    from gongkai.supervision.indicators import compute
    from gongkai.supervision.models import ReportIndicators, Submission, Supervisor, Unit
    from gongkai.supervision.rollup import numbers
    from tests.core.builders import balanced, sections

    province = Unit.objects.create(name="基准省人民政府", level="province")
    units = []
    for c in range(counties):
        units.append(Unit(name=f"基准{c:03d}县人民政府", level="county", parent=province))
    Unit.objects.bulk_create(units)
    counties_ = list(Unit.objects.filter(level="county").order_by("id"))
    below = []
    for cty in counties_:
        for i in range(PER_COUNTY - 1):
            level = "township" if i < 9 else "department"
            below.append(Unit(name=f"{cty.name[:-4]}{'乡镇' if level == 'township' else '部门'}{i:02d}",
                              level=level, parent=cty))
    Unit.objects.bulk_create(below, batch_size=2000)
    paths = {province.pk: province.path}
    for u in counties_:
        u.path = paths[u.pk] = f"{province.path}{u.pk}/"
    for u in below:
        u.path = f"{paths[u.parent_id]}{u.pk}/"
    Unit.objects.bulk_update(counties_ + below, ["path"], batch_size=2000)

    bases = []
    for s in range(64):
        r = balanced("2021", seed=s, year=2024)
        r.sections = sections(r)
        order = r.tmpl.keys()
        for i, k in enumerate(order):
            if k in r.cells:
                r.cells[k].where = {"page": 2 + i // 80, "table": 3 if k.startswith("apps.") else 2, "row": i % 40,
                                    "column": i % 8}
        ind = compute(r, [], None, "department").values
        bases.append((jsonio.to_json(r), numbers(r), ind))
    n_cells = sum(len(b[0]["cells"]) for b in bases) / len(bases)

    subs, inds = [], []
    all_units = list(Unit.objects.values_list("id", "level").order_by("id"))
    for uid, _level in all_units:
        for y in YEARS:
            rep, cells, ind = bases[rng.randrange(len(bases))]
            subs.append(Submission(unit_id=uid, year=y, source="import", state="read", match="auto", template="2021",
                                   report=rep, cells=cells, original_name=f"{uid}-{y}.pdf"))
    created = []
    for i in range(0, len(subs), 1000):
        created += Submission.objects.bulk_create(subs[i:i + 1000])
    for sub in created:
        rep_cells = sub.cells
        ind = next(b[2] for b in bases if b[1] is rep_cells)
        v = dict(ind)
        late = rng.random() < 0.12
        v["days_late"] = rng.randint(1, 40) if late else 0
        v["on_time"] = not late
        v["balanced"] = rng.random() > 0.04
        v["repeated_share"] = round(rng.random() * 80, 1)
        inds.append(ReportIndicators(submission_id=sub.pk, unit_id=sub.unit_id, year=sub.year, **v))
        if len(inds) == 2000:
            ReportIndicators.objects.bulk_create(inds)
            inds = []
    ReportIndicators.objects.bulk_create(inds)
    user = get_user_model().objects.create_user("bench-supervisor", password="x")
    Supervisor.objects.create(user=user, unit=province)
    return {"province": province, "county": counties_[0], "user": user, "cells_per_report": n_cells,
            "units": len(all_units)}


def child(backend: str, url: str, counties: int) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.site.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from gongkai.supervision.models import Submission

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    made = seed(counties, random.Random(1))
    seeded = time.perf_counter() - t0
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    client = Client()
    client.force_login(made["user"])
    prov, county = made["province"].pk, made["county"].pk

    def timed(url, repeat=5, **params):
        assert client.get(url, params).status_code == 200  # warm
        out = []
        for _ in range(repeat):
            t = time.perf_counter()
            resp = client.get(url, params)
            out.append(time.perf_counter() - t)
            assert resp.status_code == 200
        return statistics.median(out)

    r = lambda name, **kw: reverse(f"supervision_region:{name}", kwargs={"unit_id": prov, **kw})  # noqa: E731
    times = {
        f"region page, province ({made['units']:,} units)": timed(r("region"), year=2024),
        "region page, sorted by 公开率, filtered to late": timed(r("region"), year=2024, sort="disclosure_rate",
                                                                 desc="1", flag="late"),
        f"region page, one county ({PER_COUNTY} units)": timed(
            reverse("supervision_region:region", kwargs={"unit_id": county}), year=2024),
        f"chart data: trend over {len(YEARS)} years ({made['units'] * len(YEARS):,} reports summed)": timed(
            r("chart_json", kind="trend")),
        "chart data: distribution of 公开率": timed(r("chart_json", kind="distribution"), year=2024),
        f"chart data: ranking of 公开率 ({made['units']:,} units)": timed(r("chart_json", kind="ranking"), year=2024),
        f"chart data: heat table ({counties} counties × 8)": timed(r("chart_json", kind="heat"), year=2024),
        "charts page (all three)": timed(r("charts"), year=2024),
        "a unit's years side by side": timed(reverse("supervision_region:unit", kwargs={"unit_id": county})),
    }
    # The long export: every cell of every report of the province, streamed as CSV.
    _reset_peak()
    rss0, _ = _rss()
    t = time.perf_counter()
    resp = client.get(r("cells_download", fmt="csv"))
    rows = nbytes = 0
    samples = []
    for chunk in resp.streaming_content:
        rows += chunk.count(b"\n")
        nbytes += len(chunk)
        if rows // 500_000 > len(samples):
            samples.append(_rss()[0])
    export_s = time.perf_counter() - t
    _, peak = _rss()
    rows -= 1  # the header
    return {"backend": backend, "reports": Submission.objects.count(), "units": made["units"],
            "cells_per_report": made["cells_per_report"], "seed_s": seeded, "times": times,
            "export_rows": rows, "export_s": export_s, "export_mb": nbytes / 1e6,
            "rss_start_mib": rss0 / 1024, "rss_samples_mib": [s / 1024 for s in samples], "rss_peak_mib": peak / 1024}


def report(results: list[dict]) -> None:
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    first = results[0]
    print(f"{first['units']:,} units, {first['reports']:,} reports ({first['cells_per_report']:.0f} cells each, "
          f"{first['reports'] * first['cells_per_report'] / 1e6:.1f} M cells); median of 5 warm requests "
          "through Django's test client (no network).\n")
    print("| | " + " | ".join(r["backend"] for r in results) + " |")
    print("|---|" + "---:|" * len(results))
    for key in first["times"]:
        print(f"| {key} | " + " | ".join(ms(r["times"][key]) for r in results) + " |")
    print("| long export: rows | " + " | ".join(f"{r['export_rows']:,}" for r in results) + " |")
    print("| long export: time | " + " | ".join(f"{r['export_s']:.0f} s" for r in results) + " |")
    print("| long export: rows a minute | " + " | ".join(f"{r['export_rows'] / r['export_s'] * 60 / 1e6:.2f} M"
                                                        for r in results) + " |")
    print("| long export: resident memory at start → every 0.5 M rows → peak | " + " | ".join(
        f"{r['rss_start_mib']:.0f} → {'/'.join(f'{s:.0f}' for s in r['rss_samples_mib'])} → {r['rss_peak_mib']:.0f} MiB"
        for r in results) + " |")
    print("| seeding (bulk insert) | " + " | ".join(f"{r['seed_s']:.0f} s" for r in results) + " |")
    print("\nGoals: the region page and a chart's data < 500 ms on PostgreSQL; the long export ≥ 1 M rows a minute, "
          "flat memory.")


def run(quick: bool = False) -> int:
    counties = 20 if quick else 100
    results = []
    if pg_available():
        try:
            results.append(run_child("bench.region", "PostgreSQL", pg_database(PG_DB, True), counties, timeout=7200,
                                     label="PostgreSQL"))
        finally:
            pg_database(PG_DB, False)
    else:
        print(f"<!-- PostgreSQL at {PG_ADMIN} did not answer; skipped -->")
    if os.environ.get("GONGKAI_BENCH_SQLITE", "1") != "0":
        with tempfile.TemporaryDirectory() as tmp:
            results.append(run_child("bench.region", "SQLite", f"sqlite:///{tmp}/bench.sqlite3", counties, timeout=7200,
                                     label="SQLite"))
    report(results)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
    else:
        sys.exit(run("--quick" in sys.argv))
