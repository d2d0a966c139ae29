"""gongkai compare PATH...: many reports side by side, by agency and year, with cross-year checks."""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata

from ..cli import EXIT_OK, EXIT_UNREADABLE, command, lang_option
from ..errors import GongkaiError


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹（文件夹内的文档全部读取）")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table", help="输出格式")
    p.add_argument("--jobs", type=int, default=None, help="并行读取的进程数（默认：全部核心）")
    lang_option(p)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, w: int, right: bool = False) -> str:
    fill = " " * max(0, w - _width(s))
    return fill + s if right else s + fill


def _cell(v: object) -> str:
    if v is None:
        return "—"
    return f"{v}%" if hasattr(v, "quantize") else str(v)


@command("compare", "跨年度、跨机关比较多份年度报告")(_args)
def run(args: argparse.Namespace) -> int:
    from ..ingest.batch import read_many
    from ..supervision.compare import INDICATORS, compare, rows

    reports, status = [], EXIT_OK
    for path, result in read_many(args.paths, args.jobs):
        if isinstance(result, GongkaiError):
            print(f"gongkai: {result}", file=sys.stderr)
            status = EXIT_UNREADABLE
        else:
            reports.append((path, result))
    agencies = compare(reports)
    if args.format == "json":
        print(json.dumps({"reports": rows(agencies),
                          "findings": [{"agency": a.name, "year": e.report.year, "file": e.path,
                                        **f.to_json(args.lang)}
                                       for a in agencies for e in a.entries for f in e.findings
                                       if f.code.startswith("years.") and f.severity != "info"]},
                         ensure_ascii=False, indent=2))
        return status
    if args.format == "csv":
        data = rows(agencies)
        if data:
            w = csv.DictWriter(sys.stdout, fieldnames=list(data[0]))
            w.writeheader()
            w.writerows(data)
        return status
    en = args.lang == "en"
    names = [n for n, _, _ in INDICATORS]
    header = ["year" if en else "年度"] + [(e if en else z) for _, z, e in INDICATORS]
    for a in agencies:
        print(f"\n{a.name}（{len(a.entries)} {'reports' if en else '份报告'}）")
        table = [header] + [[str(e.report.year or "?")] + [_cell(e.values[n]) for n in names] for e in a.entries]
        widths = [max(_width(r[i]) for r in table) for i in range(len(header))]
        for r in table:
            print("  " + "  ".join(_pad(c, widths[i], right=i > 0) for i, c in enumerate(r)))
        for e in a.entries:
            for f in e.findings:
                if f.code.startswith("years.") and f.severity != "info":
                    msg = f.message_en if en and f.message_en else f.message
                    print(f"  {e.report.year} {'error' if f.severity == 'error' else '警告'} [{f.code}] {msg}")
    return status
