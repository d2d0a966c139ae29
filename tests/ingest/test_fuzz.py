"""Fuzzing the readers: whatever the bytes, ``gongkai.ingest.read`` returns a report or
raises gongkai's own error — never another exception, never without end, never without
bound on memory.

Hypothesis draws arbitrary bytes and mutations (bit flips, truncation, inserted garbage) of
generated documents in each format and of the real reports in ``../shared`` (when present).
Examples are few and each has a deadline, so the suite stays fast; ``GONGKAI_FUZZ_EXAMPLES``
raises the count for a longer run. A coverage-guided harness for atheris lives in
``tests/fuzz/atheris_read.py`` (not run in CI).
"""

from __future__ import annotations

import functools
import io
import os
import tempfile
import time
import tracemalloc
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.errors import GongkaiError
from gongkai.ingest import read
from gongkai.report import Report
from tests import docgen

EXAMPLES = int(os.environ.get("GONGKAI_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=5), derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SUFFIXES = ["", ".txt", ".md", ".html", ".json", ".pdf", ".docx", ".xlsx", ".png", ".doc", ".wps"]


def read_bytes_as(data: bytes, suffix: str) -> Report | None:
    """Read ``data`` from a file named ``*suffix``: a report, or None for gongkai's own error."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "fuzz" + suffix)
        with open(path, "wb") as f:
            f.write(data)
        try:
            report = read(path)
        except GongkaiError as e:
            assert str(e), "an error must say what went wrong"
            return None
    assert isinstance(report, Report)
    return report


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes(data, suffix):
    read_bytes_as(data, suffix)


_MAGIC = [b"%PDF-1.7\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
          b"<html><meta charset=gbk>", b"{\"template\": \"2021\", ", b"\xef\xbb\xbf", b"\xff\xfe"]


@FUZZ
@given(magic=st.sampled_from(_MAGIC), rest=st.binary(max_size=2048), suffix=st.sampled_from(SUFFIXES))
def test_bytes_behind_a_format_signature(magic, rest, suffix):
    read_bytes_as(magic + rest, suffix)


@FUZZ
@given(text=st.text(max_size=2000), encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]),
       suffix=st.sampled_from([".txt", ".md", ".html", ""]))
def test_arbitrary_text(text, encoding, suffix):
    read_bytes_as(text.encode(encoding, errors="replace"), suffix)


@pytest.mark.parametrize("suffix", [".html", ".txt", ".md"])
def test_control_characters_in_a_page(suffix):
    # Found by test_mutated_documents[portal_html]: lxml refuses strings with control characters.
    page = "<html><body><p>\x01一、总体情况</p><table><tr><td>规章\x0b</td><td>1\x1f</td></tr></table></body></html>"
    read_bytes_as(page.encode(), suffix)


# --- mutated documents ---------------------------------------------------------------

MUTATED = ["text", "tabbed", "piped", "markdown", "html", "portal_html", "docx", "xlsx", "pdf"]


@functools.cache
def _original(layout: str) -> docgen.Generated:
    return docgen.generate(11, layout, template="2021")


@st.composite
def mutations(draw, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "duplicate"]))
        if not buf:
            break
        pos = draw(st.integers(0, len(buf) - 1))
        if kind == "flip":
            buf[pos] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del buf[pos:]
        elif kind == "insert":
            buf[pos:pos] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "delete":
            del buf[pos:pos + draw(st.integers(1, 256))]
        else:
            n = draw(st.integers(1, 512))
            buf[pos:pos] = buf[pos:pos + n]
    return bytes(buf)


@pytest.mark.parametrize("layout", [pytest.param(lay, marks=pytest.mark.skipif(
    not docgen.available(lay), reason="no CJK font")) for lay in MUTATED])
def test_mutated_documents(layout):
    doc = _original(layout)

    @FUZZ
    @given(data=mutations(doc.data))
    def run(data):
        read_bytes_as(data, doc.suffix)

    run()


SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REAL = sorted(p for folder in ("corpus", "seeds") for p in (SHARED / folder).glob("*")
              if p.is_file() and not p.name.endswith(".json")) if SHARED.is_dir() else []


@pytest.mark.corpus
@pytest.mark.skipif(not REAL, reason="../shared (real reports) is absent")
@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_mutated_real_documents(path):
    data = path.read_bytes()

    @settings(FUZZ, max_examples=max(3, EXAMPLES // 2))
    @given(mutated=mutations(data))
    def run(mutated):
        read_bytes_as(mutated, path.suffix)

    run()


# --- documents built to exhaust a reader -------------------------------------------------

def _bounded(data: bytes, suffix: str, seconds: float = 20, megabytes: int = 300) -> Report | None:
    tracemalloc.start()
    start = time.monotonic()
    try:
        report = read_bytes_as(data, suffix)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.monotonic() - start
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert peak < megabytes * 2**20, f"peak memory {peak / 2**20:.0f} MiB"
    return report


def test_docx_that_decompresses_beyond_the_limit():
    doc = io.BytesIO()
    with zipfile.ZipFile(doc, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b" " * (1 << 20)
            for _ in range(300):  # 300 MiB of spaces (the limit is 200 MiB), about 300 KiB compressed
                f.write(chunk)
    assert _bounded(doc.getvalue(), ".docx") is None


def test_xlsx_with_a_million_cells_claimed():
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "政府信息公开工作年度报告"
    ws.cell(row=1_048_576, column=16_384, value=1)  # the last cell: dimension A1:XFD1048576
    buf = io.BytesIO()
    wb.save(buf)
    _bounded(buf.getvalue(), ".xlsx")


def test_pdf_with_hundreds_of_pages_beyond_the_limit():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=8)
    for i in range(600):  # the limit is 200
        pdf.add_page()
        pdf.cell(text=f"page {i}")
    _bounded(bytes(pdf.output()), ".pdf", seconds=60)


def test_image_claiming_huge_dimensions():
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
           + chunk(b"IEND", b""))
    assert _bounded(png, ".png") is None


@pytest.mark.parametrize("suffix", [".html", ".txt"])
def test_deeply_nested_and_very_long_text(suffix):
    nested = ("<div>" * 20000 + "一、总体情况" + "</div>" * 20000).encode()
    _bounded(nested, suffix)
    long_line = ("收到申请" + "0" * 2_000_000).encode()
    _bounded(long_line, suffix)


def test_a_table_repeated_many_times_stays_bounded():
    report = docgen.random_report(5, docgen.Options(template="2021"))
    body = docgen.make("tabbed", report, 5).data
    _bounded(body * 50, ".txt", seconds=60)
