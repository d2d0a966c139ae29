"""HTML: meta charset, scripts and navigation around, rowspan/colspan, <br> and &nbsp; cells."""

from gongkai.ingest.html import read_document, read_html
from gongkai.ingest.mapping import rows_of, to_report
from tests.ingest import layouts as L


def test_page_reads_every_cell():
    r = to_report(read_html(L.html_text(3)))
    want = L.expected_cells(3)
    assert {k: r.get(k) for k in want} == want
    assert r.agency == "青岚县教育局" and r.year == 2024


def test_gbk_page_with_meta_charset():
    page = L.html_text(1, charset="gb2312").encode("gb18030")
    r = to_report(read_document(page))
    assert r.get("apps.total.total") == L.expected_cells(1)["apps.total.total"]


def test_spans_br_and_nbsp():
    html = ("<table><tr><td rowspan='2'>三、本年度办理结果</td><td>（一）予以公开</td><td>1</td></tr>"
            "<tr><td>（二）部分<br/>公开</td><td>&nbsp;</td></tr>"
            "<tr><td colspan='2'>本年新<br>制作数量</td><td>3</td></tr></table>")
    doc = read_html(html)
    rows = [[c.text for c in r] for r in doc.tables[0].rows]
    assert rows[0] == ["三、本年度办理结果", "（一）予以公开", "1"]
    assert rows[1][0] == "三、本年度办理结果" and doc.tables[0].rows[1][0].span_of == (0, 0)
    assert rows[1][1:] == ["（二）部分公开", "\u00a0"] or rows[1][1:] == ["（二）部分公开", ""]
    assert rows[2] == ["本年新制作数量", "本年新制作数量", "3"]
    assert doc.tables[0].rows[0][2].where == {"table": 1, "row": 1, "column": 3}


def test_layout_tables_and_scripts_are_not_read():
    html = ("<table><tr><td><table><tr><td>行政许可</td><td>5</td></tr></table></td></tr></table>"
            "<script>document.write('<table><tr><td>9</td></tr></table>')</script>")
    doc = read_html(html)
    assert len(doc.tables) == 1 and [c.text for c in doc.tables[0].rows[0]] == ["行政许可", "5"]
    assert "document.write" not in doc.text


def test_blank_cell_merged_over_rows_is_blank_in_each():
    html = ("<table><tr><td>申请人情况</td></tr>"
            "<tr><td>一、本年新收政府信息公开申请数量</td><td>2</td><td rowspan='2'>&nbsp;</td>"
            "<td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>"
            "<tr><td>二、上年结转政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>"
            "</table>")
    data = [r for r in rows_of(read_html(html)) if r.values]
    assert [len(r.values) for r in data] == [7, 7]
    assert data[1].values[1].text.strip("\u00a0 ") == ""


def test_title_in_head_names_the_report():
    page = ("<html><head><title>金坪县民政局2024年政府信息公开工作年度报告</title>"
            "<style>td{color:red}</style></head><body><p>一、总体情况</p></body></html>")
    doc = read_html(page)
    assert doc.text.startswith("金坪县民政局2024年政府信息公开工作年度报告") and "color" not in doc.text
