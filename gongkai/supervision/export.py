"""Tables out of gongkai, for Excel, pandas, R and DuckDB: CSV (UTF-8 with a BOM, so Excel on
Chinese Windows opens it right), XLSX, Parquet and JSON — to a file or to standard output.

Two shapes:

* wide — one row per report, a column per indicator (``gongkai compare``): :func:`write_table`;
* long — one row per cell (``gongkai export --long``): :data:`LONG_COLUMNS`, :func:`cell_rows`
  and :func:`write_long`, which stream: rows are written as they come, in batches, so memory
  stays flat however many millions of cells go out.

Django-free; the region page's downloads use the same writers.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from ..errors import GongkaiError
from ..report import Report
from ..report import cells as C

FORMATS = ("csv", "xlsx", "parquet", "json")
BINARY = frozenset({"xlsx", "parquet"})
SUFFIX = {"csv": ".csv", "xlsx": ".xlsx", "parquet": ".parquet", "json": ".json"}
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "parquet": "application/vnd.apache.parquet", "json": "application/json"}
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header
BATCH = 65_536


class ExportError(GongkaiError):
    """Nothing could be written (a format not installed, a sheet too large, a binary format to a terminal)."""


# --- output ----------------------------------------------------------------------------------------

@contextlib.contextmanager
def output(path: str | None, binary: bool) -> Iterator[IO[Any]]:
    """A stream to write to: the file ``path`` or standard output (its byte stream for ``binary``).

    A reader that goes away (``… | head``) ends the writing quietly: BrokenPipeError is caught here
    and standard output pointed at /dev/null so Python's own flush at exit does not complain.
    """
    if path and path != "-":
        with open(path, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as f:
            yield f
        return
    if binary and sys.stdout.isatty():
        raise ExportError("二进制格式（xlsx、parquet）不能输出到终端，请用 -o 指定文件")
    try:
        if binary:
            yield sys.stdout.buffer
        else:
            yield sys.stdout
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _csv_value(v: object) -> object:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    return v


def _json_value(v: object) -> object:
    return float(v) if isinstance(v, Decimal) else v


class _Writer:
    """Rows in, one format out; ``close()`` finishes the file."""

    def __init__(self, fmt: str, stream: IO[Any], header: list[str], types: list[str] | None = None,
                 json_lines: bool = False):
        if fmt not in FORMATS:
            raise ExportError(f"未知的输出格式：{fmt}（可选：{'、'.join(FORMATS)}）")
        self.fmt, self.stream, self.header, self.rows = fmt, stream, header, 0
        self.types = types or ["string"] * len(header)
        self.json_lines, self._batch, self._first = json_lines, [], True
        if fmt == "csv":
            stream.write("\ufeff")  # the BOM: Excel reads the file as UTF-8
            self._csv = csv.writer(stream, lineterminator="\r\n")
            self._csv.writerow(header)
        elif fmt == "xlsx":
            from openpyxl import Workbook

            self._book = Workbook(write_only=True)
            self._sheet = self._book.create_sheet("gongkai")
            self._sheet.append(header)
        elif fmt == "parquet":
            try:
                import pyarrow as pa
                import pyarrow.parquet as pq
            except ImportError:
                raise ExportError("Parquet 输出需要 pyarrow（pip install pyarrow）") from None
            kinds = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
            self._schema = pa.schema([(h, kinds[t]) for h, t in zip(header, self.types, strict=True)])
            self._pq = pq.ParquetWriter(stream, self._schema, compression="zstd")
        elif fmt == "json" and not json_lines:
            stream.write("[")

    def write_many(self, rows: list[list[object]]) -> None:
        """Several rows at once (CSV: in one call, as the long export streams them)."""
        if self.fmt == "csv" and "bool" not in self.types:  # None is written blank by csv itself
            self.rows += len(rows)
            self._csv.writerows(rows)
        else:
            for row in rows:
                self.write(row)

    def write(self, row: list[object]) -> None:
        self.rows += 1
        if self.fmt == "csv":
            self._csv.writerow([_csv_value(v) for v in row])
        elif self.fmt == "xlsx":
            if self.rows > XLSX_MAX_ROWS:
                raise ExportError(f"超过 Excel 工作表的行数上限（{XLSX_MAX_ROWS} 行），请改用 csv 或 parquet")
            self._sheet.append([_json_value(v) if not isinstance(v, bool) else _csv_value(v) for v in row])
        elif self.fmt == "json":
            obj = json.dumps(dict(zip(self.header, map(_json_value, row), strict=True)), ensure_ascii=False)
            if self.json_lines:
                self.stream.write(obj + "\n")
            else:
                self.stream.write(("\n" if self._first else ",\n") + obj)
            self._first = False
        else:
            self._batch.append(row)
            if len(self._batch) >= BATCH:
                self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if not self._batch:
            return
        columns = list(zip(*self._batch, strict=True))
        arrays = []
        for col, t in zip(columns, self.types, strict=True):
            if t == "float":
                col = [None if v is None else float(v) for v in col]
            elif t == "string":
                col = [None if v is None else str(v) for v in col]
            arrays.append(pa.array(col, type=self._schema.field(len(arrays)).type))
        self._pq.write_table(pa.Table.from_arrays(arrays, schema=self._schema))
        self._batch = []

    def close(self) -> None:
        if self.fmt == "xlsx":
            buf = io.BytesIO()
            self._book.save(buf)
            self.stream.write(buf.getvalue())
        elif self.fmt == "parquet":
            self._flush()
            self._pq.close()
        elif self.fmt == "json" and not self.json_lines:
            self.stream.write("\n]\n")


def write_table(header: list[str], rows: Iterable[list[object]], fmt: str, path: str | None = None,
                types: list[str] | None = None, json_lines: bool = False) -> int:
    """Write ``rows`` under ``header`` as ``fmt`` to ``path`` (standard output when None). Returns rows written."""
    with output(path, fmt in BINARY) as stream:
        w = _Writer(fmt, stream, header, types, json_lines)
        for row in rows:
            w.write(row)
        w.close()
        return w.rows


# --- long: one row per cell ---------------------------------------------------------------------------

# (name, Chinese, English, parquet type)
LONG_COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("unit", "机关", "unit", "string"),
    ("level", "层级", "level", "string"),
    ("year", "年度", "year", "int"),
    ("key", "单元格键", "key", "string"),
    ("label", "名称", "label", "string"),
    ("value", "数值", "value", "float"),
    ("raw", "原文", "raw", "string"),
    ("measure", "计量单位", "unit of measure", "string"),
    ("confidence", "置信度", "confidence", "float"),
    ("file", "来源文件", "source file", "string"),
    ("place", "位置", "place", "string"),
)


def long_header(lang: str = "zh") -> list[str]:
    return [e if lang == "en" else z for _, z, e, _ in LONG_COLUMNS]


def long_types() -> list[str]:
    return [t for _, _, _, t in LONG_COLUMNS]


_LABELS: dict[str, str] = {}


def _label(key: str) -> str:
    label = _LABELS.get(key)
    if label is None:
        label = _LABELS[key] = C.label(key)
    return label


def measure(key: str, unit: str | None) -> str | None:
    """The unit of measure: as printed with the number, else the column's (万元 for 2021 fees), else 件."""
    if unit:
        return unit
    if key == "art20.fees.amount":
        return "万元"
    if key in C.AMOUNT_KEYS:
        return None
    return "件"


def place(where: dict[str, Any] | None) -> str | None:
    """Where a cell was read, as compact JSON with sorted keys (page, table, row, column, or line), or None."""
    if not where:
        return None
    # Written by hand: this runs once per cell of a long export, and json.dumps costs three times as much.
    return "{" + ",".join(f'"{k}":{v}' if type(v) is int else f'"{k}":{json.dumps(v, ensure_ascii=False, default=str)}'
                          for k, v in sorted(where.items())) + "}"


def cell_rows(unit: str | None, level: str | None, report: Report, file: str | None = None) -> Iterator[list[object]]:
    """One row per cell of ``report`` (the columns of :data:`LONG_COLUMNS`), in the template's printed order."""
    order = {k: i for i, k in enumerate(report.tmpl.keys())}
    for key in sorted(report.cells, key=lambda k: (order.get(k, len(order)), k)):
        c = report.cells[key]
        yield [unit, level, report.year, key, _label(key), c.number, c.raw, measure(key, c.unit),
               c.confidence, file or report.source, place(c.where)]


def write_long(rows: Iterable[list[object]], fmt: str, path: str | None = None, lang: str = "zh") -> int:
    """Stream long rows out; JSON is JSON Lines here (one object a line), so it streams too."""
    return write_table(long_header(lang), rows, fmt, path, long_types(), json_lines=True)


def json_cell_rows(unit: str | None, level: str | None, year: int | None, data: dict[str, Any],
                   file: str | None = None) -> Iterator[list[object]]:
    """The rows of :func:`cell_rows` straight from a report in gongkai's JSON (as the database keeps
    it), without building the report: what the long export of a region runs on."""
    provenance = data.get("provenance") or {}
    for key, cell in (data.get("cells") or {}).items():
        unit_printed = confidence = None
        if cell is None:
            value = raw = None
        elif isinstance(cell, dict):
            raw, unit_printed, confidence = cell.get("raw"), cell.get("unit"), cell.get("confidence")
            value = cell.get("value") if cell.get("kind") in ("int", "decimal") else None
        elif isinstance(cell, bool):
            value = raw = None
        elif isinstance(cell, (int, float)):
            value, raw = cell, str(cell)
        else:
            value, raw = None, str(cell)
        yield [unit, level, year, key, _label(key), value, raw, measure(key, unit_printed), confidence, file,
               place(provenance.get(key))]


def text_chunks(header: list[str], rows: Iterable[list[object]], fmt: str, types: list[str] | None = None,
                every: int = 2000) -> Iterator[bytes]:
    """CSV or JSON Lines as byte chunks of ``every`` rows, for a streaming HTTP response."""
    if fmt not in ("csv", "json"):
        raise ExportError(f"只有 csv 和 json 可以流式输出：{fmt}")
    buf = io.StringIO()
    w = _Writer(fmt, buf, header, types, json_lines=True)
    batch: list[list[object]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == every:
            w.write_many(batch)
            batch = []
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    w.write_many(batch)
    w.close()
    yield buf.getvalue().encode("utf-8")
