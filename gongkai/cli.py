"""The ``gongkai`` command: one entry point for the core, ingest, the platform and supervision."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Callable

from . import __version__
from .errors import GongkaiError

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2

# Sub-commands register here: name → (add_arguments, run, help). Keep one place.
COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int], str]] = {}


def command(name: str, help: str):
    def deco(add_arguments):
        def wrap(run):
            COMMANDS[name] = (add_arguments, run, help)
            return run
        return wrap
    return deco


def _lang(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="输出语言 (zh/en)")


# --- check -----------------------------------------------------------------------

def _check_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="年度报告文件（JSON 或已发布文档）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    p.add_argument("--previous", metavar="FILE", help="同一机关上一年度的报告，用于跨年核对")
    _lang(p)


@command("check", "检查年度报告的勾稽关系与格式")(_check_args)
def run_check(args: argparse.Namespace) -> int:
    from . import ingest
    from .report import check, has_errors
    from .report import jsonio
    from .report.render_text import render_findings

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


# --- parse -----------------------------------------------------------------------

def _parse_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="年度报告文件")
    p.add_argument("--json", action="store_true", help="输出 JSON（每个文件一个对象；多个文件时为数组）")
    _lang(p)


@command("parse", "读取年度报告，输出单元格与检查结果")(_parse_args)
def run_parse(args: argparse.Namespace) -> int:
    from . import ingest
    from .report import check, jsonio
    from .report.cells import label

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
            from .report.render_text import describe, finding_lines
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


def build_parser() -> argparse.ArgumentParser:
    _load_commands()
    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="gongkai（公开）：政府信息公开工作年度报告的编制、读取、检查与比较",
    )
    parser.add_argument("--version", action="version", version=f"gongkai {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (add_arguments, _run, help) in COMMANDS.items():
        p = sub.add_parser(name, help=help, description=help)
        add_arguments(p)
    return parser


def _load_commands() -> None:
    """Import the modules that register further commands (they may need optional parts)."""
    import importlib

    for module in COMMAND_MODULES:
        importlib.import_module(module)


# Modules outside this file that register commands with @command.
COMMAND_MODULES: tuple[str, ...] = ()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_OK
    try:
        return COMMANDS[args.command][1](args)
    except GongkaiError as e:
        print(f"gongkai: {e}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:  # pragma: no cover
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
