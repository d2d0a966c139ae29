"""Word: three tables with merged cells (gridSpan/vMerge), 仿宋 text, values in place."""

import io

import docx
import pytest
from docx.oxml.ns import qn

from gongkai.report.render import docx as render_docx
from tests.core.render_check import assert_table, distinct_report, expected_keys


def matrix(table) -> list[list[str]]:
    return [[table.cell(r, c).text for c in range(len(table.columns))] for r in range(len(table.rows))]


@pytest.mark.parametrize("template,mixed", [("2019", False), ("2021", False), ("2021", True)])
def test_tables_read_back_by_their_labels(template, mixed):
    report = distinct_report(template, mixed)
    doc = docx.Document(io.BytesIO(render_docx.render(report)))
    assert len(doc.tables) == 3
    for number, table in zip((2, 3, 4), doc.tables, strict=True):
        assert assert_table(matrix(table), number, report) == expected_keys(report, number)


def test_merges_are_real_word_merges():
    doc = docx.Document(io.BytesIO(render_docx.render(distinct_report("2021"))))
    t3 = doc.tables[1]._tbl
    spans = [tc.get(qn("w:gridSpan")) for tc in t3.iter(qn("w:tcPr")) if tc.find(qn("w:gridSpan")) is not None]
    vmerges = list(t3.iter(qn("w:vMerge")))
    assert spans and len(vmerges) > 20  # 三、本年度办理结果 alone spans 22 rows


def test_text_and_east_asian_font():
    report = distinct_report("2021")
    doc = docx.Document(io.BytesIO(render_docx.render(report)))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "云溪市统计局2023年政府信息公开工作年度报告"
    assert "一、总体情况" in texts and "六、其他需要报告的事项" in texts
    assert "一、总体情况的正文，第1段。" in texts
    run = doc.paragraphs[2].runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert doc.core_properties.title == texts[0]


def test_header_rows_repeat_and_pages_are_numbered():
    doc = docx.Document(io.BytesIO(render_docx.render(distinct_report("2019"))))
    t3 = doc.tables[1]._tbl
    repeated = [tr for tr in t3.tr_lst if tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None]
    assert len(repeated) == 3
    footer = doc.sections[0].footer.paragraphs[0]._p
    assert footer.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"
