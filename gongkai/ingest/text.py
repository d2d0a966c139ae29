"""Plain text, as pasted or extracted from web pages and Word files.

The tables come in several layouts, all read into rows of cells:

* **tab-indented**: one cell per line, each line starting with a tab, rows separated by
  empty lines; a line without the tab continues the cell above (a header broken over
  lines, ``本年新`` / ``制作数量``); an empty tab line is an empty cell;
* **pipe-delimited**: one cell per line ending in ``" |"``, rows separated by lines of pipes;
* **one cell per line** without indentation, rows separated by empty lines;
* **markdown tables**: ``| a | b |`` lines (separator rows skipped);
* **label and numbers on one line**: ``行政许可 0``, ``一、本年新收… 1 0 0 0 0 0 1``;
* **flattened**: a page whose tables lost all structure, each row's cells run together
  (``一、本年新收政府信息公开申请数量640020470``). Rows are found by their labels; the
  digits stay one cell each, for :mod:`gongkai.ingest.digit_runs` to split where the
  table's rules allow.

Every cell keeps its line number (``where = {"line": n}``), counted from 1.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..errors import ReadError
from .detect import decode_text
from .document import Document, Table, TextCell
from .labels import is_page_footer

_PIPE_ONLY = frozenset("| \t\u00a0\u3000")


def _pipe_separator(s: str) -> bool:
    """A line of pipes (and spaces): a row separator in the ``value |`` layout — but not
    ``|  |  |``, pipes with space between them: a Markdown row of blank cells (table 4 printed
    all blank)."""
    if "|" not in s or not set(s) <= _PIPE_ONLY:
        return False
    t = s.strip(" \t\u00a0\u3000")
    return t.count("|") < 3 or "|" * len(t) == t
_MD_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")
_NUMBER = re.compile(r"^[\s\u00a0\u3000]*[-+]?[\d０-９][\d０-９,，.．]*[\s\u00a0\u3000]*$")
_NUM_TOKEN = r"(?:[-+]?\d[\d,.]*(?:万元|元)?|[—\-–/／])"
_ONLY_NUMBERS = re.compile(r"^" + _NUM_TOKEN + r"(?:[\s\u00a0\u3000]+" + _NUM_TOKEN + r")+$")
_TRAILING_NUMBERS = re.compile(
    r"^(?P<label>\S.*?[^\d\s.,，、:：])[\s\u00a0\u3000]+"
    r"(?P<nums>" + _NUM_TOKEN + r"(?:[\s\u00a0\u3000]+" + _NUM_TOKEN + r")*)[\s\u00a0\u3000]*$")
_TOKEN = re.compile(r"\S+")
# the last character of a _NUM_TOKEN (a line whose last character is none of these ends in no number)
_NUMBER_ENDS = frozenset(",.元—-–/／")  # … or a digit (full-width too: \d matches them)


# Cells the text of one document may hold (a report has about a thousand lines), and cells one
# table row may hold (a statutory row has at most nine): beyond them a text is no report, and
# would take gigabytes (two million pipe-table rows; a row of 100,000 columns).
MAX_CELLS = 200_000
MAX_ROW_CELLS = 1_000


def _too_many(line: int, row: bool) -> ReadError:
    what = (f"一行表格超过 {MAX_ROW_CELLS} 个单元格" if row else f"全文超过 {MAX_CELLS} 个单元格（行）")
    return ReadError(f"文本中的表格过大（{what}），不是年度报告", where=f"第 {line} 行")


def read_document(data: bytes) -> Document:
    return read_text(decode_text(data))


def read_text(text: str, fmt: str = "text") -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    from .flattened import find_flattened, read_flattened

    if find_flattened(text):
        rows = read_flattened(text)
        return Document(format=fmt, text=text, tables=[Table(rows, where={"flattened": True})])
    rows = text_rows(text.split("\n"))
    return Document(format=fmt, text=text, tables=[Table(rows)] if rows else [])


def is_number(s: str) -> bool:
    return bool(_NUMBER.match(s))


_WIDE: dict[str, int] = {}


def _char_width(ch: str) -> int:
    w = _WIDE.get(ch)
    if w is None:
        w = _WIDE[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return w


@lru_cache(maxsize=4096)  # row labels repeat from report to report
def _text_width(text: str) -> int:
    return sum([1 if ch < "\x80" else _char_width(ch) for ch in text])


def _columns_at(line: str, positions: list[int]) -> list[int]:
    """Display column of the characters at ``positions`` (ascending) of ``line``; CJK
    characters are two columns wide. Only the stretches between positions are measured."""
    out, at, prev = [], 0, 0
    for p in positions:
        seg = line[prev:p]
        at += len(seg) if seg.isascii() else _text_width(seg)
        out.append(at)
        prev = p
    return out


def split_line(line: str, lineno: int) -> list[TextCell]:
    """A plain line as cells: ``label n n n`` → label and numbers; anything else → one cell.

    Each number keeps its display column (``where["col"]``) so that columns left blank in a
    space-aligned table can be put back (:func:`fill_aligned`).
    """
    s = line.rstrip(" \t")
    lead = len(s) - len(s.lstrip(" \t"))
    s = s.strip(" \t")
    if not s or not (s[-1] in _NUMBER_ENDS or s[-1].isdigit()):
        return [TextCell(s, {"line": lineno})]  # prose: no number at the end (the common case)
    if len(s) <= 400 and _ONLY_NUMBERS.match(s):
        tokens = list(_TOKEN.finditer(s))
        cols = _columns_at(line[:lead] + s, [lead + t.start() for t in tokens])
        return [TextCell(t.group(), {"line": lineno, "col": c}) for t, c in zip(tokens, cols, strict=True)]
    m = _TRAILING_NUMBERS.match(s) if len(s) <= 160 else None
    if m:
        cells = [TextCell(m["label"].strip(), {"line": lineno})]
        base = lead + m.start("nums")
        tokens = list(_TOKEN.finditer(m["nums"]))
        cols = _columns_at(line[:lead] + s, [base + t.start() for t in tokens])
        for t, c in zip(tokens, cols, strict=True):
            cells.append(TextCell(t.group(), {"line": lineno, "col": c}))
        return cells
    return [TextCell(s, {"line": lineno})]


def fill_aligned(rows: list[list[TextCell]], tolerance: int = 3, reach: int = 40) -> None:
    """Put back blank cells of space-aligned tables: a row with fewer numbers than a nearby
    row whose columns it matches gets an empty cell for each column it leaves blank."""
    from .labels import table_marker

    group, groups = 0, []
    for r in rows:
        if len(r) == 1 and ("第二十条" in r[0].text or table_marker(r[0].text)):
            group += 1  # a heading: columns do not carry over
        groups.append(group)
    numbered = [(i, [c for c in r[1:] if "col" in c.where]) for i, r in enumerate(rows)
                if len(r) > 1 and all("col" in c.where for c in r[1:])]
    longest: dict[int, int] = {}  # per group, the most numbers a row prints
    for i, cells in numbered:
        longest[groups[i]] = max(longest.get(groups[i], 0), len(cells))
    for k, (i, cells) in enumerate(numbered):
        if len(cells) >= longest[groups[i]]:
            continue  # no row of its group has more columns to match it against
        cols = [c.where["col"] for c in cells]
        best = None
        for j, other in numbered[max(0, k - reach):k + reach]:
            if len(other) <= len(cells) or j == i or groups[j] != groups[i]:
                continue
            anchors = [c.where["col"] for c in other]
            match = _match(cols, anchors, tolerance)
            if match is not None and (best is None or abs(j - i) < best[0]):
                best = (abs(j - i), anchors, match)
        if best is None:
            continue
        _, anchors, match = best
        line = cells[0].where["line"]
        filled = [TextCell("", {"line": line, "col": a, "blank": True}) for a in anchors]
        for cell, at in zip(cells, match, strict=True):
            filled[at] = cell
        rows[i] = rows[i][:1] + filled


def _match(cols: list[int], anchors: list[int], tolerance: int) -> list[int] | None:
    """Each column to an anchor, in order, within ``tolerance`` (start or end aligned)."""
    out, a = [], 0
    for c in cols:
        while a < len(anchors) and abs(anchors[a] - c) > tolerance:
            a += 1
        if a == len(anchors):
            return None
        out.append(a)
        a += 1
    return out


_PIPE_VALUE = re.compile(r"^(?:[-+]?[\d０-９][\d０-９,，.．]*(?:万元|元)?|[—\-–－/／无]+)?$")


def _header_row(row: list[TextCell]) -> bool:
    """Four or more cells, all words: a header row (a data row prints at most three labels),
    after which a lone ``|`` starts the next row even when numbers follow (table 4's values)."""
    return len(row) >= 4 and all(c.text and not _PIPE_VALUE.match(c.text.strip(" \t\u00a0\u3000")) for c in row)


def _lone_pipe_is_blank(lines: list[str], i: int) -> bool:
    """In the ``value |`` layout a lone ``|`` starts a row — or is a blank cell printed bare
    (seeds 002/004 print blank zeros so). A row always starts with its label: so a lone pipe
    is a blank cell when what follows the run of lone pipes it is in is a value, a pipe
    separator, or no pipe cell at all; when a label follows, the last pipe of the run starts
    its row and the ones before it are blanks."""
    j = i + 1
    while j < len(lines) and lines[j].strip() == "|":
        j += 1
    if j >= len(lines):
        return True
    nxt = lines[j].strip()
    if not nxt.endswith("|") or nxt.startswith("|"):
        return True
    if _PIPE_VALUE.match(nxt[:-1].strip(" \t\u00a0\u3000")):
        return True
    return j > i + 1


def text_rows(lines: list[str], first_line: int = 1, line_rows: bool = False) -> list[list[TextCell]]:
    """Rows of cells from lines in any of the layouts above (prose lines are one-cell rows).

    ``line_rows``: every plain line is a row of its own (markdown, hard-wrapped text);
    otherwise consecutive plain lines are the cells of one row (one cell per line).
    Raises ReadError past :data:`MAX_CELLS` cells or :data:`MAX_ROW_CELLS` in one row.
    """
    if len(lines) > MAX_CELLS:
        raise _too_many(first_line + MAX_CELLS, row=False)
    rows: list[list[TextCell]] = []
    row: list[TextCell] = []
    kind = ""  # what the current row is made of: "tab", "pipe", "plain"

    def flush() -> None:
        nonlocal row, kind
        row = [c for c in row if not is_page_footer(c.text)]  # page footers inside a table
        if row:
            lines_split = [split_line(c.text, c.where["line"]) for c in row] if kind == "plain" else []
            if kind == "plain" and not line_rows and len(row) > 1 and not any(len(s) > 2 for s in lines_split):
                # one cell per line (a label or a value on each): one row, cut later at row labels
                rows.append([x for s in lines_split for x in s])
            elif kind == "plain":
                # lines of their own: prose, or "label n n n" (a space-aligned table)
                pending: list[TextCell] | None = None  # a label line waiting for its numbers line
                for c, cells in zip(row, lines_split, strict=True):
                    numbers_only = all("col" in x.where for x in cells)
                    if pending is not None and numbers_only and not line_rows:
                        rows[-1] = pending + cells  # label on one line, its numbers on the next
                        pending = None
                        continue
                    rows.append(cells)
                    pending = cells if len(cells) == 1 and len(c.text) <= 60 and not is_number(c.text) else None
            else:
                rows.append(row)
        row, kind = [], ""

    pipe_cells = False  # the text uses the "value |" layout (then " |" is an empty cell)
    row_started = False  # the last line was a lone "|" that started a row
    many = 0  # cells made, at most (one a line, more in tab and pipe-table rows)
    for i, raw in enumerate(lines):
        n = first_line + i
        many += 1
        line = raw.rstrip("\r")
        if line.strip(" \r") == "" and "\t" not in line:
            flush()
            continue
        if line.startswith("\t"):
            if kind not in ("tab", ""):
                flush()
            kind = "tab"
            if line.count("\t") >= MAX_ROW_CELLS:
                raise _too_many(n, row=True)
            many += line.count("\t")
            if many > MAX_CELLS:
                raise _too_many(n, row=False)
            for part in line[1:].split("\t"):
                row.append(TextCell(part.strip(" "), {"line": n}))
            continue
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2 and not _pipe_separator(stripped):
            flush()
            if _MD_SEP.match(stripped):
                continue
            inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
            if inner.count("|") >= MAX_ROW_CELLS:
                raise _too_many(n, row=True)
            many += inner.count("|")
            if many > MAX_CELLS:
                raise _too_many(n, row=False)
            # each cell's column in the pipe table: table 3's value columns found from its header
            rows.append([TextCell(c.strip(), {"line": n, "column": i}) for i, c in enumerate(inner.split("|"), 1)])
            continue
        if stripped == "|" and line[:1] in (" ", "\u00a0", "\u3000") and pipe_cells:
            if kind != "pipe":
                flush()
            kind = "pipe"
            row.append(TextCell("", {"line": n}))  # " |": an empty cell, not a separator
            continue
        if stripped == "|" and pipe_cells and (
                (kind == "pipe" and row and not _header_row(row)) or (not row and row_started)) \
                and _lone_pipe_is_blank(lines, i):
            kind = "pipe"
            row.append(TextCell("", {"line": n}))  # a blank cell printed as a lone "|"
            continue
        row_started = stripped == "|"  # (a row with no label, table 4's numbers, may start blank)
        if _pipe_separator(stripped):
            flush()
            continue
        if stripped.endswith("|") and not stripped.startswith("|"):
            if kind not in ("pipe", ""):
                flush()
            kind, pipe_cells = "pipe", True
            row.append(TextCell(stripped[:-1].strip(), {"line": n}))
            continue
        # A plain line.
        if "\t" in stripped and kind != "tab":
            # cells separated by tabs on one line (copied from a spreadsheet): empty cells kept
            flush()
            if line.count("\t") >= MAX_ROW_CELLS:
                raise _too_many(n, row=True)
            many += line.count("\t")
            if many > MAX_CELLS:
                raise _too_many(n, row=False)
            rows.append([TextCell(c.strip(" \u00a0\u3000"), {"line": n, "column": i + 1})
                         for i, c in enumerate(line.rstrip().split("\t"))])
            continue
        if kind == "tab" and row and row[-1].text and not is_number(row[-1].text) and not _HEADING.match(stripped):
            # continues the cell above (a header cell broken over lines)
            row[-1].text += stripped
            continue
        if kind in ("tab", "pipe"):
            flush()
        kind = "plain"
        row.append(TextCell(stripped, {"line": n}))
    flush()
    fill_aligned(rows)
    return rows
