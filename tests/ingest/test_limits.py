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
from gongkai.ingest import limits, ocr, pdf, spreadsheet, word
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


READERS = {"pdf": pdf.read_document, "docx": word.read_document, "xlsx": spreadsheet.read_document,
           "png": ocr.read_document}


def read_or_refuse(kind: str, data: bytes) -> None:
    path = f"fuzz.{kind}"
    start = time.monotonic()
    try:
        doc = READERS[kind](data, path)
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
    with pytest.raises(limits.Timeout, match="outer"):
        with limits.time_limit(0.3, "outer.pdf"):
            with limits.time_limit(5, "inner.pdf"):
                pass
            time.sleep(1)
