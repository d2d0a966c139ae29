"""Tables flattened into running text: each row's cells printed with no separator.

Archived pages sometimes keep only the text of a table: ``…申请数量640020470二、上年结转…``.
The rows are found by their labels, in the template's order; what follows a label up to
the next label is the row's digit run, kept as printed in one cell (spaces included)
for the mapper to split with :mod:`gongkai.ingest.digit_runs`. Text between rows
(headings, column headers) is kept as label-only rows: it tells the template and the table.
"""

from __future__ import annotations

import bisect
import re

from .document import TextCell
from .labels import FLAT_APPEAL_END, FLAT_ROWS

_SP = r"[ \t\u00a0\u3000]*"
# possessive: a long run of digits and spaces is scanned once, never re-split
_DETECT = re.compile(r"本年新收政府信息公开申请数量" + _SP + r"\d[\d \t\u00a0\u3000]*+(?:二、)?" + _SP + r"上年结转")
_ZONE_START = re.compile(r"二、" + _SP + r"主动公开政府信息情况|第二十条")
_ZONE_END = re.compile(r"[五5][、.．]" + _SP + r"(?:政府信息公开工作)?存在的主要问题|存在的主要问题及改进情况")
_RUN = re.compile(r"[ \t\u00a0\u3000]*([-\u2212\uff0d]?\d(?:[\d \t\u00a0\u3000]|[-\u2212\uff0d](?=\d))*(?:\.\d+)?)")
_DIGIT = re.compile(r"\d")
_UNIT = re.compile(r"[ \t\u00a0\u3000]*万?元")
_ITEM_NUMBER = re.compile(r"(\d)[ \t]*[.．、][ \t]*$")


def find_flattened(text: str) -> bool:
    """Does the text hold a flattened table 3 (row labels and digit runs on one line)?"""
    return bool(_DETECT.search(text))


def read_flattened(text: str) -> list[list[TextCell]]:
    m = _DETECT.search(text)
    if not m:
        return []
    starts = [s for s in _ZONE_START.finditer(text, 0, m.start())]
    begin = starts[0].start() if starts else text.rfind("\n", 0, m.start()) + 1
    end_m = _ZONE_END.search(text, m.start())
    end = end_m.start() if end_m else len(text)
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(newlines, offset - 1) + 1

    rows: list[list[TextCell]] = []
    pos = begin
    pending_gap_from = begin
    found: list[tuple[int, int, int, str]] = []  # (label start, label end, prefix start, key)
    for key, pattern, numbered in FLAT_ROWS:
        lm = pattern.search(text, pos, end)
        if not lm:
            continue
        prefix_start = lm.start()
        if numbered:
            nm = _ITEM_NUMBER.search(text, max(pos, lm.start() - 4), lm.start())
            if nm:
                prefix_start = nm.start()
        found.append((lm.start(), lm.end(), prefix_start, key))
        pos = lm.end()
    # table 4: the run after the last column header
    t4 = None
    last_end = found[-1][1] if found else begin
    heads = list(FLAT_APPEAL_END.finditer(text, last_end, end))
    if heads:
        t4 = heads[-1]

    def cell(s: int, e: int, kind: str) -> TextCell:
        return TextCell(text[s:e].strip(), {"line": line_of(s), "offset": s, "flattened": kind})

    def gap(s: int, e: int) -> None:
        # one label-only row per line: a column header printed after a paragraph stays short
        # enough to be told apart as a table heading
        at = s
        for part in text[s:e].split("\n"):
            g = part.strip()
            if g:
                start = at + part.find(g)
                rows.append([TextCell(g, {"line": line_of(start), "offset": start})])
            at += len(part) + 1

    for i, (_lstart, lend, pstart, _key) in enumerate(found):
        gap(pending_gap_from, pstart)
        nxt = found[i + 1][2] if i + 1 < len(found) else (t4.start() if t4 else end)
        run = _RUN.match(text, lend, nxt)
        row = [cell(pstart, lend, "label")]
        pending_gap_from = lend
        if run and run.group(1).strip():
            # anything with a digit printed after the run on its line belongs to the row: kept in
            # the cell, so that a run the splitter cannot read whole is left unread, not cut short
            line_end = text.find("\n", run.end(1), nxt)
            tail_end = nxt if line_end < 0 else line_end
            run_end = run.end(1)
            if _DIGIT.search(text, run_end, tail_end):
                run_end = tail_end
            elif (unit := _UNIT.match(text, run_end, tail_end)):
                run_end = unit.end()  # 元 / 万元 after the amount is part of its cell

            row.append(cell(run.start(1), run_end, "run"))
            pending_gap_from = run_end
        rows.append(row)
    if t4:
        gap(pending_gap_from, t4.end())
        run = _RUN.match(text, t4.end(), end)
        if run and run.group(1).strip():
            rows.append([cell(run.start(1), run.end(1), "run")])
            pending_gap_from = run.end(1)
        else:
            pending_gap_from = t4.end()
    return rows
