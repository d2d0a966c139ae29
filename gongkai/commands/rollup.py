"""gongkai rollup --units UNITS.csv FILE... [--year YEAR] --json: a region's reports, matched to its
units, checked, and summed into each government (逐级汇总)."""

from __future__ import annotations

import argparse
import json
import sys

from ..cli import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, command, lang_option
from ..errors import GongkaiError


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--units", required=True, metavar="UNITS.csv", help="单位名单：名称,层级,上级[,别名]")
    p.add_argument("files", nargs="+", metavar="FILE", help="报告文件或文件夹（本年度及以前年度）")
    p.add_argument("--year", type=int, default=None, help="汇总年度（默认：报告中最近的年度）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--jobs", type=int, default=None, help="并行读取的进程数（默认：全部核心）")
    lang_option(p)


@command("rollup", "按单位名单汇总一个地区的年度报告（逐级汇总），检查缺报与上下级数据")(_args)
def run(args: argparse.Namespace) -> int:
    from ..ingest.batch import read_many
    from ..report.checks import has_errors
    from ..supervision import rollup as R
    from ..supervision.units import read_units_csv

    rows = read_units_csv(args.units)
    reports, status = [], EXIT_OK
    for path, result in read_many(args.files, args.jobs):
        if isinstance(result, GongkaiError):
            print(f"gongkai: {result}", file=sys.stderr)
            status = EXIT_UNREADABLE
        else:
            reports.append((path, result))
    year, units, unmatched = R.assemble(rows, reports, args.year)
    if year is None:
        raise GongkaiError("无法确定汇总年度：报告均未载明年度，请用 --year 指定", path=args.units)
    results = R.rollup(units, year)
    for m in unmatched:
        why = f"可能是：{'、'.join(m.candidates)}" if m.candidates else "名单中没有该单位"
        print(f"gongkai: {m.path}：报告所载机关“{m.agency or '（未载明）'}”无法对应到单位（{why}）", file=sys.stderr)
    if args.json:
        print(json.dumps(R.to_json(year, results, unmatched, args.lang), ensure_ascii=False, indent=2))
    else:
        from ..report.render.findings import finding_lines
        for r in results:
            u = r.unit
            print(f"{'  ' * _depth(u, {x.unit.name: x.unit for x in results})}{u.name}（{u.level}）"
                  f" — {u.source or '无报告'}")
            for f in r.findings:
                print("\n".join("    " + line for line in finding_lines(f, args.lang)))
    if any(has_errors(r.findings) for r in results):
        return EXIT_FINDINGS
    return status


def _depth(u, by_name) -> int:
    d = 0
    while u.parent and u.parent in by_name and d < 10:
        u, d = by_name[u.parent], d + 1
    return d
