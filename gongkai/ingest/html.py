"""HTML pages as saved from government sites (or fragments of them).

The charset a page declares in a ``<meta>`` tag is honoured, then detected (UTF-8,
GB18030/GBK, UTF-16). Scripts, styles and frames are dropped; navigation stays in the text
but is no table. Only tables that hold no other table are read (sites wrap content in
layout tables); ``rowspan``/``colspan`` are expanded so that every grid position holds its
cell, copies pointing at their origin (``span_of``); ``<br>`` inside a cell joins its lines
(``本年新<br>制作数量`` → ``本年新制作数量``); ``&nbsp;`` is a blank cell.

Provenance: ``{"table": t, "row": r, "column": c}`` (1-based, in the page's leaf tables).
"""

from __future__ import annotations

import re

from ..errors import ReadError
from .detect import decode_text, meta_charset
from .document import Document, Table, TextCell

MAX_SPAN = 64
MAX_ROWS = 400
_DROP = ("script", "style", "noscript", "iframe", "svg", "template", "object", "head")
_BLOCK = {"p", "div", "br", "tr", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
          "article", "header", "footer", "nav", "blockquote", "pre", "hr", "dd", "dt", "dl", "caption", "tbody",
          "thead", "center", "title", "form"}
_WS = re.compile(r"[ \t\r\f\v]+")


def read_document(data: bytes, path: str) -> Document:
    text = decode_text(data, path, declared=meta_charset(data))
    return read_html(text, path)


def read_html(html: str, path: str = "") -> Document:
    import lxml.html
    from lxml import etree

    if not html.strip():
        raise ReadError("HTML 文件为空", path)
    # lxml rejects str input that carries an XML encoding declaration
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as e:
        raise ReadError(f"无法解析 HTML：{e}", path) from None
    for el in root.iter(*_DROP):
        if el.getparent() is not None:
            el.drop_tree()
    tables: list[Table] = []
    for t_el in root.iter("table"):
        if any(True for _ in t_el.iter("table") if _ is not t_el):
            continue  # a layout table around other tables
        number = len(tables) + 1
        table = _table(t_el, number)
        if table.rows:
            tables.append(table)
    text = _text(root)
    return Document(path=path, format="html", text=text, tables=tables)


def _cell_text(el) -> str:
    parts: list[str] = []

    def walk(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag.lower() not in _DROP:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return _WS.sub(" ", "".join(parts).replace("\n", "")).strip(" ")


def _rows(t_el) -> list:
    """The table's own rows (not those of a nested table)."""
    out = []
    for tr in t_el.iter("tr"):
        anc = tr.getparent()
        while anc is not None and anc.tag != "table":
            anc = anc.getparent()
        if anc is t_el:
            out.append(tr)
        if len(out) >= MAX_ROWS:
            break
    return out


def _span(el, name: str) -> int:
    try:
        return max(1, min(MAX_SPAN, int(re.sub(r"\D", "", el.get(name, "1")) or 1)))
    except ValueError:
        return 1


def _table(t_el, number: int) -> Table:
    grid: dict[tuple[int, int], TextCell] = {}
    trs = _rows(t_el)
    for r, tr in enumerate(trs):
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            rs, cs = _span(td, "rowspan"), _span(td, "colspan")
            where = {"table": number, "row": r + 1, "column": c + 1}
            origin = TextCell(_cell_text(td), where)
            for dr in range(rs):
                if r + dr >= len(trs):
                    break
                for dc in range(cs):
                    if dr == 0 and dc == 0:
                        grid[(r, c)] = origin
                    elif (r + dr, c + dc) not in grid:
                        grid[(r + dr, c + dc)] = TextCell(origin.text, where, None, (r, c))
            c += cs
    if not grid:
        return Table([], {"table": number})
    nrows = max(r for r, _ in grid) + 1
    rows = []
    for r in range(nrows):
        width = max((c for rr, c in grid if rr == r), default=-1) + 1
        rows.append([grid.get((r, c), TextCell("", {"table": number, "row": r + 1, "column": c + 1}))
                     for c in range(width)])
    return Table(rows, {"table": number})


def _text(root) -> str:
    """The page's text in reading order: blocks on their own lines, table cells tab-separated."""
    out: list[str] = []

    def walk(node) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in _BLOCK:
            out.append("\n")
        if tag in ("td", "th"):
            out.append("\t")
        if node.text:
            out.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                out.append(child.tail)
        if tag in _BLOCK:
            out.append("\n")

    body = root.find("body")
    walk(body if body is not None else root)
    text = "".join(out).replace("\r", "")
    lines = [_WS.sub(" ", ln).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)
