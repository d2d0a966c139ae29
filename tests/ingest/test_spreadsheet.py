"""The .xlsx reader on workbooks built here: merged ranges, printed values, limits."""

from __future__ import annotations

import io

import pytest

from gongkai.errors import ReadError, UnsupportedFormat
from gongkai.ingest import libreoffice, limits, ole2, spreadsheet


def build_xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主动公开"
    ws["A1"] = "第二十条第（八）项"
    ws.merge_cells("A1:B1")
    ws["A2"], ws["B2"] = "信息内容", "本年收费金额（单位：万元）"
    ws["A3"], ws["B3"] = "行政事业性收费", 96171.6
    ws["A4"], ws["B4"] = "行政许可", 447228
    ws["A5"], ws["B5"] = "行政处罚", 7545.0
    ws["B5"].number_format = "0.00"
    ws["A7"], ws["B7"] = "行政强制", "—"  # row 6 left empty
    ws["B8"] = "=B4+1"  # a formula saved without a value: blank, never computed by us
    ws["A8"] = "公式"
    ws2 = wb.create_sheet("申请情况")
    ws2["A1"] = "三、本年度办理结果"
    ws2.merge_cells("A1:A3")
    ws2["B1"], ws2["C1"] = "（一）予以公开", 1288
    ws2["B2"], ws2["C2"] = "（二）部分公开", 447
    ws2["B3"], ws2["C3"] = "（七）总计", 3050
    ws2.column_dimensions["Z"].width = 30  # formatting far out must not stretch the table
    ws2["Z500"].number_format = "0.00"
    wb.create_sheet("空白")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def texts(table):
    return [[c.text for c in row] for row in table.rows]


def test_sheets_are_tables_with_merged_ranges_expanded():
    doc = spreadsheet.read_document(build_xlsx())
    assert doc.format == "xlsx"
    assert len(doc.tables) == 2  # the empty sheet gives none
    first, second = doc.tables
    assert texts(first) == [
        ["第二十条第（八）项", "第二十条第（八）项"],
        ["信息内容", "本年收费金额（单位：万元）"],
        ["行政事业性收费", "96171.6"],
        ["行政许可", "447228"],
        ["行政处罚", "7545.00"],
        ["行政强制", "—"],
        ["公式", ""],
    ]
    assert first.rows[0][1].span_of == (0, 0)
    assert first.rows[5][1].where == {"sheet": "主动公开", "table": 1, "row": 7, "column": 2}
    assert texts(second) == [
        ["三、本年度办理结果", "（一）予以公开", "1288"],
        ["三、本年度办理结果", "（二）部分公开", "447"],
        ["三、本年度办理结果", "（七）总计", "3050"],
    ]
    assert second.rows[2][0].span_of == (0, 0) and second.rows[2][0].where["row"] == 1
    assert doc.text.splitlines()[:2] == ["主动公开", "第二十条第（八）项"]
    assert "申请情况" in doc.text.splitlines()


def test_cell_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 10)
    with pytest.raises(ReadError, match="过大"):
        spreadsheet.read_document(build_xlsx())


def test_damaged_and_foreign_files(monkeypatch):
    data = build_xlsx()
    for cut in (10, len(data) // 2, len(data) - 30):
        with pytest.raises(ReadError):
            spreadsheet.read_document(data[:cut])
    with pytest.raises(ReadError):
        spreadsheet.read_document(b"not a workbook")
    monkeypatch.setattr(libreoffice, "soffice", lambda: None)
    with pytest.raises(UnsupportedFormat, match="LibreOffice"):
        spreadsheet.read_document(ole2.MAGIC + b"\x00" * 504)
