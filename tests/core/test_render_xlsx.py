"""Spreadsheet: one sheet in reading order, tables with merged cells."""

import io

import openpyxl
import pytest

from gongkai.report.render import xlsx
from tests.core.render_check import assert_table, distinct_report, expected_keys


def sheet_tables(ws) -> list[list[list[str]]]:
    """The bordered blocks of the sheet as expanded matrices."""
    values = {}
    for row in ws.iter_rows():
        for c in row:
            values[(c.row, c.column)] = "" if c.value is None else str(c.value)
    for rng in ws.merged_cells.ranges:
        v = values.get((rng.min_row, rng.min_col), "")
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                values[(r, c)] = v
    bordered = sorted({c.row for row in ws.iter_rows() for c in row if c.border.left.style})
    blocks, current = [], []
    for r in bordered:
        if current and r != current[-1] + 1:
            blocks.append(current)
            current = []
        current.append(r)
    blocks.append(current)
    out = []
    for rows in blocks:
        ncols = max(c for r, c in values if r in rows and values[(r, c)])
        out.append([[values.get((r, c), "") for c in range(1, ncols + 1)] for r in rows])
    return out


@pytest.mark.parametrize("template,mixed", [("2019", False), ("2021", False), ("2021", True)])
def test_tables_read_back_by_their_labels(template, mixed):
    report = distinct_report(template, mixed)
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.render(report)))
    ws = wb.active
    tables = sheet_tables(ws)
    assert len(tables) == 3
    for number, m in zip((2, 3, 4), tables, strict=True):
        assert assert_table(m, number, report) == expected_keys(report, number)


def test_whole_numbers_are_numbers_and_amounts_text():
    report = distinct_report("2019")
    report.set("apps.granted.research", "—")
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.render(report))).active
    texts = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert texts[0] == "云溪市统计局2020年政府信息公开工作年度报告"
    assert report.cells["art20.procurement.amount"].raw in texts
    assert report.get("apps.total.total") in texts and str(report.get("apps.total.total")) not in texts
    assert "—" in texts
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in texts
