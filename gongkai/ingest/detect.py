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
import struct
import zipfile

from ..errors import ReadError, UnsupportedFormat

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
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
    if head.startswith(OLE2):
        return ole2_format(data, path)
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


# --- OLE2 compound files (MS-CFB): .doc, .wps, .xls, .et ---------------------------------

_NONE, _END = 0xFFFFFFFF, 0xFFFFFFFE
_OLE2_EXT = {".doc": "doc", ".wps": "wps", ".xls": "xls", ".et": "xls"}
ENCRYPTED = "文件已加密（设有打开密码），无法读取；请去除密码后另存再读取"
DAMAGED = "OLE2 复合文档已损坏或被截断，无法读取"


class Compound:
    """The root directory and streams of an OLE2 compound file (MS-CFB), read defensively.

    Raises ValueError (or struct.error) for a container that does not hold together: a damaged
    or truncated file. Every sector chain is bounded by the number of sectors in the file.
    """

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(OLE2):
            raise ValueError("no OLE2 header")
        byte_order, shift, mini_shift = struct.unpack_from("<HHH", data, 0x1C)
        if byte_order != 0xFFFE or shift not in (9, 12) or mini_shift != 6:
            raise ValueError("bad OLE2 header")
        self.data, self.shift, self.size = data, shift, 1 << shift
        self.count = max(0, (len(data) - self.size + self.size - 1) // self.size)  # sectors after the header
        n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
        self.cutoff, self.first_minifat, _, first_difat, _ = struct.unpack_from("<IIIII", data, 0x38)
        if n_fat > self.count:
            raise ValueError("FAT larger than the file")
        difat = list(struct.unpack_from("<109I", data, 0x4C))
        per = self.size // 4
        sector, hops = first_difat, 0
        while len(difat) < n_fat and sector not in (_NONE, _END):
            entries = struct.unpack(f"<{per}I", self.sector(sector))
            difat.extend(entries[:-1])
            sector, hops = entries[-1], hops + 1
            if hops > self.count:
                raise ValueError("DIFAT loop")
        if len(difat) < n_fat:
            raise ValueError("DIFAT too short")
        fat = b"".join(self.sector(s) for s in difat[:n_fat])
        self.fat = struct.unpack(f"<{len(fat) // 4}I", fat)
        raw = b"".join(self.sector(s) for s in self.chain(first_dir, self.fat))
        self.entries = [raw[i:i + 128] for i in range(0, len(raw) - 127, 128)]
        if not self.entries or self.entries[0][66] != 5:
            raise ValueError("no root entry")
        self.names: dict[str, int] = {}  # streams and storages directly under the root
        stack, seen = [struct.unpack_from("<I", self.entries[0], 76)[0]], set()
        while stack:
            i = stack.pop()
            if i == _NONE:
                continue
            if i >= len(self.entries) or i in seen:
                raise ValueError("directory tree broken")
            seen.add(i)
            e = self.entries[i]
            length = min(struct.unpack_from("<H", e, 64)[0], 64)
            self.names[e[:max(length - 2, 0)].decode("utf-16-le", "replace")] = i
            stack += struct.unpack_from("<II", e, 68)  # left and right siblings
        self._mini: tuple[list[int], tuple[int, ...]] | None = None

    def sector(self, n: int) -> bytes:
        if n >= self.count:
            raise ValueError("sector beyond the end of the file")
        return self.data[(n + 1) << self.shift:(n + 2) << self.shift]

    def chain(self, start: int, table: tuple[int, ...]):
        n, hops = start, 0
        while n != _END:
            if n >= len(table) or hops > len(table):
                raise ValueError("broken sector chain")
            yield n
            n, hops = table[n], hops + 1

    def stream(self, name: str, limit: int = 65536) -> bytes:
        """The first ``limit`` bytes of a stream under the root (b"" when there is none)."""
        i = self.names.get(name)
        if i is None or self.entries[i][66] != 2:
            return b""
        start, size = struct.unpack_from("<IQ", self.entries[i], 116)
        full = size & 0xFFFFFFFF if self.shift == 9 else size
        size = min(full, limit)
        out = bytearray()
        if full >= self.cutoff:
            for s in self.chain(start, self.fat):
                if len(out) >= size:
                    break
                out += self.sector(s)
            return bytes(out[:size])
        if self._mini is None:  # small streams live in 64-byte sectors of the root's stream
            root = list(self.chain(struct.unpack_from("<I", self.entries[0], 116)[0], self.fat))
            raw = b"".join(self.sector(s) for s in self.chain(self.first_minifat, self.fat))
            self._mini = (root, struct.unpack(f"<{len(raw) // 4}I", raw))
        root, minifat = self._mini
        for m in self.chain(start, minifat):
            if len(out) >= size:
                break
            sector, offset = divmod(m * 64, self.size)
            if sector >= len(root):
                raise ValueError("mini sector beyond the mini stream")
            out += self.sector(root[sector])[offset:offset + 64]
        return bytes(out[:size])


def compound(data: bytes) -> Compound | None:
    """The compound file ``data`` holds, or None when it is damaged."""
    try:
        return Compound(data)
    except (ValueError, struct.error):
        return None


def ole2_format(data: bytes, path: str) -> str:
    """``doc``/``wps``/``xls`` from the streams an OLE2 file holds; the extension only where it is damaged."""
    ext = os.path.splitext(path)[1].lower()
    cf = compound(data)
    if cf is None:
        if ext in _OLE2_EXT:
            return _OLE2_EXT[ext]  # its reader says what is wrong with it
        raise ReadError(DAMAGED, path)
    if "EncryptedPackage" in cf.names or "EncryptionInfo" in cf.names:
        raise ReadError(ENCRYPTED, path)  # a password-protected .docx/.xlsx
    if "WordDocument" in cf.names:
        return "wps" if ext == ".wps" else "doc"  # WPS writes Word's binary format
    if "Workbook" in cf.names or "Book" in cf.names:
        return "xls"
    raise UnsupportedFormat("OLE2 复合文档，但不是 Word 或 Excel 文件（如 PowerPoint、早期 WPS 或 Works 文件）", path)


def ole2_check(data: bytes, path: str, want: str) -> None:
    """Before converting ``data`` as ``want`` (``doc`` or ``xls``): raise ReadError when it is damaged,
    encrypted, or holds the other kind of document."""
    try:
        _check(data, path, want)
    except (ValueError, struct.error):  # a stream's sector chain is broken
        raise ReadError(DAMAGED, path) from None


def _check(data: bytes, path: str, want: str) -> None:
    cf = compound(data)
    if cf is None:
        raise ReadError(DAMAGED, path)
    got = ole2_format(data, path)
    if {"wps": "doc"}.get(got, got) != want:
        raise ReadError("文件内容是 Excel 工作簿，不是 Word 文档" if got == "xls"
                        else "文件内容是 Word 文档，不是 Excel 工作簿", path)
    if want == "doc":
        fib = cf.stream("WordDocument", 16)
        if len(fib) < 12:
            raise ReadError(DAMAGED, path)
        ident, flags = struct.unpack_from("<H8xH", fib)
        if ident in (0xA5EC, 0xA5DC) and flags & 0x0100:  # FIB fEncrypted (Word 97 and Word 6/95)
            raise ReadError(ENCRYPTED, path)
        return
    book = cf.stream("Workbook") or cf.stream("Book")
    pos = 0
    for _ in range(200):  # FILEPASS follows the first BOF in the workbook globals
        if pos + 4 > len(book):
            break
        kind, length = struct.unpack_from("<HH", book, pos)
        if kind == 0x002F:
            raise ReadError(ENCRYPTED, path)
        if kind in (0x000A, 0x0085):  # EOF, BOUNDSHEET: past where FILEPASS may be
            break
        pos += 4 + length


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
