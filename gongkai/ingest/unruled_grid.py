"""An unruled table's grid: label cells joined to their rows, values put in their columns.

Steps 6 and 7 of :mod:`gongkai.ingest.unruled`, for one table found there:

6. :func:`label_cells` — label text stacked into cells: lines close together, one under
   the other, the lower not starting a new item (1. （二） 三、), and never a row's own
   label line onto another row's. A cell holding exactly one row of numbers in its
   height is that row's label — the lines of a label wrapped above and below its numbers
   included; any other cell (a group label such as （三）不予公开 over eight rows, an
   item heading 第二十条第（五）项) is a row of its own;
7. :func:`build` — a :class:`~gongkai.ingest.grid.Grid` like a ruled table's: a label
   column, the band's value columns, header words as cells merged over the columns
   nearest to them. Two numbers of one row in one column put a doubt on the row's value
   cells (``GridCell.doubt``): the mapper leaves them unread with a warning naming them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .baselines import TextLine, Word, overlap
from .grid import Grid, GridCell, join_lines

STACK_GAP = 0.5  # × height: lines of one label cell are at most this far apart
FRAGMENT_GAP = 1.2  # × height: label words closer than this are one piece of label
ENUMERATED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]"
                        r"|\d{1,2}\s*[、.．]|\d{1,2}(?=[\u4e00-\u9fff]))")
ITEM = re.compile(r"^\s*第[一二三四五六七八九十百零\d]+条")  # 第二十条第（五）项: an item heading, never a label's tail
DOUBT = "表格无框线，本行有两个数字落在同一列，无法确定各数所在的列"


@dataclass
class Band:
    """A header and the rows under it, with the x-extents of its value columns."""

    lines: list[TextLine]
    headers: set[int]  # ids of its header lines
    columns: list[tuple[float, float]]


# --- 6. label cells -------------------------------------------------------------------------

@dataclass(eq=False)
class LabelCell:
    parts: list[tuple[TextLine, Word]]  # the fragments, top to bottom
    owner: TextLine | None = None  # the row of numbers whose own label line is in the cell

    @property
    def top(self) -> float:
        return min(w.top for _, w in self.parts)

    @property
    def bottom(self) -> float:
        return max(w.bottom for _, w in self.parts)

    @property
    def x0(self) -> float:
        return min(w.x0 for _, w in self.parts)

    @property
    def x1(self) -> float:
        return max(w.x1 for _, w in self.parts)

    @property
    def text(self) -> str:
        return join_lines([w.text for _, w in self.parts])


def fragments(line: TextLine, split: float, height: float) -> list[Word]:
    """A line's label words (left of ``split``), those closer than :data:`FRAGMENT_GAP` joined."""
    words = line.labels if line.values else [w for w in line.words if w.cx < split]
    out: list[Word] = []
    for w in words:
        if out and w.x0 - out[-1].x1 < FRAGMENT_GAP * height:
            out[-1] = Word(out[-1].pieces + w.pieces)
        else:
            out.append(w)
    return out


def label_cells(band: Band, split: float, height: float) -> list[LabelCell]:
    cells: list[LabelCell] = []
    for line in band.lines:
        if id(line) in band.headers:
            continue
        frags = fragments(line, split, height)
        for j, frag in enumerate(frags):
            own = bool(line.values) and j == len(frags) - 1  # the row's own label, next to its numbers
            home = None
            for cell in reversed(cells):
                last_line, last = cell.parts[-1]
                if (last_line is not line and frag.top - last.bottom <= STACK_GAP * height
                        and overlap(frag.x0, frag.x1, last.x0, last.x1)
                        and not ENUMERATED.match(frag.text) and not ITEM.match(frag.text)
                        and not (own and cell.owner is not None)):
                    home = cell
                    break
            if home is None:
                home = LabelCell([])
                cells.append(home)
            home.parts.append((line, frag))
            if own:
                home.owner = line
    return cells


def _attach(cells: list[LabelCell], rows: list[TextLine], height: float):
    """Each cell's row (a dict: row id → cells), and the cells that are rows of their own."""
    labels: dict[int, list[LabelCell]] = {}
    alone: list[LabelCell] = []
    eps = 0.15 * height
    for cell in cells:
        top, bottom = cell.top - eps, cell.bottom + eps
        inside = [r for r in rows if top <= r.cy <= bottom]
        if cell.owner is not None and len(inside) > 1:
            for line, frag in cell.parts:  # rows stacked together (no room between rows): each to its nearest
                cy = (frag.top + frag.bottom) / 2
                near = min(inside, key=lambda r: (abs(r.cy - cy), r is not cell.owner))
                labels.setdefault(id(near), []).append(LabelCell([(line, frag)], near))
        elif cell.owner is not None or len(inside) == 1:
            labels.setdefault(id(cell.owner or inside[0]), []).append(cell)
        else:
            alone.append(cell)
    return labels, alone


def _label_text(cells: list[LabelCell]) -> str:
    """A row's label cells: those over one another joined top to bottom, then left to right."""
    stacks: list[list[LabelCell]] = []
    for cell in sorted(cells, key=lambda c: c.top):
        for stack in stacks:
            if any(overlap(cell.x0, cell.x1, c.x0, c.x1) for c in stack):
                stack.append(cell)
                break
        else:
            stacks.append([cell])
    stacks.sort(key=lambda s: min(c.x0 for c in s))
    return "".join(join_lines([c.text for c in s]) for s in stacks)


# --- 7. the grid -----------------------------------------------------------------------------

def _bounds(cols: list[tuple[float, float]], left: float, right: float) -> list[float]:
    inner = [(cols[i][1] + cols[i + 1][0]) / 2 for i in range(len(cols) - 1)]
    return [left] + inner + [right]


def _snap(bounds: list[float], cols: list[tuple[float, float]], finest: list[float]) -> list[float]:
    """A band's inner bounds moved onto the finest band's where one falls in the same gap
    (表二's blocks then share their columns, as the printed table does)."""
    out = list(bounds)
    for i in range(1, len(bounds) - 1):
        lo, hi = cols[i - 1][1], cols[i][0]
        near = [b for b in finest[1:-1] if lo <= b <= hi]
        if near:
            out[i] = min(near, key=lambda b: abs(b - bounds[i]))
    return out


def build(lines: list[TextLine], bands: list[Band], split: float, height: float, page: int) -> Grid | None:
    """The table's grid: its printed rows in order (headers, label rows, rows of numbers)."""
    words = [w for line in lines for w in line.words]
    left, right = min(w.x0 for w in words), max(w.x1 for w in words)
    first = min(b.columns[0][0] for b in bands)
    edge = max(min(split, first), left + 0.01) if split != float("-inf") else left
    right = max(right, max(b.columns[-1][1] for b in bands)) + 0.5
    bounds = [_bounds(b.columns, edge, right) for b in bands]
    finest = max(bounds, key=len)
    bounds = [_snap(bb, b.columns, finest) for bb, b in zip(bounds, bands, strict=True)]
    placed: list[tuple[float, int, list[GridCell]]] = []  # (y, order, cells) per printed row
    for band, bb in zip(bands, bounds, strict=True):
        rows = [r for r in band.lines if r.values]
        labels, alone = _attach(label_cells(band, split, height), rows, height)
        for line in band.lines:
            if id(line) in band.headers:
                placed.append((line.top, 0, _header_cells(line, split, bb, edge, left)))
        for cell in alone:
            top, bottom = cell.top, cell.bottom
            inside = [r.top for r in rows if top <= r.cy <= bottom]
            placed.append((min([cell.top] + [t - 0.01 for t in inside]), 1,
                           [GridCell(0, 1, left, edge, text=cell.text)]))
        for r in rows:
            text = _label_text(labels.get(id(r), []))
            out = [GridCell(0, 1, left, edge, text=text)] if text else []
            placed.append((r.top, 2, out + _value_cells(r, band.columns, bb)))
    placed.sort(key=lambda t: (t[0], t[1]))
    cells = []
    for n, (_, _, row) in enumerate(placed):
        for c in row:
            c.row0, c.row1, c.page = n, n + 1, page
            cells.append(c)
    if not cells:
        return None
    top, bottom = min(line.top for line in lines), max(line.bottom for line in lines)
    return Grid(left, top, right, bottom, len(placed), cells, page=page, pages=[page],
                ys=[y for y, _, _ in placed] + [bottom], ruled=False)


def _header_cells(line: TextLine, split: float, bounds: list[float], edge: float, left: float) -> list[GridCell]:
    """A header line as cells: each value column under the header word nearest to it, so that a
    word over several columns (行政复议 over five) is one merged cell, as a ruled header prints it."""
    label = [w.text for w in line.words if w.cx < split]
    heads = [w for w in line.words if w.cx >= split]
    out = [GridCell(0, 1, left, edge, text="".join(label))] if label else []
    if not heads:
        return out
    owner = []
    for i in range(len(bounds) - 1):
        a, b = bounds[i], bounds[i + 1]
        owner.append(min(range(len(heads)), key=lambda k: max(0.0, heads[k].x0 - b, a - heads[k].x1)))
    i = 0
    while i < len(owner):
        j = i
        while j + 1 < len(owner) and owner[j + 1] == owner[i]:
            j += 1
        out.append(GridCell(0, 1, bounds[i], bounds[j + 1], text=heads[owner[i]].text))
        i = j + 1
    return out


def _value_cells(row: TextLine, cols: list[tuple[float, float]], bounds: list[float]) -> list[GridCell]:
    """A row's values in their columns; two in one column: every value cell of the row in doubt."""
    at: dict[int, list[Word]] = {}
    for w in row.values:
        i = next(i for i, (a, b) in enumerate(cols) if a <= w.cx <= b)
        at.setdefault(i, []).append(w)
    doubt = DOUBT if any(len(ws) > 1 for ws in at.values()) else ""
    out = []
    for i in range(len(cols)):
        ws = at.get(i, [])
        if ws or doubt:
            out.append(GridCell(0, 1, bounds[i], bounds[i + 1], pieces=[p for w in ws for p in w.pieces],
                                text=" ".join(w.text for w in ws), doubt=doubt))
    return out
