"""Hostile and damaged input for the binary readers: only gongkai's own errors, bounded time.

Hypothesis feeds arbitrary bytes and mutated copies of documents made here to the PDF,
Word, spreadsheet and image readers. Whatever comes in, a reader returns a Document or
raises :class:`ReadError` naming the file — never another exception, never a hang.
"""

from __future__ import annotations

import functools
import io
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.errors import ReadError
from gongkai.ingest import limits, pdf, read_document
from gongkai.ingest.document import Document

from . import test_spreadsheet, test_word

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def small_pdf(pages: int = 2) -> bytes:
    from fpdf import FPDF

    p = FPDF(unit="pt", format="A4")
    p.set_font("helvetica", size=10)
    for n in range(pages):
        p.add_page()
        p.text(70, 80, f"Table {n + 1}")
        for r in range(4):
            for c in range(3):
                p.rect(70 + 80 * c, 100 + 20 * r, 80, 20)
                p.text(74 + 80 * c, 114 + 20 * r, str(r * 10 + c))
        p.text(280, 810, f"- {n + 1} -")
    return bytes(p.output())


@functools.cache
def samples() -> dict[str, bytes]:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (360, 160), "white")
    draw = ImageDraw.Draw(image)
    for r in range(4):
        for c in range(3):
            draw.rectangle((20 + 100 * c, 20 + 30 * r, 120 + 100 * c, 50 + 30 * r), outline="black", width=2)
            draw.text((50 + 100 * c, 28 + 30 * r), str(r * 7 + c), fill="black")
    png = io.BytesIO()
    image.save(png, format="PNG")
    return {
        "pdf": small_pdf(),
        "docx": test_word.build_docx(),
        "xlsx": test_spreadsheet.build_xlsx(),
        "png": png.getvalue(),
    }


FORMATS = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "png": "image"}  # file kind → detected format


def read_or_refuse(kind: str, data: bytes) -> None:
    path = f"fuzz.{kind}"
    start = time.monotonic()
    try:
        doc = read_document(data, path, FORMATS[kind])  # the entry that names the file
    except ReadError as e:
        assert path in str(e)
    else:
        assert isinstance(doc, Document)
        for table in doc.tables:
            assert all(isinstance(c.text, str) for row in table.rows for c in row)
    assert time.monotonic() - start < 60


@st.composite
def mutated(draw, kind: str):
    data = bytearray(samples()[kind])
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[i] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[i:]
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=64))
        else:
            del data[i:i + draw(st.integers(1, 256))]
    return bytes(data)


@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx"])
@FUZZ
@given(data=st.data())
def test_mutated_documents_raise_only_read_errors(kind, data):
    read_or_refuse(kind, data.draw(mutated(kind)))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_images_raise_only_read_errors(data):
    read_or_refuse("png", data.draw(mutated("png")))


PREFIXES = {"pdf": b"%PDF-1.7\n", "docx": b"PK\x03\x04", "xlsx": b"PK\x03\x04", "png": b"\x89PNG\r\n\x1a\n"}


@pytest.mark.parametrize("kind", sorted(PREFIXES))
@FUZZ
@given(tail=st.binary(max_size=2048))
def test_arbitrary_bytes_raise_only_read_errors(kind, tail):
    read_or_refuse(kind, PREFIXES[kind] + tail)


def test_pdf_page_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PAGES", 3)
    with pytest.raises(ReadError, match="页数过多"):
        pdf.read_document(small_pdf(pages=4), "long.pdf")
    assert len(pdf.read_document(small_pdf(pages=3), "ok.pdf").tables) >= 1


def test_pdf_time_bound_per_page(monkeypatch):
    monkeypatch.setattr(limits, "SECONDS_PER_PAGE", 1e-6)
    with pytest.raises(limits.Timeout) as e:
        pdf.read_document(small_pdf(), "slow.pdf")
    assert "超时" in str(e.value) and "第 1 页" in str(e.value) and "slow.pdf" in str(e.value)


def test_time_limit_restores_an_outer_bound():
    with pytest.raises(limits.Timeout, match="外层"):
        with limits.time_limit(0.3, "外层"):
            with limits.time_limit(5, "内层"):
                pass
            time.sleep(1)


def test_pdf_document_budget_refuses_a_long_pdf_whose_tables_are_unread(monkeypatch):
    """Over the whole-document budget with the statutory tables not read: an error naming how far it got."""
    monkeypatch.setenv("GONGKAI_PDF_SECONDS", "0")
    with pytest.raises(limits.Timeout) as e:
        pdf.read_document(small_pdf(pages=30), "many.pdf")
    message = str(e.value)
    assert "many.pdf" in message and "超时" in message
    assert "读了 1 页" in message and "共 30 页" in message and "GONGKAI_PDF_SECONDS" in message


def _concat(*parts: bytes) -> bytes:
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    for data in parts:
        out.import_pages(pdfium.PdfDocument(data))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def test_pdf_document_budget_keeps_the_tables_read_and_warns(monkeypatch):
    """Over the budget once every statutory table is read: the rest is left unread, with a warning."""
    from gongkai.ingest.mapping import to_report
    from tests import docgen

    if not docgen.available("pdf"):
        pytest.skip("no CJK font to draw a report PDF with (tests.docgen.cjk_font)")
    report_pdf = docgen.generate(5, "pdf", template="2021").data
    whole = pdf.read_document(report_pdf, "report.pdf")
    pages = whole.meta["pages"]
    ticks = iter(range(10_000))  # a clock that advances one second per look: the budget runs out after `pages` pages
    monkeypatch.setattr(limits, "clock", lambda: next(ticks))
    monkeypatch.setenv("GONGKAI_PDF_SECONDS", str(pages))
    doc = pdf.read_document(_concat(report_pdf, small_pdf(pages=20)), "long.pdf")
    assert doc.meta["pages"] == pages + 20 and doc.meta["pages_read"] == pages
    assert any("未读" in w and f"第 {pages + 1}–{pages + 20} 页" in w for w in doc.warnings)
    assert to_report(doc).plain_cells() == to_report(whole).plain_cells()
    ticks = iter(range(10_000))
    monkeypatch.setenv("GONGKAI_PDF_SECONDS", "1")  # out after page 1: the tables come later
    with pytest.raises(limits.Timeout, match="读了 1 页"):
        pdf.read_document(_concat(report_pdf, small_pdf(pages=20)), "long.pdf")


def _scanned(data: bytes) -> bytes:
    """``data``'s pages as an image-only PDF (scans at 144 dpi)."""
    import pypdfium2 as pdfium

    images = [page.render(scale=2).to_pil().convert("L") for page in pdfium.PdfDocument(data)]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=144.0, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def test_ocr_budget_keeps_the_tables_read_and_warns(monkeypatch):
    """The OCR pass has its own budget (GONGKAI_PDF_OCR_SECONDS), with the same rule: tables read → kept."""
    from gongkai.ingest.mapping import to_report
    from tests import docgen

    if not docgen.available("scanned_pdf"):
        pytest.skip("no CJK font to draw a report PDF with (tests.docgen.cjk_font)")
    report_scan = docgen.generate(5, "scanned_pdf", template="2021", paragraphs=1).data
    whole = pdf.read_document(report_scan, "scan.pdf")
    pages = whole.meta["pages"]
    assert whole.meta["ocr_pages"] == list(range(1, pages + 1))
    long_scan = _concat(report_scan, _scanned(small_pdf(pages=8)))
    monkeypatch.setenv("GONGKAI_PDF_SECONDS", "100000")  # the text-layer pass (nothing to read here) never runs out
    ticks = iter(range(100_000))  # one second per look: the OCR budget runs out after `pages` scanned pages
    monkeypatch.setattr(limits, "clock", lambda: next(ticks))
    monkeypatch.setenv("GONGKAI_PDF_OCR_SECONDS", str(pages))
    doc = pdf.read_document(long_scan, "long-scan.pdf")
    assert doc.meta["pages"] == pages + 8 and doc.meta["pages_read"] == pages
    assert any("未读" in w and f"第 {pages + 1}–{pages + 8} 页" in w for w in doc.warnings)
    assert to_report(doc).plain_cells() == to_report(whole).plain_cells()
    ticks = iter(range(100_000))
    monkeypatch.setenv("GONGKAI_PDF_OCR_SECONDS", "1")  # out after the first scanned page: tables unread
    with pytest.raises(limits.Timeout, match="读了 1 页.*GONGKAI_PDF_OCR_SECONDS"):
        pdf.read_document(long_scan, "long-scan.pdf")


def test_pdf_document_budget_setting(monkeypatch):
    monkeypatch.delenv("GONGKAI_PDF_SECONDS", raising=False)
    assert limits.seconds("GONGKAI_PDF_SECONDS", limits.PDF_SECONDS) == limits.PDF_SECONDS == 60
    for bad in ("", "soon", "-1", "nan"):
        monkeypatch.setenv("GONGKAI_PDF_SECONDS", bad)
        assert limits.seconds("GONGKAI_PDF_SECONDS", 60.0) == 60.0
    monkeypatch.setenv("GONGKAI_PDF_SECONDS", "2.5")
    assert limits.seconds("GONGKAI_PDF_SECONDS", 60.0) == 2.5
