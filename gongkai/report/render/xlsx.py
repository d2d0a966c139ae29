"""A report as a spreadsheet (``.xlsx``): one sheet in reading order, tables with merged cells.

Whole numbers are stored as numbers; anything else a cell prints (``681.07``, ``1308353元``,
``—``) as the printed text, so nothing is reformatted.

Title and section headings span the sheet's width; paragraphs are merged, wrapped rows;
each table is drawn with borders from the sheet's first column.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ..model import Report
from .layout import Grid, Part, document, printable, title

WIDTH = 15  # columns used: the widest table (表四)
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = "宋体"
_INT = re.compile(r"0|-?[1-9][0-9]{0,14}")  # ASCII, no leading zero: prints back the same


def _text_row(ws, row: int, text: str, *, bold: bool = False, size: int = 11, align: str = "left",
              height: float | None = None) -> None:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=WIDTH)
    c = ws.cell(row=row, column=1, value=text)
    c.font = Font(name=FONT, bold=bold, size=size)
    c.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if height:
        ws.row_dimensions[row].height = height


def _table(ws, grid: Grid, top: int) -> int:
    """Draw ``grid`` with its top-left at (top, 1); return the next free row."""
    for b in grid.boxes:
        r, c = top + b.row, 1 + b.col
        for rr in range(r, r + b.rowspan):
            for cc in range(c, c + b.colspan):
                ws.cell(row=rr, column=cc).border = BORDER
        if b.rowspan > 1 or b.colspan > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + b.rowspan - 1, end_column=c + b.colspan - 1)
        cell = ws.cell(row=r, column=c)
        if b.is_value and _INT.fullmatch(b.text):
            cell.value = int(b.text)  # whole numbers as numbers, so that the sheet can sum them
        elif b.text:
            cell.value = b.text  # amounts with units, dashes: as printed
        cell.font = Font(name=FONT, size=10, bold=b.kind == "section")
        horizontal = "left" if b.kind in ("label", "section") else "center"
        cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    return top + grid.nrows


def render(report: Report, parts: list[Part] | None = None) -> bytes:
    """The report in this format; ``parts`` (default ``layout.document(report)``) may be altered first."""
    wb = Workbook()
    ws = wb.active
    ws.title = "年度报告"
    for i in range(1, WIDTH + 1):
        ws.column_dimensions[get_column_letter(i)].width = 11
    row = 1
    for part in (document(report) if parts is None else parts):
        if part.kind == "title":
            _text_row(ws, row, part.text, bold=True, size=16, align="center", height=30)
        elif part.kind == "heading":
            _text_row(ws, row, part.text, bold=True)
        elif part.kind == "paragraph":
            lines = max(1, len(part.text) // 70 + 1)
            _text_row(ws, row, part.text, height=15 * lines)
        elif part.kind == "table" and part.grid is not None:
            row = _table(ws, part.grid, row)
            continue
        elif part.kind == "signature":
            _text_row(ws, row, part.text, align="right")
        row += 1
    wb.properties.title = title(report)
    wb.properties.creator = printable(report.agency or "") or "gongkai"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
