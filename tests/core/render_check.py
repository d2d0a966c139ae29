"""Checking a rendered table independently of the renderer: read its labels, find the key.

Given a table as an *expanded* matrix of texts (a merged cell's text in every position it
covers, as Word and HTML readers see it), :func:`keys_by_position` works out from the
row and column labels alone which cell key each value position holds, using the labels of
:mod:`gongkai.report.cells` — not the renderer's layout.
"""

from __future__ import annotations

import random
import unicodedata
from decimal import Decimal

from gongkai.report import Report
from gongkai.report import cells as C

PREFIX = "三、本年度办理结果"


def distinct_report(template: str = "2021", mixed: bool = False, seed: int = 0) -> Report:
    """A report whose every cell holds a different value (so a misplaced cell shows)."""
    rng = random.Random(seed)
    r = Report(template=template, year=2020 if template == "2019" else 2023, agency="云溪市统计局")
    keys = r.tmpl.keys()
    if mixed:
        keys = [k for k in keys if ".other." not in k or not k.startswith("apps.")] + [
            C.app_key("other", c) for c in C.APP_COLUMN_KEYS]
    values = rng.sample(range(1, 5000), len(keys))
    for k, v in zip(keys, values, strict=True):
        if k in C.AMOUNT_KEYS:
            r.set(k, str(Decimal(v) / 100) if k == "art20.fees.amount" else f"{v}元")
        else:
            r.set(k, v)
    r.sections = {k: f"{title}的正文，第{i}段。" for i, (k, title) in enumerate(C.SECTIONS, 1)}
    return r


def expected_text(report: Report, key: str) -> str:
    """What a cell must print, derived here rather than taken from the renderer's own
    ``layout.cell_text``: what was printed when the cell keeps it (``03``, ``1234元``, ``—``),
    else the count's decimal digits; a blank cell prints nothing, a cell the report does not
    hold (not known: left unread) a full-width question mark. Characters no document format
    can carry (controls, lone surrogates, U+FFFE/U+FFFF) are not printed."""
    cell = report.cells.get(key)
    if cell is None:
        return "？" if report.cells else ""  # (a report with no cells at all: an empty form)
    if cell.kind == "blank" and cell.raw is None:
        return ""
    text = str(cell.raw) if cell.raw is not None else str(cell.value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\t\n" or (unicodedata.category(ch) not in ("Cc", "Cs")
                                                        and ch not in "\ufffe\uffff")).strip()


def _distinct(texts: list[str]) -> list[str]:
    out: list[str] = []
    for t in texts:
        t = " ".join(t.split())
        if t and (not out or out[-1] != t):
            out.append(t)
    return out


_ROWS = {" ".join(lab.split()): key for key, lab in
         (C.NEW_RECEIVED, C.CARRIED_OVER, C.TOTAL_ROW, C.CARRIED_FORWARD)
         + C.OUTCOME_ROWS_COMMON + C.OTHER_ROW_2019 + C.OTHER_ROWS_2021}
_COLUMNS = dict((lab, key) for key, lab in C.APP_COLUMNS)


def table3_keys(m: list[list[str]]) -> dict[tuple[int, int], str]:
    out = {}
    for r in range(3, len(m)):
        labels = _distinct(m[r][:3])
        candidates = [" ".join(labels), " ".join(x for x in labels if x != PREFIX)]
        row = next((_ROWS[c] for c in candidates if c in _ROWS), None)
        assert row is not None, f"row {r}: unknown labels {labels}"
        for c in range(3, 10):
            col = _COLUMNS[_distinct([m[i][c] for i in range(3)])[-1]]
            out[(r, c)] = C.app_key(row, col)
    return out


_GROUPS = {" ".join(lab.split()): key for key, lab in C.APPEAL_GROUPS}
_APPEAL_COLUMNS = {lab: key for key, lab in C.APPEAL_COLUMNS}


def table4_keys(m: list[list[str]]) -> dict[tuple[int, int], str]:
    out = {}
    for c in range(15):
        heads = _distinct([m[i][c] for i in range(3)])
        group = _GROUPS[" ".join(heads[:-1])]
        out[(3, c)] = C.appeal_key(group, _APPEAL_COLUMNS[heads[-1]])
    return out


def table2_keys(m: list[list[str]], template: str) -> dict[tuple[int, int], str]:
    art20 = C.ART20_2019 if template == "2019" else C.ART20_2021
    by_labels = {(row, col): key for key, row, col in art20}
    out = {}
    header: list[str] | None = None
    for r, row in enumerate(m):
        if row[0] == "信息内容":
            header = row
            continue
        if header is None or len(set(row)) == 1:
            continue  # an item heading such as 第二十条第（一）项
        seen = set()
        for c in range(1, len(row)):
            if header[c] in seen:
                continue  # a box spanning columns
            seen.add(header[c])
            out[(r, c)] = by_labels[(row[0], header[c])]
    return out


def assert_table(m: list[list[str]], number: int, report: Report) -> set[str]:
    """Every value position holds the value of the key its labels name; returns the keys."""
    found = {2: lambda: table2_keys(m, report.template), 3: lambda: table3_keys(m), 4: lambda: table4_keys(m)}[number]()
    for (r, c), key in found.items():
        assert " ".join(m[r][c].split()) == " ".join(expected_text(report, key).split()), (key, r, c, m[r][c])
    return set(found.values())


def expected_keys(report: Report, number: int) -> set[str]:
    keys = set(report.cells)
    if number == 2:
        return {k for k in keys if k.startswith("art20.")}
    if number == 3:
        return {k for k in keys if k.startswith("apps.")}
    return {k for k in keys if k.split(".")[0] in dict(C.APPEAL_GROUPS)}
