"""The row stream: a Document's tables read as one stream of rows, each its label cells and
its value cells (tables split across pages simply continue), and the tests on a cell's text
(blank, a value, a header's words) that every table's mapping uses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ...report import values
from .. import digit_runs, labels
from ..document import Document, TextCell

TOO_MANY = f"数字连在一起，可能的拆分超过 {digit_runs.MAX_SPLITS} 种，不逐一尝试"


HEADING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十][)）]|[一二三四五六七八九十]、)")


DASH_CHARS = r"—\-–－/／\\×xX*＊无"  # what is printed for "none" in a cell (a class's contents)


DASH = re.compile(f"^[{DASH_CHARS}]+$")


HAN = re.compile(r"[\u4e00-\u9fff]{2}")  # words (a header), not an OCR's stray mark among numbers


NUMBER_OR_DASH = re.compile(f"[\\d{DASH_CHARS}]")  # every number and every DASH holds one


@dataclass
class Row:
    """One printed row: the label cells left of the numbers, and the cells after them."""

    labels: list[TextCell]
    values: list[TextCell]
    where: dict[str, Any] = field(default_factory=dict)
    lead: list[TextCell] = field(default_factory=list)  # empty cells before the first label or value

    # computed once, when the row is made (its cells are not changed afterwards)
    label: str = field(init=False, repr=False)  # the label cells' text
    text: str = field(init=False, repr=False)  # every cell's text
    has_values: bool = field(init=False, repr=False)  # a value cell is not blank

    def __post_init__(self) -> None:
        self.label = "".join([c.text for c in self.labels])
        self.text = self.label + "".join([c.text for c in self.values])
        self.has_values = any(not is_blank(c.text) for c in self.values)


@lru_cache(maxsize=8192)
def is_blank(text: str) -> bool:
    if not text or text.isspace():
        return True
    if text.isdigit():
        return False
    return values.is_blank(text)


# A count with a note in brackets after it, printed in the cell: ``22（其中修订 16 件）`` (kept as text).
NOTED_NUMBER = re.compile(r"^\s*[+-]?\d[\d,]*(?:\.\d+)?\s*[（(][^（()）]{1,30}[)）]\s*$")


@lru_cache(maxsize=8192)
def value_like(text: str) -> bool:
    if text.isascii() and text.strip().isdigit():
        return True
    if len(text) > 40:
        return False  # no number is printed that long
    if values.is_unread_mark(text):
        return True  # "？": a value printed as not known (gongkai's renderers print it so)
    if NUMBER_OR_DASH.search(text) is None:
        return False  # a label: neither a digit nor a dash (the common case)
    if NOTED_NUMBER.match(text):
        return True
    t = values.normalize(text)
    if not t:
        return False
    kind, _, _ = values.read(text)
    return kind in ("int", "decimal") or bool(DASH.match(t))


def stray_mark(text: str) -> bool:
    """Marks only — no digit, letter or character, and not a dash a report prints for none
    (``.``, ``,``, ``·``, ``、``): what OCR makes of a speck or of a digit it half saw."""
    t = values.normalize(text)
    return bool(t) and not any(ch.isalnum() for ch in t) and DASH.fullmatch(t) is None


def header_words(cells: list[TextCell]) -> bool:
    """Words and empty cells only, no number and no flattened run: a header row's cells."""
    return (any(not is_blank(c.text) for c in cells) and not any(value_like(c.text) for c in cells)
            and not any(c.where.get("flattened") == "run" for c in cells))


def place(where: dict[str, Any] | None) -> str:
    """Where a cell was printed, in words: 第 3 页 表 2 第 5 行第 4 列, 第 1 张图片 表 2 …, or 第 120 行."""
    if not where:
        return "位置不明"
    parts = []
    if "page" in where:
        parts.append(f"第 {where['page']} 页")
    if "picture" in where:
        parts.append(f"第 {where['picture']} 张图片")
    if "line" in where and "row" not in where:
        parts.append(f"第 {where['line']} 行")
    if "table" in where and "line" not in where:
        parts.append(f"表 {where['table']}")
    if "row" in where:
        parts.append(f"第 {where['row']} 行")
    if "column" in where:
        parts.append(f"第 {where['column']} 列")
    return " ".join(parts) or "位置不明"


def rows_of(doc: Document) -> list[Row]:
    """Every table row of the document, in order, split into labels and values."""
    out: list[Row] = []
    for ti, table in enumerate(doc.tables, 1):
        for ri, cells in enumerate(table.rows, 1):
            kept: list[tuple[TextCell, tuple[int, int]]] = []
            for ci, cell in enumerate(cells, 1):
                if "line" not in cell.where and "row" not in cell.where:
                    cell.where = {**table.where, **cell.where, "table": table.where.get("table", ti),
                                  "row": ri, "column": ci}
                kept.append((cell, (ri, ci)))
            out.extend(_split_row(kept))
    return out


def _split_row(cells: list[tuple[TextCell, tuple[int, int]]]) -> list[Row]:
    """Labels are the text cells before the first number; merged copies of values are dropped.

    A run of cells holding several rows (one cell per line, no row breaks) is cut where a
    known row label follows numbers.
    """
    rows: list[Row] = []
    labs: list[TextCell] = []
    vals: list[TextCell] = []
    lead: list[TextCell] = []

    def emit() -> None:
        nonlocal labs, vals, lead
        if labs or vals:
            rows.append(Row(labs, vals, dict((labs or vals)[0].where), lead))
        elif len(lead) >= 5:
            rows.append(Row([], [], dict(lead[0].where), lead))  # a row of blank cells (table 4 printed empty)
        labs, vals, lead = [], [], []

    for cell, (ri, ci) in cells:
        if cell.where.get("flattened") == "run":
            vals.append(cell)  # a flattened row's numbers, whatever else is printed among them
            continue
        # a merged cell's copy: span_of names another grid position (0- or 1-based)
        copy = cell.span_of is not None and tuple(cell.span_of) not in ((ri - 1, ci - 1), (ri, ci))
        text = cell.text or ""
        blank = is_blank(text)
        word = not blank and not value_like(text)  # printed text that is no number
        if copy and blank and cell.span_of[0] not in (ri - 1, ri):
            copy = False  # a blank cell merged down over several rows is blank in each of them
        if word and (vals or labs) and len(text) <= 240 and labels.table_marker(text):
            emit()  # a heading starts a new row
        if word and vals and (_names_a_row(text) or HEADING.match(text)):
            emit()
        if not vals:
            if blank:
                if labs and not copy:
                    vals.append(cell)  # an empty cell right after the label: a blank value …
                elif not labs and not copy:
                    lead.append(cell)
                continue
            if not word:  # a number
                if copy:
                    continue
                vals.append(cell)
                continue
            if labs and not copy and (labels.art20_item(text) or (
                    labels.app_row_candidates(text) and labels.app_row_candidates("".join(c.text for c in labs)))):
                emit()  # a row label after header cells (one cell per line): a new row
            labs.append(cell)
            continue
        if copy:
            continue
        # … unless a label follows it (an empty label column between two labels)
        if word and len(vals) <= 2 and all(is_blank(v.text) for v in vals):
            labs.extend([cell])
            vals = []
            continue
        vals.append(cell)
    emit()
    return rows


def _names_a_row(text: str) -> bool:
    return bool(labels.app_row_candidates(text) or labels.art20_item(text))


def printed_values(cells: list[TextCell]) -> tuple[str, ...]:
    return tuple(values.normalize(c.text) for c in cells if not is_blank(c.text))


def is_note(text: str) -> bool:
    t = text.strip()
    return len(t) <= 30 and t[:1] in "（(" and t[-1:] in "）)"


def joined(cells: list[TextCell]) -> str:
    """The cells' text as one run, every kind of space a plain one."""
    return " ".join(c.text for c in cells).replace("\u00a0", " ").replace("\u3000", " ").strip()


def run_text(cells: list[TextCell]) -> str | None:
    """The digits of cells that hold one run of numbers printed together, or None."""
    text = joined(cells)
    if not text or digit_runs.tokens(text) is None:
        return None
    return text


def by_columns(cells: list[TextCell], columns: list[int]) -> list[TextCell] | None:
    """The cells under the header's columns; every other cell must be blank."""
    at = {c.where.get("column"): c for c in cells}
    picked = [at.get(col) for col in columns]
    if any(c is None for c in picked):
        return None
    if any(not is_blank(c.text) for c in cells if c.where.get("column") not in columns):
        return None
    return picked  # type: ignore[return-value]


def row_balances(cells: list[TextCell]) -> bool:
    nums = [values.read(c.text) for c in cells]
    ints = [v if k == "int" else 0 for k, v, _ in nums]
    return sum(ints[:-1]) == ints[-1]  # type: ignore[operator]
