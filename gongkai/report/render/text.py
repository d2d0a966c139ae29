"""A report as plain text: headings, paragraphs and tables aligned for a fixed-width font.

Table rows are printed between bars (``| 行政许可 |  12 |     |  3 |``): a blank cell is an
empty space between two bars, told from its neighbours by the bars rather than by character
columns alone, and a cell not known prints ``？`` (:func:`.layout.cell_text`). Merged label
columns become indented heading lines (``三、本年度办理结果`` / ``（三）不予公开`` above the rows
they cover); a box over several columns is one space between bars, its text centred. Widths
count CJK characters as two columns.
"""

from __future__ import annotations

import unicodedata

from ..model import Report
from .layout import Box, Grid, Part, document

INDENT = "\u3000\u3000"
SEP = " | "
MIN_WIDTH = 4


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s: str, w: int, align: str = "left") -> str:
    gap = max(0, w - width(s))
    if align == "center":
        left = gap // 2
        return " " * left + s + " " * (gap - left)
    if align == "right":
        return " " * gap + s
    return s + " " * gap


def _label_lines(grid: Grid, row: list[Box]) -> tuple[list[str], str]:
    """A row's label boxes: leading ones as heading lines, the last one as the row label."""
    labels = [b for b in row if b.col < grid.label_cols]
    heads = ["  " * b.col + b.text for b in labels[:-1]]
    last = ("  " * labels[-1].col + labels[-1].text) if labels else ""
    return heads, last


def _escape(text: str) -> str:
    """A box's text on one line, no ``|`` of its own (that would split its cell)."""
    return " ".join(text.replace("|", "｜").split())


def table_lines(grid: Grid) -> list[str]:
    """The table's rows as ``| label | 1 |  | 3 |`` lines: every box between bars, so that a
    blank cell is an empty space between two bars, not a gap that only character columns tell."""
    rows = grid.rows()
    # Column widths: the widest single-column box in each value column …
    widths = [MIN_WIDTH] * grid.ncols
    for b in grid.boxes:
        if b.colspan == 1 and b.col >= grid.label_cols and b.kind != "section":
            widths[b.col] = max(widths[b.col], width(_escape(b.text)))

    def span_width(b: Box) -> int:
        return sum(widths[b.col:b.col + b.colspan]) + len(SEP) * (b.colspan - 1)

    # … and a box over several columns widens the last of them when it needs more room.
    for b in grid.boxes:
        if b.colspan > 1 and b.col >= grid.label_cols and b.kind != "section":
            widths[b.col + b.colspan - 1] += max(0, width(_escape(b.text)) - span_width(b))
    label_w = 0
    for r, row in enumerate(rows):
        if r < grid.head_rows:
            continue
        _, last = _label_lines(grid, row)
        label_w = max(label_w, width(last))

    lines: list[str] = []
    for r, row in enumerate(rows):
        if any(b.kind == "section" for b in row):
            lines.append(" ".join(b.text for b in row))
            continue
        heads, label = _label_lines(grid, row)
        if r < grid.head_rows and label:
            lines.append(label.strip())  # the note over table 3's label columns
            label = ""
        lines += heads
        out = [pad(label.replace("|", "｜"), label_w)] if grid.label_cols else []  # (indent kept)
        col = grid.label_cols
        for b in row:
            if b.col < grid.label_cols:
                continue
            while col < b.col:  # a position covered by a box from an earlier row
                out.append(" " * widths[col])
                col += 1
            out.append(pad(_escape(b.text), span_width(b), "center"))
            col = b.col + b.colspan
        while col < grid.ncols:
            out.append(" " * widths[col])
            col += 1
        lines.append("| " + SEP.join(out) + " |")
    return lines


def render(report: Report, parts: list[Part] | None = None) -> str:
    """The report in this format; ``parts`` (default ``layout.document(report)``) may be altered first."""
    lines: list[str] = []

    def gap() -> None:
        if lines and lines[-1] != "":
            lines.append("")

    for part in (document(report) if parts is None else parts):
        if part.kind == "title":
            lines.append(part.text)
        elif part.kind == "heading":
            gap()
            lines.append(part.text)
        elif part.kind == "paragraph":
            lines.append(INDENT + part.text)
        elif part.kind == "table" and part.grid is not None:
            gap()
            lines += table_lines(part.grid)
        elif part.kind == "signature":
            if lines and not lines[-1].startswith(" "):
                gap()
            lines.append(" " * 60 + part.text)
    return "\n".join(lines).strip("\n") + "\n"
