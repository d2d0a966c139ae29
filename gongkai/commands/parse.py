"""gongkai parse [--json] FILE...: a report's cells and findings."""

from __future__ import annotations

import argparse
import json
import sys

from ..cli import EXIT_OK, EXIT_UNREADABLE, command, lang_option
from ..errors import GongkaiError

# --- parse -----------------------------------------------------------------------

def _parse_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="年度报告文件")
    p.add_argument("--json", action="store_true", help="输出 JSON（每个文件一个对象；多个文件时为数组）")
    lang_option(p)


@command("parse", "读取年度报告，输出单元格与检查结果")(_parse_args)
def run_parse(args: argparse.Namespace) -> int:
    from .. import ingest
    from ..report import check, jsonio
    from ..report.cells import label

    status, outputs = EXIT_OK, []
    for path in args.files:
        try:
            report = ingest.read(path)
        except GongkaiError as e:
            print(f"gongkai: {e}", file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        findings = check(report)
        if args.json:
            outputs.append(jsonio.to_json(report, findings, args.lang))
        else:
            from ..report.render.findings import describe, finding_lines
            print(f"{path} — {describe(report, args.lang)}")
            if report.published:
                print(f"  发布日期：{report.published.isoformat()}")
            for key, cell in report.cells.items():
                print(f"  {key:45} {cell.plain!s:>10}   {label(key)}")
            for f in findings:
                print("\n".join(finding_lines(f, args.lang)))
    if args.json:
        print(json.dumps(outputs[0] if len(outputs) == 1 else outputs, ensure_ascii=False, indent=2))
    return status
