"""Markdown, typically from a PDF-to-Markdown conversion: pipe tables amid hard-wrapped text.

Such conversions break tables: a cell spread over lines may be emitted as loose lines
before the table, a row may lose its label or a cell, a header may be repeated as a
heading between rows, page footers (``— 4 —``) sit inside tables. The reader keeps what
was printed, in order: every pipe-table row is a row of cells, every other line a row of
its own (``行政许可 0`` → label and number), headings without their ``#``; HTML left inside
(``<br>`` in a header cell, ``&nbsp;`` in a blank one) is taken as HTML would show it. Putting rows
and cells back in place is the mapper's job (:mod:`gongkai.ingest.mapping`), with the
table's own rules. Provenance: ``{"line": n}``.
"""

from __future__ import annotations

import html
import re

from .detect import decode_text
from .document import Document, Table
from .text import text_rows

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
# HTML a converter leaves inside pipe tables: <br> breaking a header cell (本年制发<br>件数 is
# one cell's text, as in HTML), &nbsp; in a blank cell, other entities
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")


def _inline_html(line: str) -> str:
    if "<" in line:
        line = _BR.sub("", line)
    if "&" in line:
        line = _ENTITY.sub(lambda m: html.unescape(m.group()).replace("\u00a0", " "), line)
    return line


def read_document(data: bytes) -> Document:
    return read_markdown(decode_text(data))


def read_markdown(md: str) -> Document:
    md = md.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_EMPHASIS.sub(r"\2", _HEADING.sub("", _inline_html(ln))) for ln in md.split("\n")]
    text = "\n".join(lines)
    from .flattened import find_flattened, read_flattened

    if find_flattened(text):
        return Document(format="markdown", text=text,
                        tables=[Table(read_flattened(text), {"flattened": True})])
    rows = text_rows(lines, line_rows=True)
    return Document(format="markdown", text=text, tables=[Table(rows)] if rows else [])
