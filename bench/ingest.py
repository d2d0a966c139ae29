"""Benchmark: reading annual reports — documents per second per format, peak memory, growth
with document size, and batch reading of a folder on every core.

    .venv/bin/python -m bench.ingest [--quick] [--write docs/bench-ingest.md]
    .venv/bin/python -m bench            # every benchmark in bench/

Documents come from ``tests/docgen/`` (random reports in each format, the same seeds each
run; narrative ×4, about 2,200 characters besides the tables). Each format is read in a
fresh child process pinned to one core: the first document is read once untimed (imports,
the OCR model), then every document is read and timed (CPU time of the process, and wall
time); the child reports its peak
resident memory (``VmHWM``: its own, not its parent's). Goals (issue 3): text and HTML ≥ 200 reports/s,
text-layer PDF ≥ 10 reports/s, OCR ≥ 1 page/s, on one core.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import peak_rss_kib  # noqa: E402

# (name shown, docgen layout, unit counted, goal per second or None)
FORMATS = [
    ("纯文本 text (aligned)", "text_aligned", "report", 200),
    ("纯文本 text (tab cells)", "tabbed", "report", 200),
    ("纯文本 text (value | lines)", "piped", "report", 200),
    ("Markdown", "markdown", "report", None),
    ("HTML (UTF-8)", "html", "report", 200),
    ("HTML (GBK portal page)", "portal_html", "report", 200),
    ("DOCX", "docx", "report", None),
    ("XLSX", "xlsx", "report", None),
    ("PDF (text layer)", "pdf", "report", 10),
    ("OCR (scanned PNG)", "scanned_png", "page", 1),
    ("PDF, tables pasted as pictures (OCR)", "pdf_pictures", "report", None),
    ("DOCX, tables pasted as pictures (OCR)", "docx_pictures", "report", None),
]
SIZES = [1, 4, 16]
TYPICAL_SCALE = 4  # about 2,200 characters of narrative besides the tables, as in a typical report
SIZE_LAYOUTS = ["tabbed", "html", "docx", "pdf"]


def _counts(quick: bool) -> dict[str, int]:
    return {"ocr": 1 if quick else 3, "pdf": 4 if quick else 20, "office": 8 if quick else 40,
            "text": 20 if quick else 200}


def _how_many(layout: str, quick: bool) -> int:
    c = _counts(quick)
    from tests import docgen

    if docgen.LAYOUTS[layout].ocr:
        return c["ocr"]
    if layout == "pdf":
        return c["pdf"]
    if layout in ("docx", "xlsx"):
        return c["office"]
    return c["text"]


def make_corpus(folder: Path, layout: str, n: int, scale: int = 1, seed: int = 0) -> list[str]:
    from tests import docgen

    paths = []
    for i in range(n):
        rng = random.Random(seed * 100_003 + i)
        template = rng.choice(["2019", "2021", "2021"])
        doc = docgen.generate(seed * 100_003 + i, layout, template=template, scale=scale, mixed=rng.random() < 0.2)
        path = folder / f"{layout}-{scale}-{i:04d}{doc.suffix}"
        path.write_bytes(doc.data)
        paths.append(str(path))
    return paths


def _pages(path: str) -> int:
    if path.endswith(".png"):
        from PIL import Image

        with Image.open(path) as im:  # docgen stacks A4 pages (ratio 1:1.414) into one PNG
            return max(1, round(im.height / (im.width * 297 / 210)))
    return 1


def child(paths: list[str]) -> dict:
    """Read ``paths`` on one core; time them after one untimed warm-up read."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from gongkai.errors import GongkaiError
    from gongkai.ingest import read

    def one(p: str) -> bool:
        try:
            read(p)
            return True
        except GongkaiError:
            return False

    one(paths[0])
    start, cpu_start = time.perf_counter(), time.process_time()
    ok = sum(one(p) for p in paths)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    maxrss = peak_rss_kib()
    # What reading one document allocates (Python objects, not the libraries' C buffers).
    largest = max(paths, key=os.path.getsize)
    tracemalloc.start()
    one(largest)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"docs": len(paths), "ok": ok, "seconds": seconds, "cpu": cpu, "pages": sum(_pages(p) for p in paths),
            "maxrss_kib": maxrss, "traced_peak": peak}


def _in_child(paths: list[str], mode: str = "--child") -> dict:
    """Run ``child`` (or ``--batch``: :func:`batch`) on ``paths`` in a fresh interpreter."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(paths, f)
        listing = f.name
    try:
        out = subprocess.run([sys.executable, "-m", "bench.ingest", mode, listing], cwd=ROOT,
                             capture_output=True, text=True, timeout=3600)
    finally:
        os.unlink(listing)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def batch(paths: list[str]) -> tuple[float, float, int]:
    """Seconds to read ``paths`` one after another, and on every core (gongkai.ingest.batch)."""
    from gongkai.ingest.batch import read_many

    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    start = time.perf_counter()
    list(read_many(paths, workers=1))
    sequential = time.perf_counter() - start
    start = time.perf_counter()
    list(read_many(paths, workers=workers))
    parallel = time.perf_counter() - start
    return sequential, parallel, workers


def run(quick: bool = False, write: str | None = None) -> str:
    from tests import docgen

    lines = []
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        corpora = {}
        for _, layout, _, _ in FORMATS:
            if docgen.available(layout):
                scale = 1 if docgen.LAYOUTS[layout].ocr else TYPICAL_SCALE
                corpora[layout] = make_corpus(folder, layout, _how_many(layout, quick), scale=scale)
        made = time.perf_counter() - t0

        lines += ["### 各格式读取速度（单核）· Reading speed per format, one core", "",
                  "| 格式 format | 文档数 docs | 成功 read | 每秒（CPU 时间）per CPU second | 目标 goal "
                  "| 每秒（墙钟）per wall second | 每份 CPU 毫秒 CPU ms/doc | 进程峰值 peak RSS "
                  "| 单份分配峰值 peak alloc/doc |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for name, layout, unit, goal in FORMATS:
            if layout not in corpora:
                lines.append(f"| {name} | – | – | 未测（无中文字体） | | | | |")
                continue
            r = _in_child(corpora[layout])
            count = r["pages"] if unit == "page" else r["docs"]
            rate = count / r["cpu"] if r["cpu"] else float("inf")
            wall = count / r["seconds"] if r["seconds"] else float("inf")
            unit_zh = "页" if unit == "page" else "份"
            goal_s = f"≥ {goal} {unit_zh}/s" + (" ✓" if rate >= goal else " ✗") if goal else ""
            lines.append(f"| {name} | {r['docs']} | {r['ok']} | {rate:,.1f} {unit_zh}/s | {goal_s} | "
                         f"{wall:,.1f} {unit_zh}/s | {1000 * r['cpu'] / r['docs']:,.1f} | "
                         f"{r['maxrss_kib'] / 1024:,.0f} MiB | {r['traced_peak'] / 2**20:,.1f} MiB |")

        lines += ["", "### 文档大小与耗时 · Time against document size (narrative ×1, ×4, ×16)", "",
                  "| 格式 format | " + " | ".join(f"×{s} CPU ms/doc" for s in SIZES) + " | ×16 / ×1 |",
                  "|---|" + "---:|" * (len(SIZES) + 1)]
        for layout in SIZE_LAYOUTS:
            if not docgen.available(layout):
                continue
            n = max(2, _how_many(layout, True) // 2)
            per_doc = []
            for s in SIZES:
                paths = make_corpus(folder, layout, n, scale=s, seed=7)
                r = _in_child(paths)
                per_doc.append(1000 * r["cpu"] / r["docs"])
            lines.append(f"| {layout} | " + " | ".join(f"{ms:,.1f}" for ms in per_doc)
                         + f" | {per_doc[-1] / per_doc[0]:.1f}× |")

        mixed = [p for layout in ("tabbed", "html", "docx", "xlsx", "pdf") if layout in corpora
                 for p in corpora[layout]]
        b = _in_child(mixed, "--batch")  # a fresh process: forking this one (fonts, images) skews it
        sequential, parallel, workers = b["sequential"], b["parallel"], b["workers"]
        lines += ["", "### 批量读取文件夹 · Batch reading a folder (gongkai.ingest.batch.read_many)", "",
                  "| 文档数 docs | 进程 workers | 顺序 sequential | 并行 parallel | 加速 speed-up |",
                  "|---:|---:|---:|---:|---:|",
                  f"| {len(mixed)} | {workers} | {sequential:.2f} s | {parallel:.2f} s | "
                  f"{sequential / parallel:.2f}× |"]

    # (not the platform module: bench/platform.py would shadow it when run as a script)
    cpu = os.uname().machine if hasattr(os, "uname") else "?"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    header = [f"Machine: {os.cpu_count()} CPU(s) ({cpu}), Python {sys.version.split()[0]}, "
              f"{'quick run' if quick else 'full run'}; load average {load:.1f} at the end (other work on the "
              f"machine slows every figure); test documents generated in {made:.0f} s (not counted).", ""]
    text = "\n".join(header + lines) + "\n"
    print(text)
    if write:
        Path(write).write_text(_DOC_HEAD + text, encoding="utf-8")
    return text


_DOC_HEAD = """# 读取速度基准 · Ingest benchmark

Generated by `python -m bench.ingest --write docs/bench-ingest.md` (see `bench/ingest.py`).
Documents are random reports from `tests/docgen/` rendered in each format; each format is
read in its own process pinned to one core, after one untimed warm-up read. Rates are per
second of CPU time of that process (what one core spends on the reading; the machine's other
work does not count against it), with the wall-clock rate beside them. Peak RSS is the
whole process (Python, libraries and, for OCR, the model); "peak alloc/doc" is what reading
the largest document allocates in Python objects (tracemalloc). "Read" counts documents that
gave a report rather than an error.

"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer documents")
    ap.add_argument("--write", metavar="FILE", help="also write the tables to FILE (Markdown)")
    ap.add_argument("--child", metavar="LISTING", help=argparse.SUPPRESS)
    ap.add_argument("--batch", metavar="LISTING", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        with open(args.child) as f:
            print(json.dumps(child(json.load(f))))
        return 0
    if args.batch:
        with open(args.batch) as f:
            sequential, parallel, workers = batch(json.load(f))
        print(json.dumps({"sequential": sequential, "parallel": parallel, "workers": workers}))
        return 0
    run(args.quick, args.write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
