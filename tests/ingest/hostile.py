"""Hostile documents built byte by byte: decompression bombs in PDFs, .docx and .xlsx files.

Each is small on disk and large when expanded; the readers must refuse them with gongkai's
own error before expanding them (see :mod:`gongkai.ingest.pdf_streams` and
:func:`gongkai.ingest.word.open_zip`).
"""

from __future__ import annotations

import functools
import io
import json
import os
import subprocess
import sys
import zipfile
import zlib

MIB = 1 << 20


@functools.cache
def deflate_zeros(size: int) -> bytes:
    """``size`` zero bytes, deflated (≈ 1 KB per MB)."""
    c = zlib.compressobj(9)
    chunk = bytes(16 * MIB)
    out, left = [], size
    while left:
        n = min(len(chunk), left)
        out.append(c.compress(chunk[:n]))
        left -= n
    out.append(c.flush())
    return b"".join(out)


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given object bodies (numbered from 1; 1 is the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(entries: bytes, data: bytes) -> bytes:
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
ONE_PAGE = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"


def page(extra: bytes = b"", contents: bytes = b"4 0 R") -> bytes:
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + extra + b" /Contents " + contents + b" >>"


def pdf_content_bomb(size: int = 1 << 30) -> bytes:
    """One page whose content stream inflates to ``size`` bytes (1 GiB: a 1 MB file)."""
    return pdf([CATALOG, ONE_PAGE, page(), stream(b"/Filter /FlateDecode", deflate_zeros(size))])


def pdf_double_bomb(size: int = 1 << 30) -> bytes:
    """Two layers of /FlateDecode: 1 GiB from about 2 KB."""
    inner = deflate_zeros(size)
    return pdf([CATALOG, ONE_PAGE, page(), stream(b"/Filter [/FlateDecode /FlateDecode]", zlib.compress(inner, 9))])


def pdf_image_bomb(width: int = 32768, height: int = 32768) -> bytes:
    """A page that is one picture of ``width`` × ``height`` gray pixels (1 GiB decoded)."""
    return pdf([CATALOG, ONE_PAGE, page(b"/Resources << /XObject << /Im1 5 0 R >> >>"),
                stream(b"", b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
                stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 /Filter /FlateDecode" % (width, height), deflate_zeros(width * height))])


def pdf_form_repeat(form_ops: int = 400_000, draws: int = 2000) -> bytes:
    """A 7 MB form of drawn lines (80 KB compressed), drawn 2,000 times by one page."""
    ops = b"0 0 m 100 100 l S\n" * form_ops
    return pdf([CATALOG, ONE_PAGE, page(b"/Resources << /XObject << /Fm1 5 0 R >> >>"),
                stream(b"/Filter /FlateDecode", zlib.compress(b"q /Fm1 Do Q\n" * draws, 9)),
                stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Filter /FlateDecode",
                       zlib.compress(ops, 9))])


def pdf_contents_repeat(ops: int = 400_000, times: int = 50) -> bytes:
    """A page whose /Contents array names one 7 MB stream 50 times."""
    data = zlib.compress(b"0 0 m 100 100 l S\n" * ops, 9)
    return pdf([CATALOG, ONE_PAGE, page(contents=b"[" + b"4 0 R " * times + b"]"),
                stream(b"/Filter /FlateDecode", data)])


def pdf_fonts_bomb(fonts: int = 8, size: int = 60 * MIB) -> bytes:
    """Eight pages, each with its own embedded font program of 60 MiB (under the cap for one font)."""
    font = deflate_zeros(size)
    objects = [CATALOG, b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (3 + 5 * i) for i in range(fonts))
               + b"] /Count %d >>" % fonts]
    for i in range(fonts):
        base = 3 + 5 * i
        objects += [
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
            b"/Contents %d 0 R >>" % (base + 2, base + 1),
            stream(b"", b"BT /F1 12 Tf 72 720 Td (Hello 123) Tj ET"),
            b"<< /Type /Font /Subtype /TrueType /BaseFont /Bomb%d /FirstChar 32 /LastChar 126 "
            b"/FontDescriptor %d 0 R >>" % (i, base + 3),
            b"<< /Type /FontDescriptor /FontName /Bomb%d /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
            b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 %d 0 R >>" % (i, base + 4),
            stream(b"/Filter /FlateDecode /Length1 %d" % size, font),
        ]
    return pdf(objects)


def zip_package(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOCX_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              b'<Default Extension="xml" ContentType="application/xml"/></Types>')


def docx_paragraph_bomb(paragraphs: int = 30_000_000) -> bytes:
    """A .docx whose document.xml is 180 MB of empty paragraphs (260 KB zipped; under the 200 MB package cap)."""
    body = b"<w:document " + W_NS + b"><w:body>" + b"<w:p/>" * paragraphs + b"</w:body></w:document>"
    return zip_package({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": body})


def docx_table_bomb(rows: int = 600, columns: int = 1000) -> bytes:
    """A .docx with one table of 600 × 1,000 empty cells (11 MB of XML, under the part cap)."""
    row = b"<w:tr>" + b"<w:tc><w:p/></w:tc>" * columns + b"</w:tr>"
    body = b"<w:document " + W_NS + b"><w:body><w:tbl>" + row * rows + b"</w:tbl></w:body></w:document>"
    return zip_package({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": body})


def xlsx_cells(rows: int, columns: int = 20) -> bytes:
    """A workbook of one sheet holding ``rows`` × ``columns`` numbers."""
    letters = [chr(ord("A") + i) for i in range(columns)]
    sheet = io.BytesIO()
    sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    for r in range(1, rows + 1):
        sheet.write(b'<row r="%d">' % r + b"".join(b'<c r="%s%d"><v>1</v></c>' % (c.encode(), r) for c in letters)
                    + b"</row>")
    sheet.write(b"</sheetData></worksheet>")
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return zip_package({
        "[Content_Types].xml": (
            b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="xml" ContentType="application/xml"/>'
            b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            b'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
            b'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                        f'</Relationships>').encode(),
        "xl/workbook.xml": (f'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                            f'xmlns:r="{rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets>'
                            f'</workbook>').encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'</Relationships>').encode(),
        "xl/worksheets/sheet1.xml": sheet.getvalue(),
    })


CHILD = """
import json, sys
from gongkai.errors import GongkaiError
from gongkai.ingest import read
try:
    read(sys.argv[1])
    outcome = {"read": True}
except GongkaiError as e:
    outcome = {"error": type(e).__name__, "message": str(e)}
except BaseException as e:  # what must never happen: recorded, not raised, so the peak is still reported
    outcome = {"error": type(e).__name__, "message": repr(e)[:300], "foreign": True}
with open("/proc/self/status") as f:
    outcome["peak_kib"] = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
print(json.dumps(outcome, ensure_ascii=False))
"""


def read_in_child(path: str, timeout: float = 300) -> dict:
    """Read ``path`` with ``gongkai.ingest.read`` in a fresh process: its outcome and its own peak
    resident memory (``VmHWM``: PDFium, lxml and OpenVINO included, which tracemalloc does not see)."""
    done = subprocess.run([sys.executable, "-c", CHILD, path], capture_output=True, text=True, timeout=timeout,
                          env=child_env())
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def child_env() -> dict[str, str]:
    """The environment with this tree first on the path (the child imports the gongkai under test)."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in [root, os.environ.get("PYTHONPATH")] if p)}
