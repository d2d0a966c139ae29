"""What every format reader produces: a document's running text and its tables as grids.

Format readers (text, HTML, Word, PDF, OCR, spreadsheets) turn bytes into a
:class:`Document`; :mod:`gongkai.ingest.mapping` turns a Document into a
:class:`gongkai.report.Report`. Merged cells are expanded: a cell spanning two rows or
columns appears in each grid position it covers, with ``span_of`` pointing at its origin.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..errors import GongkaiError


@dataclass
class TextCell:
    """One table cell as printed, with where it was found."""

    text: str
    where: dict[str, Any] = field(default_factory=dict)  # e.g. {"page": 3, "table": 2, "row": 5, "column": 1}
    confidence: float | None = None  # OCR confidence in [0, 1]; None when read from a text layer
    span_of: tuple[int, int] | None = None  # (row, column) of the merged cell this position repeats


Row = list[TextCell]


@dataclass
class Table:
    rows: list[Row]
    where: dict[str, Any] = field(default_factory=dict)  # e.g. {"page": 3, "table": 2}


@dataclass
class Document:
    """A document as read: its running text (paragraphs, in order), its tables, and for a paged
    format its pages (lines and tables in place)."""

    format: str  # "text", "markdown", "html", "docx", "xlsx", "pdf", "ocr"
    text: str = ""  # the whole text, tables included, in reading order, one paragraph/row per line
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. PDF metadata; never used for printed values
    # Paged formats (PDF, scans): each page's lines and tables where they stand (pages.Page, whose
    # elements are pages.Line / pages.Block / pages.Skipped), from which text and tables were assembled.
    pages: list[Any] = field(default_factory=list)
    path: str = ""  # the file's name: set once, where reading starts (flow.read), for the report's source


@contextmanager
def named(path: str) -> Iterator[None]:
    """Attach ``path`` to gongkai's own errors raised inside, where they do not name a file yet.

    Readers raise errors naming the place (page, object, part); the file is named once,
    where reading starts (:func:`gongkai.ingest.read`, :func:`gongkai.ingest.flow.read`),
    instead of being passed down through every function.
    """
    try:
        yield
    except GongkaiError as e:
        if e.path is None:
            e.path = path
            e.args = (str(e),)
        raise
