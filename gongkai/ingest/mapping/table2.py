"""Table 2 (第二十条): rows by label (规章, 行政规范性文件 …), Article 20 items in their order
under their headings; numbers printed together split by :mod:`..digit_runs`, told apart by the
report's own text where it states them (制发规范性文件 88 件)."""

from __future__ import annotations

import re
from typing import Any

from ...report import cells as C
from ...report.model import Cell
from .. import digit_runs, labels
from ..document import TextCell
from . import near
from .order import feasible
from .rows import TOO_MANY, Row, by_columns, is_blank, is_note, joined, place, run_text, value_like


class Table2Mapping:
    """The Mapper's reading of table 2 (a mixin of :class:`~gongkai.ingest.mapping.Mapper`)."""

    def map_table2(self, rows: list[Row], version: str) -> None:
        columns = labels.ART20_COLUMNS[version]
        orphans: list[tuple[TextCell, str]] = []  # cells a converter cut loose: (cell, note)
        shared = _shared_labels(rows)
        header_cols: list[Any] = []  # grid columns of the latest 信息内容 header's cells
        header_trailing = 0
        loose: list[Row] = []  # rows of numbers printed without their label (a converter's detached rows)
        items = [shared.get(i) or (labels.art20_item(r.label) if r.labels else None) for i, r in enumerate(rows)]
        items = self._art20_near(rows, items, columns)
        for i, r in enumerate(rows):
            item = items[i]
            if item is None:
                if not r.labels and r.has_values:
                    loose.append(r)
                if r.labels and not r.has_values and labels.norm(r.labels[0].text) == "信息内容":
                    header_cols = [c.where.get("column") for c in r.labels[1:] if c.span_of is None]
                    # empty cells the header prints after its last column (a "value |" layout's
                    # filler pipes): the rows below print as many after their last value
                    header_trailing = len(r.values) if r.labels[1:] else 0
                if not r.labels and len(r.values) == 1 and not is_blank(r.values[0].text):
                    orphans.append((r.values[0], ""))
                elif r.labels and not r.values and orphans and not orphans[-1][1] and is_note(r.label):
                    cell, _ = orphans[-1]
                    orphans[-1] = (cell, r.label)
                continue
            if item not in columns:
                self.warn("ingest.template_row", f"表二“{r.label}”不属于 {version} 版格式（{place(r.where)}），未读取")
                continue
            cols = columns[item]
            keys = [f"art20.{item}.{c}" for c in cols]
            vals = self._window(r.values, len(cols))
            if vals is None and len(header_cols) == len(cols) and all(isinstance(c, int) for c in header_cols):
                vals = by_columns(r.values, header_cols)
            if (vals is None and header_trailing and len(r.values) == len(cols) + header_trailing
                    and len(header_cols) == len(cols) and all(is_blank(v.text) for v in r.values[len(cols):])):
                vals = r.values[:len(cols)]
            if vals is not None:
                for k, cell in zip(keys, vals, strict=True):
                    self.set(k, cell)
                continue
            run, last = _amount_run(r.values) if cols[-1] == "amount" else (run_text(r.values), "")
            if run is not None and len(r.values) == 1:
                self._art20_run(item, keys, cols, r.values[0], run, last)
                continue
            if len(r.values) == len(cols) - 1 and orphans:
                cell, note = orphans.pop(0)
                col = labels.note_column(note) if note else None
                if col in cols:
                    at = cols.index(col)
                    vals = list(r.values)
                    merged = TextCell(cell.text + note, {**cell.where, "moved": "printed outside the table"},
                                      cell.confidence)
                    vals.insert(at, merged)
                    for k, c in zip(keys, vals, strict=True):
                        self.set(k, c)
                    self.warn("ingest.cell_moved",
                              f"表二“{r.label}”行少印一格；表外的“{cell.text}{note}”按其注释归入"
                              f"“{C.label(keys[at])}”（{place(r.where)}）", [keys[at]],
                              "a cell printed outside table 2 was put back by its note")
                    continue
            self.unread(keys, r.where, f"该行印有 {len(r.values)} 个值，应为 {len(cols)} 个",
                        " ".join(v.text for v in r.values))
        unused = {id(c) for c, _ in orphans}
        loose = [r for r in loose if len(r.values) > 1 or id(r.values[0]) in unused]
        if loose:
            # Table 2 has no sums to confirm which row a row of numbers is: it is not placed.
            keys = [f"art20.{item}.{c}" for item, cols in columns.items() for c in cols]
            keys = [k for k in keys if k not in self.cells]
            self.warn("ingest.rows_detached",
                      f"表二有 {len(loose)} 行数字未印行标签，表二没有可确认其所属行的合计关系，未读取（"
                      f"{place(loose[0].where)}）", keys,
                      f"{len(loose)} table 2 row(s) printed without labels were not placed (no sums to confirm them)")

    def _art20_near(self, rows: list[Row], items: list[str | None],
                    columns: dict[str, tuple[str, ...]]) -> list[str | None]:
        """``items`` with the rows whose label names no item (misread by OCR) placed: a row
        takes an item its label is at least half like and its numbers fit, in template order
        among the rows around it; it is placed when that leaves one item and its label is
        nearest to that one. A row not placed so is named in a warning."""
        order = [it for it in near.ART20_ORDER if it in columns]
        pos = {it: k for k, it in enumerate(order)}
        loose = [i for i, r in enumerate(rows) if items[i] is None and r.labels and r.values]
        if not loose:
            return items
        blocks = near.art20_blocks([r.label if r.labels and not r.has_values else None for r in rows])
        ranking = {i: near.art20_ranked(rows[i].label, tuple(order)) for i in loose}
        kept = [i for i, it in enumerate(items) if it in pos or i in ranking]
        sets: dict[int, set[int]] = {i: {pos[items[i]]} for i in kept if i not in ranking}
        for i in loose:
            sets[i] = {pos[m.key] for m in ranking[i] if m.ratio <= 0.5 and m.key not in items
                       and m.key in blocks[i] and self._window(rows[i].values, len(columns[m.key])) is not None}
        narrowed = dict(sets)  # a label clearly one item: that item, if it fits
        for i in loose:
            m = near.clear(ranking[i])
            if m is not None and pos[m.key] in sets[i]:
                narrowed[i] = {pos[m.key]}
        placed = feasible([narrowed[i] for i in kept], len(order)) or feasible([sets[i] for i in kept], len(order))
        out = list(items)
        for i, f in zip(kept, placed or [set()] * len(kept), strict=True):
            if i not in ranking:
                continue
            r, first = rows[i], (ranking[i][0] if ranking[i] else None)
            if len(f) == 1 and first is not None and pos[first.key] in f:
                out[i] = first.key
                keys = [f"art20.{first.key}.{c}" for c in columns[first.key]]
                self.warn("ingest.label_near",
                          f"表二{place(r.where)}的标签“{r.label}”按近似匹配为“{near.art20_name(first.key)}”"
                          f"（{first.misread} 字不同，前后行次序相符）", keys,
                          f"table 2 label {r.label!r} matched loosely to {first.key}")
                continue
            if not sets[i] and not any(value_like(v.text) for v in r.values):
                continue  # blank cells after words that are like no item (a heading printed in a grid row)
            keys = [f"art20.{order[k]}.{c}" for k in sorted(f or sets[i]) for c in columns[order[k]]]
            self.warn("ingest.row_unplaced", f"表二“{r.label}”行无法确定地对应到模板的行，未读取（{place(r.where)}）",
                      keys, "a table 2 row whose label names no row could not be placed")
        return out

    def _art20_run(self, item: str, keys: list[str], cols: tuple[str, ...], cell: TextCell, run: str,
                   last: str = "") -> None:
        """Split a row's digits run together; ``last``: what the last number printed after its
        digits (an amount's ``.64万元``), which no split can move."""
        try:
            readings = digit_runs.splits(run, len(cols))
        except digit_runs.TooMany:
            self.unread(keys, cell.where, TOO_MANY, run)
            return
        # Only a change (本年增/减) is ever negative: a minus sign fixes where the number before it ends.
        readings = [r for r in readings if all(v >= 0 or k in C.SIGNED_KEYS for k, v in zip(keys, r, strict=True))]
        note = ""
        if len(readings) > 1:
            hints = narrative_hints(self.doc.text, item)
            for col, value in hints.items():
                if col in cols:
                    i = cols.index(col)
                    narrowed = [r for r in readings if r[i] == value]
                    if narrowed:
                        readings = narrowed
                        note = "narrative"
        if not readings:
            self.unread(keys, cell.where, "无法把连在一起的数字拆成应有的格数", run)
            return
        agreed = digit_runs.agreed(readings)
        for k, v in zip(keys, agreed, strict=True):
            if v is not None:
                how = " split with the report's text" if note else ""
                if last and k == keys[-1]:
                    where = {**cell.where, "split": f"digit run {run + last!r}{how}"}
                    self.cells[k] = Cell.read(k, f"{v}{last}", where)
                else:
                    self.set_number(k, v, cell.where, f"digit run {run!r}{how}")
        undecided = [k for k, v in zip(keys, agreed, strict=True) if v is None]
        if undecided:
            self.unread(undecided, cell.where,
                        f"{len(cols)} 个数字连在一起，文中没有可确定拆分的依据（{len(readings)} 种可能）",
                        run)


def _shared_labels(rows: list[Row]) -> dict[int, str]:
    """Rows whose label cell is one merged cell naming several items (``行政处罚行政强制`` over
    two rows, as a table cut by a page break can come out): the k-th row is the k-th item."""
    out: dict[int, str] = {}
    i = 0
    while i < len(rows):
        items = labels.art20_items(rows[i].label) if rows[i].labels and rows[i].values else []
        j = i
        while j + 1 < len(rows) and rows[j + 1].label == rows[i].label and rows[j + 1].values:
            j += 1
        if len(items) > 1 and j - i + 1 == len(items):
            for k, item in enumerate(items):
                out[i + k] = item
        i = j + 1
    return out


_AMOUNT_TAIL = re.compile(r"(\.\d+)?[ \t]*(万?元)?$")


def _amount_run(cells: list[TextCell]) -> tuple[str | None, str]:
    """A run ending in an amount: its digits, and the amount's decimals and unit printed after them."""
    text = joined(cells)
    m = _AMOUNT_TAIL.search(text)
    head, tail = text[:m.start()].rstrip(), m.group(0).replace(" ", "")
    if not head or digit_runs.tokens(head) is None:
        return None, ""
    return head, tail


_HINT_WORDS = {"regulations": r"规章", "normative_documents": r"(?:行政)?规范性文件"}


_HINT_VERBS = {"made": r"(?:制发|印发|出台|制定|新制定)", "repealed": r"(?:废止|失效)", "in_force": r"现行有效"}


def narrative_hints(text: str, item: str) -> dict[str, int]:
    """Counts the report's own text states for an Article 20 item (制发 … 规范性文件 88 件)."""
    noun = _HINT_WORDS.get(item)
    if not noun:
        return {}
    t = re.sub(r"[\s\u00a0\u3000]+", "", text)
    out: dict[str, int] = {}
    for col, verb in _HINT_VERBS.items():
        found = set()
        for pat in (verb + r"[^。；;，,\d]{0,12}?" + noun + r"(\d+)件",
                    noun + r"[^。；;，,\d]{0,6}?" + verb + r"(\d+)件"):
            for m in re.finditer(pat, t):
                found.add(int(m.group(1)))
        if len(found) == 1:
            out[col] = found.pop()
    return out
