"""gongkai report YEAR [--agency SLUG] [--json]: tables 3 and 4 of the annual report from the platform's records."""

from __future__ import annotations

import argparse
import json
import sys

from ..cli import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, command, lang_option


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("year", type=int, metavar="YEAR", help="统计年度")
    p.add_argument("--agency", metavar="SLUG", help="机关标识（平台只有一个机关时可省略）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（与 gongkai parse --json 相同格式）")
    lang_option(p)


def render_tables(report) -> str:
    """Tables 3 and 4 as plain text (one line per row)."""
    from ..report import cells as C

    lines = [f"{report.agency} {report.year} 年度（{report.template} 版格式）", "",
             "三、收到和处理政府信息公开申请情况", "\t".join(["", *[label for _, label in C.APP_COLUMNS]])]
    for row in report.app_rows():
        lines.append("\t".join([C.row_label(row), *[str(report.get(C.app_key(row, c))) for c in C.APP_COLUMN_KEYS]]))
    lines += ["", "四、政府信息公开行政复议、行政诉讼情况", "\t".join(["", *[label for _, label in C.APPEAL_COLUMNS]])]
    for group, label in C.APPEAL_GROUPS:
        lines.append("\t".join([label, *[str(report.get(C.appeal_key(group, c))) for c, _ in C.APPEAL_COLUMNS]]))
    return "\n".join(lines)


@command("report", "由办理记录生成年度报告表三、表四（依申请公开平台）")(_report_args)
def run_report(args: argparse.Namespace) -> int:
    from .serve import setup_django

    setup_django()
    from django.core.management import call_command

    from ..cases import models as m
    from ..cases.annual_report import build_report
    from ..report import check, has_errors, jsonio
    from ..report.render.findings import render_findings

    call_command("migrate", interactive=False, verbosity=0)
    agencies = m.Agency.objects.all()
    if args.agency:
        agency = agencies.filter(slug=args.agency).first()
        if agency is None:
            known = "、".join(agencies.values_list("slug", flat=True)) or "无"
            print(f"gongkai: 没有标识为“{args.agency}”的机关（已有：{known}）", file=sys.stderr)
            return EXIT_UNREADABLE
    elif agencies.count() == 1:
        agency = agencies.get()
    else:
        known = "、".join(agencies.values_list("slug", flat=True)) or "无"
        print(f"gongkai: 请用 --agency 指定机关（已有：{known}）", file=sys.stderr)
        return EXIT_UNREADABLE
    report = build_report(agency, args.year)
    findings = check(report)
    if args.json:
        print(json.dumps(jsonio.to_json(report, findings, args.lang), ensure_ascii=False, indent=2))
    else:
        print(render_tables(report))
        print()
        print(render_findings(f"{agency.slug}:{args.year}", report, findings, args.lang))
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK
