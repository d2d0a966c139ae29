"""One way through ingest (issue 14): sources read, flow.py decides OCR and stopping, mapped once.

The structure is checked from the modules' own imports; the behaviour by reading generated
reports (every non-OCR layout of :mod:`tests.docgen` and the issue's families 5 and 9) through
:func:`gongkai.ingest.read` against their truth, cell by cell. ``tests/ingest/test_corpus.py``
does the same for the real corpus and its hand-made truth files.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from gongkai import ingest
from gongkai.ingest import flow, limits, mapping
from tests import docgen

INGEST = Path(ingest.__file__).parent


def imports_of(path: Path) -> set[str]:
    """The gongkai.ingest modules a file imports (relative imports resolved by name)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = (node.module or "").split(".")[0]
            if base:
                out.add(base)
            else:
                out.update(a.name for a in node.names)
    return out


@pytest.mark.parametrize("source", ["pdf.py", "pdfium_source.py", "pdf_streams.py", "word.py", "spreadsheet.py",
                                    "pages.py", "unruled.py", "unruled_grid.py", "baselines.py"])
def test_sources_neither_map_nor_ocr(source):
    """(pdf.read_document and word.read_document, kept for callers, hand over to the flow.)"""
    assert not imports_of(INGEST / source) & {"mapping", "ocr"}


def test_ocr_package_does_not_import_the_pdf_reader():
    for path in (INGEST / "ocr").glob("*.py"):
        assert not imports_of(path) & {"pdf", "word", "mapping", "flow"}, path.name
    assert {"engine", "image", "recognition", "page"} <= {p.stem for p in (INGEST / "ocr").glob("*.py")}


def test_only_the_flow_and_the_entry_call_the_mapper():
    callers = {p.name for p in INGEST.glob("*.py") if "mapping" in imports_of(p)}
    assert callers <= {"flow.py", "__init__.py", "evaluate.py", "batch.py"}, callers


# Where a file's name may be taken: the entries (ingest.read, ingest.read_document, flow.read and
# the two per-format conveniences that call flow.read), reading the bytes, naming errors, and
# the tools over many files. The OCR engine's own model file is a path too, of another kind.
TAKES_A_PATH = {"__init__.py": {"read_bytes", "read", "_read", "read_document"}, "flow.py": {"read"},
                "pdf.py": {"read_document"}, "word.py": {"read_document"}, "document.py": {"named"},
                "batch.py": {"expand", "_read_one", "read_many"}, "evaluate.py": {"evaluate"},
                "engine.py": {"__init__"}}


def test_the_path_is_not_passed_through_readers_and_mapper():
    """Issue 14: the path is attached to an error once, in ingest.read, not passed through forty functions."""
    passed = []
    for file in sorted(INGEST.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = [a.arg for a in node.args.args + node.args.kwonlyargs]
                if any("path" in a for a in args) and node.name not in TAKES_A_PATH.get(file.name, set()):
                    passed.append(f"{file.relative_to(INGEST)}:{node.lineno} {node.name}{tuple(args)}")
    assert passed == []


BAD_FILES = {  # name → bytes, the place the error must name (besides the file)
    "cut.txt": ("报告".encode() + "表".encode()[:2], "第 6 字节"),
    "wide.md": (("标题\n\n| " + " | ".join(["0"] * 5_000) + " |\n").encode(), "第 3 行"),
    "big.html": (("<p>x</p><table><tr>" + '<td colspan="64">1</td>' * 2_000 + "</tr></table>").encode(),
                 "第 1 个表格第 1 行"),
    "notice.txt": ("这是一份会议通知。\n\n请各单位按时参加。\n".encode(), "法定表格"),
    "slides.doc": (None, "不是 Word 或 Excel"),
    "cut.png": (None, "无法读取图像"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_every_error_names_the_file_once_and_the_place(name, tmp_path):
    data, place = BAD_FILES[name]
    if name == "slides.doc":
        from tests.ingest.test_libreoffice import cfb

        data = cfb({"PowerPoint Document": b"x"})
    elif name == "cut.png":
        import io

        from PIL import Image

        out = io.BytesIO()
        Image.new("L", (400, 300), 255).save(out, "PNG")
        data = out.getvalue()[:200]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ingest.ReadError) as e:
        ingest.read(str(path))
    message = str(e.value)
    assert message.count(str(path)) == 1 and place in message, message


def count_mappings(monkeypatch) -> list[int]:
    calls = []
    run = mapping.Mapper.run

    def counted(self):
        calls.append(1)
        return run(self)

    monkeypatch.setattr(mapping.Mapper, "run", counted)
    return calls


@pytest.mark.skipif(not docgen.available("pdf"), reason="no CJK TrueType font to render PDFs")
def test_a_pdf_is_mapped_once(tmp_path, monkeypatch):
    g = docgen.generate(3, "pdf")
    path = tmp_path / "r.pdf"
    path.write_bytes(g.data)
    calls = count_mappings(monkeypatch)
    report = ingest.read(str(path))
    assert len(calls) == 1 and report.plain_cells() == g.report.plain_cells()


@pytest.mark.skipif(not docgen.available("pdf"), reason="no CJK TrueType font to render PDFs")
def test_over_its_time_budget_a_pdf_is_mapped_once_and_kept(tmp_path, monkeypatch):
    """Out of time after page 1 of a long PDF whose tables are all on it: kept, mapped once."""
    from tests.ingest.test_limits import _concat

    g = docgen.generate(3, "pdf")
    pages = len(importlib.import_module("pypdfium2").PdfDocument(g.data))
    path = tmp_path / "long.pdf"
    path.write_bytes(_concat(g.data, g.data))
    ticks = iter(range(10_000))  # one second per look at the clock: out of time after the report's pages
    monkeypatch.setattr(limits, "clock", lambda: next(ticks))
    monkeypatch.setenv("GONGKAI_PDF_SECONDS", str(pages))
    calls = count_mappings(monkeypatch)
    report = ingest.read(str(path))
    assert len(calls) == 1
    assert report.plain_cells() == g.report.plain_cells()
    assert any("未读" in getattr(w, "message", str(w)) for w in report.warnings)


def test_a_mapper_bug_is_not_swallowed(monkeypatch):
    """tables_read answers "no" only for gongkai's own "not a report"; a bug surfaces."""
    from gongkai.ingest.document import Document

    def broken(self):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(mapping.Mapper, "run", broken)
    with pytest.raises(ZeroDivisionError):
        mapping.tables_read(Document(path="x", format="text", text="x"))


def test_flow_result_for_plain_formats(tmp_path):
    g = docgen.generate(1, "markdown")
    result = flow.read(g.data, "r.md", "markdown")
    assert result.report is None and result.document.tables


FAST = [n for n, lay in docgen.LAYOUTS.items() if not lay.ocr and lay.exact and docgen.available(n)]


@pytest.mark.parametrize("layout", FAST + [n for n in ("pdf_wrapped_labels",) if docgen.available("pdf")])
@pytest.mark.parametrize("seed", [11, 12])
def test_generated_reports_read_through_the_flow(layout, seed, tmp_path):
    g = docgen.make_family(layout, seed) if layout in docgen.FAMILIES else docgen.generate(seed, layout)
    path = tmp_path / f"r{g.suffix}"
    path.write_bytes(g.data)
    report = ingest.read(str(path))
    want, got = docgen.truth(g.report)["cells"], report.plain_cells()
    assert {k: got.get(k) for k in want if got.get(k) != want[k]} == {}
    assert report.template == g.report.template and report.year == g.report.year


@pytest.mark.slow
@pytest.mark.skipif(not docgen.available("scanned_pdf"), reason="no CJK TrueType font to render PDFs")
@pytest.mark.parametrize("seed", [0, 2])
def test_family_9_rough_scans_no_wrong_cell_and_every_unread_cell_warned(seed, tmp_path):
    """Rough scans (issue 14 family 9): nothing read wrong; a cell OCR is unsure of is left
    unread and named — seeds 0 and 2 each have such cells (1 and 3 of 200)."""
    g = docgen.make_family("scanned_pdf_rough", seed)
    path = tmp_path / "scan.pdf"
    path.write_bytes(g.data)
    report = ingest.read(str(path))
    want, got = docgen.truth(g.report)["cells"], report.plain_cells()
    assert {k: (got[k], want[k]) for k in want if got.get(k) is not None and got[k] != want[k]} == {}
    unread = [k for k in want if got.get(k) is None and want[k] is not None]
    assert len(unread) <= 4
    said = [w for w in map(lambda w: getattr(w, "message", str(w)), report.warnings) if "未能确定地读出" in w]
    assert len(said) >= len(unread), (unread, said)  # each is said (with its place), none taken as a blank


# Issue 14 family 5 without rules: (seed, form, blanks, narrative scale). The narrative's length
# moves the tables down the pages, so that tables 2 and 3 break across pages in different places
# (a header ending one page with its rows on the next; a 第二十条 item heading left alone;
# table 3's header repeated) — test_family_5_cases_break_tables_across_pages shows they do.
UNRULED = [(0, "2019", False, 1), (100, "2019", False, 2), (101, "2019", True, 6), (103, "2019", True, 3),
           (1, "2021", True, 2), (4, "2021", False, 5), (10, "2021", False, 5),
           (2, "mixed", False, 3), (5, "mixed", True, 6), (44, "mixed", False, 3), (119, "mixed", True, 6)]


def _unruled(seed: int, form: str, blanks: bool, scale: int):
    """A random report, its typeset PDF with wrapped labels, and the same PDF without rules."""
    import random

    rng = random.Random(seed)
    report = docgen.random_report(rng, docgen.Options(template="2019" if form == "2019" else "2021",
                                                      mixed=form == "mixed", blanks=blanks, scale=scale,
                                                      omit_art20=seed == 44))
    ruled = docgen._pdf_wrapped_labels(report, rng, docgen.Noise())
    return report, ruled, docgen.unrule(ruled)


@pytest.mark.skipif(not docgen.available("pdf_unruled"), reason="no CJK TrueType font to render PDFs")
@pytest.mark.parametrize("seed,form,blanks,scale", UNRULED)
def test_family_5_unruled_tables(seed, form, blanks, scale, tmp_path):
    """Tables printed without rules are rebuilt from the text's positions: every cell right (a
    blank cell blank), the template, and the section text without the tables in it."""
    from gongkai.report.render.layout import paragraphs

    report, _, data = _unruled(seed, form, blanks, scale)
    path = tmp_path / "unruled.pdf"
    path.write_bytes(data)
    got = ingest.read(str(path))
    want = docgen.truth(report)["cells"]
    cells = got.plain_cells()
    assert {k: (cells.get(k, "<absent>"), v) for k, v in want.items() if cells.get(k, "<absent>") != v} == {}
    assert set(cells) == set(want) and got.template == report.template
    for key, text in report.sections.items():
        assert got.sections.get(key) == "\n".join(paragraphs(text)), key
    assert got.reading.get("format") == "pdf" and not any(w.code == "ingest.unread" for w in got.warnings)


@pytest.mark.skipif(not docgen.available("pdf_unruled"), reason="no CJK TrueType font to render PDFs")
def test_family_5_cases_break_tables_across_pages():
    """The cases above are not all one-page tables: their ruled twins (the same PDF before the
    rules were removed), read by pdfplumber's own table finder, break tables 2 and 3 across pages."""
    from tests.ingest.test_roundtrip import _split_tables

    split = [(case, _split_tables(_unruled(*case)[1])) for case in UNRULED]
    assert {2, 3} <= set().union(*(s for _, s in split)), split
    assert sum(1 for _, s in split if s) >= 5, split


@pytest.mark.skipif(not docgen.available("pdf"), reason="no CJK TrueType font to render PDFs")
def test_a_paged_document_holds_its_pages_of_lines_and_tables(tmp_path):
    """Issue 14: sources give a Document of pages, lines and tables — a PDF's Document keeps each
    page's lines and tables where they stand (dataclasses), besides the text and tables assembled."""
    from gongkai.ingest.pages import Block, Line, Page

    doc = docgen.generate(3, "pdf", template="2021", scale=3)
    read = ingest.read_document(doc.data, "paged.pdf")
    assert [p.number for p in read.pages] == list(range(1, read.meta["pages"] + 1))
    assert all(isinstance(p, Page) for p in read.pages)
    elements = [e for p in read.pages for e in p.elements]
    assert any(isinstance(e, Line) for e in elements) and any(isinstance(e, Block) for e in elements)
    # every table assembled comes from a page's blocks; the title is a line of page 1
    assert {t.where["page"] for t in read.tables} <= {p.number for p in read.pages if any(
        isinstance(e, Block) for e in p.elements)}
    assert any(isinstance(e, Line) and doc.report.agency in e.text for e in read.pages[0].elements)
    text = ingest.read_document("标题\n\n正文。\n".encode(), "plain.txt")
    assert text.pages == []  # not a paged format
