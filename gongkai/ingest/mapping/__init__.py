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

from functools import lru_cache
from typing import Any

from ...errors import GongkaiError, ReadError
from ...report import cells as C
from ...report import values
from ...report.model import Cell, Finding, Report
from .. import labels
from ..document import Document, TextCell
from . import meta, sections
from .rows import Row, header_words, is_blank, place, row_balances, rows_of, stray_mark, value_like
from .table2 import Table2Mapping
from .table3 import Table3Mapping
from .table4 import Table4Mapping

__all__ = ["LOW_CONFIDENCE_UNREADABLE", "READING", "Mapper", "place", "rows_of", "statutory_tables_read", "tables_read",
           "to_report"]

LOW_CONFIDENCE_UNREADABLE = 0.5


# What a reader's Document.meta says about how it was read, kept in Report.reading.
READING = ("pages", "pages_read", "ocr_pages", "ocr_pictures", "ocr_precision", "hidden_text_pages",
           "converted_by")


class Mapper(Table2Mapping, Table3Mapping, Table4Mapping):
    """One document's reading: the row stream split into the three tables, each mapped by its
    mixin (:mod:`.table2`, :mod:`.table3`, :mod:`.table4`); cells set or left unread here."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.warnings: list[Finding] = []
        self.cells: dict[str, Cell] = {}

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
        doubt = cell.where.get("doubt")
        if doubt:  # the reader could not tell which column the cell is (a table printed without rules)
            self.unread([key], cell.where, doubt, text or None)
            return
        if values.is_unread_mark(text):
            self.unread([key], cell.where, "原文件在此格印“？”，表示数值不明")
            return
        if cell.confidence is not None and cell.confidence < LOW_CONFIDENCE_UNREADABLE:
            self.unread([key], cell.where, f"识别置信度过低（{cell.confidence:.2f}）", text)
            return
        if cell.confidence is not None and stray_mark(text):
            # OCR saw ink but no digit: a point or comma is a smudge or a digit half read, not a value
            self.unread([key], cell.where, f"识别结果“{text.strip()}”既非数字也非横线（可能是污点或残缺的数字）", text)
            return
        c = Cell.read(key, text, dict(cell.where), cell.confidence)
        self.cells[key] = c

    def set_number(self, key: str, value: int, where: dict[str, Any], note: str = "") -> None:
        w = dict(where)
        if note:
            w["split"] = note
        self.cells[key] = Cell(key, str(value), "int", value, where=w)

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
            if marker is None and row.values and len(row.text) <= 240 and header_words(row.values):
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
            if not r.labels or not any(value_like(v.text) for v in r.values):
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

    def _window(self, vals: list[TextCell], n: int, row_sum: bool = False) -> list[TextCell] | None:
        """Exactly ``n`` value cells: the row's, less blank cells outside the printed columns."""
        if len(vals) == n:
            return vals
        if len(vals) < n:
            return None
        options = []
        for s in range(0, len(vals) - n + 1):
            outside = vals[:s] + vals[s + n:]
            if all(is_blank(v.text) for v in outside):
                options.append(vals[s:s + n])
        if len(options) > 1 and row_sum:
            good = [o for o in options if row_balances(o)]
            if good:
                options = good
        if not options:
            return None
        texts = {tuple(values.normalize(v.text) for v in o) for o in options}
        if len(texts) == 1:
            return options[0]
        return None


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
