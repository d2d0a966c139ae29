"""A page's characters as lines, by their baselines, and the lines as words, by their gaps.

The first step of reading a table printed without rules (:mod:`gongkai.ingest.unruled`):

* characters stand on one line when their middles are within :data:`BASELINE` × their
  height of the line's first. In a table without rules each cell is centred on its own,
  so the lines of neighbouring cells are offset by any amount; lines grouped by
  overlapping boxes (:func:`gongkai.ingest.grid.lines_of`) would run into one another
  down a row of cells;
* a punctuation mark — PDFium gives a comma, a full stop, a colon (and 一) the box of
  their ink only, low on the line — joins the line whose characters it stands between, or,
  alone in a cell (a dash for "none"), the line whose middle is nearest. Digits and letters
  are placed by their own middles, however small the table's font against the body text;
* a line is cut into :class:`Word` s at gaps wider than :data:`WORD_GAP` × its height;
  beside a mark, the room its advance takes beyond its ink is not a gap.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field

from .grid import Piece, line_text

SMALL = 0.5  # an 一 lower than this × the page's usual height is a mark (its box is its ink)
BASELINE = 0.15  # × height: characters whose middles are this close stand on one line
WORD_GAP = 0.4  # × character height: a wider gap separates two words


@dataclass(eq=False)
class Word:
    """Characters standing together on a line (its extent is taken once: a word never changes)."""

    pieces: list[Piece]
    text: str = field(init=False)
    x0: float = field(init=False)
    x1: float = field(init=False)
    top: float = field(init=False)
    bottom: float = field(init=False)

    def __post_init__(self) -> None:
        self.text = line_text(self.pieces).strip()
        self.x0 = self.pieces[0].x0
        self.x1 = max(p.x1 for p in self.pieces)
        self.top = min(p.top for p in self.pieces)
        self.bottom = max(p.bottom for p in self.pieces)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(eq=False)
class TextLine:
    words: list[Word]
    pieces: list[Piece]
    top: float
    bottom: float
    height: float  # the usual character height on the line
    cy: float  # the middle of its characters
    labels: list[Word] = field(default_factory=list)  # a row of numbers: the words before them …
    values: list[Word] = field(default_factory=list)  # … and the numbers (or dashes)


def median(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[len(xs) // 2] if xs else 0.0


def _mark(p: Piece) -> bool:
    """A punctuation mark or symbol, whose box may be its ink only (narrower than its advance)."""
    t = p.text.strip()
    return len(t) == 1 and unicodedata.category(t)[0] in "PS"


def _small(p: Piece, usual: float) -> bool:
    """A mark (or an 一 whose box is low: its ink): placed by its neighbours, not by its own middle.
    Digits and letters never are, however small their font against the page's text (a table in
    7 pt under 16 pt body text)."""
    return _mark(p) or (p.text == "一" and p.bottom - p.top < SMALL * usual)


def text_lines(pieces: list[Piece]) -> list[TextLine]:
    """The page's text lines, top to bottom, each cut into words.

    Characters are on one line when their middles are within :data:`BASELINE` × their height
    of the line's first: in a table without rules each cell is centred on its own, so the
    lines of neighbouring cells are offset by any amount, and lines grouped by overlapping
    boxes would run into one another down a row of cells."""
    shown = [p for p in pieces if p.text.strip()]
    usual = median([p.bottom - p.top for p in shown])
    small = [_small(p, usual) for p in shown]
    big = sorted((p for p, s in zip(shown, small, strict=True) if not s), key=lambda p: p.cy)
    groups: list[list[Piece]] = []
    for p in big:
        if groups and p.cy - groups[-1][0].cy <= BASELINE * (p.bottom - p.top):
            groups[-1].append(p)
        else:
            groups.append([p])
    firsts = [g[0].cy for g in groups]
    mids = [median([p.cy for p in g]) for g in groups]
    spans = [(min(p.top for p in g), max(p.bottom for p in g)) for g in groups]
    alone: list[list[Piece]] = []
    for p in (p for p, s in zip(shown, small, strict=True) if s):
        best = _home(p, groups, firsts, mids, spans, usual)
        if best is None:
            alone.append([p])
        else:
            groups[best].append(p)
    out = []
    for g in sorted(groups + alone, key=lambda g: min(p.top for p in g)):
        g.sort(key=lambda p: p.x0)
        height = (median([p.bottom - p.top for p in g if not _small(p, usual)])
                  or median([p.bottom - p.top for p in g]))
        out.append(TextLine(_words(g, height), g, min(p.top for p in g), max(p.bottom for p in g), height,
                            median([p.cy for p in g])))
    return out


def _home(mark: Piece, groups: list[list[Piece]], firsts: list[float], mids: list[float],
          spans: list[tuple[float, float]], usual: float) -> int | None:
    """The line a small mark belongs to: among the lines whose height holds its middle, the one
    whose characters it stands between (no wider apart than a full-width mark's room), else
    the one whose middle is nearest (a dash alone in a cell)."""
    lo = bisect.bisect_left(firsts, mark.cy - 3 * usual)
    best, score = None, None
    for i in range(lo, len(groups)):
        if firsts[i] > mark.cy + 3 * usual:
            break
        top, bottom = spans[i]
        slack = 0.2 * (bottom - top)
        if not top - slack <= mark.cy <= bottom + slack:
            continue
        room = max(0.0, 0.9 * (bottom - top) - (mark.x1 - mark.x0)) + 0.3 * (bottom - top)
        near = min(max(0.0, q.x0 - mark.x1, mark.x0 - q.x1) for q in groups[i])
        key = (0, near) if near <= room else (1, abs(mids[i] - mark.cy))
        if score is None or key < score:
            best, score = i, key
    return best


def _words(line: list[Piece], height: float) -> list[Word]:
    """A line cut at gaps wider than :data:`WORD_GAP` × height; beside a mark, the room its
    advance takes beyond its ink is not a gap."""
    room = [max(0.0, 0.9 * height - (p.x1 - p.x0)) if _mark(p) else 0.0 for p in line]
    words: list[list[Piece]] = []
    for i, p in enumerate(line):
        if i and p.x0 - line[i - 1].x1 - room[i - 1] - room[i] <= WORD_GAP * height:
            words[-1].append(p)
        else:
            words.append([p])
    return [Word(w) for w in words]


def overlap(a0: float, a1: float, b0: float, b1: float) -> bool:
    """Whether the spans ``a0..a1`` and ``b0..b1`` share more than a point."""
    return min(a1, b1) > max(a0, b0)


def merge(spans: list[tuple[float, float]]) -> list[list[float]]:
    """Spans joined where they overlap or touch, left to right."""
    out: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if out and x0 <= out[-1][1]:
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1])
    return out
