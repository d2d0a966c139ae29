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
from itertools import islice

from lxml import etree

from ..errors import ReadError
from .detect import decode_text, meta_charset
from .document import Document, Table, TextCell

MAX_SPAN = 64
_CELL_TAGS = frozenset(("td", "th"))
MAX_ROWS = 400
# Grid positions (spans expanded) one table, and all tables of a page, may fill. A statutory
# table has a few hundred; rows of colspan=64 cells would otherwise fill gigabytes.
MAX_TABLE_CELLS = 100_000
MAX_PAGE_CELLS = 400_000
_DROP = ("script", "style", "noscript", "iframe", "svg", "template", "object", "head")
_BLOCK = {"p", "div", "br", "tr", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
          "article", "header", "footer", "nav", "blockquote", "pre", "hr", "dd", "dt", "dl", "caption", "tbody",
          "thead", "center", "title", "form"}
_WS = re.compile(r"[ \t\r\f\v]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def read_document(data: bytes) -> Document:
    text = decode_text(data, declared=meta_charset(data))
    return read_html(text)


def read_html(html: str) -> Document:
    if not html.strip():
        raise ReadError("HTML 文件为空")
    # lxml rejects str input that carries an XML encoding declaration, and control characters
    html = _CONTROL.sub(" ", re.sub(r"^\s*<\?xml[^>]*\?>", "", html))
    if "\u0130" in html:  # the one character whose lower case is two: keep offsets in lower == html's
        html = html.replace("\u0130", "I")
    lower = html.lower()
    text = _text(html, lower)
    # Only the stretch from the first <table> to the last </table> is parsed: the page's
    # text comes from the source (_text), and portal pages are mostly navigation.
    start, end = lower.find("<table"), lower.rfind("</table")
    if start < 0:
        return Document(format="html", text=text, tables=[])
    end = len(html) if end < start else html.find(">", end) + 1 or len(html)
    try:
        root = etree.HTML(html[start:end], parser=_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise ReadError(f"无法解析 HTML：{e}") from None
    if root is None:
        return Document(format="html", text=text, tables=[])
    for el in list(root.iter(*_DROP)):
        parent = el.getparent()
        if parent is not None:
            _remove(el, parent)
    tables: list[Table] = []
    filled = 0
    for t_el in root.iter("table"):
        if any(True for _ in t_el.iter("table") if _ is not t_el):
            continue  # a layout table around other tables
        number = len(tables) + 1
        table = _table(t_el, number, min(MAX_TABLE_CELLS, MAX_PAGE_CELLS - filled))
        filled += sum(len(r) for r in table.rows)
        if table.rows:
            tables.append(table)
    return Document(format="html", text=text, tables=tables)


def _parser():
    return etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)


def _remove(el, parent) -> None:
    """Drop an element but keep the text that follows it."""
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _cell_text(el) -> str:
    # <br> holds no text: the lines of a cell join (本年新<br>制作数量 → 本年新制作数量)
    # nested markup (<p><span>…</span></p>): lxml's text serialiser, 4× faster than itertext()
    t = el.text if len(el) == 0 else etree.tostring(el, method="text", encoding=str, with_tail=False)
    if not t:
        return ""
    if "\n" in t:
        t = t.replace("\n", "")
    if "  " in t or "\t" in t or "\r" in t or "\f" in t or "\v" in t:
        t = _WS.sub(" ", t)
    return t.strip(" ")


def _rows(t_el) -> list:
    """The rows of a table that holds no other table."""
    return list(islice(t_el.iter("tr"), MAX_ROWS))


def _span(el, name: str) -> int:
    v = el.get(name)
    if v is None:
        return 1
    if v.isdigit():
        return max(1, min(MAX_SPAN, int(v)))
    digits = re.sub(r"\D", "", v)
    return max(1, min(MAX_SPAN, int(digits))) if digits else 1


def _too_big(number: int, row: int, cap: int) -> ReadError:
    what = (f"一个表格展开合并单元格后超过 {MAX_TABLE_CELLS} 个单元格位置" if cap >= MAX_TABLE_CELLS
            else f"页面中的表格展开合并单元格后合计超过 {MAX_PAGE_CELLS} 个单元格位置")
    return ReadError(f"HTML 表格过大（{what}），不是年度报告的表格", where=f"第 {number} 个表格第 {row} 行")


def _table(t_el, number: int, cap: int = MAX_TABLE_CELLS) -> Table:
    trs = _rows(t_el)
    n = len(trs)
    at: list[dict[int, TextCell]] = [{} for _ in range(n)]  # per row: column → cell
    filled = 0
    for r, tr in enumerate(trs):
        here = at[r]
        if filled > cap:
            raise _too_big(number, r, cap)
        c = 0
        for td in tr:
            if td.tag not in _CELL_TAGS:  # lxml's HTML parser gives tags in lower case
                continue
            while c in here:  # taken by a cell spanning down from a row above
                c += 1
            attrib = td.attrib
            rs = _span(td, "rowspan") if "rowspan" in attrib else 1
            cs = _span(td, "colspan") if "colspan" in attrib else 1
            where = {"table": number, "row": r + 1, "column": c + 1}
            here[c] = origin = TextCell(_cell_text(td), where)
            filled += 1
            if rs > 1 or cs > 1:
                filled += min(rs, n - r) * cs - 1
                if filled > cap:
                    raise _too_big(number, r + 1, cap)
                for dr in range(min(rs, n - r)):
                    below = at[r + dr]
                    for dc in range(cs):
                        if (dr or dc) and c + dc not in below:
                            below[c + dc] = TextCell(origin.text, where, None, (r, c))
            c += cs
    width_sum = 0
    for r in range(n):  # short rows are padded to their last column: count the padding too
        width_sum += max(at[r]) + 1 if at[r] else 0
        if width_sum > cap:
            raise _too_big(number, r + 1, cap)
    last = max((r for r in range(n) if at[r]), default=-1)
    if last < 0:
        return Table([], {"table": number})
    rows = []
    for r in range(last + 1):
        here = at[r]
        width = max(here) + 1 if here else 0
        if len(here) == width:
            rows.append([here[c] for c in range(width)])
            continue
        # a short row: the positions it does not print are empty
        rows.append([here[c] if c in here else TextCell("", {"table": number, "row": r + 1, "column": c + 1})
                     for c in range(width)])
    return Table(rows, {"table": number})


def _any_case(name: str) -> str:
    return "".join(f"[{ch}{ch.upper()}]" for ch in name)


# letter classes ([sS]…) rather than re.IGNORECASE, which slows the scan for "<" threefold
_DROP_OPEN = re.compile(r"<!--|<(" + "|".join(_any_case(n) for n in ("script", "style", "noscript", "iframe", "svg",
                                                                      "template", "object")) + r")\b")

# one split of the source at its tags (bounded, so that text full of unclosed "<" stays
# linear): text, tag name, text, tag name …; each name is then looked up once per page
_TAG_SPLIT = re.compile(r"<(/?[A-Za-z][A-Za-z0-9]*)[^<>]{0,4000}>|<[^<>]{0,4000}>")
_TAG_OUT: dict[str | None, str] = {None: ""}


def _tag_out(tag: str) -> str:
    """What a tag leaves in the text: a block a line break, an opening cell a tab."""
    name = tag.lstrip("/").lower()
    if name in _BLOCK:
        return "\n"
    if name in ("td", "th") and not tag.startswith("/"):
        return "\t"
    return ""


def _drop_blocks(html: str, lower: str | None = None) -> str:
    """The source without comments, scripts, styles and frames (one linear pass; an element
    never closed runs to the end, as in a browser). ``lower``: ``html.lower()``, if at hand."""
    lower = html.lower() if lower is None else lower
    out, pos = [], 0
    while True:
        m = _DROP_OPEN.search(html, pos)
        if not m:
            out.append(html[pos:])
            return " ".join(out)
        out.append(html[pos:m.start()])
        close = "-->" if m.group(0) == "<!--" else f"</{m.group(1).lower()}"
        end = lower.find(close, m.end())
        if end < 0:
            return " ".join(out)
        gt = html.find(">", end)
        pos = len(html) if gt < 0 else gt + 1


def _text(html: str, lower: str | None = None) -> str:
    """The page's text in reading order: blocks on their own lines, table cells tab-separated.

    Done on the source with a few linear regular expressions (much faster than walking the
    tree in Python); entities are decoded after the tags are gone.
    """
    import html as html_lib

    parts = _TAG_SPLIT.split(_drop_blocks(html, lower))
    for i in range(1, len(parts), 2):
        out = _TAG_OUT.get(parts[i])
        if out is None:
            out = _tag_out(parts[i])
            if len(_TAG_OUT) < 4096:
                _TAG_OUT[parts[i]] = out
        parts[i] = out
    t = "".join(parts)
    t = _WS.sub(" ", html_lib.unescape(t))
    return "\n".join(ln for ln in (s.strip(" \u00a0") for s in t.split("\n")) if ln)
