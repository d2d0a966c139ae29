"""The evidence panel at scale: 100,000 applications in SQLite, index build (first page load) and one page's data.

    .venv/bin/python -m bench [--quick] evidence

Seeds applications with bulk inserts into a throw-away SQLite database (GONGKAI_DATA_DIR in a
temporary folder), then times: building the similarity index from the database (what the first
evidence page after a restart pays), topping it up with one new application, and
``evidence.gather`` for one application (other applications, counts per month, similar earlier
ones) — what each evidence page pays.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
import time

PLACES = ["示范河", "人民路", "第三中学", "东湖公园", "高新区", "老城区", "滨江大道", "北站", "西山", "南湖"]
THINGS = ["水质监测报告", "拆迁补偿方案", "招标文件", "环境影响评价文件", "财政预算执行情况", "规划许可证",
          "道路改造工程合同", "排污许可证副本", "专项资金使用情况", "行政处罚决定书"]
YEARS = [str(y) for y in range(2015, 2026)]


def _text(rng: random.Random) -> str:
    first = f"{rng.choice(PLACES)}{rng.choice(THINGS)}"
    return f"申请公开{rng.choice(YEARS)}年{first}及{rng.choice(PLACES)}{rng.choice(THINGS)}"


def run(quick: bool = False) -> None:
    n = 10_000 if quick else 100_000
    tmp = tempfile.mkdtemp(prefix="gongkai-bench-evidence-")
    os.environ["GONGKAI_DATA_DIR"] = tmp
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.site.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from gongkai.cases import models as m
    from gongkai.decisions import evidence

    call_command("migrate", verbosity=0)
    rng = random.Random(5)
    agency = m.Agency.objects.create(slug="bench", name="基准机关")
    start = dt.date(2025, 1, 1)
    rows = []
    for i in range(n):
        day = start + dt.timedelta(days=rng.randrange(365))
        person = rng.randrange(n // 5)
        rows.append(m.Application(
            agency=agency, number=f"2025-{i + 1:06d}", applicant_type="natural_person",
            applicant_name=f"申请人{person}", id_number=f"ID{person:08d}", info_description=_text(rng),
            channel="online", submitted_on=day, received_on=day, status=m.Status.CLOSED, outcome="granted",
            closed_on=day, tracking_code=f"B{i:015d}"))
    t0 = time.perf_counter()
    m.Application.objects.bulk_create(rows, batch_size=2000)
    seeded = time.perf_counter() - t0
    evidence.INDEX.reset()
    t0 = time.perf_counter()
    evidence.INDEX.current()
    build = time.perf_counter() - t0
    target = m.Application.objects.create(
        agency=agency, number="2025-NEW", applicant_type="natural_person", applicant_name="申请人7",
        id_number="ID00000007", info_description=rows[123].info_description, channel="online",
        submitted_on=start, received_on=dt.date(2025, 6, 1), status=m.Status.PROCESSING, tracking_code="BNEW")
    t0 = time.perf_counter()
    evidence.INDEX.current()
    topup = time.perf_counter() - t0
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        data = evidence.gather(target)
        times.append(time.perf_counter() - t0)
    print("| applications | seed (bulk insert) | index build from DB | top-up (1 new) | gather (median of 5) "
          "| similar found |")
    print("|---|---|---|---|---|---|")
    print(f"| {n:,} | {seeded:.1f} s | {build:.2f} s | {topup * 1000:.0f} ms | "
          f"{sorted(times)[2] * 1000:.0f} ms | {len(data['similar'])} |")
