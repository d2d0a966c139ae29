"""gongkai report YEAR [--agency SLUG] [--format html|docx|pdf|json] [-o FILE]: the agency's complete annual report.

The report is the agency's latest version for the year (:mod:`gongkai.annual`): a frozen one
(signed off or published) as it was fixed, a draft with its tables as they stand; with no draft
yet, the tables (2 from the registers, 3–4 from the records) and the prefilled narrative. Without
``--format`` the tables print as text.
"""

from __future__ import annotations

import argparse
import json
import sys

from ..cli import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, command, lang_option


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("year", type=int, metavar="YEAR", help="统计年度")
    p.add_argument("--agency", metavar="SLUG", help="机关标识（平台只有一个机关时可省略）")
    p.add_argument("--format", choices=("html", "docx", "pdf", "json"), help="输出完整年度报告（六部分、表二至表四）")
    p.add_argument("-o", "--output", metavar="FILE", help="写入文件（docx、pdf 必须指定）")
    p.add_argument("--json", action="store_true", help="同 --format json（与 gongkai parse --json 相同格式）")
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


@command("report", "生成机关的完整年度报告（表二来自主动公开登记，表三、表四来自办理记录）")(_report_args)
def run_report(args: argparse.Namespace) -> int:
    from .serve import setup_django

    setup_django()
    from django.core.management import call_command

    from ..cases import models as m
    from ..report import has_errors, jsonio
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
    from ..annual import checks as annual_checks
    from ..annual.models import current, level_of
    from ..annual.views import _live

    ar = current(agency, args.year)
    report = ar.to_core_report() if ar else _live(agency, args.year)
    previous = ar.previous_report() if ar else None
    findings = annual_checks.findings(report, previous, level_of(agency))
    fmt = "json" if args.json else args.format
    if fmt in ("docx", "pdf") and not args.output:
        print(f"gongkai: --format {fmt} 须用 -o 指定输出文件", file=sys.stderr)
        return EXIT_UNREADABLE
    if fmt is None:
        out: str | bytes = render_tables(report) + "\n\n" + render_findings(f"{agency.slug}:{args.year}", report,
                                                                          findings, args.lang) + "\n"
    elif fmt == "json":
        out = json.dumps(jsonio.to_json(report, findings, args.lang), ensure_ascii=False, indent=2) + "\n"
    else:
        from ..report import render

        out = render.render(report, fmt)
    if args.output:
        data = out.encode("utf-8") if isinstance(out, str) else out
        with open(args.output, "wb") as fh:
            fh.write(data)
    else:
        sys.stdout.write(out if isinstance(out, str) else out.decode("utf-8"))
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK
