"""Ingest: published documents → :class:`gongkai.report.Report`.

``read(path)`` detects the format from the content and dispatches to a reader.
"""

from __future__ import annotations

import os

from ..errors import ReadError, UnsupportedFormat
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


def read(path: str) -> Report:
    """Read one file into a report: gongkai's JSON, or a published document."""
    data = read_bytes(path)
    if not data.strip():
        raise ReadError("文件为空", path)
    if data.lstrip()[:1] in (b"{",):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ReadError("JSON 文件不是 UTF-8 编码", path) from None
        report = jsonio.loads(text, path)
        report.source = report.source or path
        return report
    raise UnsupportedFormat("暂不支持此文件格式", path)
