"""Cells right / wrong / unread on generated reports, per layout (a tool for people, not a test).

    python -m tests.ingest.accuracy write DIR [N] [LAYOUT ...]   # N reports per layout (default 600)
    python tests/ingest/accuracy.py read DIR                    # read them with the gongkai on the path

Writing uses :mod:`tests.docgen` (random template, form, blanks and omitted Article 20 rows
per report); reading needs only ``gongkai`` and the ``*.truth.json`` files, so the same
documents can be read by an older gongkai (``PYTHONPATH=/path/to/old/tree``) to compare.
A cell is *right* when read as printed, *wrong* when read as another value, *unread* when
left out or null (with a warning naming it, or — worse — without); *refused* counts the
documents the reader refused altogether (their cells count as unread without a warning).
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

TEXTISH = ["text", "markdown", "html", "cells_per_line", "tabbed", "flattened", "piped", "markdown_rows",
           "portal_html", "docx", "docx_noisy", "xlsx", "xlsx_noisy"]


def write(folder: Path, n: int, layouts: list[str]) -> None:
    root = Path(__file__).resolve().parents[2]
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from tests import docgen

    folder.mkdir(parents=True, exist_ok=True)
    for li, layout in enumerate(layouts):
        for i in range(n):
            seed = 7_000_000 + li * 10_000 + i
            rng = random.Random(seed)
            form = rng.choice(["2019", "2021", "2021", "mixed"])
            options = {"template": "2019" if form == "2019" else "2021", "mixed": form == "mixed",
                       "blanks": rng.random() < 0.5, "omit_art20": rng.random() < 0.2}
            if layout in docgen.LAYOUTS:
                doc = docgen.generate(seed, layout, **options)
            else:  # an issue-14 family made by make_family (docgen.FAMILIES)
                doc = docgen.make_family(layout, seed, **options)
            stem = f"{layout}-{i:04d}"
            (folder / (stem + doc.suffix)).write_bytes(doc.data)
            (folder / (stem + ".truth.json")).write_text(json.dumps(
                {"document": stem + doc.suffix, "layout": layout, **docgen.truth(doc.report)},
                ensure_ascii=False), encoding="utf-8")


def read(folder: Path) -> dict[str, dict[str, int]]:
    from gongkai.errors import GongkaiError
    from gongkai.ingest import read as read_report

    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for truth_path in sorted(folder.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        t = totals[truth["layout"]]
        t["documents"] += 1
        cells = truth["cells"]
        t["cells"] += len(cells)
        try:
            report = read_report(str(folder / truth["document"]))
        except GongkaiError:
            t["refused"] += 1
            t["unread_silent"] += len(cells)
            continue
        except Exception:  # noqa: BLE001 - a reader bug: counted, not fatal to the count
            t["crashed"] += 1
            t["unread_silent"] += len(cells)
            continue
        warned = {k for w in report.warnings for k in w.keys}
        got = report.plain_cells()
        for key, want in cells.items():
            value = got.get(key, "<absent>")
            if value == want and type(value) is type(want):
                t["right"] += 1
            elif value == "<absent>" or (value is None and want is not None):
                t["unread_warned" if key in warned else "unread_silent"] += 1
            else:
                t["wrong"] += 1
        t["extra"] += sum(1 for k in got if k not in cells)
    return totals


def table(totals: dict[str, dict[str, int]]) -> str:
    lines = ["| layout | documents | cells | right | wrong | unread (warned) | unread (silent) | extra | refused "
             "| crashed |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    keys = ["documents", "cells", "right", "wrong", "unread_warned", "unread_silent", "extra", "refused", "crashed"]
    sums: dict[str, int] = defaultdict(int)
    for layout, t in totals.items():
        lines.append(f"| {layout} | " + " | ".join(str(t[k]) for k in keys) + " |")
        for k in keys:
            sums[k] += t[k]
    lines.append("| **all** | " + " | ".join(str(sums[k]) for k in keys) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv[:1] == ["write"]:
        n = int(argv[2]) if len(argv) > 2 else 600
        write(Path(argv[1]), n, argv[3:] or TEXTISH)
        return 0
    if argv[:1] == ["read"]:
        print(table(read(Path(argv[1]))))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
