"""Coverage-guided fuzzing of ``gongkai.ingest.read`` with atheris (not run in CI).

    .venv/bin/pip install atheris            # needs clang/libFuzzer support on the machine
    .venv/bin/python tests/fuzz/atheris_read.py -atheris_runs=100000 -max_len=200000 \
        -timeout=30 -rss_limit_mb=2048 CORPUS/

Seed CORPUS/ with generated documents first (``python -m tests.docgen CORPUS/``). Anything
but a report or a :class:`gongkai.errors.GongkaiError` is a finding; libFuzzer's
``-timeout`` and ``-rss_limit_mb`` catch hangs and unbounded memory. The quick, always-run
counterpart is ``tests/ingest/test_fuzz.py`` (hypothesis).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

SUFFIXES = ("", ".txt", ".md", ".html", ".pdf", ".docx", ".xlsx", ".png", ".json")


def main() -> None:
    import atheris

    with atheris.instrument_imports():
        from gongkai.errors import GongkaiError
        from gongkai.ingest import read

    tmp = tempfile.mkdtemp(prefix="gongkai-atheris-")

    def one(data: bytes) -> None:
        if not data:
            return
        suffix = SUFFIXES[data[0] % len(SUFFIXES)]
        path = os.path.join(tmp, "input" + suffix)
        with open(path, "wb") as f:
            f.write(data[1:])
        try:
            read(path)
        except GongkaiError:
            pass

    atheris.Setup(sys.argv, one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
