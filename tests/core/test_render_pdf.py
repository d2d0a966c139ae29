"""PDF: an embedded CJK TrueType font, text a PDF library reads back, ruled tables in place."""

import io

import pdfplumber
import pytest

from gongkai.errors import GongkaiError
from gongkai.report import cells as C
from gongkai.report.render import cjk_lines, fonts, pdf
from tests.core.render_check import distinct_report

pytestmark = pytest.mark.skipif(fonts.cjk_font() is None, reason="no CJK TrueType font (fonts-wqy-zenhei)")


@pytest.fixture(scope="module", params=["2019", "2021"])
def rendered(request):
    report = distinct_report(request.param)
    return report, pdf.render(report)


def test_font_is_embedded_and_text_extracts(rendered):
    report, data = rendered
    assert data.startswith(b"%PDF-")
    assert b"/FontFile2" in data  # an embedded TrueType font program
    with pdfplumber.open(io.BytesIO(data)) as doc:
        first = doc.pages[0].extract_text()
        whole = "\n".join(p.extract_text() for p in doc.pages)
        assert doc.metadata.get("Title") == f"云溪市统计局{report.year}年政府信息公开工作年度报告"
    assert first.splitlines()[0] == f"云溪市统计局{report.year}年政府信息公开工作年度报告"
    for _, heading in C.SECTIONS:
        assert heading in whole


def _rows(data: bytes) -> list[list[str]]:
    rows = []
    with pdfplumber.open(io.BytesIO(data)) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                rows += [[(c or "").replace("\n", "") for c in row] for row in table]
    return rows


def test_table_values_in_order(rendered):
    report, data = rendered
    rows = _rows(data)
    seven = [r[-7:] for r in rows if len(r) >= 7 and all(c.isdigit() for c in r[-7:])]
    expected = [[str(report.get(C.app_key(row, c))) for c in C.APP_COLUMN_KEYS] for row in report.app_rows()]
    assert seven[: len(expected)] == expected
    fifteen = [r for r in rows if len(r) == 15 and all(c.isdigit() for c in r)]
    assert fifteen == [[str(report.get(k)) for k in C.APPEAL_KEYS]]
    labels = {r[0] for r in rows if r}
    assert "信息内容" in labels and ("规范性文件" in labels or "行政规范性文件" in labels)


def test_no_font_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(pdf, "cjk_font", lambda: None)
    with pytest.raises(GongkaiError, match="中文 TrueType 字体"):
        pdf.render(distinct_report("2021"))


def test_lines_never_start_with_closing_punctuation():
    from fpdf import FPDF

    font = fonts.cjk_font()
    doc = FPDF()
    doc.add_font("cjk", "", font.path, collection_font_number=font.index)
    doc.set_font("cjk", size=11)
    text = "按照要求，规范办理。" * 40 + "（完）"
    for width in (60, 97.3, 120, 170):
        lines = cjk_lines.wrap_cjk(text, width, doc.get_string_width, 8)
        assert "".join(lines) == text
        assert all(line[0] not in cjk_lines.NO_LINE_START for line in lines[1:])
        assert all(doc.get_string_width(line.rstrip("".join(cjk_lines.NO_LINE_START))) <= width + 0.01
                   for line in lines)
