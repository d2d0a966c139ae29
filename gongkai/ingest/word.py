"""Word reports: ``.docx`` read from its XML; ``.doc``/``.wps`` converted by LibreOffice first.

A ``.docx`` is a zip of XML parts. The body is read in order — paragraphs and tables as
they come, including those inside content controls — and each table is laid out on its
grid: ``w:gridSpan`` widens a cell over several grid columns, ``w:vMerge`` continues the
cell above, ``w:gridBefore``/``w:gridAfter`` skip grid columns. Merged cells are expanded
into every position they cover. Deleted text (tracked changes) is left out; a text
box's fallback copy is not read twice.

Limits against zip bombs: the number of parts and the sum of their declared uncompressed
sizes are checked before anything is decompressed (zipfile never inflates a part beyond
its declared size), and XML entities are not expanded.

``.doc`` and ``.wps`` (OLE2 binaries) are converted with LibreOffice headless
(``soffice --headless --convert-to docx``) when it is installed (``$GONGKAI_SOFFICE`` names
the executable where it is not on PATH); otherwise the error says so and names the
converter. See :func:`convert` for how a conversion is bounded and isolated.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from ..errors import GongkaiError, ReadError
from . import grid, libreoffice, limits, ole2
from .document import Document, Table, TextCell

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"w": W, "mc": MC}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Source:
    """A Word file's text and tables, and the pictures it holds where they sit (not yet read)."""

    doc: Document
    zip: zipfile.ZipFile | None = None
    lines: list[str] = field(default_factory=list)
    pictures: list[tuple[int, int, str]] = field(default_factory=list)  # line, table count, relationship id


def read_document(data: bytes, path: str) -> Document:
    """Read a .docx (or a .doc/.wps through LibreOffice), OCR'ing pictures of tables where the
    text holds none (through :func:`gongkai.ingest.flow.read`)."""
    from . import flow

    return flow.read(data, path, "docx").document


def read_source(data: bytes) -> Source:
    """Read a .docx (or a .doc/.wps through LibreOffice) into text and tables."""
    if data[:8] == ole2.MAGIC:
        source = read_source(convert_to_docx(data))
        source.doc.meta["converted_by"] = "LibreOffice"
        return source
    if data[:2] != b"PK":
        raise ReadError("不是 Word 文件（.docx 应为 zip 格式）")
    return guarded(_read_docx, data)


def guarded(read, *args):
    """``read(*args)``, with anything but gongkai's own errors said as a damaged Word file (the file
    is named by the caller, :func:`gongkai.ingest.flow.read`)."""
    try:
        return read(*args)
    except GongkaiError:
        raise
    except MemoryError:
        raise ReadError("Word 文件过大，内存不足") from None
    except Exception as e:  # zipfile and lxml raise many kinds on damaged input
        raise ReadError(f"Word 文件已损坏或被截断，无法解析（{type(e).__name__}）") from None


def open_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    """Open a zip-based document after checking its parts against the limits."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReadError(f"{kind}文件已损坏或被截断（不是完整的 zip 包）") from None
    infos = z.infolist()
    if len(infos) > limits.MAX_ZIP_MEMBERS:
        raise ReadError(f"{kind}文件包含的部件过多（{len(infos)} 个）")
    total = sum(i.file_size for i in infos)
    if total > limits.MAX_DECOMPRESSED:
        raise ReadError(f"{kind}文件解压后过大（{total} 字节，上限 {limits.MAX_DECOMPRESSED} 字节）")
    for i in infos:
        if i.filename.lower().endswith((".xml", ".rels")) and i.file_size > limits.MAX_XML_PART:
            raise ReadError(f"{kind}文件的部件解压后过大（{i.file_size} 字节，上限 {limits.MAX_XML_PART} 字节）",
                            None, i.filename)
    if any(i.flag_bits & 0x1 for i in infos):
        raise ReadError(f"{kind}文件已加密，需要密码才能打开")
    return z


def parse_xml(raw: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    return etree.fromstring(raw, parser)


def _read_docx(data: bytes) -> Source:
    z = open_zip(data, "Word ")
    names = set(z.namelist())
    if "word/document.xml" not in names:
        if "EncryptedPackage" in names:
            raise ReadError("Word 文件已加密，需要密码才能打开")
        raise ReadError("不是 Word 文件（缺少 word/document.xml）")
    root = parse_xml(z.read("word/document.xml"))
    body = root.find(_w("body"))
    doc = Document(format="docx")
    if body is None:
        raise ReadError("Word 文件没有正文")
    lines: list[str] = []
    pictures: list[tuple[int, int, str]] = []  # where each picture sits: line, table count, relationship id
    cells = 0
    for element in _blocks(body):
        if element.tag == _w("p"):
            pictures.extend((len(lines), len(doc.tables), rid) for rid in _picture_ids(element))
            text = paragraph_text(element)
            if text.strip():
                lines.append(text.strip())
        else:
            table = _table(element, len(doc.tables) + 1)
            cells += sum(len(row) for row in table.rows)
            if cells > limits.MAX_DOCUMENT_CELLS:
                raise ReadError(f"Word 文件的表格合计过大（超过 {limits.MAX_DOCUMENT_CELLS} 个单元格），不像年度报告",
                                where=f"表 {len(doc.tables) + 1}")
            if table.rows:
                doc.tables.append(table)
                lines.extend(grid.row_text(row) for row in table.rows)
    doc.text = "\n".join(lines)
    return Source(doc, z, lines, pictures)


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
MIN_PICTURE = 200  # pixels: narrower pictures (seals, logos, icons) are not read


def _picture_ids(p) -> list[str]:
    """The relationship ids of the pictures in a paragraph (DrawingML, or VML from older Word)."""
    ids = [b.get(f"{{{R}}}embed") for b in p.iter(_BLIP)] + [v.get(f"{{{R}}}id") for v in p.iter(_VML_IMAGE)]
    return [i for i in ids if i]


def _relationships(z: zipfile.ZipFile) -> dict[str, str]:
    """The main part's relationship ids and the zip names they point to (word/media/…)."""
    name = "word/_rels/document.xml.rels"
    if name not in z.namelist():
        return {}
    out = {}
    for rel in parse_xml(z.read(name)):
        target, rid = rel.get("Target") or "", rel.get("Id")
        if rid and rel.get("TargetMode") != "External":
            out[rid] = target.lstrip("/") if target.startswith("/") else "word/" + target
    return out


def _blocks(parent):
    """Paragraphs and tables of a body (or cell) in document order, through content controls."""
    for child in parent:
        if child.tag in (_w("p"), _w("tbl")):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml"), _w("ins")):
            content = child.find(_w("sdtContent")) if child.tag == _w("sdt") else child
            if content is not None:
                yield from _blocks(content)


def paragraph_text(p) -> str:
    out = []
    for node in p.iter(_w("t"), _w("tab"), _w("br"), _w("cr"), _w("noBreakHyphen")):
        if any(a.tag == f"{{{MC}}}Fallback" for a in node.iterancestors()):
            continue
        if node.tag == _w("t"):
            out.append(node.text or "")
        elif node.tag == _w("tab"):
            if node.getparent() is not None and node.getparent().tag == _w("r"):
                out.append("\t")
        elif node.tag == _w("noBreakHyphen"):
            out.append("-")
        else:
            out.append("\n")
    return "".join(out)


def _cell_text(tc) -> str:
    lines = []
    for block in _blocks(tc):
        if block.tag == _w("p"):
            lines.extend(paragraph_text(block).replace("\t", " ").split("\n"))
        else:  # a table nested in a cell: its text, row by row
            for tr in block.iter(_w("tr")):
                lines.append(" ".join(_cell_text(c) for c in tr.findall(_w("tc"))))
    return grid.join_lines(lines)


def _val(element, tag: str, default: str | None = None) -> str | None:
    node = element.find(_w(tag)) if element is not None else None
    if node is None:
        return default
    return node.get(_w("val"), "")


def _int(value: str | None, default: int) -> int:
    try:
        return max(1, min(int(value), grid.MAX_GRID)) if value is not None else default
    except ValueError:
        return default


def _table(tbl, number: int) -> Table:
    """Lay a w:tbl out on its grid and expand merged cells."""
    # Each grid position holds (text, origin) where origin is the merged cell's top-left.
    layout: list[list[tuple[str, tuple[int, int]] | None]] = []
    positions = 0
    for tr in tbl.findall(_w("tr")):
        if len(layout) >= grid.MAX_GRID * 10:
            break
        if layout:
            positions += len(layout[-1])
            if positions > limits.MAX_TABLE_CELLS:
                raise ReadError(f"Word 表格过大（超过 {limits.MAX_TABLE_CELLS} 个单元格），不像年度报告",
                                None, f"表 {number}")
        r = len(layout)
        row: list[tuple[str, tuple[int, int]] | None] = []
        trpr = tr.find(_w("trPr"))
        row.extend([None] * (_int(_val(trpr, "gridBefore"), 0) if trpr is not None else 0))
        for tc in tr.findall(_w("tc")):
            tcpr = tc.find(_w("tcPr"))
            span = _int(_val(tcpr, "gridSpan"), 1)
            vmerge = _val(tcpr, "vMerge")
            hmerge = _val(tcpr, "hMerge")
            c = len(row)
            above = layout[r - 1][c] if r > 0 and c < len(layout[r - 1]) else None
            if vmerge is not None and vmerge != "restart" and above is not None:
                entry = above
            elif hmerge is not None and hmerge != "restart" and row and row[-1] is not None:
                entry = row[-1]
            else:
                entry = (_cell_text(tc), (r, c))
            row.extend([entry] * span)
        layout.append(row)
    if positions + (len(layout[-1]) if layout else 0) > limits.MAX_TABLE_CELLS:
        raise ReadError(f"Word 表格过大（超过 {limits.MAX_TABLE_CELLS} 个单元格），不像年度报告", None, f"表 {number}")
    width = max((len(r) for r in layout), default=0)
    if width * len(layout) > limits.MAX_TABLE_CELLS:  # short rows padded to the widest
        raise ReadError(f"Word 表格过大（{len(layout)} 行 × {width} 列），不像年度报告", None, f"表 {number}")
    rows = []
    for r, entries in enumerate(layout):
        cells = []
        for c in range(width):
            entry = entries[c] if c < len(entries) else None
            if entry is None:
                cells.append(TextCell("", {"table": number, "row": r + 1, "column": c + 1}))
                continue
            text, origin = entry
            where = {"table": number, "row": origin[0] + 1, "column": origin[1] + 1}
            cells.append(TextCell(text, where, None, None if origin == (r, c) else origin))
        rows.append(cells)
    return Table(rows, {"table": number})


def convert_to_docx(data: bytes) -> bytes:
    """Convert a .doc/.wps (OLE2) to .docx with LibreOffice headless."""
    return libreoffice.convert(data, "docx", "Word 97-2003（.doc）或 WPS（.wps）文件")
