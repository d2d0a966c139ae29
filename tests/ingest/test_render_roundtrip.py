"""The round trip through gongkai's own renderers: ``render(parse(doc))``, read back, same cells.

For every corpus document with a file of its own in ``../shared/corpus`` (the seeds' truth
files point into ``../shared/seeds`` and are left out) and for reports generated in several
layouts of :mod:`tests.docgen`, the document is read, rendered in each of the six formats
gongkai writes (:data:`gongkai.report.render.FORMATS`) and the rendering read again. What
must come back:

* every cell's plain value, blank (``None``) as blank — a cell present in one and absent in
  the other is a difference;
* the same cells unread: a cell the source left unread (absent, named in an ``ingest.unread``
  warning) must come back unread with a warning naming it — not blank, not a value — and no
  other cell may be left unread.

Reports built here (not read from a file) go round too: zeros printed blank, counts printed
with a note (``22（其中修订 16 件）``), cells left unread (:func:`tests.docgen.unread_some`).
"""

from __future__ import annotations

import json
import random
from functools import cache
from pathlib import Path

import pytest

from gongkai.ingest import read
from gongkai.ingest.evaluate import resolve
from gongkai.report import Report
from gongkai.report.render import FORMATS, SUFFIXES, render
from tests import docgen

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus"
ABSENT = "<absent>"


def _own_documents() -> list[str]:
    """Names of the corpus documents whose file is in the corpus itself (not a seed's)."""
    if not CORPUS.is_dir():
        return []
    out = []
    for truth in sorted(CORPUS.glob("*.truth.json")):
        doc = resolve(truth, json.loads(truth.read_text(encoding="utf-8"))["document"])
        if Path(doc).resolve().parent == CORPUS.resolve():
            out.append(truth.name.removesuffix(".truth.json"))
    return out


DOCUMENTS = _own_documents()


def unread(report: Report) -> set[str]:
    """Cells left unread: absent from the report and named in an ``ingest.unread`` warning."""
    return {k for w in report.warnings if w.code == "ingest.unread" for k in w.keys if k not in report.cells}


def differences(source: Report, back: Report) -> list[str]:
    """What the rendering read back does not give as the source has it (cells, unread cells)."""
    a, b = source.plain_cells(), back.plain_cells()
    out = [f"{k}: {a.get(k, ABSENT)!r} came back {b.get(k, ABSENT)!r}"
           for k in sorted(set(a) | set(b)) if a.get(k, ABSENT) != b.get(k, ABSENT)]
    ua, ub = unread(source), unread(back)
    out += [f"{k}: unread in the source, not unread after the round trip" for k in sorted(ua - ub)]
    out += [f"{k}: left unread after the round trip only" for k in sorted(ub - ua)]
    return out


def round_trip(report: Report, fmt: str, tmp_path: Path) -> Report:
    out = render(report, fmt)
    path = tmp_path / f"round-trip{SUFFIXES[fmt]}"
    path.write_bytes(out if isinstance(out, bytes) else out.encode("utf-8"))
    return read(str(path))


def _needs_font(fmt: str) -> None:
    if fmt == "pdf" and not docgen.available("pdf"):
        pytest.skip("no CJK TrueType font to render PDFs (fonts-wqy-zenhei)")


# --- the corpus -------------------------------------------------------------------------

@cache
def _source(name: str) -> Report:
    truth = CORPUS / f"{name}.truth.json"
    return read(str(resolve(truth, json.loads(truth.read_text(encoding="utf-8"))["document"])))


@pytest.mark.corpus
@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("name", DOCUMENTS or [None])
def test_corpus_document_survives_its_rendering(name, fmt, tmp_path):
    if name is None:
        pytest.skip("../shared/corpus is absent")
    _needs_font(fmt)
    source = _source(name)
    problems = differences(source, round_trip(source, fmt, tmp_path))
    assert not problems, f"{name} as {fmt}: {len(problems)} difference(s):\n" + "\n".join(problems[:20])


def test_corpus_documents_found():
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    # the nine with a file of their own (PDF, text, HTML, Markdown); the five seeds point elsewhere
    assert len(DOCUMENTS) >= 9 and not any(n.startswith("seed-") for n in DOCUMENTS)
    assert {Path(resolve(CORPUS / f"{n}.truth.json",
                         json.loads((CORPUS / f"{n}.truth.json").read_text(encoding="utf-8"))["document"])).suffix
            for n in DOCUMENTS} >= {".pdf", ".txt", ".html", ".md"}


# --- generated reports, read from a layout first ---------------------------------------------

# Layouts whose reading is the source: plain renderings, messy text, zeros printed blank (family
# 4 and 3), and the flattened layout, whose run-together digits may leave cells unread.
SOURCE_LAYOUTS = ["text", "markdown", "html", "docx", "xlsx", "tabbed", "piped", "cells_per_line",
                  "piped_blank_zeros", "markdown_blank_appeals", "flattened"]


def _layout_cases():
    for layout in SOURCE_LAYOUTS:
        for i in range(3):
            yield pytest.param(layout, i, id=f"{layout}-{i}")


@pytest.mark.parametrize("layout,i", list(_layout_cases()))
def test_generated_report_survives_every_rendering(layout, i, tmp_path):
    form = ("2019", "2021", "mixed")[i]
    doc = docgen.generate(7_000 + 31 * i + sum(map(ord, layout)), layout,
                          template="2019" if form == "2019" else "2021", mixed=form == "mixed",
                          blanks=docgen.LAYOUTS[layout].blanks and i != 1)
    path = tmp_path / f"source{doc.suffix}"
    path.write_bytes(doc.data)
    source = read(str(path))
    failed = []
    for fmt in FORMATS:
        if fmt == "pdf" and not docgen.available("pdf"):
            continue
        problems = differences(source, round_trip(source, fmt, tmp_path))
        if problems:
            failed.append(f"{fmt}: {len(problems)}: " + "; ".join(problems[:6]))
    assert not failed, f"{layout} ({', '.join(doc.noise)}):\n" + "\n".join(failed)


# --- generated reports, rendered directly -------------------------------------------------

VARIANTS = {
    "all_zeros_blank": docgen.all_zeros_blank,
    "appeal_zeros_blank": docgen.appeal_zeros_blank,
    "noted_counts": docgen.noted_counts,
    "unread_some": docgen.unread_some,
    "blank_and_unread": lambda r, rng: docgen.unread_some(docgen.all_zeros_blank(r, rng), rng),
}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("form", ["2019", "2021", "mixed"])
def test_report_variant_survives_rendering(variant, form, fmt, tmp_path):
    """A report as the variant leaves it, rendered and read: its cells, blanks as blanks, and
    exactly its unread cells unread (rendered ？, read back with a warning naming each)."""
    _needs_font(fmt)
    seed = sum(map(ord, variant + form))
    rng = random.Random(seed)
    report = docgen.random_report(rng, docgen.Options(template="2019" if form == "2019" else "2021",
                                                      mixed=form == "mixed", blanks=seed % 2 == 0))
    report = VARIANTS[variant](report, rng)
    back = round_trip(report, fmt, tmp_path)
    problems = differences(report, back)
    assert not problems, f"{variant} as {fmt}: {len(problems)} difference(s):\n" + "\n".join(problems[:20])
    for key in unread(report):  # the warning names the cell, and says it was printed as not known
        assert any(key in w.keys and "？" in w.message for w in back.warnings if w.code == "ingest.unread"), key


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_table4_printed_all_blank_comes_back_blank(fmt, tmp_path):
    """No appeal at all, every zero printed blank: table 4's one row is empty, each of its 15
    cells blank — not absent (a spreadsheet keeps that ruled, empty row)."""
    _needs_font(fmt)
    report = docgen.random_report(5, docgen.Options(template="2021"))
    for key in [k for k in report.cells if k.split(".")[0] in ("review", "litigation_direct",
                                                              "litigation_after_review")]:
        report.set(key, None)
    back = round_trip(report, fmt, tmp_path)
    assert not differences(report, back)
    assert sum(1 for k, c in back.cells.items() if k.startswith("review.") and c.is_blank) == 5
