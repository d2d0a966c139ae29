"""gongkai check FILE...: findings for each report; exit 0 clean, 1 errors, 2 unreadable."""

from __future__ import annotations

import argparse
import json
import sys

from ..cli import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, command, lang_option
from ..errors import GongkaiError

# --- check -----------------------------------------------------------------------

def _check_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="年度报告文件（JSON 或已发布文档）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    p.add_argument("--previous", metavar="FILE", help="同一机关上一年度的报告，用于跨年核对")
    lang_option(p)


@command("check", "检查年度报告的勾稽关系与格式")(_check_args)
def run_check(args: argparse.Namespace) -> int:
    from .. import ingest
    from ..report import check, has_errors
    from ..report.render.findings import render_findings

    reports, status = {}, EXIT_OK
    for path in args.files:
        try:
            reports[path] = ingest.read(path)
        except GongkaiError as e:
            print(f"gongkai: {e}", file=sys.stderr)
            status = EXIT_UNREADABLE
    previous_given = None
    if args.previous:
        try:
            previous_given = ingest.read(args.previous)
        except GongkaiError as e:
            print(f"gongkai: {e}", file=sys.stderr)
            return EXIT_UNREADABLE
    # Pair each report with the same agency's report for the year before, when given.
    by_agency_year = {((r.agency or "").strip(), r.year): r for r in reports.values() if r.year is not None}
    out_json, any_error = [], False
    for path, report in reports.items():
        previous = previous_given
        if previous is None and report.year is not None:
            previous = by_agency_year.get(((report.agency or "").strip(), report.year - 1))
        findings = check(report, previous)
        any_error |= has_errors(findings)
        if args.json:
            out_json.append({"file": path, "template": report.template, "year": report.year,
                             "agency": report.agency,
                             "findings": [f.to_json(args.lang) for f in findings]})
        else:
            print(render_findings(path, report, findings, args.lang))
    if args.json:
        print(json.dumps(out_json if len(args.files) > 1 else (out_json[0] if out_json else []),
                         ensure_ascii=False, indent=2))
    if status == EXIT_UNREADABLE:
        return status
    return EXIT_FINDINGS if any_error else EXIT_OK
