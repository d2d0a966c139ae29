"""gongkai render FILE --format FORMAT [-o OUT]: a report in the statutory layout.

FILE is anything ``gongkai parse`` reads (gongkai's JSON, or a published document); the
output follows the form of the report's template (国办公开办函〔2019〕60号 or 〔2021〕30号):
text, markdown, html, docx, xlsx or pdf.
"""

from __future__ import annotations

import argparse
import os
import sys

from ..cli import EXIT_OK, EXIT_UNREADABLE, command


def _render_args(p: argparse.ArgumentParser) -> None:
    from ..report.render import FORMATS

    p.add_argument("file", metavar="FILE", help="年度报告（gongkai JSON 或已发布的文档）")
    p.add_argument("--format", "-f", choices=list(FORMATS), default="html", help="输出格式（默认 html）")
    p.add_argument("--output", "-o", metavar="OUT",
                   help="输出文件（默认：文本写到标准输出，其余与 FILE 同名换后缀）")


@command("render", "按法定格式输出年度报告（文本、Markdown、HTML、Word、Excel、PDF）")(_render_args)
def run_render(args: argparse.Namespace) -> int:
    from .. import ingest
    from ..errors import GongkaiError
    from ..report.render import SUFFIXES, render

    try:
        report = ingest.read(args.file)
        out = render(report, args.format)
    except GongkaiError as e:
        print(f"gongkai: {e}", file=sys.stderr)
        return EXIT_UNREADABLE
    target = args.output
    if target is None and isinstance(out, bytes):
        target = os.path.splitext(args.file)[0] + SUFFIXES[args.format]
        if os.path.abspath(target) == os.path.abspath(args.file):
            print(f"gongkai: 输出会覆盖输入文件 {args.file}，请用 -o 指定输出文件", file=sys.stderr)
            return EXIT_UNREADABLE
    if target is None or target == "-":
        if isinstance(out, bytes):
            sys.stdout.buffer.write(out)
        else:
            sys.stdout.write(out)
        return EXIT_OK
    try:
        with open(target, "wb") as f:
            f.write(out if isinstance(out, bytes) else out.encode("utf-8"))
    except OSError as e:
        print(f"gongkai: 无法写入 {target}：{e.strerror}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"{target}（{args.format}）", file=sys.stderr)
    return EXIT_OK
