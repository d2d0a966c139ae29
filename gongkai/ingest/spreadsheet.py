"""Spreadsheets (``.xlsx``): every sheet is one table, read with openpyxl.

Cell values are the values last calculated and saved by the spreadsheet program
(``data_only``): a formula saved without a computed value reads as blank, never as a
number we computed. A number is written as the sheet displays it where its format fixes
the decimals (``0.00``); merged ranges are expanded into every position they cover.

Limits: the zip is checked before anything is decompressed (:func:`word.open_zip`), and
at most :data:`limits.MAX_SHEET_CELLS` cells are visited across all sheets.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings

from ..errors import GongkaiError, ReadError
from . import grid, limits
from .document import Document, Table, TextCell
from .word import open_zip

_DECIMALS = re.compile(r"0\.(0+)")


def read_document(data: bytes) -> Document:
    """Read a .xlsx (or a .xls/.et through LibreOffice): one table per sheet."""
    from . import libreoffice, ole2


    if data[:8] == ole2.MAGIC:
        xlsx = libreoffice.convert(data, "xlsx", "Excel 97-2003（.xls）或 WPS 表格（.et）文件")
        doc = read_document(xlsx)
        doc.meta["converted_by"] = "LibreOffice"
        return doc
    if data[:2] != b"PK":
        raise ReadError("不是 .xlsx 文件（应为 zip 格式）")
    try:
        return _read(data)
    except GongkaiError:
        raise
    except MemoryError:
        raise ReadError("电子表格过大，内存不足") from None
    except Exception as e:  # openpyxl, zipfile and lxml raise many kinds on damaged input
        raise ReadError(f"电子表格已损坏或被截断，无法解析（{type(e).__name__}）") from None


def _read(data: bytes) -> Document:
    import openpyxl

    z = open_zip(data, "电子表格")
    if "xl/workbook.xml" not in z.namelist():
        raise ReadError("不是 .xlsx 文件（缺少 xl/workbook.xml）")
    _count_cells(z)  # before openpyxl builds an object for each
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it ignores
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    doc = Document(format="xlsx")
    budget = limits.MAX_SHEET_CELLS
    lines: list[str] = []
    for ws in wb.worksheets:
        nrows, ncols = _extent(ws)
        if nrows * ncols > budget:
            raise ReadError(f"工作表“{ws.title}”过大（{nrows} 行 × {ncols} 列）", where=f"工作表“{ws.title}”")
        budget -= nrows * ncols
        table = _sheet_table(ws, nrows, ncols, len(doc.tables) + 1)
        if table is None:
            continue
        doc.tables.append(table)
        lines.append(ws.title)
        lines.extend(grid.row_text(row) for row in table.rows)
    doc.text = "\n".join(lines)
    doc.meta["sheets"] = [ws.title for ws in wb.worksheets]
    return doc


_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")


def _count_cells(z) -> None:
    """Refuse a workbook whose sheets define more than :data:`limits.MAX_SHEET_CELLS` cells."""
    total = 0
    for info in z.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        with z.open(info) as f:
            while chunk := f.read(1 << 20):
                total += len(_CELL.findall(chunk))
                if total > limits.MAX_SHEET_CELLS:
                    raise ReadError(f"电子表格过大：单元格过多（超过 {limits.MAX_SHEET_CELLS} 个），不像年度报告",
                                    None, info.filename)


def _extent(ws) -> tuple[int, int]:
    """Rows and columns that hold a value (formatting alone can stretch max_row far out)."""
    nrows = ncols = 0
    for (r, c), cell in ws._cells.items():  # only cells the file defines
        if cell.value is not None and str(cell.value).strip():
            nrows, ncols = max(nrows, r), max(ncols, c)
    return nrows, ncols


def printed(cell) -> str:
    """A cell's value as the sheet shows it."""
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, int | float):
        m = _DECIMALS.search(cell.number_format or "")
        percent = "%" in (cell.number_format or "")
        if percent:
            v *= 100
        if m:
            text = f"{v:.{len(m.group(1))}f}"
        elif float(v).is_integer():
            text = str(int(v))
        else:
            text = format(v, ".15g")
        return text + ("%" if percent else "")
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _ruled(ws, r: int, ncols: int) -> bool:
    """Row ``r`` has ruled cells: an empty row drawn as part of the table above it (table 4's
    one row of numbers, every one printed blank), not a gap between tables."""
    for c in range(1, ncols + 1):
        cell = ws._cells.get((r, c))  # only cells the file defines (reading must not add any)
        border = getattr(cell, "border", None)
        if border is not None and any(getattr(side, "style", None) for side in (border.left, border.top)):
            return True
    return False


def _sheet_table(ws, nrows: int, ncols: int, number: int) -> Table | None:
    if nrows == 0 or ncols == 0:
        return None
    origin: dict[tuple[int, int], tuple[int, int]] = {}
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, min(rng.max_row, nrows) + 1):
            for c in range(rng.min_col, min(rng.max_col, ncols) + 1):
                origin[(r, c)] = (rng.min_row, rng.min_col)
    rows = []
    kept = []  # sheet row numbers of the rows kept (empty rows are left out)
    values = {}
    for r in range(1, nrows + 1):
        for c in range(1, ncols + 1):
            o = origin.get((r, c), (r, c))
            if o == (r, c):
                values[(r, c)] = printed(ws.cell(row=r, column=c)).strip()
    for r in range(1, nrows + 1):
        if not any(values.get(origin.get((r, c), (r, c)), "") for c in range(1, ncols + 1)) and not (
                kept and kept[-1] == r - 1 and _ruled(ws, r, ncols)):
            continue
        kept.append(r)
    index = {r: i for i, r in enumerate(kept)}
    for r in kept:
        cells = []
        for c in range(1, ncols + 1):
            o = origin.get((r, c), (r, c))
            text = values.get(o, "")
            where = {"sheet": ws.title, "table": number, "row": o[0], "column": o[1]}
            span = None
            if o != (r, c):
                span = (index.get(o[0], index[r]), o[1] - 1)
            cells.append(TextCell(text, where, None, span))
        rows.append(cells)
    return Table(rows, {"sheet": ws.title, "table": number})
