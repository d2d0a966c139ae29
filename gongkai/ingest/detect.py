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

# (not <br>: Markdown converted from HTML keeps it inside pipe tables — 本年制发<br>件数)
_HTML_TAG = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|meta|table|tbody|tr|td|th|p|div|span|h[1-6])\b",
                       re.IGNORECASE)
_PAGE_TAG = re.compile(rb"<\s*(?:!doctype|html|head|body)\b", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$", re.MULTILINE)
_MD_HEADING = re.compile(r"^#{1,6}\s+\S", re.MULTILINE)

# Encodings named in meta tags → the codec that reads them (GB2312 and GBK pages are GB18030).
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030",
                    "utf8": "utf-8", "unicode": "utf-16"}


def detect(data: bytes, name: str = "") -> str:
    """The format of ``data`` (see the module doc); ``name`` (the file's) lends its extension as a
    hint. Raises ReadError for what is no document."""
    head = data[:2048]
    ext = os.path.splitext(name)[1].lower()
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data)
    if head.startswith(ole2.MAGIC):
        return ole2.kind_of(data, name)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image"
    if head.startswith(b"\xff\xd8\xff"):
        return "image"
    if head[:4] in (b"GIF8", b"II*\x00", b"MM\x00*") or head[:2] == b"BM":
        raise UnsupportedFormat("图像格式暂不支持（请转换为 PNG 或 JPEG）")
    # Text of some kind.
    if _looks_binary(head):
        raise UnsupportedFormat("无法识别的二进制文件（不是 PDF、Word、Excel、图像或文本）")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"[") and ext in ("", ".json"):
        return "json"
    if stripped[:2] in (b"\xff\xfe", b"\xfe\xff") or _is_utf16(head):
        text = decode_text(data)
        return _text_kind(text, ext)
    if ext in (".md", ".markdown") and not _PAGE_TAG.search(head):
        return "markdown"  # no page markup at its start: HTML tags inside pipe tables do not make it a page
    if _count(_HTML_TAG.finditer(data[:65536]), 2) >= 2 or ext in (".html", ".htm", ".shtml", ".xhtml"):
        return "html"
    text = decode_text(data)
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


def _zip_format(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise ReadError(f"ZIP 容器损坏或被截断：{e}") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if any(n.endswith("content.xml") for n in names) and "mimetype" in names:
        raise UnsupportedFormat("OpenDocument 文件暂不支持（请另存为 .docx 或 .xlsx）")
    raise UnsupportedFormat("ZIP 文件，但不是 Word（.docx）或 Excel（.xlsx）文档")


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or (13 < b and b != 27))


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    if _is_utf16(head) or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > max(2, len(head) // 50)


def _is_utf16(head: bytes) -> bool:
    """UTF-16 without a BOM: NUL in every other byte of ASCII-heavy text, or Chinese text
    (few NULs: only its digits, spaces and line breaks have them) that reads as such."""
    return _utf16_order(head) is not None


def _utf16_order(head: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``head`` is UTF-16 text without a BOM, else None."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    # Mostly CJK: NULs only in one byte position (ASCII), and the text reads as Chinese.
    # (a CJK character may have a NUL byte too: 一 is U+4E00)
    if odd.count(0) > 1 and odd.count(0) >= even.count(0) and _reads_as_text(head, "utf-16-le"):
        return "utf-16-le"
    if even.count(0) > 1 and even.count(0) >= odd.count(0) and _reads_as_text(head, "utf-16-be"):
        return "utf-16-be"
    return None


def _reads_as_text(head: bytes, codec: str) -> bool:
    """Whether ``head`` decodes to text: CJK, ASCII, CJK and full-width punctuation, spaces."""
    text = head[:len(head) // 2 * 2].decode(codec, errors="replace")
    good = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or " " <= ch <= "~" or ch in "\t\r\n"
               or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "\u2014\u201c\u201d\u00a0")
    return good >= 0.95 * len(text) and sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") >= 0.2 * len(text)


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


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Bytes → text: BOM, then a declared charset, then UTF-8, UTF-16 (with or without a
    BOM), Big5 (when GB18030 would read it as rare characters), GB18030.

    Raises ReadError naming the byte offset when no encoding reads the bytes.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[3:], "utf-8")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _decode(data, "utf-16")
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # the page lies about its charset: detect
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    order = _utf16_order(data[:4096])
    if order is not None:
        return _decode(data, order)
    # A UTF-8 file cut inside its last character is truncated, not in another encoding.
    if utf8_error.start >= len(data) - 3 and utf8_error.reason == "unexpected end of data":
        raise ReadError("文件被截断：最后一个字符不完整（UTF-8）", where=f"第 {utf8_error.start} 字节")
    if _big5_rather_than_gb(data):
        return data.decode("cp950")
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
        "无法识别文本编码（不是 UTF-8、UTF-16 或 GB18030）",
        where=f"第 {min(utf8_error.start, gb_error.start)} 字节附近")


def _big5_rather_than_gb(data: bytes) -> bool:
    """Big5 (traditional characters, as in Hong Kong and Taiwan) read as GB18030 does not fail:
    nearly every byte pair is some GBK character. But Big5's trail bytes 0x40–0x7E put about
    half its characters outside GB2312's common ones, where a GB text has almost none; and a
    GB text with lead bytes 0x81–0xA0 (GBK's own extension) is no Big5 at all."""
    sample = data[:65536]
    gb = sample.decode("gb18030", errors="ignore")
    hanzi = [ch for ch in gb if "\u4e00" <= ch <= "\u9fff"]
    if len(hanzi) < 10:
        return False
    rare = 0
    for ch in hanzi:
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            rare += 1
    if rare < 0.2 * len(hanzi):
        return False
    try:
        data.decode("cp950")
    except UnicodeDecodeError:
        return False
    return True


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise ReadError(f"文本不是有效的 {encoding.upper()} 编码", where=f"第 {e.start} 字节") from None
