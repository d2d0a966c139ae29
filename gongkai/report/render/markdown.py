"""A report as Markdown: ``#`` headings, paragraphs, and one pipe table per statutory table.

Pipe tables cannot merge cells: a merged box prints its text once, in its first position,
and leaves the positions it covers empty (as converters of real pages do). The table's
first row is the Markdown header row.
"""

from __future__ import annotations

import re

from ..model import Report
from .layout import Grid, Part, document


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def table_lines(grid: Grid) -> list[str]:
    rows = [[""] * grid.ncols for _ in range(grid.nrows)]
    for b in grid.boxes:
        rows[b.row][b.col] = _escape(b.text)
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * grid.ncols]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return lines


def render(report: Report, parts: list[Part] | None = None) -> str:
    """The report in this format; ``parts`` (default ``layout.document(report)``) may be altered first."""
    out: list[str] = []
    for part in (document(report) if parts is None else parts):
        if part.kind == "title":
            out += [f"# {part.text}", ""]
        elif part.kind == "heading":
            out += [f"## {part.text}", ""]
        elif part.kind == "paragraph":
            out += [_escape_paragraph(part.text), ""]
        elif part.kind == "table" and part.grid is not None:
            out += table_lines(part.grid) + [""]
        elif part.kind == "signature":
            out += [part.text, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _escape_paragraph(text: str) -> str:
    # A paragraph must not start a Markdown block by accident ("1. ", "# ", "- ", "| ").
    if text[:1] in "#-*+>|":
        return "\\" + text
    m = re.match(r"(\d{1,9})([.)])(\s)", text)
    if m:  # "1. " would start an ordered list: escape the dot
        return m.group(1) + "\\" + text[len(m.group(1)):]
    return text
