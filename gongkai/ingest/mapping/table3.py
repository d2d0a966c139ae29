"""Table 3 (申请情况): rows by label, aligned to the template's row order so that rows whose
label a converter cut or lost are placed by their neighbours (:mod:`.order`), misread labels by
the nearest row (:mod:`.near`), labels lost altogether by the table's sums (:mod:`.detached`);
7 numbers per row in the template's column order."""

from __future__ import annotations

from typing import Any

from ...report import cells as C
from ...report import values
from .. import digit_runs, labels
from ..document import TextCell
from . import detached, near
from .order import align, feasible
from .rows import TOO_MANY, Row, by_columns, is_blank, place, printed_values, run_text, value_like


class Table3Mapping:
    """The Mapper's reading of table 3 (a mixin of :class:`~gongkai.ingest.mapping.Mapper`)."""

    def map_table3(self, rows: list[Row], version: str | None) -> str | None:
        data = [r for r in rows if r.values and (r.labels or len(r.values) >= 5)
                and (r.labels or not all(is_blank(v.text) for v in r.values))]
        if not data:
            return None
        cands = [labels.app_row_candidates(r.label) for r in data]
        # words naming no row over blank cells (申请人情况 |  |, 商业企业 … 其他 |  |): a header, not a row
        kept = [i for i, c in enumerate(cands) if c or data[i].has_values]
        data, cands = [data[i] for i in kept], [cands[i] for i in kept]
        # (a fragment such as ``六)其他处`` names both （六） forms: it tells neither)
        named = set().union(*(c for c in cands if not ("other" in c and len(c) > 1)))
        loose = {i: m for i, (r, c) in enumerate(zip(data, cands, strict=True))
                 if not c and r.labels and (m := near.app_row(r.label)) is not None}
        named |= {m.key for m in loose.values()}
        if not named & {"other", *C.OTHER_KEYS_2021}:
            named |= near.six_form(data, cands)  # no （六） row named: misread (OCR) labels may tell
        if named & set(C.OTHER_KEYS_2021):
            variant, other = "sub", C.OTHER_KEYS_2021
        elif "other" in named:
            variant, other = "other", C.OTHER_KEYS_2019
        else:
            variant = None
            other = C.OTHER_KEYS_2019 if version == "2019" else C.OTHER_KEYS_2021
        cands = self._loose_labels(data, cands, loose, detached.expected_rows(other))
        # Rows whose label names no single row (none printed, or a cut one): placed only as detached.choose says.
        confirmed: set[int] = set()
        free = [i for i, c in enumerate(cands) if len(c) != 1]
        if free:
            nums = [detached.numbers(self._window(r.values if r.labels else r.lead + r.values, 7, row_sum=True))
                    for r in data]
            choice = detached.choose(cands, nums, variant, version, align)
            if choice is not None:
                other, picked = choice
                confirmed = {id(data[i]) for i in picked}
        expected = detached.expected_rows(other)
        index = {k: i for i, k in enumerate(expected)}
        sets = [{index[k] for k in c if k in index} if c else set(range(len(expected))) for c in cands]
        for r, s in zip(data, sets, strict=True):
            if not s:  # names a row the table's other rows say is not printed here
                self.warn("ingest.row_unplaced",
                          f"表三“{r.label}”行与表中其他行的格式不一致，未读取（{place(r.where)}）")
        data = [r for r, s in zip(data, sets, strict=True) if s]
        sets = [s for s in sets if s]
        feasible = align(sets, len(expected))
        assigned: dict[str, Row] = {}
        conflicting: set[str] = set()
        unconfirmed: list[str] = []
        for r, f in zip(data, feasible, strict=True):
            if (len(f) == 1 and len(labels.app_row_candidates(r.label)) != 1 and id(r) not in confirmed
                    and id(r) not in loose):
                key = expected[next(iter(f))]
                unconfirmed.append(key)
                self.unread([C.app_key(key, c) for c in C.APP_COLUMN_KEYS], r.where,
                            "该行未印出能确定所属行的标签，按模板顺序应在此行，但表内勾稽关系（各办理结果之和等于总计，"
                            "本年新收加上年结转等于总计加结转下年度）不能确认", " ".join(v.text for v in r.values))
                continue
            if len(f) == 1:
                key = expected[next(iter(f))]
                if key in assigned and printed_values(assigned[key].values) != printed_values(r.values):
                    conflicting.add(key)  # two different rows claim it (fallback by label alone)
                assigned[key] = r
            elif r.labels and labels.app_row_candidates(r.label):
                keys = [C.app_key(k, c) for k in sorted(expected[i] for i in f) for c in C.APP_COLUMN_KEYS]
                self.warn("ingest.row_unplaced",
                          f"表三中标签为“{r.label}”的行无法唯一对应到模板的行（{place(r.where)}）",
                          keys[:7], "a table 3 row could not be placed with certainty")
        for key in conflicting:
            r = assigned.pop(key)
            self.unread([C.app_key(key, c) for c in C.APP_COLUMN_KEYS], r.where,
                        "表三中有两行都印着这一行的标签，数字不同")
        # values
        runs: dict[str, list[digit_runs.Split]] = {}
        run_where: dict[str, dict[str, Any]] = {}
        run_raw: dict[str, str] = {}
        fixed: dict[str, list[TextCell]] = {}
        columns = _header_columns(rows)
        for key, r in assigned.items():
            vals = self._window(r.values if r.labels else r.lead + r.values, 7, row_sum=True)
            if vals is None and columns:
                vals = by_columns(r.values, columns)
            if vals is not None:
                fixed[key] = vals
                continue
            run = run_text(r.values)
            keys = [C.app_key(key, c) for c in C.APP_COLUMN_KEYS]
            if run is not None:
                try:
                    readings = digit_runs.row_splits(run)
                except digit_runs.TooMany:
                    self.unread(keys, r.where, TOO_MANY, run)
                    continue
                runs[key] = readings
                run_where[key] = dict(r.values[0].where)
                run_raw[key] = run
                continue
            self.unread(keys, r.where, f"该行印有 {len(r.values)} 个值，应为 7 个",
                        " ".join(v.text for v in r.values))
        if runs:
            candidates: dict[str, list[digit_runs.Split]] = {k: v for k, v in runs.items()}
            for key, vals in fixed.items():
                nums = [values.read(v.text) for v in vals]
                if all(kind == "int" for kind, _, _ in nums):
                    candidates[key] = [tuple(int(n) for _, n, _ in nums)]  # type: ignore[arg-type]
            outcome = [k for k in expected if k not in ("new_received", "carried_over", "total", "carried_forward")]
            surviving, used = digit_runs.solve_table3(candidates, outcome)
            for key in runs:
                keys = [C.app_key(key, c) for c in C.APP_COLUMN_KEYS]
                readings = surviving.get(key) or []
                raw = run_raw[key]
                if not readings:
                    self.unread(keys, run_where[key], "数字连在一起，且没有一种拆分能使本行总计等于六类申请人之和", raw)
                    continue
                agreed = digit_runs.agreed(readings)
                how = "the row total and the column totals" if used and len(runs[key]) > 1 else "the row total"
                undecided = [k for k, v in zip(keys, agreed, strict=True) if v is None]
                for k, v in zip(keys, agreed, strict=True):
                    if v is not None:
                        self.set_number(k, v, run_where[key], f"digit run {raw!r} split by {how}")
                if undecided:
                    self.unread(undecided, run_where[key],
                                f"数字连在一起，有 {len(readings)} 种拆分都符合表内勾稽关系", raw)
        for key, vals in fixed.items():
            for col, cell in zip(C.APP_COLUMN_KEYS, vals, strict=True):
                self.set(C.app_key(key, col), cell)
        self._check_loose(loose, assigned, expected)
        missing = [k for k in expected if k not in assigned and k not in unconfirmed]
        unplaced = [r for r, f in zip(data, feasible, strict=True)
                    if len(f) != 1 and not labels.app_row_candidates(r.label)]
        if unplaced and missing:
            # the （六） rows of either form when no label said which
            rows = missing + ([k for k in C.OTHER_KEYS_2019 + C.OTHER_KEYS_2021 if k not in expected]
                              if variant is None else [])
            self.warn("ingest.rows_detached",
                      f"表三有 {len(unplaced)} 行数字未印行标签，无法按模板顺序唯一确定所属的行，未读取（"
                      f"{place(unplaced[0].where)}）", [C.app_key(k, c) for k in rows for c in C.APP_COLUMN_KEYS],
                      f"{len(unplaced)} table 3 row(s) printed without labels could not be placed")
        if assigned and missing and len(missing) < len(expected):
            self.warn("ingest.rows_missing", "表三未找到以下行：" + "、".join(C.row_label(k) for k in missing),
                      [C.app_key(k, c) for k in missing for c in C.APP_COLUMN_KEYS],
                      f"table 3 rows not found: {missing}")
        return variant

    def _loose_labels(self, data: list[Row], cands: list[frozenset[str]], loose: dict[int, near.Near],
                      expected: list[str]) -> list[frozenset[str]]:
        """``cands`` with each label that names no row exactly taken for the row it clearly
        misreads (:func:`near.app_row`, OCR) — while all the rows so named stand in template order
        (``expected``); the misread that fits worst is dropped first. ``loose`` keeps those
        taken, by the row's id."""
        index = {k: i for i, k in enumerate(expected)}
        matches = {i: m for i, m in loose.items() if m.key in index}
        loose.clear()
        while matches:
            sets = [{index[matches[i].key]} if i in matches else {index[k] for k in c if k in index}
                    if len(c) == 1 else set() for i, c in enumerate(cands)]
            if feasible(sets, len(expected)) is not None:
                break
            del matches[max(matches, key=lambda i: (matches[i].ratio, i))]
        out = list(cands)
        for i, m in matches.items():
            out[i] = frozenset({m.key})
            loose[id(data[i])] = m
        return out

    def _check_loose(self, loose: dict[int, near.Near], assigned: dict[str, Row], expected: list[str]) -> None:
        """A row placed by a misread label stands only if its numbers fit the table's sums (where
        the table prints what they need); it is named in a warning either way."""
        outcome = [k for k in expected if k not in detached.EDGE_ROWS]
        for key, r in list(assigned.items()):
            m = loose.get(id(r))
            if m is None or m.key != key:
                continue
            keys = [C.app_key(key, c) for c in C.APP_COLUMN_KEYS]
            said = f"表三{place(r.where)}的标签“{r.label}”按近似匹配为“{C.row_label(key)}”"
            if near.app_sums_fit(self.cells, key, outcome) is False:
                self.unread(keys, r.where, said + "，但该行数字与表内合计不符")
                continue
            for k in keys:
                if k in self.cells:
                    self.cells[k].where = {**(self.cells[k].where or {}), "label": f"近似匹配：{r.label}"}
            self.warn("ingest.label_near", said + f"（{m.misread} 字不同，前后行次序相符）", keys,
                      f"table 3 label {r.label!r} matched loosely to row {key}")


_APP_HEADER = {labels.norm(t): k for k, t in C.APP_COLUMNS} | {"其他": "other_org"}


def _header_columns(rows: list[Row]) -> list[int] | None:
    """Grid columns of table 3's seven value columns, from its header cells (自然人 … 总计)."""
    found: dict[str, int] = {}
    for r in rows:
        if any(value_like(v.text) for v in r.values):
            continue
        for c in r.labels + r.values:  # (a header word after empty cells is among the "values")
            key = _APP_HEADER.get(labels.norm(c.text))
            col = c.where.get("column")
            if key and isinstance(col, int):
                found.setdefault(key, col)
    cols = [found.get(k) for k in C.APP_COLUMN_KEYS]
    if None in cols or len(set(cols)) != len(cols) or cols != sorted(cols):
        return None
    return cols  # type: ignore[return-value]
