"""A table 3 label broken across a page, in a table printed without rules: put back whole.

LibreOffice may break a row's label cell across a page: the label's first lines and the
row's numbers end one page, its last line (``计其他情形）``) starts the next, under the
repeated header — with the rest of a group heading also cut (``三、本年`` / ``度办理结果``).
In an unruled table each piece is a label-only row of its own, and the piece on the
next page reads as a second row of the same label, with no numbers.

:func:`join_fragments` joins such a leading piece to the table on the page before, only
when that is certain: the two tables have the same value columns, the piece stands in
the label column right before the continuation's first row of numbers, and the joined
text is exactly one template label that neither piece is alone
(:func:`gongkai.ingest.labels.completed_app_label`) — a row label onto the last row of
the page before, a group heading onto the one label-only row it completes. Anything
else is left as it is (the mapper then leaves the row unread with a warning).
"""

from __future__ import annotations

from . import labels
from .grid import Grid, GridCell
from .unruled import is_value

TOL = 2.5  # points


def _rows(g: Grid) -> list[list[GridCell]]:
    rows: list[list[GridCell]] = [[] for _ in range(g.nrows)]
    for c in g.cells:
        if 0 <= c.row0 < g.nrows:
            rows[c.row0].append(c)
    return [sorted(r, key=lambda c: c.x0) for r in rows]


def _numbers(row: list[GridCell]) -> bool:
    """A row of a label and two numbers or more (or dashes)."""
    return len(row) >= 3 and all(is_value(c.text) for c in row[1:])


def _same(a: GridCell, b: GridCell) -> bool:
    return abs(a.x0 - b.x0) <= TOL and abs(a.x1 - b.x1) <= TOL


def _values(row: list[GridCell], label: GridCell) -> list[GridCell]:
    return [c for c in row if c.x0 >= label.x1 - TOL]


def join_fragments(prev: Grid, nxt: Grid) -> int:
    """Join the label pieces leading ``nxt`` (the next page's first table) to ``prev`` (the table
    ending the page before) where certain; the number of pieces joined."""
    if prev.ruled or nxt.ruled:
        return 0
    before, after = _rows(prev), _rows(nxt)
    last = before[-1] if before else []
    first = next((i for i, r in enumerate(after) if _numbers(r)), None)
    if not _numbers(last) or first is None:
        return 0
    label = last[0]
    cols, cols2 = _values(last, label), _values(after[first], after[first][0])
    if not _same(after[first][0], label) or len(cols) != len(cols2) or not all(
            _same(a, b) for a, b in zip(cols, cols2, strict=True)):
        return 0  # not the same table's columns
    start = first
    while start > 0 and len(after[start - 1]) == 1 and _same(after[start - 1][0], label):
        start -= 1  # label pieces alone in the label column, right above the numbers
    heads = [r[0] for r in before if len(r) == 1 and _same(r[0], label)]
    joined = []
    for i in range(start, first):
        piece = after[i][0]
        if labels.completed_app_label(label.text, piece.text) == "row":
            label.text += piece.text
            label.pieces += piece.pieces
            joined.append(i)
            continue
        groups = [h for h in heads if labels.completed_app_label(h.text, piece.text) == "group"]
        if len(groups) == 1:
            groups[0].text += piece.text
            groups[0].pieces += piece.pieces
            joined.append(i)
    for i in reversed(joined):
        _drop_row(nxt, i)
    return len(joined)


def _drop_row(g: Grid, r: int) -> None:
    """Remove row ``r`` (one label piece, now joined elsewhere) from the grid."""
    g.cells = [c for c in g.cells if c.row0 != r]
    for c in g.cells:
        if c.row0 > r:
            c.row0 -= 1
        if c.row1 > r:
            c.row1 -= 1
    if len(g.ys) == g.nrows + 1:
        del g.ys[r]
    g.nrows -= 1
