"""What a file is, from its bytes: the format and, for text, the encoding.

The extension is only a tie-breaker (``.doc`` vs ``.wps`` share one container). Formats:

``pdf`` · ``docx`` · ``xlsx`` (ZIP containers told apart by their parts) · ``doc``/``wps``/``xls``
(OLE2 containers told apart by their streams: ``WordDocument`` or ``Workbook``/``Book``; a ``.et``
is an ``xls``) · ``image`` (PNG/JPEG) · ``json`` · ``html`` · ``markdown`` · ``text``.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import zipfile

from ..errors import ReadError, UnsupportedFormat
from . import ole2

_HTML_TAG = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|meta|table|tbody|tr|td|th|p|div|span|br|h[1-6])\b",
                       re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$", re.MULTILINE)
_MD_HEADING = re.compile(r"^#{1,6}\s+\S", re.MULTILINE)

# Encodings named in meta tags → the codec that reads them (GB2312 and GBK pages are GB18030).
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030",
                    "utf8": "utf-8", "unicode": "utf-16"}


def detect(data: bytes, path: str = "") -> str:
    """The format of ``data`` (see the module doc). Raises ReadError for what is no document."""
    head = data[:2048]
    ext = os.path.splitext(path)[1].lower()
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data, path)
    if head.startswith(ole2.MAGIC):
        return ole2.kind_of(data, path)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image"
    if head.startswith(b"\xff\xd8\xff"):
        return "image"
    if head[:4] in (b"GIF8", b"II*\x00", b"MM\x00*") or head[:2] == b"BM":
        raise UnsupportedFormat("图像格式暂不支持（请转换为 PNG 或 JPEG）", path)
    # Text of some kind.
    if _looks_binary(head):
        raise UnsupportedFormat("无法识别的二进制文件（不是 PDF、Word、Excel、图像或文本）", path)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"[") and ext in ("", ".json"):
        return "json"
    if stripped[:2] in (b"\xff\xfe", b"\xfe\xff") or _is_utf16(head):
        text = decode_text(data, path)
        return _text_kind(text, ext)
    if _count(_HTML_TAG.finditer(data[:65536]), 2) >= 2 or ext in (".html", ".htm", ".shtml", ".xhtml"):
        return "html"
    text = decode_text(data, path)
    return _text_kind(text, ext)


def _text_kind(text: str, ext: str) -> str:
    sample = text[:200_000]
    if ext in (".md", ".markdown"):
        return "markdown"
    if "---" in sample and _MD_TABLE_SEP.search(sample) and (_MD_HEADING.search(sample) or sample.count("\n|") > 5):
        # Pipe tables with separator rows are markdown; "value |" lines without them are plain text.
        return "markdown"
    if _count(_HTML_TAG.finditer(sample[:65536].encode("utf-8", "ignore")), 2) >= 2:
        return "html"
    return "text"


def _count(matches, enough: int) -> int:
    n = 0
    for _ in matches:
        n += 1
        if n >= enough:
            break
    return n


def _zip_format(data: bytes, path: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise ReadError(f"ZIP 容器损坏或被截断：{e}", path) from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if any(n.endswith("content.xml") for n in names) and "mimetype" in names:
        raise UnsupportedFormat("OpenDocument 文件暂不支持（请另存为 .docx 或 .xlsx）", path)
    raise UnsupportedFormat("ZIP 文件，但不是 Word（.docx）或 Excel（.xlsx）文档", path)


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or (13 < b and b != 27))


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    if _is_utf16(head) or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > max(2, len(head) // 50)


def _is_utf16(head: bytes) -> bool:
    """UTF-16 without a BOM: NUL in every other byte of ASCII-heavy text."""
    if len(head) < 8:
        return False
    even, odd = head[0::2], head[1::2]
    return (odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05) or (
        even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05)


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a meta tag, as a Python codec name."""
    m = _META_CHARSET.search(data[:8192])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(data: bytes, path: str = "", declared: str | None = None) -> str:
    """Bytes → text: BOM, then a declared charset, then UTF-8, UTF-16, GB18030.

    Raises ReadError naming the byte offset when no encoding reads the bytes.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8", path)
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _decode(data, "utf-16", path)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # the page lies about its charset: detect
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    if _is_utf16(data[:4096]):
        even_nul = data[0::2][:2048].count(0) > data[1::2][:2048].count(0)
        return _decode(data, "utf-16-be" if even_nul else "utf-16-le", path)
    # A UTF-8 file cut inside its last character is truncated, not in another encoding.
    if utf8_error.start >= len(data) - 3 and utf8_error.reason == "unexpected end of data":
        raise ReadError("文件被截断：最后一个字符不完整（UTF-8）", path, where=f"第 {utf8_error.start} 字节")
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        gb_error = e
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:1_000_000]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        pass
    raise ReadError(
        "无法识别文本编码（不是 UTF-8、UTF-16 或 GB18030）", path,
        where=f"第 {min(utf8_error.start, gb_error.start)} 字节附近")


def _decode(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise ReadError(f"文本不是有效的 {encoding.upper()} 编码", path, where=f"第 {e.start} 字节") from None
