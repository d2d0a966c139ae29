"""Document → Report: find the three statutory tables, tell the template, map labels to keys.

Every format reader hands over a :class:`~gongkai.ingest.document.Document`: its text and
its tables as grids of printed cells. The mapper reads the grids as one stream of rows
(tables split across pages simply continue), each row being its label cells and its value
cells, and walks the stream with the tables' own headings and header rows as markers:

* **table 2** (第二十条): rows by label (规章, 行政规范性文件 …); the template version from
  the column headers (本年制发件数 … → 2021; 本年新制作数量 … → 2019); rows not printed
  give absent keys;
* **table 3**: rows by label, aligned to the template's row order so that rows whose label
  a converter cut or lost are placed by their neighbours; only a placement that is the
  only one possible is used; 7 numbers per row in the template's column order;
* **table 4**: 15 numbers (复议 5, 直接起诉 5, 复议后起诉 5) in order, or rows by group.

Numbers run together (a flattened page) are split with :mod:`gongkai.ingest.digit_runs`.
A cell that cannot be read with certainty is left unread (absent from the report: in JSON
it has no value) with a warning naming its key and place; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import GongkaiError, ReadError
from ..report import cells as C
from ..report import values
from ..report.model import Cell, Finding, Report
from . import detached, digit_runs, labels, meta, near, sections
from .document import Document, TextCell

LOW_CONFIDENCE_UNREADABLE = 0.5
_TOO_MANY = f"数字连在一起，可能的拆分超过 {digit_runs.MAX_SPLITS} 种，不逐一尝试"
_HEADING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十][)）]|[一二三四五六七八九十]、)")
_DASH_CHARS = r"—\-–－/／\\×xX*＊无"  # what is printed for "none" in a cell (a class's contents)
_DASH = re.compile(f"^[{_DASH_CHARS}]+$")
_HAN = re.compile(r"[\u4e00-\u9fff]{2}")  # words (a header), not an OCR's stray mark among numbers
_NUMBER_OR_DASH = re.compile(f"[\\d{_DASH_CHARS}]")  # every number and every _DASH holds one


@dataclass
class Row:
    """One printed row: the label cells left of the numbers, and the cells after them."""

    labels: list[TextCell]
    values: list[TextCell]
    where: dict[str, Any] = field(default_factory=dict)
    lead: list[TextCell] = field(default_factory=list)  # empty cells before the first label or value

    # computed once, when the row is made (its cells are not changed afterwards)
    label: str = field(init=False, repr=False)  # the label cells' text
    text: str = field(init=False, repr=False)  # every cell's text
    has_values: bool = field(init=False, repr=False)  # a value cell is not blank

    def __post_init__(self) -> None:
        self.label = "".join([c.text for c in self.labels])
        self.text = self.label + "".join([c.text for c in self.values])
        self.has_values = any(not _blank(c.text) for c in self.values)


@lru_cache(maxsize=8192)
def _blank(text: str) -> bool:
    if not text or text.isspace():
        return True
    if text.isdigit():
        return False
    return values.is_blank(text)


# A count with a note in brackets after it, printed in the cell: ``22（其中修订 16 件）`` (kept as text).
_NOTED_NUMBER = re.compile(r"^\s*[+-]?\d[\d,]*(?:\.\d+)?\s*[（(][^（()）]{1,30}[)）]\s*$")


@lru_cache(maxsize=8192)
def _value_like(text: str) -> bool:
    if text.isascii() and text.strip().isdigit():
        return True
    if len(text) > 40:
        return False  # no number is printed that long
    if values.is_unread_mark(text):
        return True  # "？": a value printed as not known (gongkai's renderers print it so)
    if _NUMBER_OR_DASH.search(text) is None:
        return False  # a label: neither a digit nor a dash (the common case)
    if _NOTED_NUMBER.match(text):
        return True
    t = values.normalize(text)
    if not t:
        return False
    kind, _, _ = values.read(text)
    return kind in ("int", "decimal") or bool(_DASH.match(t))


def _header_words(cells: list[TextCell]) -> bool:
    """Words and empty cells only, no number and no flattened run: a header row's cells."""
    return (any(not _blank(c.text) for c in cells) and not any(_value_like(c.text) for c in cells)
            and not any(c.where.get("flattened") == "run" for c in cells))


# What a reader's Document.meta says about how it was read, kept in Report.reading.
READING = ("pages", "pages_read", "ocr_pages", "ocr_pictures", "ocr_precision", "hidden_text_pages",
           "converted_by")


def place(where: dict[str, Any] | None) -> str:
    """Where a cell was printed, in words: 第 3 页 表 2 第 5 行第 4 列, 第 1 张图片 表 2 …, or 第 120 行."""
    if not where:
        return "位置不明"
    parts = []
    if "page" in where:
        parts.append(f"第 {where['page']} 页")
    if "picture" in where:
        parts.append(f"第 {where['picture']} 张图片")
    if "line" in where and "row" not in where:
        parts.append(f"第 {where['line']} 行")
    if "table" in where and "line" not in where:
        parts.append(f"表 {where['table']}")
    if "row" in where:
        parts.append(f"第 {where['row']} 行")
    if "column" in where:
        parts.append(f"第 {where['column']} 列")
    return " ".join(parts) or "位置不明"


# --- the row stream -------------------------------------------------------------------

def rows_of(doc: Document) -> list[Row]:
    """Every table row of the document, in order, split into labels and values."""
    out: list[Row] = []
    for ti, table in enumerate(doc.tables, 1):
        for ri, cells in enumerate(table.rows, 1):
            kept: list[tuple[TextCell, tuple[int, int]]] = []
            for ci, cell in enumerate(cells, 1):
                if "line" not in cell.where and "row" not in cell.where:
                    cell.where = {**table.where, **cell.where, "table": table.where.get("table", ti),
                                  "row": ri, "column": ci}
                kept.append((cell, (ri, ci)))
            out.extend(_split_row(kept))
    return out


def _split_row(cells: list[tuple[TextCell, tuple[int, int]]]) -> list[Row]:
    """Labels are the text cells before the first number; merged copies of values are dropped.

    A run of cells holding several rows (one cell per line, no row breaks) is cut where a
    known row label follows numbers.
    """
    rows: list[Row] = []
    labs: list[TextCell] = []
    vals: list[TextCell] = []
    lead: list[TextCell] = []

    def emit() -> None:
        nonlocal labs, vals, lead
        if labs or vals:
            rows.append(Row(labs, vals, dict((labs or vals)[0].where), lead))
        elif len(lead) >= 5:
            rows.append(Row([], [], dict(lead[0].where), lead))  # a row of blank cells (table 4 printed empty)
        labs, vals, lead = [], [], []

    for cell, (ri, ci) in cells:
        if cell.where.get("flattened") == "run":
            vals.append(cell)  # a flattened row's numbers, whatever else is printed among them
            continue
        # a merged cell's copy: span_of names another grid position (0- or 1-based)
        copy = cell.span_of is not None and tuple(cell.span_of) not in ((ri - 1, ci - 1), (ri, ci))
        text = cell.text or ""
        blank = _blank(text)
        word = not blank and not _value_like(text)  # printed text that is no number
        if copy and blank and cell.span_of[0] not in (ri - 1, ri):
            copy = False  # a blank cell merged down over several rows is blank in each of them
        if word and (vals or labs) and len(text) <= 240 and labels.table_marker(text):
            emit()  # a heading starts a new row
        if word and vals and (_names_a_row(text) or _HEADING.match(text)):
            emit()
        if not vals:
            if blank:
                if labs and not copy:
                    vals.append(cell)  # an empty cell right after the label: a blank value …
                elif not labs and not copy:
                    lead.append(cell)
                continue
            if not word:  # a number
                if copy:
                    continue
                vals.append(cell)
                continue
            if labs and not copy and (labels.art20_item(text) or (
                    labels.app_row_candidates(text) and labels.app_row_candidates("".join(c.text for c in labs)))):
                emit()  # a row label after header cells (one cell per line): a new row
            labs.append(cell)
            continue
        if copy:
            continue
        # … unless a label follows it (an empty label column between two labels)
        if word and len(vals) <= 2 and all(_blank(v.text) for v in vals):
            labs.extend([cell])
            vals = []
            continue
        vals.append(cell)
    emit()
    return rows


def _names_a_row(text: str) -> bool:
    return bool(labels.app_row_candidates(text) or labels.art20_item(text))


# --- the mapper -------------------------------------------------------------------------

class Mapper:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.warnings: list[Finding] = []
        self.cells: dict[str, Cell] = {}

    # warnings -------------------------------------------------------------------------
    def warn(self, code: str, message: str, keys: list[str] | None = None, message_en: str = "") -> None:
        self.warnings.append(Finding(code, "warning", message, list(keys or []), message_en))

    def unread(self, keys: list[str], where: dict[str, Any] | None, reason: str, raw: str | None = None) -> None:
        """Leave cells unread (null) and say why, naming them and the place."""
        for k in keys:
            self.cells.pop(k, None)  # absent, not blank: nothing printed was read
        names = "、".join(C.label(k) for k in keys[:4]) + (f" 等 {len(keys)} 个单元格" if len(keys) > 4 else "")
        shown = f"（印为“{raw}”）" if raw else ""
        self.warn("ingest.unread", f"{names}未能确定地读出{shown}：{reason}（{place(where)}）；留空，未作推测",
                  keys, f"{len(keys)} cell(s) could not be read with certainty: {reason}")

    def set(self, key: str, cell: TextCell, raw: str | None = None) -> None:
        text = cell.text if raw is None else raw
        if values.is_unread_mark(text):
            self.unread([key], cell.where, "原文件在此格印“？”，表示数值不明")
            return
        if cell.confidence is not None and cell.confidence < LOW_CONFIDENCE_UNREADABLE:
            self.unread([key], cell.where, f"识别置信度过低（{cell.confidence:.2f}）", text)
            return
        c = Cell.read(key, text, dict(cell.where), cell.confidence)
        self.cells[key] = c

    def set_number(self, key: str, value: int, where: dict[str, Any], note: str = "") -> None:
        w = dict(where)
        if note:
            w["split"] = note
        self.cells[key] = Cell(key, str(value), "int", value, where=w)

    # the walk -------------------------------------------------------------------------
    @staticmethod
    def split_tables(rows: list[Row]) -> tuple[dict[str, list[Row]], bool]:
        """The rows of table 2, 3 and 4, told apart by their headings and header rows; and
        whether a section after the tables (五、…) was seen."""
        parts: dict[str, list[Row]] = {"t2": [], "t3": [], "t4": [], "outside": []}
        state: str | None = None
        seen_end = False
        for row in rows:
            marker = None
            text = row.label if row.values else row.text
            if len(text) > 240 and len(row.labels) > 1:
                # a header row whose merged cells repeat long words (行政复议（因政府信息公开被行政复议）× 5)
                text = "".join(dict.fromkeys(c.text for c in row.labels))
            if len(text) <= 240:
                marker = labels.table_marker(text)
            if marker is None and row.values and len(row.text) <= 240 and _header_words(row.values):
                # a header row with words after empty cells (行政复议 | | | | | 行政诉讼: a Markdown
                # table prints a merged header once, in its first column)
                marker = labels.table_marker(row.text)
            if marker == "end":
                seen_end = seen_end or state is not None
                state = None
                continue
            state = marker or state
            parts[state or "outside"].append(row)
        return parts, seen_end

    def run(self) -> Report:
        parts, seen_end = self.split_tables(rows_of(self.doc))
        version = labels.header_version(" ".join(r.text for r in parts["t2"] if not r.has_values))
        # The text ends inside table 3: its last row (结转下年度) never came, nor table 4 or a later section.
        self.truncated = (bool(parts["t3"]) and not seen_end and not parts["t4"]
                          and not any("carried_forward" in labels.app_row_candidates(r.label) for r in parts["t3"]))
        t3_variant = self.map_table3(parts["t3"], version)
        if version is None:
            version = {"other": "2019", "sub": "2021"}.get(t3_variant or "", None)
        meta_info = meta.read(self.doc.text)
        if version is None:
            version = "2019" if (meta_info.year or 2021) <= 2020 else "2021"
        self.map_table2(parts["t2"], version)
        self.map_table4(parts["t4"])
        self.warn_outside(parts["outside"], version)
        if not self.cells:
            raise ReadError("未找到政府信息公开工作年度报告的法定表格（主动公开、依申请公开、复议诉讼三张表）")
        if self.truncated and self.doc.format in ("text", "markdown", "html"):
            last = parts["t3"][-1].where if parts["t3"] else {}
            raise ReadError("文件在表三中途结束，可能被截断", where=place(last))
        report = Report(template=version, year=meta_info.year, agency=meta_info.agency,
                        published=meta_info.published, summary=meta_info.summary, source=self.doc.path)
        report.sections = meta.sections(sections.prose(self.doc, parts["t2"] + parts["t3"] + parts["t4"]))
        report.reading = {"format": self.doc.format,
                          **{k: self.doc.meta[k] for k in READING if k in self.doc.meta}}
        for k in _printed_order(version, self.cells):
            report.cells[k] = self.cells[k]
        report.warnings = self.warnings + [Finding("ingest.reader", "warning", w, []) for w in self.doc.warnings]
        return report

    def warn_outside(self, rows: list[Row], version: str) -> None:
        """A row that names a statutory row and holds numbers, but stands where no table was
        recognised, is not read: its cells are named in a warning rather than dropped silently."""
        for r in rows:
            if not r.labels or not any(_value_like(v.text) for v in r.values):
                continue
            item = labels.art20_item(r.label)
            if item is not None:
                keys = [f"art20.{item}.{c}" for c in labels.ART20_COLUMNS[version].get(item, ())]
            else:
                found = labels.app_row_candidates(r.label)
                keys = [C.app_key(next(iter(found)), c) for c in C.APP_COLUMN_KEYS] if len(found) == 1 else []
            keys = [k for k in keys if k not in self.cells]
            if keys:
                self.unread(keys, r.where, "该行不在可识别的表格之内（未找到表头或表题）",
                            " ".join(v.text for v in r.values))

    # table 3 ---------------------------------------------------------------------------
    def map_table3(self, rows: list[Row], version: str | None) -> str | None:
        data = [r for r in rows if r.values and (r.labels or len(r.values) >= 5)
                and (r.labels or not all(_blank(v.text) for v in r.values))]
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
            choice = detached.choose(cands, nums, variant, version, _align)
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
        feasible = _align(sets, len(expected))
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
                if key in assigned and _printed(assigned[key].values) != _printed(r.values):
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
                vals = _by_columns(r.values, columns)
            if vals is not None:
                fixed[key] = vals
                continue
            run = _run_text(r.values)
            keys = [C.app_key(key, c) for c in C.APP_COLUMN_KEYS]
            if run is not None:
                try:
                    readings = digit_runs.row_splits(run)
                except digit_runs.TooMany:
                    self.unread(keys, r.where, _TOO_MANY, run)
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
            if _feasible(sets, len(expected)) is not None:
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

    def _window(self, vals: list[TextCell], n: int, row_sum: bool = False) -> list[TextCell] | None:
        """Exactly ``n`` value cells: the row's, less blank cells outside the printed columns."""
        if len(vals) == n:
            return vals
        if len(vals) < n:
            return None
        options = []
        for s in range(0, len(vals) - n + 1):
            outside = vals[:s] + vals[s + n:]
            if all(_blank(v.text) for v in outside):
                options.append(vals[s:s + n])
        if len(options) > 1 and row_sum:
            good = [o for o in options if _row_balances(o)]
            if good:
                options = good
        if not options:
            return None
        texts = {tuple(values.normalize(v.text) for v in o) for o in options}
        if len(texts) == 1:
            return options[0]
        return None

    # table 2 ---------------------------------------------------------------------------
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
                if not r.labels and len(r.values) == 1 and not _blank(r.values[0].text):
                    orphans.append((r.values[0], ""))
                elif r.labels and not r.values and orphans and not orphans[-1][1] and _is_note(r.label):
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
                vals = _by_columns(r.values, header_cols)
            if (vals is None and header_trailing and len(r.values) == len(cols) + header_trailing
                    and len(header_cols) == len(cols) and all(_blank(v.text) for v in r.values[len(cols):])):
                vals = r.values[:len(cols)]
            if vals is not None:
                for k, cell in zip(keys, vals, strict=True):
                    self.set(k, cell)
                continue
            run, last = _amount_run(r.values) if cols[-1] == "amount" else (_run_text(r.values), "")
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
        placed = _feasible([narrowed[i] for i in kept], len(order)) or _feasible([sets[i] for i in kept], len(order))
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
            if not sets[i] and not any(_value_like(v.text) for v in r.values):
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
            self.unread(keys, cell.where, _TOO_MANY, run)
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

    # table 4 ---------------------------------------------------------------------------
    def map_table4(self, rows: list[Row]) -> None:
        keys = list(C.APPEAL_KEYS)
        data = [r for r in rows if r.values and not all(_blank(v.text) for v in r.values)
                or (len(r.values) >= 5) or (not r.labels and len(r.lead) + len(r.values) >= 15)]
        # a header is never a value: a row with words among its values (行政复议 … 行政诉讼 over
        # blank cells) is a header row, however many cells it has
        data = [r for r in data if not any(_HAN.search(v.text) and not _value_like(v.text) for v in r.values)]
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
        printed = [w for w in full if any(not _blank(c.text) for c in w)]
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
        run = _run_text(flat) if len(flat) <= 2 else None
        if run is not None:
            where = flat[0].where
            try:
                readings = digit_runs.grouped_splits(run)
            except digit_runs.TooMany:
                self.unread(keys, where, _TOO_MANY, run)
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


_APP_HEADER = {labels.norm(t): k for k, t in C.APP_COLUMNS} | {"其他": "other_org"}


def _header_columns(rows: list[Row]) -> list[int] | None:
    """Grid columns of table 3's seven value columns, from its header cells (自然人 … 总计)."""
    found: dict[str, int] = {}
    for r in rows:
        if any(_value_like(v.text) for v in r.values):
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


def _by_columns(cells: list[TextCell], columns: list[int]) -> list[TextCell] | None:
    """The cells under the header's columns; every other cell must be blank."""
    at = {c.where.get("column"): c for c in cells}
    picked = [at.get(col) for col in columns]
    if any(c is None for c in picked):
        return None
    if any(not _blank(c.text) for c in cells if c.where.get("column") not in columns):
        return None
    return picked  # type: ignore[return-value]


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


@lru_cache(maxsize=4)
def _key_order(version: str) -> dict[str, int]:
    tmpl = C.template(version)
    order: dict[str, int] = {}
    for k in tmpl.keys() + tmpl.app_keys(C.OTHER_KEYS_2019) + tmpl.app_keys(C.OTHER_KEYS_2021):
        order.setdefault(k, len(order))
    return order


def _printed_order(version: str, keys: dict[str, Cell]) -> list[str]:
    """Keys in the order the template prints them (either （六） form)."""
    order = _key_order(version)
    return sorted(keys, key=lambda k: order.get(k, len(order)))


def _printed(cells: list[TextCell]) -> tuple[str, ...]:
    return tuple(values.normalize(c.text) for c in cells if not _blank(c.text))


def _is_note(text: str) -> bool:
    t = text.strip()
    return len(t) <= 30 and t[:1] in "（(" and t[-1:] in "）)"


def _joined(cells: list[TextCell]) -> str:
    """The cells' text as one run, every kind of space a plain one."""
    return " ".join(c.text for c in cells).replace("\u00a0", " ").replace("\u3000", " ").strip()


def _run_text(cells: list[TextCell]) -> str | None:
    """The digits of cells that hold one run of numbers printed together, or None."""
    text = _joined(cells)
    if not text or digit_runs.tokens(text) is None:
        return None
    return text


_AMOUNT_TAIL = re.compile(r"(\.\d+)?[ \t]*(万?元)?$")


def _amount_run(cells: list[TextCell]) -> tuple[str | None, str]:
    """A run ending in an amount: its digits, and the amount's decimals and unit printed after them."""
    text = _joined(cells)
    m = _AMOUNT_TAIL.search(text)
    head, tail = text[:m.start()].rstrip(), m.group(0).replace(" ", "")
    if not head or digit_runs.tokens(head) is None:
        return None, ""
    return head, tail


def _row_balances(cells: list[TextCell]) -> bool:
    nums = [values.read(c.text) for c in cells]
    ints = [v if k == "int" else 0 for k, v, _ in nums]
    return sum(ints[:-1]) == ints[-1]  # type: ignore[operator]


def _align(sets: list[set[int]], n: int) -> list[set[int]]:
    """For rows in printed order with allowed template positions, the positions each row can
    take in some strictly increasing placement of all rows (a row with none is left out)."""
    placed = _feasible(sets, n)
    if placed is None:
        # No placement of every row: fall back to what each label alone says.
        return [s if len(s) == 1 else set() for s in sets]
    return placed


def _feasible(sets: list[set[int]], n: int) -> list[set[int]] | None:
    """The positions each row can take in some strictly increasing placement of all rows (a row
    with none is left out), or None when there is none."""
    kept = [i for i, s in enumerate(sets) if s]
    if len(kept) < len(sets):
        placed = _feasible([sets[i] for i in kept], n)
        if placed is None:
            return None
        out: list[set[int]] = [set() for _ in sets]
        for i, f in zip(kept, placed, strict=True):
            out[i] = f
        return out
    m = len(sets)
    full = (1 << n) - 1
    masks = [sum(1 << e for e in s if 0 <= e < n) for s in sets]
    fwd = [0] * m  # row i can sit at e, with some placement of the rows before it left of e
    for i in range(m):
        if i == 0:
            fwd[i] = masks[0]
        else:
            prev = fwd[i - 1]
            lowest = (prev & -prev).bit_length()  # positions after the first one row i-1 can take
            fwd[i] = masks[i] & (full & ~((1 << lowest) - 1)) if prev else 0
    bwd = [0] * m  # … and some placement of the rows after it right of e
    for i in range(m - 1, -1, -1):
        if i == m - 1:
            bwd[i] = masks[i]
        else:
            nxt = bwd[i + 1]
            highest = nxt.bit_length() - 1  # positions before the last one row i+1 can take
            bwd[i] = masks[i] & ((1 << highest) - 1) if nxt else 0
    out = [{e for e in range(n) if (fwd[i] & bwd[i]) >> e & 1} for i in range(m)]
    return None if any(not s for s in out) else out


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


def to_report(doc: Document) -> Report:
    """The report a document prints (see the module doc)."""
    return Mapper(doc).run()


def statutory_tables_read(doc: Document) -> bool:
    """Whether ``doc`` already holds table 2 and every cell of tables 3 and 4 (see :func:`tables_read`)."""
    return tables_read(doc) is not None


def tables_read(doc: Document) -> Report | None:
    """The report ``doc`` prints if it already holds table 2 and every cell of tables 3 and 4, else None.

    A report's statutory tables come in order (第二十条, 申请情况, 复议诉讼): once the last
    two are read whole and the first was found, nothing later in the document can change a
    value. The ingest flow (:mod:`gongkai.ingest.flow`) uses it to stop early (a PDF over its
    time budget) or to skip work (OCR of pictures when the text already holds the tables),
    and keeps the report so that the document is mapped once. A document that is not a
    report (yet) raises gongkai's own error, which means "no"; any other error is a bug and
    is raised.
    """
    try:
        report = to_report(doc)
    except GongkaiError:  # not a report (yet)
        return None
    keys = list(report.tmpl.app_keys(report.other_rows())) + list(C.APPEAL_KEYS)
    if any(k in report.cells for k, _, _ in report.tmpl.art20) and all(k in report.cells for k in keys):
        return report
    return None
