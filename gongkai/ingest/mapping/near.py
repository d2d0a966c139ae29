"""Labels that match no row exactly, matched by similarity (issue 14 family 9: OCR misreads).

OCR reads a character or two of a label wrong (``重夏申请``, ``（六）其他外理``, ``行政外罚``),
drops one or reads it twice, and reads ``（六）`` as ``(大)`` or ``5.`` as ``S.``: the label
then holds none of the words by which :mod:`gongkai.ingest.labels` names a row. Here such a
label is compared with the template's labels by edit distance over their Chinese characters
only (digits, letters, brackets and punctuation left out — OCR mangles those most, and they
tell little), and a row is proposed only when its label is clearly the nearest:

* at most a third of its characters differ (:data:`MAX_RATIO`), and
* every other row's label is clearly farther (:data:`MARGIN`, in both the share of
  characters and their number).

The mapper then accepts a proposal only where the row's neighbours and, for table 3, the
table's own sums agree (see :mod:`gongkai.ingest.mapping`). Nothing here knows which
characters OCR confuses: the test documents misread labels with a table of confusions of
their own (``tests/docgen/``), which this module must not share.

Cost: a label is compared only when it names no row exactly; at most :data:`MAX_CHARS`
characters of it, against the few forms of at most 30 rows, each comparison bounded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...report import cells as C
from ...report.model import Cell
from ..labels import ART20_ROW_WORDS, norm

MAX_RATIO = 0.34  # at most this share of a label's characters misread
MARGIN = 0.25  # the second-nearest row at least this much farther (share of characters) …
MARGIN_CHARS = 2  # … and by at least this many characters (see :func:`clear`)
MAX_CHARS = 80  # longer text is no row label (a paragraph, a header run together)
FAR = 0.6  # rows farther than this share of their characters are not ranked

_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=4096)
def skeleton(text: str) -> str:
    """The Chinese characters of a label, in order (``（五）不予处理2.重复申请`` → ``五不予处理重复申请``)."""
    return "".join(_HAN.findall(norm(text)))


def distance(a: str, b: str, limit: int) -> int:
    """Edit distance of ``a`` and ``b`` (insertions, deletions, substitutions), or ``limit + 1``
    when it is more than ``limit``. Bit-parallel (Myers 1999, as Hyyrö gives it for the edit
    distance): one pass over ``b``, a few integer operations per character."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if not a or not b:
        return min(max(len(a), len(b)), limit + 1)
    m = len(a)
    peq: dict[str, int] = {}
    for i, ch in enumerate(a):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    full, top = (1 << m) - 1, 1 << (m - 1)
    pv, mv, score = full, 0, m
    for ch in b:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & full
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = (mh | ~(xv | ph)) & full
        mv = ph & xv
    return min(score, limit + 1)


@dataclass(frozen=True)
class Near:
    """The row a label is nearest to: its key, the form matched, and by how much."""

    key: str
    form: str  # the template's label (skeleton) matched
    misread: int  # characters that differ
    ratio: float  # … as a share of the form's characters


def ranked(label: str, forms: dict[str, tuple[str, ...]]) -> list[Near]:
    """Rows (keys of ``forms``: each row's label skeletons) by how near ``label`` is to them,
    nearest first; rows more than :data:`FAR` different are left out (they matter to no
    decision here)."""
    text = skeleton(label)
    if len(text) < 2 or len(text) > MAX_CHARS:
        return []
    have = set(text)
    best: dict[str, Near] = {}
    for key, options in forms.items():
        for form in options:
            limit = max(3, int(len(form) * FAR))
            if abs(len(form) - len(text)) > limit:
                continue
            # each character of the form that the label lacks altogether costs an edit
            if sum(ch not in have for ch in form) > limit:
                continue
            d = distance(text, form, limit)
            if d > limit:
                continue
            near = Near(key, form, d, d / len(form))
            if key not in best or near.ratio < best[key].ratio:
                best[key] = near
    return sorted(best.values(), key=lambda n: (n.ratio, n.misread))


def clear(ranking: list[Near]) -> Near | None:
    """The nearest row if it is a clear match, else None: at most :data:`MAX_RATIO` of it
    misread, and every other row farther by :data:`MARGIN` of its characters and by
    :data:`MARGIN_CHARS` characters (one, when the nearest is one character off: 行政就罚 is
    行政处罚, not 行政强制) — or, a short label (规章 read 现章), one character misread and
    every other row four or more off."""
    if not ranking:
        return None
    first, second = ranking[0], (ranking[1] if len(ranking) > 1 else None)
    if first.misread == 1 and (second is None or second.misread >= 4):
        return first
    if first.ratio > MAX_RATIO:
        return None
    chars = 1 if first.misread == 1 else MARGIN_CHARS
    if second is not None and (second.ratio - first.ratio < MARGIN or second.misread - first.misread < chars):
        return None
    return first


# --- table 3 -------------------------------------------------------------------------------

_GROUP_HEAD = {"denied": "（三）不予公开", "unable": "（四）无法提供", "not_processed": "（五）不予处理",
               "other": "（六）其他处理"}
_OUTCOME_HEAD = "三、本年度办理结果"


def _app_label(row: str) -> tuple[str, str]:
    """A table 3 row's label: (its group's label, its own) — ``（五）不予处理``, ``2.重复申请``."""
    full = dict((C.NEW_RECEIVED, C.CARRIED_OVER, C.CARRIED_FORWARD, *C.OUTCOME_ROWS_COMMON, *C.OTHER_ROW_2019,
                 *C.OTHER_ROWS_2021)).get(row, "（七）总计")
    group = row.split(".")[0]
    if "." in row and group in _GROUP_HEAD:
        return _GROUP_HEAD[group], full[len(_GROUP_HEAD[group]):].strip()
    return "", full


@lru_cache(maxsize=64)
def app_forms(rows: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Each row's label as printed: alone, after its group's label (the group's first row, or
    every row where a reader repeats a merged cell), after 三、本年度办理结果 (the first outcome row)."""
    out: dict[str, tuple[str, ...]] = {}
    for row in rows:
        group, own = _app_label(row)
        forms = [own, group + own] if group else [own]
        if row not in ("new_received", "carried_over", "carried_forward"):
            forms += [_OUTCOME_HEAD + f for f in forms]
        out[row] = tuple(dict.fromkeys(skeleton(f) for f in forms))
    return out


EVERY_APP_ROW = ("new_received", "carried_over", *C.ALL_OUTCOME_KEYS, "total", "carried_forward")


@lru_cache(maxsize=4096)
def app_ranked(label: str) -> list[Near]:
    """Every table 3 row (of either （六） form), nearest to ``label`` first."""
    return ranked(label, app_forms(EVERY_APP_ROW))


def app_row(label: str) -> Near | None:
    """The one table 3 row (of either （六） form) a label that names none exactly clearly is, or None."""
    return clear(app_ranked(label))


def six_form(rows: Sequence[Any], cands: Sequence[frozenset[str]]) -> set[str]:
    """The （六） rows that table 3's misread labels name (``rows``: its rows, ``cands``: the
    rows each label names exactly): those a label clearly is; else ``other`` when one row
    alone stands between （五）5 and （七）总计 and its label is nearest to （六）其他处理 (the 2019
    form, printed in some 2021 reports)."""
    out: set[str] = set()
    names = {i: next(iter(c)) for i, c in enumerate(cands) if len(c) == 1}
    for i, (r, c) in enumerate(zip(rows, cands, strict=True)):
        if not c and r.labels and (m := app_row(r.label)) is not None:
            out.add(m.key)
            names[i] = m.key
    if out & {"other", *C.OTHER_KEYS_2021}:
        return out
    conf = [i for i, k in names.items() if k == "not_processed.confirmation"]
    total = [i for i, k in names.items() if k == "total"]
    if len(conf) == 1 and len(total) == 1 and total[0] - conf[0] == 2:
        between = rows[conf[0] + 1]
        ranking = app_ranked(between.label) if between.labels and conf[0] + 1 not in names else []
        if ranking and ranking[0].key == "other":
            out.add("other")
    return out


def _number(cells: dict[str, Cell], key: str) -> int | None:
    """A cell's count for a sum: a blank (or a dash) counts 0; text, a decimal or no cell: None."""
    c = cells.get(key)
    if c is None:
        return None
    if c.kind == "blank":
        return 0
    return c.value if c.kind == "int" else None  # type: ignore[return-value]


def app_sums_fit(cells: dict[str, Cell], row: str, outcome: list[str]) -> bool | None:
    """Whether a table 3 row's numbers fit the table's sums: its own (六类申请人之和 = 总计), and
    the column sums it is part of (各办理结果之和 = （七）总计; 新收 + 结转 = 总计 + 结转下年度).
    False when a sum fails; None when the table does not print what a sum needs."""
    def ints(keys: list[str]) -> list[int] | None:
        got = [_number(cells, k) for k in keys]
        return None if None in got else got  # type: ignore[return-value]

    own = ints([C.app_key(row, c) for c in C.APP_COLUMN_KEYS])
    if own is not None and sum(own[:-1]) != own[-1]:
        return False
    sums = []
    if row in outcome or row == "total":
        sums.append((outcome, ["total"]))
    if row in ("new_received", "carried_over", "total", "carried_forward"):
        sums.append((["new_received", "carried_over"], ["total", "carried_forward"]))
    told = False
    for left, right in sums:
        for col in C.APP_COLUMN_KEYS:
            a = ints([C.app_key(r, col) for r in left])
            b = ints([C.app_key(r, col) for r in right])
            if a is None or b is None:
                continue
            told = True
            if sum(a) != sum(b):
                return False
    return True if (told or own is not None) else None


# --- table 2 -------------------------------------------------------------------------------

_ART20_LABELS = {"regulations": ("规章",), "normative_documents": ("行政规范性文件", "规范性文件"),
                 "licensing": ("行政许可",), "other_services": ("其他对外管理服务事项",),
                 "punishment": ("行政处罚",), "coercion": ("行政强制",), "fees": ("行政事业性收费",),
                 "procurement": ("政府集中采购",)}
ART20_ORDER = tuple(item for item, _ in sorted(ART20_ROW_WORDS, key=lambda w: list(_ART20_LABELS).index(w[0])))


# The items of Article 20 each heading (第二十条第（五）项) covers, in either template.
ART20_BLOCKS = {"一": ("regulations", "normative_documents"), "五": ("licensing", "other_services"),
                "六": ("punishment", "coercion"), "八": ("fees",), "九": ("procurement",)}
_BLOCK = re.compile(r"第二十条第\(([一五六八九])\)项")


def art20_blocks(headings: list[str | None]) -> list[tuple[str, ...]]:
    """For each row of table 2 (``headings``: a row's label when it prints no number, else
    None), the items it may be: those of the 第二十条第（…）项 heading above it, or any item
    when that heading was not read (a heading misread leaves the rows below it open)."""
    every = tuple(ART20_ORDER)
    out, now = [], every
    for text in headings:
        if text is not None:
            t = norm(text)
            m = _BLOCK.search(t)
            if m:
                now = ART20_BLOCKS[m.group(1)]
            elif "第二" in t or "条第" in t or t.endswith("项"):
                now = every  # a heading, misread
        out.append(now)
    return out


def art20_name(item: str) -> str:
    """An Article 20 item's row label (``行政处罚``)."""
    return _ART20_LABELS[item][0]


@lru_cache(maxsize=4096)
def art20_ranked(label: str, items: tuple[str, ...]) -> list[Near]:
    """Article 20 items (of ``items``), nearest to a row label first."""
    return ranked(label, {i: tuple(skeleton(f) for f in _ART20_LABELS[i]) for i in items})
