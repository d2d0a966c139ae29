"""Tables printed without rules, rebuilt from where their text stands on the page.

Some producers print the statutory tables with no borders (a Word table styled "no
borders", a typesetter's plain grid). Such a page holds no rule from which
:mod:`gongkai.ingest.grid` could cut cells, only text laid out in columns. The idea is
pdfplumber's text strategy for finding tables (words aligned in columns stand for the
rules); here it is a straight chain of steps, run on a page without ruled tables:

1. :func:`~gongkai.ingest.baselines.text_lines` — characters into lines by their
   baselines, lines into words at their gaps;
2. :func:`rows_of_numbers` — a line that ends in numbers (or dashes) standing apart from
   its words is a row of a table: its label, then its values;
3. :func:`regions` — rows of numbers close together with nothing like prose between
   them are one table; the header lines right above (and a label's last lines right
   below) belong to it. A table is kept when a header stands over its numbers or a row
   holds two numbers or more (or it continues a table at the top of a page);
4. :func:`bands` — a header and the rows under it (表二 has one per 第二十条 item);
5. :func:`columns` — a band's value columns: the x-extents of its numbers, merged where
   they overlap, and header words standing over a gap (a column printed blank in every
   row); a header word over two columns is a group header, not a column;
6. and 7. in :mod:`gongkai.ingest.unruled_grid` — label lines joined into cells and
   cells to their rows (a label wrapped above and below its numbers joins its row), and
   the :class:`~gongkai.ingest.grid.Grid`.

Lines that end a page and look like a table's header with nothing under it are handed
back apart (:func:`header_tail`): the PDF reader makes them a table when the next page
starts with an unruled table's rows. Nothing is guessed (two numbers in one column leave
the row's values unread, see :mod:`gongkai.ingest.unruled_grid`). The work is bounded:
at most :data:`MAX_LINES` lines per page and :data:`MAX_COLUMNS` columns per band.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..report import values
from .baselines import WORD_GAP, TextLine, median, merge, overlap, text_lines
from .grid import Grid, GridCell, Piece, line_text
from .unruled_grid import ENUMERATED, STACK_GAP, Band, build, fragments

MAX_LINES = 400  # text lines per page considered
MAX_COLUMNS = 60  # value columns per band
VALUE_GAP = 1.0  # × height: numbers stand at least this far right of their label
ROW_GAP = 6.0  # × height: rows of numbers further apart than this are two tables
HEAD_GAP = 0.9  # × height, or 1.3 × the usual gap between the table's lines: a header line's gap
LONE_HEAD_GAP = 1.2  # × height: the same above a table of one row
OVER_GAP = 4.0  # × height: the gap allowed a header whose words stand over the numbers' columns
TALL = 1.2  # × height: a line this much taller than the table's rows is not in it
_DASHES = set("—-–－/／\\×*＊")
_SENTENCE_END = "。！？；!?;"
_PAGE_NUMBER = re.compile(r"^[\s\-—–－~·.]*(第\s*)?[0-9０-９]+(\s*页)?(\s*/\s*(共\s*)?[0-9]+\s*页?)?[\s\-—–－~·.]*$")


# --- 2. rows of numbers ----------------------------------------------------------------------

def is_value(text: str) -> bool:
    """A number (an amount with its unit too) or what is printed for "none" (—, /, 无)."""
    t = values.normalize(text)
    if not t:
        return False
    if t == "无" or all(ch in _DASHES for ch in t):
        return True
    return values.read(t)[0] in ("int", "decimal")


def rows_of_numbers(lines: list[TextLine]) -> None:
    """Mark each line that ends in values standing apart from its words (``labels``, ``values``)."""
    for line in lines:
        words = line.words
        k = len(words)
        while k and is_value(words[k - 1].text):
            k -= 1
        if k == len(words) or _PAGE_NUMBER.match(line_text(line.pieces)):
            continue
        if k and words[k].x0 - words[k - 1].x1 < VALUE_GAP * line.height:
            continue  # a number in running text (共 12)
        if not k and not any(ch.isdigit() for w in words for ch in w.text):
            continue  # dashes alone: a rule drawn with characters
        line.labels, line.values = words[:k], words[k:]


# --- 3. regions ------------------------------------------------------------------------------

@dataclass(eq=False)
class Region:
    lines: list[TextLine]
    height: float  # the rows' character height
    split: float  # x: label words stand left of it, values and their headers right of it


@dataclass(eq=False)
class _Rows:
    """Rows of numbers taken together: their height, where labels end, where values stand."""

    height: float
    split: float
    edge: float  # ``split``, or the values' left when no row has a label
    spans: list[list[float]]  # the x-extents of the values, merged

    @classmethod
    def of(cls, rows: list[TextLine]) -> _Rows:
        labels = [w.x1 for r in rows for w in r.labels]
        left = min(w.x0 for r in rows for w in r.values)
        if not labels:
            split = float("-inf")
        else:
            split = (max(labels) + left) / 2 if max(labels) < left else left - 0.5
        edge = left if split == float("-inf") else split
        return cls(median([r.height for r in rows]), split, edge, merge([(w.x0, w.x1) for r in rows for w in r.values]))

    def over_columns(self, line: TextLine) -> bool:
        """Whether the line is a header over the values: words, no number, one over a column."""
        return not any(is_value(w.text) for w in line.words) and any(
            overlap(w.x0, w.x1, a, b) for w in line.words if w.cx >= self.split for a, b in self.spans)

    def near(self, line: TextLine, last: TextLine, between: list[TextLine]) -> bool:
        """Whether the row ``line`` goes on this table: close below its last row, nothing foreign between."""
        return line.top - last.bottom <= ROW_GAP * self.height and not any(self.foreign(b) for b in between)

    def foreign(self, line: TextLine) -> bool:
        """A line that is not part of the table: taller than its rows (a heading, body text), or
        a long run of text from the labels' side into the values' columns (a paragraph)."""
        h = self.height
        if line.height > TALL * h:
            return True
        return any(len(w.text) >= 8 and w.x0 < self.edge - h and not is_value(w.text)
                   and any(overlap(w.x0, w.x1, a, b) for a, b in self.spans) for w in line.words)


def regions(lines: list[TextLine], page_height: float) -> list[Region]:
    """Runs of rows of numbers close together, with their header lines above and label lines below."""
    rows = [i for i, line in enumerate(lines) if line.values]
    out: list[Region] = []
    k = 0
    while k < len(rows):
        first = last = rows[k]
        k += 1
        taken = [lines[first]]
        while k < len(rows):
            nxt = rows[k]
            if not _Rows.of(taken + [lines[nxt]]).near(lines[nxt], lines[last], lines[last + 1:nxt]):
                break
            taken.append(lines[nxt])
            last = nxt
            k += 1
        seen = _Rows.of(taken)
        h, split = seen.height, seen.split
        inner = [g for g in (lines[i + 1].top - lines[i].bottom for i in range(first, last)) if g > 0]
        head_gap = max(HEAD_GAP * h, 1.3 * median(inner)) if len(inner) >= 2 else LONE_HEAD_GAP * h
        start, end = first, last
        while start > 0 and first - start < 8:
            above, below = lines[start - 1], lines[start]
            gap = max(head_gap, OVER_GAP * h) if seen.over_columns(above) else head_gap  # 结果维持 … over the numbers
            if (below.top - above.bottom > gap or above.values or seen.foreign(above)
                    or line_text(above.pieces).strip()[-1:] in _SENTENCE_END):
                break
            start -= 1
        while end + 1 < len(lines) and end - last < 3:
            below, above = lines[end + 1], lines[end]
            if (below.values or below.top - above.bottom > STACK_GAP * h or seen.foreign(below)
                    or any(w.cx >= split for w in below.words) or ENUMERATED.match(below.words[0].text)):
                break
            end += 1
        region = Region(lines[start:end + 1], h, split)
        if _accepted(region, first - start, lines[:start], page_height):
            out.append(region)
    return out


def _accepted(region: Region, heads: int, before: list[TextLine], page_height: float) -> bool:
    """A table: a header over its numbers, or a row of two numbers or more; or a table's
    rows continued at the top of a page (nothing above them but the page's top margin)."""
    if any(_header(line, region.split) for line in region.lines[:heads]):
        return True
    rows = [r for r in region.lines if r.values]
    if any(len(r.values) >= 2 for r in rows):
        return True
    return all(line.bottom < 0.12 * page_height for line in before) and all(r.labels for r in rows)


# --- 4. bands and 5. columns -----------------------------------------------------------------

def _header(line: TextLine, split: float) -> bool:
    return not line.values and any(w.cx >= split and not is_value(w.text) for w in line.words)


def bands(region: Region) -> list[list[TextLine]]:
    """The region cut before each header that follows rows of numbers."""
    out: list[list[TextLine]] = [[]]
    for line in region.lines:
        if _header(line, region.split) and any(r.values for r in out[-1]):
            out.append([])
        out[-1].append(line)
    return [b for b in out if any(r.values for r in b)]


def columns(band: list[TextLine], split: float) -> list[tuple[float, float]]:
    """The x-extents of a band's value columns, left to right."""
    numbers = merge([(w.x0, w.x1) for r in band if r.values for w in r.values])
    heads = [w for r in band if _header(r, split) for w in r.words if w.cx >= split and not is_value(w.text)]
    leaves = []
    for w in heads:
        if any(overlap(w.x0, w.x1, a, b) for a, b in numbers):
            continue  # over a column of numbers
        under = [o for o in heads if o is not w and o.top >= w.bottom - 0.5 and overlap(w.x0, w.x1, o.x0, o.x1)]
        if any(not overlap(a.x0, a.x1, b.x0, b.x1) for i, a in enumerate(under) for b in under[i + 1:]):
            continue  # over two headers below it: a group header (行政诉讼 over 未经复议直接起诉 …)
        leaves.append(w)  # over a column printed blank in every row
    return sorted([(a, b) for a, b in numbers] + [(a, b) for a, b in merge([(w.x0, w.x1) for w in leaves])])


# --- a header ending a page ------------------------------------------------------------------

def header_tail(lines: list[TextLine], page: int, page_height: float, after: Region | None = None) -> Grid | None:
    """The lines ending a page when they look like a table's header (a line of words standing
    apart: 信息内容 本年制发件数 …; or lines smaller than the text above them), or go on from
    the table ``after`` just above them (第二十条第（六）项), with the rows on the next page.

    Alone they are no table; the PDF reader takes them as one when the next page starts with
    an unruled table's rows (:func:`gongkai.ingest.pdf.read_source`)."""
    body = list(lines)
    while body and body[-1].top > 0.88 * page_height and _PAGE_NUMBER.match(line_text(body[-1].pieces)):
        body.pop()  # the page number
    if not body or body[-1].values:
        return None
    h = body[-1].height
    start = len(body) - 1
    while start > 0 and len(body) - start < 6:
        above, below = body[start - 1], body[start]
        if (above.values or below.top - above.bottom > LONE_HEAD_GAP * h or above.height > TALL * h
                or below.height > TALL * above.height or line_text(above.pieces).strip()[-1:] in _SENTENCE_END):
            break
        start -= 1
    tail = body[start:]
    frags = [fragments(line, float("inf"), h) for line in tail]
    near = after is not None and (tail[0].top - after.lines[-1].bottom <= ROW_GAP * after.height
                                  and abs(h - after.height) <= (TALL - 1) * after.height
                                  and all(w.x1 <= after.split + after.height for line in tail for w in line.words))
    smaller = start > 0 and body[start - 1].height >= TALL * h  # than the text it follows
    if (not (near or smaller or any(len(f) >= 2 for f in frags))
            or line_text(tail[-1].pieces).strip()[-1:] in _SENTENCE_END):
        return None
    cells = [GridCell(r, r + 1, w.x0, w.x1, pieces=list(w.pieces), text=w.text, page=page)
             for r, fs in enumerate(frags) for w in fs]
    top, bottom = tail[0].top, tail[-1].bottom
    return Grid(min(c.x0 for c in cells), top, max(c.x1 for c in cells), bottom, len(tail), cells, page=page,
                pages=[page], ys=[line.top for line in tail] + [bottom], ruled=False)


# --- the chain -------------------------------------------------------------------------------

@dataclass(eq=False)
class Found:
    grids: list[Grid] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # ids of the pieces the grids hold (no longer running text)
    tail: Grid | None = None  # a header ending the page: a table only if the next page continues it


def _numbers_apart(pieces: list[Piece]) -> bool:
    """A first, cheap look: whether some number stands apart from the text on its left and
    is not the start of a word (2024年), as a table's value does. A page of prose fails it
    and costs no more."""
    rows: dict[int, list[Piece]] = {}
    for p in pieces:
        rows.setdefault(round(p.top), []).append(p)
    for row in rows.values():
        if len(row) < 2:
            continue  # a number alone (a page number between dashes drawn lower): no row of a table
        row.sort(key=lambda p: p.x0)
        for i, p in enumerate(row):
            if not p.text[:1].isdigit():
                continue
            h = p.bottom - p.top
            if i and p.x0 - row[i - 1].x1 < VALUE_GAP * h:
                continue
            nxt = row[i + 1] if i + 1 < len(row) else None
            if nxt is None or nxt.x0 - p.x1 >= WORD_GAP * h or not _wide(nxt.text[:1]):
                return True
    return False


def _wide(ch: str) -> bool:
    return ch >= "\u2e80"


def tables(pieces: list[Piece], page: int, page_height: float) -> Found:
    """The unruled tables of a page (see the module's docstring for the steps)."""
    found = Found()
    if not _numbers_apart(pieces):  # no table here; only a header may end the page
        tops = sorted({round(p.top) for p in pieces})
        low = tops[-12] if len(tops) > 12 else float("-inf")
        found.tail = header_tail(text_lines([p for p in pieces if p.top >= low]), page, page_height)
        return found
    lines = text_lines(pieces)
    if len(lines) > MAX_LINES:
        return found
    rows_of_numbers(lines)
    last, after = -1, None
    for region in regions(lines, page_height):
        parts = bands(region)
        cols = [columns(b, region.split) for b in parts]
        if not parts or any(not c or len(c) > MAX_COLUMNS for c in cols):
            continue
        heads = [{id(line) for line in b if _header(line, region.split)} for b in parts]
        g = build(region.lines, [Band(b, hs, c) for b, hs, c in zip(parts, heads, cols, strict=True)],
                  region.split, region.height, page)
        if g is None:
            continue
        found.grids.append(g)
        found.used.update(id(p) for line in region.lines for p in line.pieces)
        last, after = lines.index(region.lines[-1]), region
    found.tail = header_tail(lines[last + 1:], page, page_height, after)
    return found
