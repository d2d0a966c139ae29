"""Ingest: published documents → :class:`gongkai.report.Report`.

``read(path)`` detects the format from the content and dispatches to a reader.
"""

from __future__ import annotations

import os

from ..errors import ReadError
from ..report import Report, jsonio

MAX_BYTES = 64 * 1024 * 1024


def read_bytes(path: str) -> bytes:
    try:
        size = os.path.getsize(path)
    except OSError as e:
        raise ReadError(f"无法打开文件：{e.strerror}", path) from None
    if size > MAX_BYTES:
        raise ReadError(f"文件过大（{size} 字节，上限 {MAX_BYTES} 字节）", path)
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise ReadError(f"无法读取文件：{e.strerror}", path) from None


# format (from gongkai.ingest.detect) → the module whose read_document(data, path) reads it
READERS = {
    "text": "text", "markdown": "markdown", "html": "html",
    "pdf": "pdf", "docx": "word", "doc": "word", "wps": "word",
    "xlsx": "spreadsheet", "xls": "spreadsheet", "image": "ocr",
}


def read(path: str) -> Report:
    """Read one file into a report: gongkai's JSON, or a published document.

    The one place a file's name is put on an error that lacks it (:func:`.document.named`):
    detection, readers and mapper name the place in the file (page, table, line), not the file.
    """
    from .document import named

    with named(path):
        return _read(path)


def _read(path: str) -> Report:
    data = read_bytes(path)
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ReadError("文件为空")
    from .detect import detect

    fmt = detect(data, path)
    if fmt == "json":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ReadError("JSON 文件不是 UTF-8 编码") from None
        report = jsonio.loads(text, path)
        report.source = report.source or path
        return report
    from . import flow
    from .mapping import to_report

    result = flow.read(data, path, fmt)
    return result.report or to_report(result.document)


def read_document(data: bytes, path: str, fmt: str | None = None):
    """The :class:`~gongkai.ingest.document.Document` a file holds (its text and table grids)."""
    from . import flow
    from .detect import detect
    from .document import named

    with named(path):
        return flow.read(data, path, fmt or detect(data, path)).document
