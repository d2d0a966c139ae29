"""The families of issue 14: variants real reports showed a reader that had never seen them.

Each family is built into :mod:`tests.docgen` (a layout with ``family=n``); here random
reports in each are read back with every cell right (the round trip of test_roundtrip
reads them too), and each family's own point is asserted: the document's sections are found
when it numbers its own headings (7), a minus sign fixes the number before it (8), the
section text read is the prose the generator wrote — no table in it (section text is text).
"""

from __future__ import annotations

import pytest

from gongkai.ingest import read
from gongkai.ingest.document import Document
from gongkai.ingest.markdown import read_markdown
from gongkai.ingest.pages import Line, Page, assemble
from gongkai.ingest.text import text_rows
from gongkai.report import cells as C
from gongkai.report import check
from gongkai.report.render.layout import paragraphs
from tests import docgen

from .test_roundtrip import assert_reads_back

FAMILIES = {name: lay.family for name, lay in docgen.LAYOUTS.items() if lay.family is not None}


def _params(n: int = 3):
    for name, family in FAMILIES.items():
        marks = [] if docgen.available(name) else [pytest.mark.skip(reason="no CJK font for PDFs")]
        for i in range(n):
            form = ("2019", "2021", "mixed")[i % 3]
            yield pytest.param(name, form, i, id=f"family{family}-{name}-{form}-{i}", marks=marks)


def _generate(name: str, form: str, i: int) -> docgen.Generated:
    options = {"template": "2019" if form == "2019" else "2021", "mixed": form == "mixed"}
    return docgen.generate(90_000 + 100 * i + sum(map(ord, name)), name, blanks=i % 2 == 1, **options)


def test_every_family_of_issue_14_is_generated():
    assert {1, 2, 3, 4, 5, 6, 7, 8, 9} <= set(FAMILIES.values())


@pytest.mark.parametrize("name,form,i", list(_params()))
def test_family_reads_back(name, form, i, tmp_path):
    doc = _generate(name, form, i)
    assert_reads_back(doc, tmp_path)  # every cell; the flattened family: unread only with a warning
    path = tmp_path / f"report-{doc.layout}{doc.suffix}"
    got = read(str(path))
    codes = [f.code for f in check(got)]
    assert "form.section_missing" not in codes  # family 7 above all: 一、主动公开 … 五、其他需要报告的事项


@pytest.mark.parametrize("name,form,i", list(_params(2)))
def test_section_text_is_the_prose_written(name, form, i, tmp_path):
    """Headings whole, paragraphs as written, no table: what the generator wrote, section by section."""
    doc = _generate(name, form, i)
    path = tmp_path / f"report{doc.suffix}"
    path.write_bytes(doc.data)
    got = read(str(path))
    for key, text in doc.report.sections.items():
        assert got.sections.get(key) == "\n".join(paragraphs(text)), key  # flattened pages too


# --- family 1: HTML inside Markdown pipe tables ------------------------------------------

def test_br_and_nbsp_in_pipe_tables_are_html():
    md = ("| 信息内容 | 本年制发<br>件数 | 本年废止<br/>件数 | 现行有效<BR />件数 |\n|---|---|---|---|\n"
          "| 规章 | &nbsp; | 0 | 12 |\n")
    rows = read_markdown(md).tables[0].rows
    assert [c.text for c in rows[0]] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert [c.text for c in rows[1]] == ["规章", "", "0", "12"]  # &nbsp; is a blank cell, not its text


# --- family 2/3: table 4's headers ------------------------------------------------------

@pytest.mark.parametrize("layout", ["html_appeal_words", "docx_appeal_words", "html_blank_appeals"])
def test_table4_header_words_are_never_values(layout, tmp_path):
    for seed in range(4):
        doc = docgen.generate(seed, layout, template="2021")
        path = tmp_path / f"r{seed}{doc.suffix}"
        path.write_bytes(doc.data)
        cells = read(str(path)).plain_cells()
        for group, _ in C.APPEAL_GROUPS:
            for col, _ in C.APPEAL_COLUMNS:
                value = cells.get(C.appeal_key(group, col), 0)
                assert value is None or isinstance(value, int), (C.appeal_key(group, col), value)


# --- family 4: a lone "|" for a blank cell --------------------------------------------------

def test_lone_pipe_is_a_blank_cell_or_a_row_start():
    # hand-made: 行政许可 prints a blank (a lone "|") then 5; 行政处罚's row starts with a lone "|"
    lines = ["|", "信息内容 |", "本年处理决定数量 |", "||", "|", "行政许可 |", "|", "||",
             "|", "行政处罚 |", "5 |", "||"]
    rows = text_rows(lines)
    assert [[c.text for c in r] for r in rows] == [["信息内容", "本年处理决定数量"], ["行政许可", ""],
                                                   ["行政处罚", "5"]]


def test_lone_pipes_before_a_label_end_the_row_and_start_the_next():
    lines = ["|", "规章 |", "3 |", "|", "|", "|", "行政规范性文件 |", "1 |", "2 |", "3 |"]
    rows = text_rows(lines)
    assert [[c.text for c in r] for r in rows] == [["规章", "3", "", ""], ["行政规范性文件", "1", "2", "3"]]


# --- family 8: a minus sign fixes a split ---------------------------------------------------

def test_minus_sign_fixes_the_number_before_it(tmp_path):
    # 2019 form, flattened: 行政许可 上一年项目数量 / 本年增/减 / 处理决定数量 printed 2648-18538
    seen = 0
    for seed in range(12):
        doc = docgen.generate(seed, "flattened_negative", template="2019")
        path = tmp_path / f"r{seed}.txt"
        path.write_bytes(doc.data)
        got = read(str(path))
        warned = {k for w in got.warnings for k in w.keys}
        for key in C.SIGNED_KEYS:
            if key not in doc.report.cells:
                continue
            previous = key.rsplit(".", 1)[0] + ".previous"
            truth = doc.report.cells[previous].number
            assert got.cells[previous].number == truth, previous  # the minus sign ends it: always read
            seen += 1
            row = key.rsplit(".", 1)[0] + "."
            for k in (k for k in doc.report.cells if k.startswith(row) and k != previous):
                # the change and the count after it: read right, or unread with a warning naming them
                assert (got.cells.get(k) is None and k in warned) or got.cells[k].plain == doc.report.cells[k].plain
    assert seen >= 10


def test_only_the_change_may_be_negative():
    from gongkai.ingest import digit_runs

    readings = digit_runs.splits("2648-18538", 3)
    assert {r[0] for r in readings} != {2648}  # the run alone allows 264 | 8 | -18538 …
    kept = [r for r in readings if r[0] >= 0 and r[2] >= 0]
    assert {r[0] for r in kept} == {2648}  # … but only the middle count (本年增/减) is ever negative


@pytest.mark.parametrize("layout", ["text", "markdown", "html", "docx", "flattened", "tabbed", "piped",
                                    "cells_per_line", "portal_html", "markdown_rows"])
def test_section_text_of_every_textish_layout(layout, tmp_path):
    for seed in range(3):
        doc = docgen.generate(seed, layout, template=("2019", "2021")[seed % 2])
        path = tmp_path / f"r{seed}{doc.suffix}"
        path.write_bytes(doc.data)
        got = read(str(path)).sections
        for key, text in doc.report.sections.items():
            assert got.get(key) == "\n".join(paragraphs(text)), (layout, seed, key)


def test_table4_printed_all_blank_reads_blank_not_its_headers(tmp_path):
    # family 3 at its worst: every result cell of table 4 blank, under headers 行政复议 … 复议后起诉
    report = docgen.random_report(5, template="2021")
    for group, _ in C.APPEAL_GROUPS:
        for col, _ in C.APPEAL_COLUMNS:
            report.set(C.appeal_key(group, col), 0)
    for layout in ("markdown_blank_appeals", "html_blank_appeals", "docx_blank_appeals"):
        doc = docgen.make(layout, report, 5)
        path = tmp_path / f"blank{doc.suffix}"
        path.write_bytes(doc.data)
        cells = read(str(path)).plain_cells()
        assert {k: cells.get(k, "<absent>") for k in C.APPEAL_KEYS} == dict.fromkeys(C.APPEAL_KEYS), layout


# --- running headers and footers: prose that falls in a margin twice is text ----------------

def _page(number: int, *lines: tuple[float, str]) -> Page:
    return Page(number, 842.0, [Line(top, text, top + 11) for top, text in lines])


def _assembled(*pages: Page) -> list[str]:
    doc = Document(format="pdf")
    assemble(list(pages), doc)
    return doc.text.split("\n")


def test_a_running_header_repeats_on_most_pages_prose_in_a_margin_twice_does_not():
    body = (400.0, "正文")
    header = (40.0, "某某区人民政府信息公开工作年度报告")
    # four pages, the header on each; a paragraph's last line at the foot of page 1 and the head of page 2
    four = _assembled(_page(1, header, body, (760.0, "制。")), _page(2, header, (77.0, "制。"), body),
                      _page(3, header, body, (800.0, "第 3 页")), _page(4, header, body, (800.0, "第 4 页")))
    assert four == ["正文", "制。", "制。", "正文", "正文", "正文"]
    # the same line at the foot of two of five pages at one height: still prose (it ends a sentence)
    five = [_page(n, body, (760.0, "制。") if n in (2, 4) else (800.0, f"— {n} —")) for n in range(1, 6)]
    assert _assembled(*five) == ["正文", "正文", "制。", "正文", "正文", "制。", "正文"]
    # a two-page document: a header at one height on both pages is one, whatever its page number says
    two = _assembled(_page(1, (40.0, "政务公开 第1期"), body), _page(2, (40.0, "政务公开 第2期"), body))
    assert two == ["正文", "正文"]


@pytest.mark.skipif(not docgen.available("pdf_unruled"), reason="no CJK TrueType font to render PDFs")
@pytest.mark.parametrize("family,seed,options", docgen.MARGIN_PROSE)
def test_prose_falling_in_two_margins_stays_in_the_section(family, seed, options, tmp_path):
    """docgen's cases whose paragraph's last line falls in a margin on two pages: ruled and unruled,
    the section text is the prose written (pages.assemble once took that line for a footer)."""
    from gongkai.ingest import pages, pdf

    doc = docgen.make_family(family, seed, **options)
    source = pdf.read_source(doc.data)
    margins: dict[str, set[int]] = {}
    for page in source.pages:
        for e in page.elements:
            if pages._margin(e, page.height) and not pages._PAGE_NUMBER.match(e.text):
                margins.setdefault(e.text, set()).add(page.number)
    assert any(len(n) >= 2 and t.endswith("。") for t, n in margins.items()), margins  # the case holds
    for data in (doc.data, docgen.unrule(doc.data)):
        path = tmp_path / "report.pdf"
        path.write_bytes(data)
        got = read(str(path))
        for key, text in doc.report.sections.items():
            assert got.sections.get(key) == "\n".join(paragraphs(text)), key
