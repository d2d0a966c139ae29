"""A report as Markdown: ``#`` headings, paragraphs, and one pipe table per statutory table.

Pipe tables cannot merge cells: a merged box prints its text once, in its first position,
and leaves the positions it covers empty (as converters of real pages do). The table's
first row is the Markdown header row.
"""

from __future__ import annotations

import re

from ..model import Report
from .layout import Grid, Part, document

# Every line break a reader may split on (str.splitlines's set): a title, heading or cell holding one
# would otherwise end its line and start another — a "|" after it a stray table row.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _one_line(text: str) -> str:
    return _LINE_BREAK.sub(" ", text)


def _escape(text: str) -> str:
    return _one_line(text.replace("\\", "\\\\").replace("|", "\\|"))


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
            out += [f"# {_one_line(part.text)}", ""]
        elif part.kind == "heading":
            out += [f"## {_one_line(part.text)}", ""]
        elif part.kind == "paragraph":
            out += [_escape_lines(part.text), ""]
        elif part.kind == "table" and part.grid is not None:
            out += table_lines(part.grid) + [""]
        elif part.kind == "signature":
            out += [_escape_lines(part.text), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _escape_lines(text: str) -> str:
    """Each line of a paragraph or signature escaped where it would start a Markdown block."""
    return "\n".join(_escape_paragraph(line) for line in _LINE_BREAK.split(text))


def _escape_paragraph(text: str) -> str:
    # A line must not start a Markdown block by accident ("1. ", "# ", "- ", "| "), even indented.
    body = text.lstrip(" \t")
    if body[:1] and body[:1] in "#-*+>|":
        return text[:len(text) - len(body)] + "\\" + body
    m = re.match(r"(\d{1,9})([.)])(\s)", text)
    if m:  # "1. " would start an ordered list: escape the dot
        return m.group(1) + "\\" + text[len(m.group(1)):]
    return text
