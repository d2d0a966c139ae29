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
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
import zipfile

from ..errors import GongkaiError, ReadError, UnsupportedFormat
from . import grid, limits
from .document import Document, Table, TextCell

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"w": W, "mc": MC}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def read_document(data: bytes, path: str) -> Document:
    """Read a .docx (or a .doc/.wps through LibreOffice) into text and tables."""
    if data[:8] == OLE2:
        doc = read_document(convert_to_docx(data, path), path)
        doc.meta["converted_by"] = "LibreOffice"
        return doc
    if data[:2] != b"PK":
        raise ReadError("不是 Word 文件（.docx 应为 zip 格式）", path)
    try:
        return _read_docx(data, path)
    except GongkaiError:
        raise
    except MemoryError:
        raise ReadError("Word 文件过大，内存不足", path) from None
    except Exception as e:  # zipfile and lxml raise many kinds on damaged input
        raise ReadError(f"Word 文件已损坏或被截断，无法解析（{type(e).__name__}）", path) from None


def open_zip(data: bytes, path: str, kind: str) -> zipfile.ZipFile:
    """Open a zip-based document after checking its parts against the limits."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReadError(f"{kind}文件已损坏或被截断（不是完整的 zip 包）", path) from None
    infos = z.infolist()
    if len(infos) > limits.MAX_ZIP_MEMBERS:
        raise ReadError(f"{kind}文件包含的部件过多（{len(infos)} 个）", path)
    total = sum(i.file_size for i in infos)
    if total > limits.MAX_DECOMPRESSED:
        raise ReadError(f"{kind}文件解压后过大（{total} 字节，上限 {limits.MAX_DECOMPRESSED} 字节）", path)
    if any(i.flag_bits & 0x1 for i in infos):
        raise ReadError(f"{kind}文件已加密，需要密码才能打开", path)
    return z


def parse_xml(raw: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    return etree.fromstring(raw, parser)


def _read_docx(data: bytes, path: str) -> Document:
    z = open_zip(data, path, "Word ")
    names = set(z.namelist())
    if "word/document.xml" not in names:
        if "EncryptedPackage" in names:
            raise ReadError("Word 文件已加密，需要密码才能打开", path)
        raise ReadError("不是 Word 文件（缺少 word/document.xml）", path)
    root = parse_xml(z.read("word/document.xml"))
    body = root.find(_w("body"))
    doc = Document(path=path, format="docx")
    if body is None:
        raise ReadError("Word 文件没有正文", path)
    lines: list[str] = []
    for element in _blocks(body):
        if element.tag == _w("p"):
            text = paragraph_text(element)
            if text.strip():
                lines.append(text.strip())
        else:
            table = _table(element, len(doc.tables) + 1)
            if table.rows:
                doc.tables.append(table)
                lines.extend(grid.row_text(row) for row in table.rows)
    doc.text = "\n".join(lines)
    return doc


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
    for tr in tbl.findall(_w("tr")):
        if len(layout) >= grid.MAX_GRID * 10:
            break
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
    width = max((len(r) for r in layout), default=0)
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


def soffice() -> str | None:
    """The LibreOffice executable: ``$GONGKAI_SOFFICE`` if set, else ``soffice``/``libreoffice`` on PATH."""
    return os.environ.get("GONGKAI_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, path: str) -> bytes:
    """Convert a .doc/.wps (OLE2) to .docx with LibreOffice headless."""
    return convert(data, path, "docx", "Word 97-2003（.doc）或 WPS（.wps）文件")


# target → (what the input must hold, its name for LibreOffice's type detection, the export filter)
_CONVERSIONS = {"docx": ("doc", "input.doc", "docx:MS Word 2007 XML"),
                "xlsx": ("xls", "input.xls", "xlsx:Calc MS Excel 2007 XML")}


def convert(data: bytes, path: str, target: str, kind: str) -> bytes:
    """Convert an office binary to ``target`` (``docx``/``xlsx``) with LibreOffice headless.

    The input is checked first: a damaged, encrypted or other kind of compound file is refused
    without starting LibreOffice (:func:`detect.ole2_check`). A .wps holds Word's binary format and
    is handed over as a .doc, a .et as a .xls. Each conversion runs in its own temporary directory
    with its own throwaway LibreOffice profile (so concurrent conversions never share one), in its
    own process group, which is killed when it overruns :data:`limits.CONVERT_SECONDS`; the
    directory is removed afterwards.
    """
    from .detect import compound, ole2_check

    want, name, export = _CONVERSIONS[target]
    if compound(data) is not None:
        ole2_check(data, path, want)  # encrypted, or the other kind: said even where LibreOffice is missing
    exe = soffice()
    if exe is None:
        raise UnsupportedFormat(
            f"这是{kind}，需要 LibreOffice（soffice）转换为 .{target}，但本机未安装 LibreOffice；"
            f"请安装 LibreOffice（Debian：apt-get install libreoffice-writer-nogui libreoffice-calc-nogui），"
            f"或将文件另存为 .{target} 后再读取", path)
    ole2_check(data, path, want)  # damaged
    seconds = limits.CONVERT_SECONDS
    with tempfile.TemporaryDirectory(prefix="gongkai-soffice-") as tmp:
        src, outdir = os.path.join(tmp, name), os.path.join(tmp, "out")
        with open(src, "wb") as f:
            f.write(data)
        profile = pathlib.Path(tmp, "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--nologo", "--norestore",
               "--nolockcheck", "--nodefault", "--convert-to", export, "--outdir", outdir, src]
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, start_new_session=True, cwd=tmp)
        except OSError as e:
            raise UnsupportedFormat(f"无法运行 LibreOffice（{exe}）：{e.strerror}；需要 LibreOffice 转换{kind}",
                                    path) from None
        try:
            _, err = proc.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise limits.Timeout(f"LibreOffice（soffice）转换超时（超过 {seconds:g} 秒），已终止转换", path) from None
        finally:
            if proc.returncode is None:  # interrupted: leave no converter behind
                _kill(proc)
        out = os.path.join(outdir, os.path.splitext(name)[0] + "." + target)
        if not os.path.isfile(out) or os.path.getsize(out) == 0:
            said = [line for line in err.decode("utf-8", "replace").splitlines()
                    if line.strip() and "javaldx" not in line]
            detail = f"；LibreOffice 输出：{said[-1].strip()[:200]}" if said else ""
            raise ReadError(f"LibreOffice（soffice）未能转换此文件，没有生成 .{target}"
                            f"（退出码 {proc.returncode}{detail}）；文件可能已损坏或加密", path)
        if os.path.getsize(out) > limits.MAX_DECOMPRESSED:
            raise ReadError("转换后的文件过大", path)
        with open(out, "rb") as f:
            return f.read()


def _kill(proc: subprocess.Popen) -> None:
    """Kill the converter and everything it started (its process group), and reap it."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:  # a grandchild left the group and holds the pipe open
        proc.kill()
        proc.wait()
