"""Decompression bombs: refused with gongkai's own error naming the file and place, under 1 GiB.

Issue 10 §4: a 1 MB PDF whose Flate stream inflates to 1 GB took 2 GB. Each hostile file is
built here, byte by byte, and read in a child process whose own peak resident memory
(``VmHWM``) is measured: that sees PDFium, lxml and openpyxl, which ``tracemalloc`` does not.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from . import hostile

GIB_KIB = 1024 * 1024
CASES = {
    # name: (build, suffix, words the error must hold, place it must name)
    "pdf_content_bomb": (hostile.pdf_content_bomb, "pdf", "解压后过大", "对象 4"),
    "pdf_double_bomb": (hostile.pdf_double_bomb, "pdf", "解压后过大", "对象 4"),
    "pdf_image_bomb": (hostile.pdf_image_bomb, "pdf", "32768×32768 像素", "对象 5"),
    "pdf_form_repeat": (hostile.pdf_form_repeat, "pdf", "重复绘制的表单", "内容流对象 4"),
    "pdf_contents_repeat": (hostile.pdf_contents_repeat, "pdf", "合计解压后超过", "内容流对象 4"),
    "pdf_fonts_bomb": (hostile.pdf_fonts_bomb, "pdf", "字体合计解压后过大", ""),
    "docx_paragraph_bomb": (hostile.docx_paragraph_bomb, "docx", "部件解压后过大", "word/document.xml"),
    "docx_table_bomb": (hostile.docx_table_bomb, "docx", "Word 表格过大", "表 1"),
    "xlsx_cell_bomb": (lambda: hostile.xlsx_cells(12_000), "xlsx", "单元格过多", "xl/worksheets/sheet1.xml"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bomb_is_refused_under_a_gibibyte(name, tmp_path):
    build, suffix, words, place = CASES[name]
    path = tmp_path / f"{name}.{suffix}"
    path.write_bytes(build())
    assert path.stat().st_size < 2 * hostile.MIB  # small on disk: the danger is all in the expansion
    outcome = hostile.read_in_child(str(path))
    assert outcome.get("error") == "ReadError", outcome
    assert not outcome.get("foreign"), outcome
    assert str(path) in outcome["message"] and words in outcome["message"], outcome["message"]
    if place:
        assert f"（{place}）" in outcome["message"], outcome["message"]
    assert outcome["peak_kib"] < GIB_KIB, outcome


def test_content_bomb_is_what_the_issue_measured(tmp_path):
    """The file is the issue's: about 1 MB that inflates to 1 GiB (taking 2 GB before the check)."""
    import zlib

    data = hostile.pdf_content_bomb()
    assert 0.9 * hostile.MIB < len(data) < 1.2 * hostile.MIB
    start = data.index(b"stream\n") + len(b"stream\n")
    inflated, d = 0, zlib.decompressobj()
    piece = d.decompress(data[start:], 1 << 24)
    while piece:
        inflated += len(piece)
        piece = d.decompress(d.unconsumed_tail, 1 << 24)
    assert inflated == 1 << 30


def test_within_the_limits_the_reader_stays_under_a_gibibyte(tmp_path):
    """Just under the caps — a 15 MB content stream of drawn lines, a sheet of 190,000 numbers —
    the document is read (nothing in it is a report) within the memory bound."""
    import zlib

    pdf = tmp_path / "lines.pdf"
    ops = b"0 0 m 100 100 l S\n" * 850_000  # 15.3 MB, under MAX_STREAM and MAX_PAGE_CONTENT (16 MiB)
    pdf.write_bytes(hostile.pdf([hostile.CATALOG, hostile.ONE_PAGE, hostile.page(),
                                 hostile.stream(b"/Filter /FlateDecode", zlib.compress(ops, 9))]))
    xlsx = tmp_path / "numbers.xlsx"
    xlsx.write_bytes(hostile.xlsx_cells(9_500))  # 190,000 cells, under MAX_SHEET_CELLS
    for path in (pdf, xlsx):
        outcome = hostile.read_in_child(str(path))
        assert not outcome.get("foreign"), outcome
        assert outcome["peak_kib"] < GIB_KIB, outcome


def test_cli_exits_2_without_a_traceback(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(hostile.pdf_double_bomb())
    done = subprocess.run([sys.executable, "-m", "gongkai", "parse", str(path)], capture_output=True, text=True,
                          timeout=120, env=hostile.child_env())
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "解压后过大" in done.stderr and str(path) in done.stderr
