"""Benchmark: the binary readers on real and drawn documents, on one core.

    .venv/bin/python -m bench.ingest_binary [--quick]
    .venv/bin/python -m bench ingest_binary

* Text-layer PDF: each corpus PDF in ../shared/corpus (read + map to a report), the median
  of several runs, and whether every cell equals the truth file.
* OCR: seconds per page for a drawn table page (PNG) and for the corpus PDFs rendered at
  200 dpi into image-only PDFs (every page OCR'd, then mapped and compared with the truth),
  and a summary line: OCR pages/s over all corpus scan pages by CPU time and by wall time.
* .doc and .xls (where LibreOffice is installed): a generated report saved by LibreOffice as
  Word 97 / Excel 97, read back through the LibreOffice conversion; CPU time includes the
  converter's (its children's user + system time), which is nearly all of it.

Runs in a child process pinned to one core (``sched_setaffinity``), the OCR models (OpenVINO) on one
thread; reports CPU seconds (what one free core would take) and wall seconds (what this
machine took, sharing its cores), and the child's peak resident memory.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import peak_rss_kib  # noqa: E402


def _value(v):
    return v if v is None or isinstance(v, int) else str(v)


def _compare(report, truth: dict) -> tuple[int, int, int]:
    got = {k: c.value for k, c in report.cells.items()}
    wrong = sum(1 for k, v in truth["cells"].items() if _value(got.get(k)) != v and got.get(k) is not None)
    missing = sum(1 for k, v in truth["cells"].items() if got.get(k) is None and v is not None)
    extra = sum(1 for k, v in got.items() if k not in truth["cells"] and v is not None)
    return wrong, missing, extra


def _scan(data: bytes) -> bytes:
    """An image-only PDF of ``data``'s pages rendered at 200 dpi (a clean scan)."""
    import pypdfium2 as pdfium
    from fpdf import FPDF

    out = FPDF(unit="pt", format="A4")
    for page in pdfium.PdfDocument(data):
        w, h = page.get_size()
        image = page.render(scale=200 / 72).to_pil().convert("L")
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        out.add_page(format=(w, h))
        out.image(buf, x=0, y=0, w=w, h=h)
    return bytes(out.output())


def _legacy_rows(quick: bool) -> list[dict]:
    """Read a .doc and a .xls made by LibreOffice from generated reports (the cost is the conversion)."""
    import tempfile

    from gongkai.ingest import libreoffice, mapping, spreadsheet, word
    from tests import docgen

    exe = libreoffice.soffice()
    if exe is None:
        return []
    rows = []
    for layout, target, reader in (("docx", "doc", word), ("xlsx", "xls", spreadsheet)):
        made = docgen.generate(41, layout, template="2021")
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp, "report." + layout)
            src.write_bytes(made.data)
            subprocess.run([exe, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless",
                            "--convert-to", target, "--outdir", tmp, str(src)], check=True, capture_output=True)
            data = Path(tmp, "report." + target).read_bytes()
        want = docgen.truth(made.report)["cells"]
        runs, cpus = [], []
        for _ in range(1 if quick else 3):
            w, c, r0 = time.perf_counter(), time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
            report = mapping.to_report(reader.read_document(data, "bench." + target))
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            runs.append(time.perf_counter() - w)
            cpus.append(time.process_time() - c + r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        got = report.plain_cells()
        rows.append({"kind": target, "name": f"generated report saved as .{target}, via LibreOffice", "pages": None,
                     "cpu": statistics.median(cpus), "wall": statistics.median(runs), "cells": len(want),
                     "wrong": sum(1 for k, v in want.items() if got.get(k) not in (v, None)),
                     "missing": sum(1 for k, v in want.items() if got.get(k) is None and v is not None), "extra": 0})
    return rows


def child(quick: bool) -> dict:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from gongkai.ingest import mapping, ocr, pdf

    rows = []
    corpus = sorted((SHARED / "corpus").glob("*.pdf")) if (SHARED / "corpus").is_dir() else []
    for path in corpus:
        data = path.read_bytes()
        truth = json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))
        runs, cpus = [], []
        for _ in range(3 if quick else 10):
            w, c = time.perf_counter(), time.process_time()
            report = mapping.to_report(pdf.read_document(data, str(path)))
            runs.append(time.perf_counter() - w)
            cpus.append(time.process_time() - c)
        wrong, missing, extra = _compare(report, truth)
        rows.append({"kind": "pdf", "name": path.name, "pages": pdf.read_document(data, "x").meta["pages"],
                     "cpu": statistics.median(cpus), "wall": statistics.median(runs),
                     "cells": len(truth["cells"]), "wrong": wrong, "missing": missing, "extra": extra})
    ocr.engine()
    from tests.ingest import test_ocr

    png = test_ocr.page_png(test_ocr.drawn_pdf())
    ocr.read_document(png)
    w, c = time.perf_counter(), time.process_time()
    n = 1 if quick else 3
    for _ in range(n):
        ocr.read_document(png)
    rows.append({"kind": "ocr", "name": "drawn table page (PNG, 200 dpi)", "pages": 1,
                 "cpu": (time.process_time() - c) / n, "wall": (time.perf_counter() - w) / n})
    runs = [(p, "all") for p in corpus[: 1 if quick else len(corpus)]] + [(p, "short") for p in corpus[:1]]
    for path, mode in runs:
        os.environ["GONGKAI_OCR_TEXT"] = mode
        data = _scan(path.read_bytes())
        truth = json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))
        w, c = time.perf_counter(), time.process_time()
        doc = pdf.read_document(data, path.stem + "-scan.pdf")
        cpu, wall = time.process_time() - c, time.perf_counter() - w
        wrong, missing, extra = _compare(mapping.to_report(doc), truth)
        name = path.stem + " rendered as a scan" + (" (GONGKAI_OCR_TEXT=short)" if mode == "short" else "")
        rows.append({"kind": "ocr", "name": name, "pages": len(doc.meta["ocr_pages"]),
                     "cpu": cpu, "wall": wall, "cells": len(truth["cells"]), "wrong": wrong, "missing": missing,
                     "extra": extra})
    os.environ.pop("GONGKAI_OCR_TEXT", None)
    rows += _legacy_rows(quick)
    return {"rows": rows, "peak_mb": peak_rss_kib() / 1024,
            "precision": ocr.engine().precision}


def run(quick: bool = False) -> str:
    out = subprocess.run([sys.executable, "-m", "bench.ingest_binary", "--child"] + (["--quick"] if quick else []),
                         cwd=ROOT, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    lines = ["| document | pages | CPU s/doc | docs/s (1 core) | CPU s/page | pages/s (1 core) | wall s/page "
             "| cells right |", "|---|---|---|---|---|---|---|---|"]
    for r in result["rows"]:
        right = "—"
        if "cells" in r:
            ok = r["cells"] - r["wrong"] - r["missing"]
            right = f"{ok}/{r['cells']}" + (f" ({r['wrong']} wrong, {r['missing']} blank)" if ok != r["cells"] else "")
        docs = 1 / max(r["cpu"], 1e-9)
        if r["pages"]:
            per_page, wall = r["cpu"] / r["pages"], r["wall"] / r["pages"]
            paged = f"{r['pages']} | {r['cpu']:.2f} | {docs:.1f} | {per_page:.2f} | {1 / max(per_page, 1e-9):.2f} " \
                    f"| {wall:.2f}"
        else:  # pages unknown (a converted .doc/.xls): wall is per document
            paged = f"— | {r['cpu']:.2f} | {docs:.2f} | — | — | {r['wall']:.2f} (per doc)"
        lines.append(f"| {r['kind'].upper()} {r['name']} | {paged} | {right} |")
    scans = [r for r in result["rows"] if r["kind"] == "ocr" and "cells" in r and "short" not in r["name"]]
    if scans:
        # OCR speed over every corpus page read as a scan: CPU time of the one pinned core
        # (what a free core would take) and wall time (what this shared machine took).
        pages = sum(r["pages"] for r in scans)
        cpu, wall = sum(r["cpu"] for r in scans), sum(r["wall"] for r in scans)
        ok = sum(r["cells"] - r["wrong"] - r["missing"] for r in scans)
        lines.append(f"\nOCR, corpus as scans: {pages} pages, {cpu / pages:.2f} CPU s/page = "
                     f"{pages / max(cpu, 1e-9):.2f} pages/s on one core by CPU time; {wall / pages:.2f} wall s/page = "
                     f"{pages / max(wall, 1e-9):.2f} pages/s by wall time; "
                     f"{ok}/{sum(r['cells'] for r in scans)} cells right; OpenVINO computing in "
                     f"{result['precision']} (GONGKAI_OCR_PRECISION=f32 for f32).")
    lines.append(f"\nPeak resident memory of the child: {result['peak_mb']:.0f} MB (OCR models loaded).")
    text = "\n".join(lines)
    print(text)
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--child", action="store_true")
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.quick)))
        return 0
    run(args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
