"""Tables printed without rules (issue 14 family 5), step by step on hand-made pages.

Each page is a list of positioned characters (as a PDF's text layer gives them) laid out by
hand here, so that what each table must read as is known without the reader. Generated
reports without rules are read whole in ``tests/ingest/test_flow.py`` (and by
``test_families``, ``test_roundtrip`` through the ``pdf_unruled`` layout).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.ingest import grid, pdf, unruled
from gongkai.ingest.baselines import text_lines
from gongkai.ingest.document import Document
from gongkai.ingest.grid import Piece
from gongkai.ingest.mapping import Mapper
from tests import docgen

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
PAGE = 842.0


def run(text: str, x: float, top: float, size: float = 9.0) -> list[Piece]:
    """A run of characters as a PDF prints them: CJK a full em wide, digits and Latin half."""
    out = []
    for ch in text:
        width = size * (0.5 if ch.isascii() else 1.0)
        out.append(Piece(ch, x, top, x + width, top + size))
        x += width
    return out


def page(*runs: list[Piece]) -> list[Piece]:
    return [p for r in runs for p in r]


def rows_of(pieces: list[Piece]) -> list[list[list[str]]]:
    """Each unruled table of the page as rows of cell texts (as the mapper gets them)."""
    found = unruled.tables(pieces, 1, PAGE)
    return [[[c.text for c in row] for row in grid.to_table(g, n, 2.5).rows]
            for n, g in enumerate(found.grids, 1)]


def test_a_label_wrapped_above_and_below_its_numbers_joins_its_row():
    pieces = page(run("项目", 60, 100), run("甲列", 245, 100), run("乙列", 345, 100),
                  run("第一行", 60, 116), run("1", 252, 116), run("2", 352, 116),
                  run("第二行的标签很长", 60, 132), run("3", 252, 138), run("4", 352, 138),
                  run("需要换行", 60, 144),  # the label's second line, below its numbers
                  run("第三行", 60, 160), run("5", 252, 160), run("6", 352, 160))
    assert rows_of(pieces) == [[["项目", "甲列", "乙列"], ["第一行", "1", "2"],
                                ["第二行的标签很长需要换行", "3", "4"], ["第三行", "5", "6"]]]


def test_an_item_heading_right_under_a_row_is_no_tail_of_its_label():
    # LibreOffice prints a borderless Word 表二 with 第二十条第（五）项 close under the last row
    # of item (一): it starts the next item (its own row), never the end of 行政规范性文件's label
    pieces = page(run("信息内容", 60, 100), run("甲", 250, 100), run("乙", 350, 100),
                  run("规章", 60, 116), run("7", 252, 116), run("31", 350, 116),
                  run("行政规范性文件", 60, 132), run("28", 250, 132), run("30", 350, 132),
                  run("第二十条第（五）项", 60, 144),
                  run("信息内容", 60, 160), run("本年处理决定数量", 250, 160),
                  run("行政许可", 60, 176), run("0", 252, 176))
    rows = [row for table in rows_of(pieces) for row in table]
    assert ["行政规范性文件", "28", "30"] in rows
    assert any(row[0] == "第二十条第（五）项" for row in rows), rows


def test_a_group_label_over_several_rows_is_a_row_of_its_own():
    # （三）不予公开 stands between its second and third item, centred over four rows
    pieces = page(run("项目", 60, 100), run("甲", 250, 100), run("乙", 350, 100),
                  run("1.甲项", 130, 116), run("1", 252, 116), run("0", 352, 116),
                  run("2.乙项", 130, 132), run("2", 252, 132), run("0", 352, 132),
                  run("（三）不予公开", 60, 140),
                  run("3.丙项", 130, 148), run("3", 252, 148), run("0", 352, 148),
                  run("4.丁项", 130, 164), run("4", 252, 164), run("0", 352, 164))
    assert rows_of(pieces) == [[["项目", "甲", "乙"], ["1.甲项", "1", "0"], ["2.乙项", "2", "0"],
                                ["（三）不予公开", "", ""], ["3.丙项", "3", "0"], ["4.丁项", "4", "0"]]]


def test_a_column_blank_in_every_row_is_found_from_its_header():
    pieces = page(run("项目", 60, 100), run("甲", 250, 100), run("乙", 300, 100), run("丙", 350, 100),
                  run("第一行", 60, 116), run("1", 252, 116), run("3", 352, 116),
                  run("第二行", 60, 132), run("40", 250, 132), run("6", 352, 132))
    assert rows_of(pieces) == [[["项目", "甲", "乙", "丙"], ["第一行", "1", "", "3"], ["第二行", "40", "", "6"]]]


def test_a_header_word_over_two_columns_is_no_column():
    # 法人或其他组织 over 商业企业 and 科研机构, both blank in the only row: two columns there, not three
    pieces = page(run("自然人", 226, 100), run("法人或其他组织", 273.5, 94), run("总计", 371, 100),
                  run("商业企业", 254, 106), run("科研机构", 302, 106),
                  run("1", 237, 122), run("1", 374, 122))
    assert rows_of(pieces)[0][-1] == ["1", "", "", "1"]


def test_two_numbers_in_one_column_are_left_unread_with_a_warning():
    # 12345 under 甲 spans the places of both 1 and 2 in the row below: which is 甲's is unknown
    pieces = page(run("项目", 60, 100), run("甲", 250, 100), run("乙", 350, 100),
                  run("第一行", 60, 116), run("12345", 245, 116), run("7", 352, 116),
                  run("第二行", 60, 132), run("1", 245, 132), run("2", 262, 132), run("8", 352, 132))
    found = unruled.tables(pieces, 1, PAGE)
    table = grid.to_table(found.grids[0], 1, 2.5)
    first, second = table.rows[1], table.rows[2]
    assert [c.text for c in first] == ["第一行", "12345", "7"] and not any("doubt" in c.where for c in first)
    assert [c.text for c in second[1:]] == ["1 2", "8"] and all("doubt" in c.where for c in second[1:])
    mapper = Mapper(Document(format="pdf", path="x.pdf"))
    mapper.set("review.upheld", second[2])  # even the 8 of 乙: the row's columns are in doubt
    assert "review.upheld" not in mapper.cells
    assert [w.keys for w in mapper.warnings] == [["review.upheld"]] and "无框线" in mapper.warnings[0].message


def test_prose_a_table_of_contents_and_page_numbers_are_no_table():
    pieces = page(run("某某市人民政府2024年政府信息公开工作年度报告", 60, 120, 16),
                  run("全年共收到政府信息公开申请12件，均已按时答复。", 60, 160, 11),
                  run("一、总体情况", 60, 200, 11), run("1", 500, 200, 11),
                  run("二、主动公开政府信息情况", 60, 220, 11), run("2", 500, 220, 11),
                  run("三、收到和处理政府信息公开申请情况", 60, 240, 11), run("3", 500, 240, 11),
                  run("2025年1月20日", 400, 300, 11), run("— 2 —", 280, 810, 9))
    found = unruled.tables(pieces, 2, PAGE)
    assert found.grids == [] and found.tail is None and found.used == set()


def test_the_work_is_bounded():
    lines = [run(f"第{i}行", 60, 20 + i * 2, 1.5) + run(f"{i}", 250, 20 + i * 2, 1.5) + run("0", 350, 20 + i * 2, 1.5)
             for i in range(unruled.MAX_LINES + 1)]
    assert unruled.tables(page(*lines), 1, PAGE).grids == []
    assert len(unruled.tables(page(*lines[:50]), 1, PAGE).grids) == 1  # the same rows, fewer: a table


def test_a_header_ending_a_page_is_handed_back_apart():
    body = run("依申请公开工作严格按照条例规定的程序和时限办理，公开质量稳步提升。", 60, 700, 11)
    header = page(run("第二十条第（一）项", 60, 740), run("信息内容", 85, 757),
                  run("本年制发件数", 190, 757), run("本年废止件数", 320, 757))
    found = unruled.tables(page(body, header, run("— 1 —", 280, 810)), 1, PAGE)
    assert found.grids == [] and found.tail is not None
    assert [c.text for c in found.tail.cells] == ["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数"]
    ended = unruled.tables(page(body, run("本机关将继续做好相关工作。", 60, 720, 11)), 1, PAGE)
    assert ended.tail is None  # a paragraph's end is no header


def test_a_comma_printed_as_its_ink_stays_in_its_line():
    # PDFium gives a full-width comma the box of its ink, low on the line; the numbers of a
    # row centred between two label lines overlap it too
    comma = Piece("，", 114.5, 106.5, 115.4, 108.3)
    dash = Piece("－", 251.0, 110.2, 256.0, 110.8)  # "none", alone in its cell, level with the numbers
    pieces = page(run("部分公开（区分", 50, 100), [comma], run("只计）", 118, 100),
                  [dash], run("0", 352, 106), run("计其他情形", 50, 112))
    lines = {"".join(w.text for w in line.words): line for line in text_lines(pieces)}
    assert "部分公开（区分，只计）" in lines
    assert any(key.startswith("－") and key.endswith("0") for key in lines), list(lines)


@pytest.mark.skipif(not docgen.available("pdf"), reason="no CJK TrueType font to render PDFs")
@pytest.mark.parametrize("layout", ["pdf", "pdf_noisy", "pdf_appeal_words", "pdf_wrapped_labels"])
def test_ruled_pdfs_never_take_the_unruled_path(layout):
    for seed in range(3):
        options = {"template": ("2019", "2021", "2021")[seed], "mixed": seed == 2, "scale": 1 + 2 * seed}
        g = (docgen.make_family(layout, seed, **options) if layout in docgen.FAMILIES
             else docgen.generate(seed, layout, **options))
        source = pdf.read_source(g.data)
        assert "unruled_pages" not in source.doc.meta
        assert all(e.grid.ruled for p in source.pages for e in p.elements if hasattr(e, "grid"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not available (../shared/corpus)")
def test_corpus_pdfs_never_take_the_unruled_path():
    paths = sorted(CORPUS.glob("*.pdf"))
    assert paths
    for path in paths:
        assert "unruled_pages" not in pdf.read_source(path.read_bytes()).doc.meta, path.name


def test_a_table_in_a_small_font_under_large_body_text():
    # 16 pt prose over a 7 pt table (a Word report's 仿宋 三号 and its table): the table's digits,
    # under half the page's usual height, are characters, not marks placed by their neighbours;
    # the header words stand over their columns with room below them, as a word processor lays them
    body = [run("本年度因政府信息公开工作被申请行政复议2件，被提起行政诉讼19件。", 60, 100 + 20 * i, 16)
            for i in range(8)]
    table = page(run("行政复议", 60, 300, 7), run("行政诉讼", 200, 300, 7),
                 run("维持", 62, 315, 7), run("纠正", 102, 315, 7), run("维持", 202, 315, 7), run("纠正", 242, 315, 7),
                 run("0", 66, 340, 7), run("2", 106, 340, 7), run("3", 206, 340, 7), run("16", 244, 340, 7))
    assert rows_of(page(*body, table)) == [[["行政复议", "行政复议", "行政诉讼", "行政诉讼"],
                                            ["维持", "纠正", "维持", "纠正"], ["0", "2", "3", "16"]]]


def _word_to_pdf(docs: dict[str, bytes], tmp: Path) -> dict[str, bytes]:
    """Word files printed to PDF by LibreOffice, in one run."""
    import subprocess

    from gongkai.ingest import libreoffice

    (tmp / "in").mkdir()
    for name, data in docs.items():
        (tmp / "in" / f"{name}.docx").write_bytes(data)
    subprocess.run([libreoffice.soffice(), f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(tmp / "out"),
                    *sorted(str(p) for p in (tmp / "in").iterdir())], check=True, timeout=300, capture_output=True)
    return {name: (tmp / "out" / f"{name}.pdf").read_bytes() for name in docs}


@pytest.mark.skipif(not docgen.available("pdf_unruled"), reason="no CJK TrueType font to render PDFs")
def test_borderless_word_reports_printed_by_libreoffice_read_whole(tmp_path):
    """docgen's Word reports with every border removed, printed to PDF by LibreOffice: 表二's
    item heading sits close under the previous item's last row; every cell is read right."""
    from gongkai.ingest import libreoffice, read

    if libreoffice.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    cases = {}
    for seed, form in enumerate(("2019", "2021", "mixed")):
        made = docgen.generate(seed, "docx", template="2019" if form == "2019" else "2021", mixed=form == "mixed",
                               blanks=seed % 2 == 1, scale=1 + seed)
        cases[f"r{seed}"] = (made, docgen.borderless_docx(made.data))
    printed = _word_to_pdf({name: data for name, (_, data) in cases.items()}, tmp_path)
    for name, (made, _) in cases.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(printed[name])
        got = read(str(path))
        cells, want = got.plain_cells(), docgen.truth(made.report)["cells"]
        assert {k: (cells.get(k, "<absent>"), v) for k, v in want.items() if cells.get(k, "<absent>") != v} == {}, name
        assert pdf.read_source(printed[name]).doc.meta.get("unruled_pages"), name  # read as unruled


@pytest.mark.skipif(not docgen.available("pdf_unruled"), reason="no CJK TrueType font to render PDFs")
def test_a_row_libreoffice_breaks_across_a_page_reads_whole(tmp_path):
    """docgen.SPLIT_ROW_WORD: a 表三 row whose label LibreOffice breaks across a page (its numbers on
    the first; 计其他情形） and 度办理结果, the rest of its group heading, start the next under the
    repeated header). The pieces complete the labels, so they join the page before: every cell is right."""
    import pdfplumber

    from gongkai.ingest import libreoffice, read

    if libreoffice.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    seed, options = docgen.SPLIT_ROW_WORD
    made = docgen.generate(seed, "docx", **options)
    printed = _word_to_pdf({"r": docgen.borderless_docx(made.data)}, tmp_path)["r"]
    path = tmp_path / "r.pdf"
    path.write_bytes(printed)
    with pdfplumber.open(path) as doc:  # the case: the label's two pieces on two pages
        texts = [page.extract_text() or "" for page in doc.pages]
    head, tail = "（二）部分公开（区分处理的，只计这一情形，不", "计其他情形）"
    assert any(head in a and tail not in a and tail in b for a, b in zip(texts, texts[1:], strict=False))
    got = read(str(path))
    cells, want = got.plain_cells(), docgen.truth(made.report)["cells"]
    assert {k: (cells.get(k, "<absent>"), v) for k, v in want.items() if cells.get(k, "<absent>") != v} == {}
    assert not [w.message for w in got.warnings if "部分公开" in w.message]
