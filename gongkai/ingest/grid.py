"""Ruled tables from drawn lines and positioned text: shared by the PDF and OCR readers.

A page gives two things: the rules drawn on it (:class:`Edge`, from a PDF's vector
graphics or from lines found in a scanned image) and positioned pieces of text
(:class:`Piece`, a PDF character or an OCR'd word). From them:

* :func:`find_regions` groups touching rules into table regions;
* :func:`build_grid` cuts a region into its elementary grid (every distinct rule
  position) and merges neighbouring grid positions that no rule separates, so a merged
  cell becomes one :class:`GridCell`. A cell whose top or bottom rule is missing at the
  edge of the region is *open*: it continues on the next or previous page;
* :func:`join` stacks the parts of a table split across pages, dropping a repeated header
  and merging a cell the page break cut in two;
* :func:`to_table` expands a grid into a :class:`~gongkai.ingest.document.Table`.

Positions are in page units (PDF points or image pixels) with y growing downwards.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..report import values
from .document import Table, TextCell

MAX_EDGES = 4000  # rules considered per page; more is not a report's table
MAX_GRID = 200  # rows or columns per table region


@dataclass
class Edge:
    orientation: str  # "h" or "v"
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def pos(self) -> float:
        return (self.top + self.bottom) / 2 if self.orientation == "h" else (self.x0 + self.x1) / 2

    @property
    def start(self) -> float:
        return self.x0 if self.orientation == "h" else self.top

    @property
    def end(self) -> float:
        return self.x1 if self.orientation == "h" else self.bottom


@dataclass
class Piece:
    """A positioned piece of text: one PDF character or one OCR'd word."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class GridCell:
    """A logical (possibly merged) cell: rows ``row0 ≤ r < row1``, horizontal extent ``x0..x1``."""

    row0: int
    row1: int
    x0: float
    x1: float
    pieces: list[Piece] = field(default_factory=list)
    open_top: bool = False
    open_bottom: bool = False
    page: int = 1
    text: str = ""
    doubt: str = ""  # why the cell's column is not certain (an unruled table): read as unread, with this

    @property
    def confidence(self) -> float | None:
        scores = [p.confidence for p in self.pieces if p.confidence is not None]
        return min(scores) if scores else None


@dataclass
class Grid:
    x0: float
    top: float
    x1: float
    bottom: float
    nrows: int
    cells: list[GridCell]
    page: int = 1
    pages: list[int] = field(default_factory=list)
    ys: list[float] = field(default_factory=list)  # row bounds, for a grid read from one page
    ruled: bool = True  # False: rebuilt from text positions (:mod:`gongkai.ingest.unruled`), never joined

    def rows_text(self, xs: list[float], tol: float) -> list[list[str]]:
        return [[c.text if c else "" for c in row] for row in expand(self, xs, tol)]


def cluster(values: list[float], tol: float) -> list[float]:
    """Sorted representatives of values closer than ``tol`` to each other."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def find_regions(edges: list[Edge], tol: float) -> list[tuple[float, float, float, float]]:
    """Bounding boxes of groups of touching rules that hold at least a 2×2 frame."""
    edges = _collinear(edges[:MAX_EDGES])
    parent = list(range(len(edges)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(edges)), key=lambda i: edges[i].x0)
    # Sweep on x so that only rules whose x ranges overlap are compared.
    active: list[int] = []
    for i in order:
        e = edges[i]
        active = [j for j in active if edges[j].x1 + tol >= e.x0]
        for j in active:
            f = edges[j]
            if f.top - tol <= e.bottom and e.top - tol <= f.bottom:
                ri, rj = root(i), root(j)
                if ri != rj:
                    parent[ri] = rj
        active.append(i)
    groups: dict[int, list[Edge]] = {}
    for i, e in enumerate(edges):
        groups.setdefault(root(i), []).append(e)
    regions = []
    for group in groups.values():
        hs = cluster([e.pos for e in group if e.orientation == "h"], tol)
        vs = cluster([e.pos for e in group if e.orientation == "v"], tol)
        if len(hs) >= 2 and len(vs) >= 2:
            regions.append((min(e.x0 for e in group), min(e.top for e in group),
                            max(e.x1 for e in group), max(e.bottom for e in group)))
    regions.sort(key=lambda b: (b[1], b[0]))
    return regions


def _collinear(edges: list[Edge]) -> list[Edge]:
    """Overlapping rules on the same line (same orientation and cross-section) as one rule each.

    Producers often draw every cell's border separately, so a table's rule is many short
    segments. Joining segments that overlap changes neither which rules touch (a rule
    touches the union exactly when it touches one of its parts) nor any group's bounding
    box, so :func:`find_regions` gives the same regions from far fewer rules.
    """
    lines: dict[tuple, list[Edge]] = {}
    out: list[Edge] = []
    for e in edges:
        key = (e.orientation, e.top, e.bottom) if e.orientation == "h" else (e.orientation, e.x0, e.x1)
        if not (e.start <= e.end and key[1] == key[1] and key[2] == key[2]):  # backwards or NaN: kept as is
            out.append(e)
            continue
        lines.setdefault(key, []).append(e)
    for (orientation, a, b), group in lines.items():
        if len(group) == 1:
            out.append(group[0])
            continue
        group.sort(key=lambda e: e.start)
        lo, hi = group[0].start, group[0].end
        for e in group[1:]:
            if e.start <= hi:
                hi = max(hi, e.end)
                continue
            out.append(Edge(orientation, lo, a, hi, b) if orientation == "h" else Edge(orientation, a, lo, b, hi))
            lo, hi = e.start, e.end
        out.append(Edge(orientation, lo, a, hi, b) if orientation == "h" else Edge(orientation, a, lo, b, hi))
    return out


def _covered(edges: list[Edge], pos: float, start: float, end: float, tol: float) -> bool:
    """Whether rules at ``pos`` cover most of the segment ``start..end``."""
    return _Rules(edges, tol).covered(pos, start, end)


class _Rules:
    """Rules of one orientation indexed by position, for many :func:`_covered` questions.

    The rules within ``tol`` of a position are found by bisection and their spans merged
    once per position asked about; the answer is the same as scanning every rule.
    """

    def __init__(self, edges: list[Edge], tol: float):
        # A rule at NaN is never within tol of anything; left out, it cannot upset the order.
        keyed = sorted(((e.pos, e.start, e.end) for e in edges if e.pos == e.pos), key=lambda k: k[0])
        self.positions = [k[0] for k in keyed]
        self.spans = [(k[1], k[2]) for k in keyed]
        self.tol = tol
        self.merged: dict[float, list[tuple[float, float]]] = {}

    def _at(self, pos: float) -> list[tuple[float, float]]:
        merged = self.merged.get(pos)
        if merged is None:
            tol = self.tol
            lo = bisect.bisect_left(self.positions, pos - tol - 1e-6)
            hi = bisect.bisect_right(self.positions, pos + tol + 1e-6)
            spans = sorted(self.spans[i] for i in range(lo, hi)
                           if abs(self.positions[i] - pos) <= tol and self.spans[i][1] > self.spans[i][0])
            merged = []
            for a, b in spans:
                if merged and a <= merged[-1][1]:
                    if b > merged[-1][1]:
                        merged[-1] = (merged[-1][0], b)
                else:
                    merged.append((a, b))
            self.merged[pos] = merged
        return merged

    def covered(self, pos: float, start: float, end: float) -> bool:
        length = end - start
        if length <= 0:
            return True
        covered = 0.0
        for a, b in self._at(pos):
            if b <= start:
                continue
            if a >= end:
                break
            covered += min(b, end) - max(a, start)
        return covered >= 0.6 * length


def build_grid(region: tuple[float, float, float, float], edges: list[Edge], pieces: list[Piece],
               tol: float, page: int = 1) -> Grid | None:
    """Cut a region into merged cells and put each piece of text in the cell holding its centre."""
    x0, top, x1, bottom = region
    inside = [e for e in edges if e.x1 >= x0 - tol and e.x0 <= x1 + tol and e.bottom >= top - tol
              and e.top <= bottom + tol]
    hs = [e for e in inside if e.orientation == "h"]
    vs = [e for e in inside if e.orientation == "v"]
    xs = cluster([e.pos for e in vs] + [x0, x1], tol)
    ys = cluster([e.pos for e in hs] + [top, bottom], tol)
    xs = [x for x in xs if x0 - tol <= x <= x1 + tol]
    ys = [y for y in ys if top - tol <= y <= bottom + tol]
    if len(xs) - 1 > MAX_GRID or len(ys) - 1 > MAX_GRID:
        return None
    vr, hr = _Rules(vs, tol), _Rules(hs, tol)
    # Keep only the inner grid lines that separate at least one pair of positions.
    xs = [xs[0]] + [x for i, x in enumerate(xs[1:-1], start=1)
                    if any(vr.covered(x, ys[r], ys[r + 1]) for r in range(len(ys) - 1))] + [xs[-1]]
    ys = [ys[0]] + [y for i, y in enumerate(ys[1:-1], start=1)
                    if any(hr.covered(y, xs[c], xs[c + 1]) for c in range(len(xs) - 1))] + [ys[-1]]
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr < 1 or nc < 1:
        return None
    # Union-find over grid positions: merge neighbours that no rule separates.
    parent = list(range(nr * nc))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(nr):
        for c in range(nc - 1):
            if not vr.covered(xs[c + 1], ys[r], ys[r + 1]):
                union(r * nc + c, r * nc + c + 1)
    for r in range(nr - 1):
        for c in range(nc):
            if not hr.covered(ys[r + 1], xs[c], xs[c + 1]):
                union(r * nc + c, (r + 1) * nc + c)
    members: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            members.setdefault(root(r * nc + c), []).append((r, c))
    cells: dict[int, GridCell] = {}
    for key, pos in members.items():
        rows = [r for r, _ in pos]
        cols = [c for _, c in pos]
        r0, r1, c0, c1 = min(rows), max(rows) + 1, min(cols), max(cols) + 1
        cell = GridCell(r0, r1, xs[c0], xs[c1], page=page)
        cell.open_top = r0 == 0 and not hr.covered(ys[0], xs[c0], xs[c1])
        cell.open_bottom = r1 == nr and not hr.covered(ys[nr], xs[c0], xs[c1])
        cells[key] = cell
    left, right, high, low = x0 - tol, x1 + tol, top - tol, bottom + tol
    for p in pieces:
        cx, cy = (p.x0 + p.x1) / 2, (p.top + p.bottom) / 2
        if not (left <= cx <= right and high <= cy <= low):
            continue
        cells[root(_index(ys, cy) * nc + _index(xs, cx))].pieces.append(p)
    for cell in cells.values():
        cell.text = cell_text(cell.pieces)
    ordered = sorted(cells.values(), key=lambda c: (c.row0, c.x0))
    return Grid(xs[0], ys[0], xs[-1], ys[-1], nr, ordered, page=page, pages=[page], ys=ys)


def _index(bounds: list[float], v: float) -> int:
    for i in range(len(bounds) - 2, -1, -1):
        if v >= bounds[i]:
            return i
    return 0


_ASCII_WORD = re.compile(r"[A-Za-z]")


def lines_of(pieces: list[Piece]) -> list[list[Piece]]:
    """Group pieces into lines (by vertical overlap), each sorted left to right."""
    lines: list[list[Piece]] = []
    ltop = lbottom = 0.0  # the last line's extent
    for p in sorted(pieces, key=lambda p: (p.top, p.x0)):
        if lines:
            overlap = min(lbottom, p.bottom) - max(ltop, p.top)
            if overlap > 0.5 * min(lbottom - ltop, p.bottom - p.top):
                lines[-1].append(p)
                ltop, lbottom = min(ltop, p.top), max(lbottom, p.bottom)
                continue
        lines.append([p])
        ltop, lbottom = p.top, p.bottom
    return [sorted(line, key=lambda p: p.x0) for line in lines]


def _wide(ch: str) -> bool:
    """CJK characters and full-width punctuation: Chinese puts no spaces between them."""
    return ch >= "\u2e80" or "\u2010" <= ch <= "\u206f" or ch == "\u00b7"


def line_text(line: list[Piece]) -> str:
    """The pieces of one line, with a space where a gap separates two non-CJK words."""
    out = ""
    prev: Piece | None = None
    for p in line:
        if (prev is not None and p.text.strip() and prev.text.strip()
                and not _wide(p.text.strip()[0]) and not _wide(prev.text.strip()[-1])):
            height = max(p.bottom - p.top, prev.bottom - prev.top, 1e-6)
            if p.x0 - prev.x1 > 0.5 * height:
                out += " "
        out += p.text
        prev = p
    return out


def join_lines(lines: list[str]) -> str:
    """Join the lines of one cell: no separator inside CJK text or numbers, a space between words."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(line[0]):
            out += " "
        out += line
    return out


def cell_text(pieces: list[Piece]) -> str:
    return join_lines([line_text(line) for line in lines_of(pieces)])


def expand(grid: Grid, xs: list[float], tol: float) -> list[list[GridCell | None]]:
    """The grid as rows over the column bounds ``xs``; a merged cell fills every position it covers."""
    nc = len(xs) - 1
    rows: list[list[GridCell | None]] = [[None] * nc for _ in range(grid.nrows)]
    for cell in grid.cells:
        cols = [c for c in range(nc) if xs[c] >= cell.x0 - tol and xs[c + 1] <= cell.x1 + tol]
        for r in range(cell.row0, cell.row1):
            for c in cols:
                rows[r][c] = cell
    return rows


def aligned(a: Grid, b: Grid, tol: float) -> bool:
    """Whether ``b`` can continue ``a``: the same left and right table edges."""
    return abs(a.x0 - b.x0) <= tol and abs(a.x1 - b.x1) <= tol


def join(a: Grid, b: Grid, tol: float) -> Grid:
    """Stack ``b`` (the part on the next page) under ``a``.

    Rows at the top of ``b`` that repeat ``a``'s header rows are dropped; a cell cut by
    the page break (open at the bottom of ``a`` and at the top of ``b``, in the same
    columns) becomes one cell again, its text joined.
    """
    xs = cluster([c.x0 for c in a.cells + b.cells] + [c.x1 for c in a.cells + b.cells], tol)
    # Repeated header rows.
    ta, tb = a.rows_text(xs, tol), b.rows_text(xs, tol)
    drop = 0
    while drop < min(len(ta), len(tb)) - 1 and ta[drop] == tb[drop] and any(t.strip() for t in tb[drop]):
        drop += 1
    if drop:
        kept = []
        for cell in b.cells:
            if cell.row1 <= drop:
                continue
            cell.row0 = max(cell.row0 - drop, 0)
            cell.row1 -= drop
            kept.append(cell)
        b = Grid(b.x0, b.top, b.x1, b.bottom, b.nrows - drop, kept, page=b.page, pages=b.pages)
    merged_into: dict[int, GridCell] = {}
    last = [c for c in a.cells if c.row1 == a.nrows]
    for cell in b.cells:
        if cell.row0 != 0:
            continue
        for above in last:
            if abs(above.x0 - cell.x0) <= tol and abs(above.x1 - cell.x1) <= tol and continues(above, cell):
                merged_into[id(cell)] = above
                break
    cells = list(a.cells)
    for cell in b.cells:
        above = merged_into.get(id(cell))
        if above is not None:
            above.row1 = a.nrows + cell.row1
            above.pieces = above.pieces + cell.pieces
            above.text = join_lines([above.text, cell.text])
            above.open_bottom = cell.open_bottom
            continue
        cell.row0 += a.nrows
        cell.row1 += a.nrows
        cells.append(cell)
    return Grid(min(a.x0, b.x0), a.top, max(a.x1, b.x1), b.bottom, a.nrows + b.nrows, cells,
                page=a.page, pages=a.pages + b.pages)


_ENUMERATED = re.compile(
    r"^\s*([（(]\s*[一二三四五六七八九十0-9]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|[0-9]+\s*[、.．])")
_STANDALONE = {"总计", "合计", "小计", "其他", "其它", "计"}


def numeric(text: str) -> bool:
    return values.read(text)[0] in ("int", "decimal")


def continues(above: GridCell, below: GridCell) -> bool:
    """Whether ``below`` (top of the next page's part) is the rest of label cell ``above``.

    Where the producer left the rules open at the break, it is. Where it closed them, a
    label cell goes on when the part below is empty (a merged label column) or is a
    fragment that does not start a new label (``（四）无`` + ``法提供``). Numbers never join.
    """
    if numeric(above.text) or numeric(below.text):
        return False
    if above.open_bottom and below.open_top:
        return True
    if not above.text.strip():
        return False
    text = below.text.strip()
    if not text:
        return True
    return not _ENUMERATED.match(text) and text not in _STANDALONE and text.replace(" ", "") not in _STANDALONE


def columns(grid: Grid, tol: float) -> list[float]:
    return cluster([c.x0 for c in grid.cells] + [c.x1 for c in grid.cells], tol)


def to_table(grid: Grid, number: int, tol: float) -> Table:
    """Expand a grid into a Document table: every position gets a TextCell, merged cells repeat."""
    xs = columns(grid, tol)
    rows = expand(grid, xs, tol)
    origins: dict[int, tuple[int, int]] = {}
    out = []
    for r, row in enumerate(rows):
        cells = []
        for c, cell in enumerate(row):
            if cell is None:
                cells.append(TextCell("", {"page": grid.page, "table": number, "row": r + 1, "column": c + 1}))
                continue
            origin = origins.setdefault(id(cell), (r, c))
            where = {"page": cell.page, "table": number, "row": origin[0] + 1, "column": origin[1] + 1}
            if cell.doubt:
                where["doubt"] = cell.doubt
            cells.append(TextCell(cell.text, where, cell.confidence, None if origin == (r, c) else origin))
        out.append(cells)
    where = {"page": grid.page, "table": number}
    if len(set(grid.pages)) > 1:
        where["pages"] = sorted(set(grid.pages))
    return Table(out, where)


def row_text(row: list[TextCell]) -> str:
    """A table row as one line of running text: each cell once, separated by tabs."""
    seen = []
    for c, cell in enumerate(row):
        if cell.span_of is None:
            seen.append(cell.text)
        elif cell.span_of[1] == c:
            seen.append("")  # repeats the cell above: keep the column, not the text
        # else it repeats the cell to its left: written once
    return "\t".join(seen).rstrip("\t")
