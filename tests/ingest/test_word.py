"""The Word reader on .docx files built here: merged cells, body order, damaged and hostile files."""

from __future__ import annotations

import io
import zipfile

import pytest

from gongkai.errors import ReadError, UnsupportedFormat
from gongkai.ingest import libreoffice, limits, ole2, word


def build_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("青岚区人民政府2024年政府信息公开工作年度报告")
    d.add_paragraph("二、主动公开政府信息情况")
    t = d.add_table(rows=5, cols=4)
    t.cell(0, 0).merge(t.cell(0, 3)).text = "第二十条第（一）项"  # gridSpan 4
    for c, text in enumerate(("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")):
        t.cell(1, c).text = text
    t.cell(2, 0).text = "规章"
    t.cell(3, 0).text = "行政规范性文件"
    for r, numbers in ((2, ("1", "0", "11")), (3, ("8", "26", "66"))):
        for c, n in enumerate(numbers, start=1):
            t.cell(r, c).text = n
    merged = t.cell(4, 0).merge(t.cell(4, 1))
    merged.text = "行政许可"
    t.cell(4, 2).merge(t.cell(4, 3)).text = "447228"
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t3 = d.add_table(rows=4, cols=3)
    t3.cell(0, 0).merge(t3.cell(3, 0)).text = "三、本年度办理结果"  # vMerge over 4 rows
    label = t3.cell(0, 1)
    label.text = "（二）部分公开（区分处理的，只计这一情"
    label.add_paragraph("形，不计其他情形）")  # a label wrapped into two paragraphs
    t3.cell(0, 2).text = "454"
    t3.cell(1, 1).merge(t3.cell(2, 1)).text = "（三）不予公开"
    t3.cell(1, 2).text = "2"
    t3.cell(2, 2).text = "31"
    t3.cell(3, 1).text = "（七）总计"
    t3.cell(3, 2).text = "3050"
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def rewrite(data: bytes, part: str, edit) -> bytes:
    """A copy of a zip package with one part's bytes changed by ``edit``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info.filename, edit(body) if info.filename == part else body)
    return out.getvalue()


def texts(table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def test_merged_cells_expanded_and_body_in_order():
    doc = word.read_document(build_docx(), "report.docx")
    assert doc.format == "docx"
    t2, t3 = doc.tables
    assert texts(t2) == [
        ["第二十条第（一）项"] * 4,
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "1", "0", "11"],
        ["行政规范性文件", "8", "26", "66"],
        ["行政许可", "行政许可", "447228", "447228"],
    ]
    assert [c.span_of for c in t2.rows[0]] == [None, (0, 0), (0, 0), (0, 0)]
    assert t2.rows[4][3].span_of == (4, 2) and t2.rows[4][3].where == {"table": 1, "row": 5, "column": 3}
    assert texts(t3) == [
        ["三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "454"],
        ["三、本年度办理结果", "（三）不予公开", "2"],
        ["三、本年度办理结果", "（三）不予公开", "31"],
        ["三、本年度办理结果", "（七）总计", "3050"],
    ]
    assert t3.rows[3][0].span_of == (0, 0) and t3.rows[2][1].span_of == (1, 1)
    lines = doc.text.splitlines()
    assert lines[0] == "青岚区人民政府2024年政府信息公开工作年度报告"
    assert lines.index("二、主动公开政府信息情况") < lines.index("规章\t1\t0\t11") < lines.index(
        "三、收到和处理政府信息公开申请情况") < lines.index("\t（七）总计\t3050") < lines.index(
        "四、政府信息公开行政复议、行政诉讼情况")


def test_deleted_text_content_controls_and_grid_before():
    W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def edit(xml: bytes) -> bytes:
        assert W in xml
        # A tracked deletion inside a number, and the whole first table inside a content control.
        xml = xml.replace(b"<w:t>447228</w:t>",
                          b"<w:t>447</w:t></w:r><w:del w:id=\"9\" w:author=\"x\"><w:r><w:delText>999</w:delText>"
                          b"</w:r></w:del><w:r><w:t>228</w:t>", 1)
        start = xml.index(b"<w:tbl>")
        end = xml.index(b"</w:tbl>") + len(b"</w:tbl>")
        return xml[:start] + b"<w:sdt><w:sdtContent>" + xml[start:end] + b"</w:sdtContent></w:sdt>" + xml[end:]

    doc = word.read_document(rewrite(build_docx(), "word/document.xml", edit), "edited.docx")
    assert len(doc.tables) == 2
    assert doc.tables[0].rows[4][2].text == "447228"
    assert "999" not in doc.text


def test_zip_bomb_limits(monkeypatch):
    data = build_docx()
    monkeypatch.setattr(limits, "MAX_DECOMPRESSED", 64 * 1024)
    bomb = rewrite(data, "word/document.xml", lambda xml: xml.replace(b"</w:body>", b"<!--" + b" " * 200_000
                                                                       + b"--></w:body>"))
    assert len(bomb) < 64 * 1024  # small on disk …
    with pytest.raises(ReadError, match="解压后过大"):  # … refused before inflating
        word.read_document(bomb, "bomb.docx")
    monkeypatch.setattr(limits, "MAX_ZIP_MEMBERS", 5)
    with pytest.raises(ReadError, match="部件过多"):
        word.read_document(data, "many.docx")


def test_entities_are_not_expanded():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
              b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
              b'<w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>')
    data = rewrite(build_docx(), "word/document.xml", lambda xml: laughs)
    try:
        doc = word.read_document(data, "lol.docx")
    except ReadError:
        return
    assert "lollollol" not in doc.text


def test_damaged_docx():
    data = build_docx()
    for cut in (10, len(data) // 2, len(data) - 30):
        with pytest.raises(ReadError) as e:
            word.read_document(data[:cut], "cut.docx")
        assert "cut.docx" in str(e.value)
    with pytest.raises(ReadError, match="document.xml"):
        word.read_document(_without(data, "word/document.xml"), "noparts.docx")
    with pytest.raises(ReadError):
        word.read_document(rewrite(data, "word/document.xml", lambda x: x[: len(x) // 2]), "halfxml.docx")


def _without(data: bytes, part: str) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != part:
                dst.writestr(info.filename, src.read(info.filename))
    return out.getvalue()


OLE2_STUB = ole2.MAGIC + b"\x00" * 504  # an OLE2 header, as .doc and .wps files begin


def test_doc_without_libreoffice_names_the_converter(monkeypatch):
    monkeypatch.setattr(libreoffice, "soffice", lambda: None)
    with pytest.raises(UnsupportedFormat) as e:
        word.read_document(OLE2_STUB, "old.doc")
    assert "LibreOffice" in str(e.value) and "soffice" in str(e.value) and "old.doc" in str(e.value)
    with pytest.raises(UnsupportedFormat, match="WPS"):
        word.read_document(OLE2_STUB, "old.wps")

