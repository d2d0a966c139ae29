"""gongkai import DIR...: queue every report under the folders for reading into the supervisor's
workspace (matched to units by the agency each states)."""

from __future__ import annotations

import argparse
import os

from ..cli import EXIT_OK, command


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="DIR", help="报告所在的文件夹或文件")
    p.add_argument("--year", type=int, default=None, help="报告年度（报告未载明时使用）")
    p.add_argument("--units", metavar="UNITS.csv", help="先导入（或更新）单位名单：名称,层级,上级[,别名]")
    p.add_argument("--wait", action="store_true", help="等待读取完成后再退出（需有读取进程在运行）")


@command("import", "导入文件夹中的年度报告，排队后台读取并匹配到单位")(_args)
def run(args: argparse.Namespace) -> int:
    from .serve import setup_django

    if not os.environ.get("SECRET_KEY"):
        # as `gongkai serve` on the embedded default; production sets SECRET_KEY for every process
        os.environ.setdefault("DEBUG", "1")
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from ..supervision import intake
    from ..supervision.unit_import import import_units

    if args.units:
        created, updated = import_units(args.units)
        print(f"gongkai: 单位名单：新增 {created} 个，更新 {updated} 个")
    batch = intake.import_paths(args.paths, year=args.year)
    total = batch.progress()["total"]
    print(f"gongkai: 已排队 {total} 份报告（批次 {batch.pk}）；由 gongkai worker 或 gongkai serve 后台读取", flush=True)
    if args.wait:
        import time
        while True:
            p = batch.progress()
            if p["done"] >= p["total"]:
                break
            time.sleep(0.5)
        p = batch.progress()
        print(f"gongkai: 已读取 {p['read']} 份，无法读取 {p['unreadable']} 份")
    return EXIT_OK
