"""The ``gongkai`` command: one entry point for the core, ingest, the platform and supervision."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

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


def lang_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="输出语言 (zh/en)")


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
    """Import every module in :mod:`gongkai.commands`; each registers its command(s) with @command."""
    import importlib
    import pkgutil

    from . import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{info.name}")


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
