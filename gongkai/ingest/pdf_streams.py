"""A PDF's streams measured before any parser opens it: what they decompress to, bounded.

PDFium and pdfminer inflate a stream whole when they need it: a 1 MB file whose content
stream is a gigabyte of compressed zeros (or two layers of ``/FlateDecode``, a few KB)
would take gigabytes. :func:`check` walks the raw bytes once, inflates every compressed
stream through a bounded window (nothing decompressed is kept) and refuses the file,
naming the object (the caller names the file), when a stream decompresses past its
limit, when an image declares more pixels than :data:`limits.MAX_PIXELS`, or when a page's content streams together pass
:data:`limits.MAX_PAGE_CONTENT`. Object streams are searched for pages too.

Measured: ``/FlateDecode`` (any number of layers), ``/LZWDecode`` (lengths only),
``/ASCIIHexDecode`` and ``/ASCII85Decode``; ``/RunLengthDecode`` is bounded by its 128:1
ratio. Image codecs (DCT, JPX, JBIG2, CCITT) decode to the declared size, bounded by the
pixel limit. Streams of an encrypted PDF cannot be inflated before decryption and are
bounded by their images' declared pixels only.
"""

from __future__ import annotations

import base64
import re
import zlib

from ..errors import ReadError
from . import limits

_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_OBJ = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_CONTENTS = re.compile(rb"/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)")
_REF = re.compile(rb"(\d+)\s+\d+\s+R")
_WIDTH = re.compile(rb"/W(?:idth)?\s+(\d+)\b")
_HEIGHT = re.compile(rb"/H(?:eight)?\s+(\d+)\b")
_DO = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s*Do\b")
_NAMED_REF = re.compile(rb"/([^\s/\[\]<>(){}%]+)\s*(\d+)\s+\d+\s+R\b")
_SHORT = {b"Fl": b"FlateDecode", b"LZW": b"LZWDecode", b"AHx": b"ASCIIHexDecode",
          b"A85": b"ASCII85Decode", b"RL": b"RunLengthDecode"}
CHUNK = 1 << 16  # bytes of input fed at a time
WINDOW = 1 << 20  # bytes of output produced at a time (then dropped)


class TooLarge(Exception):
    pass


def check(data: bytes) -> None:
    """Refuse a PDF whose streams or images would cost more than the limits allow."""
    sizes: dict[int, int] = {}  # object number → decompressed size
    draws: dict[int, dict[bytes, int]] = {}  # object number → the XObject names its content draws (Do), and how often
    forms: set[int] = set()  # object numbers of form XObjects
    texts: list[bytes] = [data]  # where dictionaries are: the file, and the object streams' contents
    fonts: list[tuple[int, list[bytes], str]] = []  # embedded font programs: start, filters, where
    view = memoryview(data)
    for m in _STREAM.finditer(data):
        start = m.end()
        s = m.start()
        if data[max(0, s - 16):s].rstrip()[-2:] != b">>":
            continue  # the word "stream" inside other data, not a stream keyword
        o = data.rfind(b"obj", max(0, s - 65536), s)
        header = _OBJ.search(data, max(0, o - 24), o + 3) if o >= 0 else None
        number = int(header.group(1)) if header else None
        d = data[o + 3:s] if header else data[max(0, s - 4096):s]
        if re.search(rb"/Type\s*/EmbeddedFile\b", d):
            continue  # an attachment: never decoded for reading
        image = b"/Image" in d and re.search(rb"/Subtype\s*/Image\b", d) is not None
        where = f"对象 {number}" if number is not None else f"字节 {s}"
        if image:
            _check_pixels(d, where)
            cap = limits.MAX_IMAGE_BYTES
        elif re.search(rb"/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b", d):
            fonts.append((start, _filters(d), where))  # measured together below
            continue
        else:
            cap = limits.MAX_STREAM
        keep = re.search(rb"/Type\s*/ObjStm\b", d) is not None
        if re.search(rb"/Subtype\s*/Form\b", d) and number is not None:
            forms.add(number)
        counts: dict[bytes, int] | None = None if image else {}
        try:
            size, text = _decoded(view, start, _filters(d), cap, keep, counts)
        except TooLarge:
            kind = "图像" if image else "数据流"
            raise ReadError(f"PDF 中的{kind}解压后过大（超过 {cap // (1 << 20)} MiB 上限），"
                            f"不像年度报告，疑似解压炸弹", None, where) from None
        if number is not None:
            sizes[number] = size
            if counts:
                draws[number] = counts
        if text:
            texts.append(text)
    _check_fonts(view, fonts)
    named: dict[bytes, set[int]] = {}  # an XObject name → the forms some resource dictionary gives it
    if forms:
        for text in texts:
            for r in _NAMED_REF.finditer(text):
                if int(r.group(2)) in forms:
                    named.setdefault(r.group(1), set()).add(int(r.group(2)))
    work = _Work(sizes, draws, named, limits.MAX_PAGE_CONTENT)
    for text in texts:
        for c in _CONTENTS.finditer(text):
            _check_page(c.group(1), work)


def _check_fonts(view: memoryview, fonts: list) -> None:
    """Embedded fonts, each and all together (PDFium keeps a document's fonts while it is open).

    A font is inflated only while the bound its compressed length gives (1032:1 a deflate
    layer) leaves the total in doubt, largest bound first: most documents inflate none.
    """
    items = [(_bound(view, start, filters), start, filters, where) for start, filters, where in fonts]
    total = sum(item[0] for item in items)
    for bound, start, filters, where in sorted(items, key=lambda item: -item[0]):
        if total <= limits.MAX_FONTS_TOTAL:
            return
        try:
            size, _ = _decoded(view, start, filters, limits.MAX_FONT_BYTES, False, None, exact=True)
        except TooLarge:
            raise ReadError(f"PDF 中嵌入的字体解压后过大（超过 {limits.MAX_FONT_BYTES >> 20} MiB 上限），"
                            f"不像年度报告，疑似解压炸弹", None, where) from None
        total += size - bound
    if total > limits.MAX_FONTS_TOTAL:
        raise ReadError(f"PDF 中嵌入的字体合计解压后过大（{total >> 20} MiB，上限 "
                        f"{limits.MAX_FONTS_TOTAL >> 20} MiB），不像年度报告")


def _bound(view: memoryview, start: int, filters: list[bytes]) -> int:
    """An upper bound of what a stream inflates to, from its compressed length alone."""
    end = view.obj.find(b"endstream", start)
    length = (end if end >= 0 else len(view)) - start
    if not filters:
        return length
    if all(f == b"FlateDecode" for f in filters) and len(filters) <= 2:
        return length * 1032 ** len(filters)
    return 1 << 62  # measured when it matters


class _Work:
    """What parsing a stream costs, counting the forms it draws each time they are drawn."""

    def __init__(self, sizes, draws, named, cap: int):
        self.sizes, self.draws, self.named, self.cap = sizes, draws, named, cap
        self.memo: dict[int, int] = {}

    def of(self, number: int, depth: int = 0) -> int:
        if number in self.memo:
            return self.memo[number]
        total = self.sizes.get(number, 0)
        if depth < 12:
            self.memo[number] = total  # a form drawing itself: counted once
            for name, times in self.draws.get(number, {}).items():
                forms = self.named.get(name)
                if forms:
                    total += times * max(self.of(f, depth + 1) for f in forms)
                    if total > self.cap:
                        break
        total = min(total, self.cap + 1)
        self.memo[number] = total
        return total


def _check_page(contents: bytes, work: _Work) -> None:
    total = 0
    for r in _REF.finditer(contents):
        total += work.of(int(r.group(1)))
        if total > limits.MAX_PAGE_CONTENT:
            first = _REF.search(contents)
            raise ReadError(
                f"PDF 页面的内容（含其中重复绘制的表单）合计解压后超过 "
                f"{limits.MAX_PAGE_CONTENT // (1 << 20)} MiB 上限，不像年度报告",
                None, f"内容流对象 {first.group(1).decode()}" if first else None)


def _check_pixels(d: bytes, where: str) -> None:
    w, h = _WIDTH.search(d), _HEIGHT.search(d)
    if w and h and int(w.group(1)) * int(h.group(1)) > limits.MAX_PIXELS:
        raise ReadError(f"PDF 中的图像过大（{int(w.group(1))}×{int(h.group(1))} 像素，上限 "
                        f"{limits.MAX_PIXELS} 像素）", None, where)


def _filters(d: bytes) -> list[bytes]:
    m = _FILTER.search(d)
    if not m:
        return []
    return [_SHORT.get(n, n) for n in _NAME.findall(m.group(1))]


def _decoded(view: memoryview, start: int, filters: list[bytes], cap: int, keep: bool,
             counts: dict[bytes, int] | None = None, exact: bool = False) -> tuple[int, bytes]:
    """The decompressed size of the stream at ``start`` (raises TooLarge past ``cap``), and its
    text when ``keep`` (an object stream, searched for pages), else b"". ``counts``: filled with
    the XObject names the stream draws (``/Name Do``) and how often."""
    if not filters or filters[0] not in (b"FlateDecode", b"LZWDecode", b"ASCIIHexDecode", b"ASCII85Decode"):
        # Stored as is (or by an image codec, bounded by its pixels): its length in the file.
        end = view.obj.find(b"endstream", start)
        raw = view[start:end if end >= 0 else len(view)]
        if len(raw) > cap:
            raise TooLarge
        if not filters and counts is not None:
            for name in _DO.findall(raw):
                counts[name] = counts.get(name, 0) + 1
        return len(raw), bytes(raw) if keep and not filters else b""
    if filters[0] in (b"ASCIIHexDecode", b"ASCII85Decode"):
        end = bytes(view[start:start + limits.MAX_STREAM]).find(b"endstream")
        raw = bytes(view[start:start + (end if end >= 0 else limits.MAX_STREAM)])
        try:
            raw = _ascii(filters[0], raw)
        except ValueError:
            return 0, b""
        chunks = [raw]
        filters = filters[1:]
        if not filters or filters[0] not in (b"FlateDecode", b"LZWDecode"):
            return len(raw), b""
    else:
        chunks = (view[i:i + CHUNK] for i in range(start, len(view), CHUNK))
    flates = 0
    for f in filters:
        if f != b"FlateDecode":
            break
        flates += 1
    if not exact and counts is None and not keep and flates == len(filters) and flates <= 2 \
            and not isinstance(chunks, list):
        # An image whose compressed length bounds it below its cap (deflate inflates at
        # most 1032:1 a layer): not inflated here, as most are not (they are the bulk of a PDF).
        end = view.obj.find(b"endstream", start, start + cap // 1032 ** flates + 1)
        if end >= 0:
            return (end - start) * 1032 ** flates, b""
    if flates == 0:  # LZW first
        return _lzw_size(chunks, cap), b""
    for _ in range(flates):
        chunks = _inflate(chunks)
    lzw = len(filters) > flates and filters[flates] == b"LZWDecode"
    if lzw:
        return _lzw_size(chunks, cap), b""
    size, kept = 0, []
    for piece in chunks:
        size += len(piece)
        if size > cap:
            raise TooLarge
        if keep:
            kept.append(bytes(piece))
        if counts is not None and b"Do" in piece:
            for name in _DO.findall(piece):
                counts[name] = counts.get(name, 0) + 1
    return size, b"".join(kept)


def _ascii(name: bytes, raw: bytes) -> bytes:
    if name == b"ASCIIHexDecode":
        hexdigits = re.sub(rb"[^0-9A-Fa-f]", b"", raw.split(b">", 1)[0])
        return bytes.fromhex((hexdigits + b"0" * (len(hexdigits) % 2)).decode())
    body = raw.split(b"~>", 1)[0]
    return base64.a85decode(body.replace(b"<~", b""), ignorewhitespace=True)


def _inflate(chunks):
    """The output of inflating ``chunks``, WINDOW bytes at a time; ends at the deflate end or on damage."""
    d = zlib.decompressobj()
    for chunk in chunks:
        buf = chunk
        while True:
            try:
                out = d.decompress(buf, WINDOW)
            except zlib.error:
                return  # damaged here: the parsers stop here too
            if out:
                yield out
            if d.eof:
                return
            buf = d.unconsumed_tail
            if not buf and len(out) < WINDOW:
                break


def _lzw_size(chunks, cap: int) -> int:
    """The length of an LZW stream's output (PDF's variant, early change), counting lengths only."""
    lengths = [1] * 258
    width, size, prev, acc, bits = 9, 0, None, 0, 0
    for chunk in chunks:
        for byte in bytes(chunk):
            acc = (acc << 8) | byte
            bits += 8
            while bits >= width:
                bits -= width
                code = (acc >> bits) & ((1 << width) - 1)
                acc &= (1 << bits) - 1
                if code == 256:
                    del lengths[258:]
                    width, prev = 9, None
                    continue
                if code == 257:
                    return size
                if code < len(lengths):
                    n = lengths[code]
                elif prev is not None:
                    n = lengths[prev] + 1
                else:
                    return size
                if prev is not None and len(lengths) < 4096:
                    lengths.append(lengths[prev] + 1)
                size += n
                if size > cap:
                    raise TooLarge
                prev = code
                if len(lengths) + 1 >= (1 << width) and width < 12:
                    width += 1
    return size
