"""Table 4 (复议诉讼): 15 numbers (复议 5, 直接起诉 5, 复议后起诉 5) in order, or rows by group."""

from __future__ import annotations

from ...report import cells as C
from ...report import values
from .. import digit_runs, labels
from ..document import TextCell
from .rows import HAN, TOO_MANY, Row, is_blank, place, run_text, value_like


class Table4Mapping:
    """The Mapper's reading of table 4 (a mixin of :class:`~gongkai.ingest.mapping.Mapper`)."""

    def map_table4(self, rows: list[Row]) -> None:
        keys = list(C.APPEAL_KEYS)
        data = [r for r in rows if r.values and not all(is_blank(v.text) for v in r.values)
                or (len(r.values) >= 5) or (not r.labels and len(r.lead) + len(r.values) >= 15)]
        # a header is never a value: a row with words among its values (行政复议 … 行政诉讼 over
        # blank cells) is a header row, however many cells it has
        data = [r for r in data if not any(HAN.search(v.text) and not value_like(v.text) for v in r.values)]
        if not data:
            return
        by_group = {labels.appeal_group(r.label): r for r in data if r.labels and len(r.values) >= 5}
        if len(by_group) == 3 and None not in by_group:
            for group, r in by_group.items():
                vals = self._window(r.values, 5)
                gkeys = [C.appeal_key(group, c) for c, _ in C.APPEAL_COLUMNS]
                if vals is None:
                    self.unread(gkeys, r.where, f"该行印有 {len(r.values)} 个值，应为 5 个")
                    continue
                for k, c in zip(gkeys, vals, strict=True):
                    self.set(k, c)
            return
        def cells_of(r: Row) -> list[TextCell]:
            return r.values if r.labels else r.lead + r.values

        # one row of 15: the first that prints something, else an all-blank one
        full = [w for w in (self._window(cells_of(r), 15) for r in data) if w is not None]
        printed = [w for w in full if any(not is_blank(c.text) for c in w)]
        vals = (printed or full or [None])[0]
        if len({tuple(values.normalize(c.text) for c in w) for w in printed}) > 1:
            self.warn("ingest.table_repeated", "表四印有不止一行 15 个数且互不相同，读取第一行（"
                      + place(vals[0].where if vals else None) + "）", keys)
        flat: list[TextCell] = [v for r in data for v in cells_of(r)]
        if vals is None:
            vals = self._window(flat, 15)
        if vals is not None:
            for k, c in zip(keys, vals, strict=True):
                self.set(k, c)
            return
        run = run_text(flat) if len(flat) <= 2 else None
        if run is not None:
            where = flat[0].where
            try:
                readings = digit_runs.grouped_splits(run)
            except digit_runs.TooMany:
                self.unread(keys, where, TOO_MANY, run)
                return
            if not readings:
                self.unread(keys, where, "数字连在一起，且没有一种拆分能使各组总计等于其四项之和", run)
                return
            agreed = digit_runs.agreed(readings)
            for k, v in zip(keys, agreed, strict=True):
                if v is not None:
                    self.set_number(k, v, where, f"digit run {run!r} split by group totals")
            undecided = [k for k, v in zip(keys, agreed, strict=True) if v is None]
            if undecided:
                self.unread(undecided, where, f"数字连在一起，有 {len(readings)} 种拆分都符合各组总计", run)
            return
        self.unread(keys, data[0].where, f"表四印有 {len(flat)} 个值，应为 15 个")
