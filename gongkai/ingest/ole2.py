"""OLE2 compound files (MS-CFB), the container of .doc, .wps, .xls and .et: which document one
holds (told by its streams, the extension only a tie-breaker), and whether it is damaged or
encrypted — read defensively, before anything is handed to LibreOffice."""

from __future__ import annotations

import os
import struct

from ..errors import ReadError, UnsupportedFormat

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
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
        if len(data) < 512 or not data.startswith(MAGIC):
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


def kind_of(data: bytes, name: str = "") -> str:
    """``doc``/``wps``/``xls`` from the streams an OLE2 file holds; the extension of the file's
    ``name`` only where it is damaged (and to tell a .wps)."""
    return _kind(compound(data), name)


def _kind(cf: Compound | None, name: str = "") -> str:
    ext = os.path.splitext(name)[1].lower()
    if cf is None:
        if ext in _OLE2_EXT:
            return _OLE2_EXT[ext]  # its reader says what is wrong with it
        raise ReadError(DAMAGED)
    if "EncryptedPackage" in cf.names or "EncryptionInfo" in cf.names:
        raise ReadError(ENCRYPTED)  # a password-protected .docx/.xlsx
    if "WordDocument" in cf.names:
        return "wps" if ext == ".wps" else "doc"  # WPS writes Word's binary format
    if "Workbook" in cf.names or "Book" in cf.names:
        return "xls"
    raise UnsupportedFormat("OLE2 复合文档，但不是 Word 或 Excel 文件（如 PowerPoint、早期 WPS 或 Works 文件）")


def check(cf: Compound | None, want: str) -> None:
    """Before converting a compound file (``compound(data)``) as ``want`` (``doc`` or ``xls``):
    raise ReadError when it is damaged, encrypted, or holds the other kind of document."""
    if cf is None:
        raise ReadError(DAMAGED)
    try:
        _check(cf, want)
    except (ValueError, struct.error):  # a stream's sector chain is broken
        raise ReadError(DAMAGED) from None


def _check(cf: Compound, want: str) -> None:
    got = _kind(cf)
    if {"wps": "doc"}.get(got, got) != want:
        raise ReadError("文件内容是 Excel 工作簿，不是 Word 文档" if got == "xls"
                        else "文件内容是 Word 文档，不是 Excel 工作簿")
    if want == "doc":
        fib = cf.stream("WordDocument", 16)
        if len(fib) < 12:
            raise ReadError(DAMAGED)
        ident, flags = struct.unpack_from("<H8xH", fib)
        if ident in (0xA5EC, 0xA5DC) and flags & 0x0100:  # FIB fEncrypted (Word 97 and Word 6/95)
            raise ReadError(ENCRYPTED)
        return
    book = cf.stream("Workbook") or cf.stream("Book")
    pos = 0
    for _ in range(200):  # FILEPASS follows the first BOF in the workbook globals
        if pos + 4 > len(book):
            break
        kind, length = struct.unpack_from("<HH", book, pos)
        if kind == 0x002F:
            raise ReadError(ENCRYPTED)
        if kind in (0x000A, 0x0085):  # EOF, BOUNDSHEET: past where FILEPASS may be
            break
        pos += 4 + length
