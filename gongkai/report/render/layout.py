"""The statutory layout: a report's three tables as grids of boxes, and its text.

The forms of 国办公开办函〔2019〕60号 and 〔2021〕30号 print three tables:

* 表二（第二十条）: a four-column table in blocks, one block per Article 20 item
  (第二十条第（一）项, （五）, （六）, （八）, and in 2019 （九）), each with its own header row;
* 表三: three label columns (一/二/三/四, the （一）…（七） outcome groups, the numbered items)
  and seven applicant columns under a three-row header (申请人情况 / 自然人, 法人或其他组织, 总计);
* 表四: fifteen columns under a three-row header (行政复议 / 行政诉讼 · 未经复议直接起诉, 复议后起诉)
  and one row of numbers.

Every renderer draws these grids; none knows the form by itself. A :class:`Box` is one
printed cell with its row/column span, like a ``<td rowspan colspan>``.

One place decides what a cell prints (:func:`cell_text`): its printed text or value; nothing
for a blank cell; and :data:`~gongkai.report.values.UNREAD_MARK` (``？``) for a cell the table
holds but the report does not know (left unread by a reader, with a warning), so that a
reader of any format takes it back as unread, not as blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import cells as C
from ..model import Cell, Report
from ..values import UNREAD_MARK

NOTE_BALANCE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass
class Box:
    """One printed cell of a table: its text, where it starts and how far it spans."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    kind: str = "value"  # "section" (an Article 20 item line), "head", "label" or "value"
    key: str | None = None  # the cell key, for value boxes

    @property
    def is_value(self) -> bool:
        return self.kind == "value"


@dataclass
class Grid:
    """One statutory table as boxes on a grid of ``nrows`` × ``ncols``."""

    number: int  # 2, 3 or 4 (the section the table belongs to)
    ncols: int
    label_cols: int  # how many leading columns hold labels
    head_rows: int  # how many leading rows are the column header (0 for table 2: headers are per block)
    boxes: list[Box] = field(default_factory=list)
    nrows: int = 0

    def add(self, text: str, row: int, col: int, rowspan: int = 1, colspan: int = 1,
            kind: str = "value", key: str | None = None) -> Box:
        box = Box(text, row, col, rowspan, colspan, kind, key)
        self.boxes.append(box)
        self.nrows = max(self.nrows, row + rowspan)
        return box

    def rows(self) -> list[list[Box]]:
        """The boxes that start in each row, left to right."""
        out: list[list[Box]] = [[] for _ in range(self.nrows)]
        for b in self.boxes:
            out[b.row].append(b)
        for r in out:
            r.sort(key=lambda b: b.col)
        return out

    def matrix(self) -> list[list[Box | None]]:
        """Every grid position → the box covering it (merged boxes repeat)."""
        m: list[list[Box | None]] = [[None] * self.ncols for _ in range(self.nrows)]
        for b in self.boxes:
            for r in range(b.row, b.row + b.rowspan):
                for c in range(b.col, b.col + b.colspan):
                    m[r][c] = b
        return m


# Characters no document format may carry: C0/C1 controls (tab and newline aside), lone
# surrogates and the two noncharacters. Text read from damaged files can hold them; HTML,
# Word and Excel would refuse or mangle them.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` without the characters no document format can carry (see above)."""
    return _UNPRINTABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def cell_text(cell: Cell | None) -> str:
    """What a cell prints: the printed text when known, else its value; blank prints nothing;
    a cell the report does not hold (``None``: not known, e.g. left unread) prints ``？``."""
    if cell is None:
        return UNREAD_MARK
    if cell.kind == "blank":
        return "" if cell.raw is None else printable(cell.raw).strip()
    if cell.raw is not None:
        return printable(cell.raw).strip()
    return str(cell.value)


def value_text(report: Report, key: str) -> str:
    """What ``key``'s box prints (:func:`cell_text`); a report with no cells at all prints an empty form."""
    return cell_text(report.cells.get(key)) if report.cells else ""


def unread_keys(report: Report) -> set[str]:
    """Cells a reader left unread: named in an ``ingest.unread`` warning, absent from the cells."""
    return {k for w in report.warnings if w.code == "ingest.unread" for k in w.keys if k not in report.cells}


def title(report: Report) -> str:
    agency = printable(report.agency or "")
    year = f"{report.year}年" if report.year is not None else ""
    return f"{agency}{year}政府信息公开工作年度报告"


# --- table 2 (第二十条) -------------------------------------------------------

# (item heading, [(row label, [keys…])], [column labels]) per template; a value spanning the
# remaining columns when a block has fewer columns than the widest one.
_ART20_BLOCKS: dict[str, list[tuple[str, list[str], list[tuple[str, list[str]]]]]] = {
    "2021": [
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], [
            ("规章", ["art20.regulations.made", "art20.regulations.repealed", "art20.regulations.in_force"]),
            ("行政规范性文件", ["art20.normative_documents.made", "art20.normative_documents.repealed",
                         "art20.normative_documents.in_force"]),
        ]),
        ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", ["art20.licensing.decisions"])]),
        ("第二十条第（六）项", ["本年处理决定数量"], [
            ("行政处罚", ["art20.punishment.decisions"]),
            ("行政强制", ["art20.coercion.decisions"]),
        ]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", ["art20.fees.amount"])]),
    ],
    "2019": [
        ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], [
            ("规章", ["art20.regulations.new_made", "art20.regulations.new_published",
                    "art20.regulations.total_published"]),
            ("规范性文件", ["art20.normative_documents.new_made", "art20.normative_documents.new_published",
                       "art20.normative_documents.total_published"]),
        ]),
        ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"], [
            ("行政许可", ["art20.licensing.previous", "art20.licensing.change", "art20.licensing.decisions"]),
            ("其他对外管理服务事项", ["art20.other_services.previous", "art20.other_services.change",
                              "art20.other_services.decisions"]),
        ]),
        ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"], [
            ("行政处罚", ["art20.punishment.previous", "art20.punishment.change", "art20.punishment.decisions"]),
            ("行政强制", ["art20.coercion.previous", "art20.coercion.change", "art20.coercion.decisions"]),
        ]),
        ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], [
            ("行政事业性收费", ["art20.fees.previous", "art20.fees.change"]),
        ]),
        ("第二十条第（九）项", ["采购项目数量", "采购总金额"], [
            ("政府集中采购", ["art20.procurement.items", "art20.procurement.amount"]),
        ]),
    ],
}


def art20_blocks(version: str) -> list[tuple[str, list[str], list[tuple[str, list[str]]]]]:
    """The Article 20 blocks of a template: (item heading, column labels, [(row label, keys)])."""
    return _ART20_BLOCKS[version]


def _spans(n: int, width: int = 3) -> list[int]:
    """How ``n`` boxes share ``width`` columns: the last one takes what is left."""
    return [1] * (n - 1) + [width - (n - 1)]


def table2(report: Report) -> Grid | None:
    """Table 2, with only the Article 20 rows the report holds or left unread (absent rows are not printed)."""
    g = Grid(number=2, ncols=4, label_cols=1, head_rows=0)
    row = 0
    known = set(report.cells) | unread_keys(report)
    for heading, columns, rows in art20_blocks(report.template):
        printed = [(lab, keys) for lab, keys in rows if any(k in known for k in keys)]
        if not printed:
            continue
        g.add(heading, row, 0, colspan=4, kind="section")
        row += 1
        g.add("信息内容", row, 0, kind="head")
        col = 1
        for text, span in zip(columns, _spans(len(columns)), strict=True):
            g.add(text, row, col, colspan=span, kind="head")
            col += span
        row += 1
        for lab, keys in printed:
            g.add(lab, row, 0, kind="label")
            col = 1
            for key, span in zip(keys, _spans(len(keys)), strict=True):
                g.add(value_text(report, key), row, col, colspan=span, key=key)
                col += span
            row += 1
    return g if g.boxes else None


# --- table 3 (申请) -----------------------------------------------------------

_GROUPS = {
    "denied": "（三）不予公开",
    "unable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}


def _item_label(row: str) -> str:
    """The label a row prints in the third label column: ``1.属于国家秘密``."""
    full = C.row_label(row)
    head = _GROUPS.get(row.split(".")[0], "")
    return full[len(head):].strip() if head and full.startswith(head) and "." in row else full


def table3(report: Report) -> Grid:
    g = Grid(number=3, ncols=10, label_cols=3, head_rows=3)
    g.add(NOTE_BALANCE, 0, 0, rowspan=3, colspan=3, kind="head")
    g.add("申请人情况", 0, 3, colspan=7, kind="head")
    g.add("自然人", 1, 3, rowspan=2, kind="head")
    g.add("法人或其他组织", 1, 4, colspan=5, kind="head")
    g.add("总计", 1, 9, rowspan=2, kind="head")
    for i, (_, lab) in enumerate(C.APPLICANT_COLUMNS[1:]):
        g.add(lab, 2, 4 + i, kind="head")

    def values(row_key: str, r: int) -> None:
        for i, col in enumerate(C.APP_COLUMN_KEYS):
            key = C.app_key(row_key, col)
            g.add(value_text(report, key), r, 3 + i, key=key)

    r = 3
    for row_key, lab in (C.NEW_RECEIVED, C.CARRIED_OVER):
        g.add(lab, r, 0, colspan=3, kind="label")
        values(row_key, r)
        r += 1
    outcome = list(report.outcome_rows()) + ["total"]
    g.add("三、本年度办理结果", r, 0, rowspan=len(outcome), kind="label")
    i = 0
    while i < len(outcome):
        row_key = outcome[i]
        group = row_key.split(".")[0]
        if "." in row_key and group in _GROUPS:
            members = [k for k in outcome if k.split(".")[0] == group and "." in k]
            g.add(_GROUPS[group], r, 1, rowspan=len(members), kind="label")
            for k in members:
                g.add(_item_label(k), r, 2, kind="label")
                values(k, r)
                r += 1
            i += len(members)
            continue
        lab = "（七）总计" if row_key == "total" else C.row_label(row_key)
        g.add(lab, r, 1, colspan=2, kind="label")
        values(row_key, r)
        r += 1
        i += 1
    g.add(C.CARRIED_FORWARD[1], r, 0, colspan=3, kind="label")
    values("carried_forward", r)
    return g


# --- table 4 (复议、诉讼) -----------------------------------------------------

def table4(report: Report) -> Grid:
    g = Grid(number=4, ncols=15, label_cols=0, head_rows=3)
    g.add("行政复议", 0, 0, colspan=5, kind="head")
    g.add("行政诉讼", 0, 5, colspan=10, kind="head")
    for i, (_, lab) in enumerate(C.APPEAL_COLUMNS):
        g.add(lab, 1, i, rowspan=2, kind="head")
    g.add("未经复议直接起诉", 1, 5, colspan=5, kind="head")
    g.add("复议后起诉", 1, 10, colspan=5, kind="head")
    for j in range(2):
        for i, (_, lab) in enumerate(C.APPEAL_COLUMNS):
            g.add(lab, 2, 5 + 5 * j + i, kind="head")
    for j, (group, _) in enumerate(C.APPEAL_GROUPS):
        for i, (col, _) in enumerate(C.APPEAL_COLUMNS):
            key = C.appeal_key(group, col)
            g.add(value_text(report, key), 3, 5 * j + i, key=key)
    return g


def tables(report: Report) -> dict[int, Grid]:
    """The tables a report prints, by section number (2, 3, 4)."""
    out: dict[int, Grid] = {}
    t2 = table2(report)
    if t2 is not None:
        out[2] = t2
    keys = set(report.cells) | unread_keys(report)
    if any(k.startswith("apps.") for k in keys) or not report.cells:
        out[3] = table3(report)
    if any(k.split(".")[0] in dict(C.APPEAL_GROUPS) for k in keys) or not report.cells:
        out[4] = table4(report)
    return out


# --- the whole document ----------------------------------------------------------

@dataclass
class Part:
    """One piece of the document in reading order: a heading, a paragraph or a table."""

    kind: str  # "title", "heading", "paragraph", "table", "signature"
    text: str = ""
    grid: Grid | None = None


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in printable(text or "").splitlines() if p.strip()]


def document(report: Report) -> list[Part]:
    """The report as the forms lay it out: title, the six sections, tables in 二/三/四."""
    grids = tables(report)
    parts = [Part("title", title(report))]
    for n, (key, heading) in enumerate(C.SECTIONS, start=1):
        parts.append(Part("heading", heading))
        for p in paragraphs(report.sections.get(key, "")):
            parts.append(Part("paragraph", p))
        if n in grids:
            parts.append(Part("table", grid=grids[n]))
    if report.agency or report.published:
        parts.append(Part("signature", printable(report.agency or "")))
        if report.published:
            d = report.published
            parts.append(Part("signature", f"{d.year}年{d.month}月{d.day}日"))
    return parts
