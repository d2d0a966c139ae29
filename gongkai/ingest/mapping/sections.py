"""Section text is text: the prose of each section, without the tables printed among it.

A document's running text (``Document.text``) holds its tables too — as lines of cells, as
rows of a space-aligned table, or as runs of digits (a flattened page). The six sections of
a report (:func:`gongkai.ingest.meta.sections`) are its prose: headings whole, paragraphs
joined as printed, tables out. Which lines are table lines the mapper knows: the rows it
read as tables (their line numbers, for text formats) and every table grid's cells and rows
(for HTML, Word and PDF, whose text repeats the grid's cells).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ...report import cells as C
from .. import labels
from ..document import Document
from . import meta

_SPACES = re.compile(r"[\s\u00a0\u3000]+")
_SENTENCE_END = "。！？；：!?;:"
# a paragraph heading: 一、… （一）… 1.… 第一… (short), which no wrapped line joins
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]"
                      r"|\d{1,2}[、.．]|第[一二三四五六七八九十])")
_MD_SEPARATOR = re.compile(r"^\|?:?-{2,}:?(?:\|:?-{2,}:?)*\|?$|^\|+$")  # (and pipe-only lines)
MAX_CELL = 60  # a table cell is short; a longer line is prose even when a table holds it


def _squash(text: str) -> str:
    return _SPACES.sub("", text)


def _is_heading(line: str) -> bool:
    if len(line) > 40 or any(p in line for p in "。，；,;"):
        return False
    return bool(_HEADING.match(line)) or meta.section_heading(line)


def table_lines(doc: Document, rows: Iterable) -> tuple[set[int], set[str]]:
    """Line numbers of the rows the mapper read as table rows (``rows``: mapping Rows), and the
    squashed texts of their cells and of every table grid's cells and rows (to find them in
    the running text)."""
    numbers: set[int] = set()
    texts: set[str] = set()
    lined = any("line" in row[0].where for t in doc.tables for row in t.rows[:1] if row)
    for r in rows if lined else ():  # (grids: their cells, below, are what the text repeats)
        if not r.values and len(r.labels) + len(r.lead) <= 1 and not _table_row(r.text):
            continue  # prose (or a heading) read as a one-cell row
        for cells in (r.labels, r.values, r.lead):
            for c in cells:
                line = c.where.get("line")
                if line is not None:
                    numbers.add(line)
                t = c.text
                if t and len(t) <= MAX_CELL:
                    texts.add(_squash(t) if " " in t or "\u3000" in t else t)
    for table in doc.tables:
        for row in table.rows:
            if row and "line" in row[0].where:
                continue  # text formats: the rows are the lines themselves, prose too (numbers above)
            joined = "".join([c.text for c in row if c.span_of is None])
            if not joined:
                continue
            if " " in joined or "\u3000" in joined or "\u00a0" in joined or "\t" in joined:
                joined = _squash(joined)
                texts.update(_squash(c.text) for c in row if c.span_of is None and len(c.text) <= MAX_CELL)
            else:
                texts.update(c.text for c in row if c.span_of is None and len(c.text) <= MAX_CELL)
            texts.add(joined)
    return numbers, texts


@lru_cache(maxsize=4096)
def _table_row(text: str) -> bool:
    return _table_words(text) or _fragment(text)


def _fragment(text: str) -> bool:
    """A short piece of a header cell a converter left on a line of its own, inside a table
    (年度办 / 理结果, 结果结果其他尚未): no sentence, at most 16 characters."""
    t = _squash(text)
    return 0 < len(t) <= 16 and not any(p in t for p in "。，；：,;:") and not meta.section_heading(t)


def _table_words(text: str) -> bool:
    """A one-cell row that is a table's label or header, not prose."""
    if "。" in text:
        return False
    words = text.split()
    if len(words) > 1:  # header cells on one line (商业企业  科研机构  社会公益组织 …)
        return all(_table_words(w) for w in words)
    if len(text) <= 240 and labels.table_marker(text) and not meta.section_heading(text):
        return True  # 申请人情况, （本列数据的勾稽关系为…）, 行政复议 … 行政诉讼
    if len(text) > MAX_CELL:
        return False
    return bool(labels.app_row_candidates(text) or labels.art20_item(text) or labels.header_version(text)
                or labels.appeal_group(text) or labels.norm(text) in _HEADER_WORDS)


_HEADER_WORDS = frozenset(labels.norm(w) for w in (
    "信息内容", "申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
    "其他", "总计", "结果维持", "结果纠正", "其他结果", "尚未审结", "行政复议", "行政诉讼", "未经复议直接起诉",
    "复议后起诉", "本年度办理结果", "上一年项目数量", "本年增/减", "处理决定数量", "本年处理决定数量", "本年收费金额",
    "采购项目数量", "采购总金额", "本年新制作数量", "本年新公开数量", "对外公开总数量", "本年制发件数", "本年废止件数",
    "现行有效件数", "三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理",
    "（六）其他处理"))


def prose(doc: Document, rows: Iterable) -> str:
    """``doc.text`` without its table lines; in typeset formats (PDF, OCR) the lines a paragraph
    was wrapped into are joined again."""
    rows = list(rows)
    text = doc.text
    if any("offset" in c.where for r in rows[:8] for c in r.labels + r.values):
        text = _cut_flattened(text, rows)  # a flattened page: its tables run on in the prose's lines
    numbers, texts = table_lines(doc, rows) if text is doc.text else (set(), set())
    blob = "\n".join(texts)  # a cell broken over lines (本年新<br>制作数量) leaves pieces of it
    keep: list[str] = []
    heading = meta.section_heading
    for i, line in enumerate(text.split("\n"), 1):
        if i in numbers and "。" not in line:  # a table row's line (text formats: most of them)
            if len(line) <= 60 and heading(line):
                keep.append(line)  # a section heading stays, whatever row it was read in
            continue
        s = line.strip(" \t\u00a0\u3000")
        if not s:
            keep.append("")
            continue
        if " " in s or "\t" in s or "\u3000" in s or "\u00a0" in s:
            s = _squash(s)
        if (s in texts or (len(s) <= 16 and s in blob) or (s[0] in "|:-" and _MD_SEPARATOR.match(s))) \
                and "。" not in s and not (len(s) <= 40 and heading(s)):
            continue  # a table line (a line with a sentence in it stays: a flattened page's prose)
        if len(s) <= 12 and labels.is_page_footer(s):
            continue
        keep.append(line)
    if doc.format in ("pdf", "ocr", "image", "markdown"):  # (a Word paragraph is a paragraph)
        keep = join_wrapped(keep)
    return "\n".join(keep)


def _heading_end(text: str) -> int:
    """Where a section heading at the start of a flattened cell ends (0: none there)."""
    if not meta.section_heading(text):
        return 0
    end = 0
    for _, title in C.SECTIONS:
        at = text.find(title[2:])
        if 0 <= at <= 4:
            end = max(end, at + len(title) - 2)
    return end


def _cut_flattened(text: str, rows: list) -> str:
    """A flattened page's text without its tables: each table row's printed cells (found at
    the offsets the flattened reader kept) cut out, the prose around them kept on its own lines."""
    spans: list[tuple[int, int]] = []
    for r in rows:
        if not r.values and len(r.labels) + len(r.lead) <= 1 and not _table_row(r.text) \
                and not _table_row(r.text[_heading_end(r.text):].strip()):  # (heading, then the header)
            continue
        for c in r.labels + r.values + r.lead:
            at = c.where.get("offset")
            if at is None or not c.text:
                continue
            start = text.find(c.text, at)
            if start < 0:
                continue
            skip = _heading_end(c.text)  # a section heading printed just before the table stays
            spans.append((start + skip, start + len(c.text)))
    if not spans:
        return text
    out, pos = [], 0
    for start, end in sorted(spans):
        if start >= pos:
            out.append(text[pos:start])
            pos = end
        else:
            pos = max(pos, end)
    out.append(text[pos:])
    return "\n".join(out)


def join_wrapped(lines: list[str]) -> list[str]:
    """Lines wrapped at the page's margin, joined into their paragraphs: a line continues the
    one before when that one is long, ends in no sentence-final punctuation and is no heading,
    and this one is no heading."""
    out: list[str] = []
    for line in lines:
        s = line.strip(" \t\u00a0\u3000")
        if out and s and out[-1]:
            prev = out[-1]
            if (len(prev) >= 20 and prev[-1] not in _SENTENCE_END and not _is_heading(prev)
                    and not _is_heading(s)):
                out[-1] = prev + s
                continue
        out.append(s)
    return out
