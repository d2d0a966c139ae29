"""gongkai compare PATH...: many reports side by side, by agency and year, with cross-year checks."""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from pathlib import Path

from ..cli import EXIT_OK, EXIT_UNREADABLE, command, lang_option
from ..errors import GongkaiError


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹（文件夹内的文档全部读取）")
    p.add_argument("--format", choices=("table", "csv", "xlsx", "parquet", "json"), default="table",
                   help="输出格式（csv 带 UTF-8 BOM，Excel 可直接打开）")
    p.add_argument("-o", "--output", metavar="FILE", help="写入文件（默认：标准输出）")
    p.add_argument("--jobs", type=int, default=None, help="并行读取的进程数（默认：全部核心）")
    lang_option(p)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, w: int, right: bool = False) -> str:
    fill = " " * max(0, w - _width(s))
    return fill + s if right else s + fill


def skipped(paths: list[str]) -> list[str]:
    """Files inside the folders named that the batch reader does not read (hidden files and
    ``*.truth.json`` aside), so that none is left out without a word."""
    from ..ingest.batch import DOCUMENT_SUFFIXES

    out = []
    for p in paths:
        if os.path.isdir(p):
            out += sorted(str(f) for f in Path(p).rglob("*")
                          if f.is_file() and f.suffix.lower() not in DOCUMENT_SUFFIXES
                          and not any(part.startswith(".") for part in f.relative_to(p).parts)
                          and not f.name.endswith(".truth.json"))
    return out


def read_reports(paths: list[str], jobs: int | None) -> tuple[list, int]:
    """Every readable report under ``paths``; unreadable files and skipped ones said on stderr."""
    from ..ingest.batch import read_many

    reports, status = [], EXIT_OK
    for path in skipped(paths):
        print(f"gongkai: {path}：扩展名不是可读取的报告格式，已跳过", file=sys.stderr)
    for path, result in read_many(paths, jobs):
        if isinstance(result, GongkaiError):
            print(f"gongkai: {result}", file=sys.stderr)
            status = EXIT_UNREADABLE
        else:
            reports.append((path, result))
    return reports, status


def _table(agencies, lang: str) -> str:
    from ..supervision.compare import INDICATORS
    from ..supervision.indicators import display

    en = lang == "en"
    names = [n for n, _, _ in INDICATORS]
    header = ["year" if en else "年度"] + [(e if en else z) for _, z, e in INDICATORS]
    lines = []
    for a in agencies:
        lines.append(f"\n{a.name}（{len(a.entries)} {'reports' if en else '份报告'}）")
        table = [header] + [[str(e.report.year or "?")] + [display(e.values[n], n, lang) for n in names]
                            for e in a.entries]
        widths = [max(_width(r[i]) for r in table) for i in range(len(header))]
        for r in table:
            lines.append("  " + "  ".join(_pad(c, widths[i], right=i > 0) for i, c in enumerate(r)))
        for e in a.entries:
            for name, note in e.notes.items():
                if name != "days_late":
                    lines.append(f"  {e.report.year} {'note' if en else '说明'} [{name}] {note}")
            for f in e.findings:
                if f.code.startswith("years.") and f.severity != "info":
                    msg = f.message_en if en and f.message_en else f.message
                    lines.append(f"  {e.report.year} {'error' if f.severity == 'error' else '警告'} [{f.code}] {msg}")
    return "\n".join(lines) + "\n"


@command("compare", "跨年度、跨机关比较多份年度报告")(_args)
def run(args: argparse.Namespace) -> int:
    from ..supervision import export
    from ..supervision.compare import compare, header, records, rows, types

    reports, status = read_reports(args.paths, args.jobs)
    agencies = compare(reports)
    if args.format == "json":
        doc = {"reports": records(agencies),
               "findings": [{"agency": a.name, "year": e.report.year, "file": e.path, **f.to_json(args.lang)}
                            for a in agencies for e in a.entries for f in e.findings
                            if f.code.startswith("years.") and f.severity != "info"]}
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "table":
        text = _table(agencies, args.lang)
    else:
        export.write_table(header(args.lang), rows(agencies), args.format, args.output, types())
        return status
    with export.output(args.output, binary=False) as out:
        out.write(text)
    return status
