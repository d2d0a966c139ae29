"""Families of issue 14: variants real reports showed the reader (blank zeros, words added, renumbered headings …)."""

from __future__ import annotations

import copy
import random
from collections.abc import Callable

from gongkai.report import Report
from gongkai.report import cells as C
from gongkai.report.model import Cell, Finding
from gongkai.report.render.layout import Grid, Part
from gongkai.report.render.layout import document as layout_document

from .noise import _BREAKS, Noise, messy_rows
from .renderings import _text_parts, markdown_with

# --- families: the variants real reports showed the reader on documents it had never seen ---
#
# Each family (issue 14) is a change to the report (``variant``: which cells are printed
# blank or negative) and/or to how it is printed (a layout of its own below). The truth is
# the changed report.

def zeros_blank(report: Report, prefixes: tuple[str, ...] = ()) -> Report:
    """A copy whose zero cells (under ``prefixes``, or all) print blank, as some agencies print them."""
    out = copy.deepcopy(report)
    for key, cell in list(out.cells.items()):
        if cell.number == 0 and cell.kind == "int" and (not prefixes or key.startswith(prefixes)):
            out.set(key, Cell(key, "", "blank"))
    return out


def appeal_zeros_blank(report: Report, rng: random.Random) -> Report:
    """Family 3: table 4 prints its zeros blank (its result cells are empty under the headers)."""
    return zeros_blank(report, tuple(g + "." for g, _ in C.APPEAL_GROUPS))


def all_zeros_blank(report: Report, rng: random.Random) -> Report:
    """Family 4: every zero printed blank (seeds 002 and 004 print their zeros so)."""
    return zeros_blank(report)


def negative_changes(report: Report, rng: random.Random) -> Report:
    """Family 8: each change (本年增/减, 2019 form) negative, so that a minus sign sits inside a run."""
    out = copy.deepcopy(report)
    for key in sorted(C.SIGNED_KEYS):  # sorted: a frozenset's order changes with the hash seed
        if key in out.cells:
            out.set(key, -rng.randrange(1, 40))
    return out


_NOTES = ("其中修订 {n} 件", "含自然失效 {n} 件", "含废止 {n} 件", "其中新增 {n} 件")


def noted_counts(report: Report, rng: random.Random) -> Report:
    """A count printed with a note in brackets in its cell (上海 2025: ``22（其中修订 16 件）``):
    a few Article 20 counts. Such a cell is text (kept as printed), not a number."""
    out = copy.deepcopy(report)
    keys = [k for k, c in out.cells.items() if k.startswith("art20.") and c.kind == "int" and c.number]
    for key in rng.sample(keys, min(len(keys), rng.randint(1, 3))):
        n = int(out.cells[key].number)  # type: ignore[arg-type]
        out.set(key, f"{n}（{rng.choice(_NOTES).format(n=rng.randint(0, n))}）")
    return out


def unread_some(report: Report, rng: random.Random) -> Report:
    """A report as a reader leaves it when it cannot read some cells with certainty: those cells
    absent, named in an ``ingest.unread`` warning (what a renderer must print as not known)."""
    out = copy.deepcopy(report)
    keys = rng.sample(sorted(out.cells), min(len(out.cells), rng.randint(1, 6)))
    if rng.random() < 0.5:  # a whole Article 20 row, none of its cells read (平潭 2021's 行政规范性文件)
        row = rng.choice(sorted({k.rsplit(".", 1)[0] for k in out.cells if k.startswith("art20.")}))
        keys += [k for k in out.cells if k.rsplit(".", 1)[0] == row and k not in keys]
    for key in keys:
        del out.cells[key]
    out.warnings.append(Finding("ingest.unread", "warning", "未能确定地读出（生成的报告）", sorted(keys)))
    return out


APPEAL_WORDS = {"行政复议": "行政复议（因政府信息公开被行政复议）",
                "行政诉讼": "行政诉讼（因政府信息公开被行政诉讼）"}


def appeal_words(parts: list[Part]) -> list[Part]:
    """Family 2: table 4's group headers with words added (行政复议（因政府信息公开被行政复议）)."""
    for part in parts:
        if part.grid is not None and part.grid.number == 4:
            for b in part.grid.boxes:
                if b.kind == "head" and b.text in APPEAL_WORDS:
                    b.text = APPEAL_WORDS[b.text]
    return parts


RENUMBERED = ("总体情况", "一、主动公开政府信息情况", "二、收到和处理政府信息公开申请情况",
              "三、政府信息公开行政复议、行政诉讼情况", "四、存在的主要问题及改进情况", "五、其他需要报告的事项")


def renumbered(parts: list[Part], rng: random.Random | None = None) -> list[Part]:
    """Family 7: the statistics part numbers its own headings — 总体情况 unnumbered (or put
    first as 一), then 一、主动公开 … 五、其他需要报告的事项."""
    headings = [p for p in parts if p.kind == "heading"]
    first = "一、总体情况" if rng is not None and rng.random() < 0.3 else RENUMBERED[0]
    for part, text in zip(headings, (first,) + RENUMBERED[1:], strict=True):
        part.text = text
    return parts


def _with_parts(render: Callable[..., str | bytes], change: Callable[[list[Part]], list[Part]]):
    return lambda r, g, n: render(r, change(layout_document(r)))


def _inline_html_table(grid: Grid, rng: random.Random) -> list[str]:
    """Family 1: a pipe table as HTML-to-Markdown converters write it: header cells broken with
    ``<br>``, blank cells holding ``&nbsp;``, positions under a merged label printed empty."""
    rows = [[""] * grid.ncols for _ in range(grid.nrows)]
    br = rng.choice(["<br>", "<br/>", "<br />"])
    for b in grid.boxes:
        text = b.text.replace("|", "\\|").replace("\n", " ")
        if b.is_value:
            text = text or rng.choice(["&nbsp;", " &nbsp; ", "&nbsp;&nbsp;"])
        elif b.text in _BREAKS:
            text = br.join(_BREAKS[b.text])
        elif len(b.text) >= 6 and b.kind == "head" and rng.random() < 0.5:
            k = len(b.text) // 2
            text = b.text[:k] + br + b.text[k:]
        rows[b.row][b.col] = text
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * grid.ncols]
    return lines + ["| " + " | ".join(r) + " |" for r in rows[1:]]


def _markdown_inline_html(report: Report, rng: random.Random, noise: Noise) -> str:
    return markdown_with(report, lambda grid: _inline_html_table(grid, rng))


def _piped_bare(report: Report, rng: random.Random, noise: Noise) -> str:
    """Family 4: ``value |`` per line (seeds 002/004), a blank cell a lone ``|`` — the same line
    as the one that starts a row."""
    def table(grid: Grid) -> list[str]:
        out = []
        m = grid.matrix()
        for r, row in enumerate(messy_rows(grid, noise, rng, report.template)):
            out.append("|")
            out += [(c.text.replace("\n", "") + " |").strip(" ") for c in row if not c.covered]
            wide = sum(1 for c in range(grid.ncols) if m[r][c] is not None and m[r][c].row == r  # type: ignore[union-attr]
                       and m[r][c].col != c)  # type: ignore[union-attr]
            if wide:
                out.append("|" * wide)
        return out
    return _text_parts(report, rng, noise, table)
