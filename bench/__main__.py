"""Run every benchmark in bench/: each module that defines ``run(quick: bool)``.

    .venv/bin/python -m bench [--quick] [NAME ...]

Each benchmark prints a Markdown table. Modules without ``run`` are skipped (run them as
scripts, as their docstrings say).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def benchmarks() -> list[str]:
    here = Path(__file__).resolve().parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description="Run gongkai's benchmarks.")
    ap.add_argument("--quick", action="store_true", help="a short run (fewer documents)")
    ap.add_argument("names", nargs="*", help=f"benchmarks to run (default: all of {', '.join(benchmarks())})")
    args = ap.parse_args(argv)
    failed = 0
    for name in args.names or benchmarks():
        module = importlib.import_module(f"bench.{name}")
        run = getattr(module, "run", None)
        if not callable(run):
            print(f"<!-- bench/{name}.py has no run(quick); skipped -->\n")
            continue
        print(f"## bench/{name}.py\n")
        start = time.perf_counter()
        try:
            run(quick=args.quick)
        except Exception as e:  # one benchmark failing must not hide the others
            failed += 1
            print(f"**failed**: {type(e).__name__}: {e}\n")
        print(f"<!-- {name}: {time.perf_counter() - start:.0f} s -->\n")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
