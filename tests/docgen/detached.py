"""Family 6: PDF-to-Markdown output whose tables lost their label cells."""

from __future__ import annotations

import random

from gongkai.report import Report
from gongkai.report.render.layout import Grid

from .noise import Noise
from .renderings import markdown_with

# Family 6: PDF-to-Markdown output whose tables lost their label cells. A converter that does
# not follow merged (tall) label cells prints the labels as loose lines — above the whole
# table, above a block of numbers, or each above its own row, long ones wrapped (the end now
# and then left in the row's first cell) — and the rows as pipe rows of numbers only
# (`| 0 | 0 | … |`, with or without the empty label cells), each run of pipe rows its own
# Markdown table; a page break in table 3 leaves a footer and the header repeated. Table 3's
# rows are then placed by the template's order, confirmed by the table's sums; table 2 has no
# sums: its detached rows (``markdown_detached_art20``) stay unread with a warning.

def _wrapped(text: str, rng: random.Random) -> list[str]:
    """A label as a converter writes it: long ones broken over two lines now and then."""
    if len(text) > 12 and rng.random() < 0.4:
        k = rng.randrange(6, len(text) - 4)
        return [text[:k], text[k:]]
    return [text]


def _detached_table(grid: Grid, rng: random.Random, detach_art20: bool) -> list[str]:
    m = grid.matrix()
    value_cols = [c for c in range(grid.ncols) if c >= grid.label_cols]
    compact = rng.random() < 0.3  # |0|0|0| rather than | 0 | 0 | 0 |
    padded = rng.random() < 0.4  # numbers-only rows keep their empty label cells

    def pipe(cells: list[str]) -> str:
        return "|" + "|".join(cells) + "|" if compact else "| " + " | ".join(cells) + " |"

    def label_texts(r: int) -> list[str]:
        return [b.text for b in grid.rows()[r] if not b.is_value]

    def full_row(r: int) -> str:
        cells = []
        for c in range(grid.ncols):
            b = m[r][c]
            if b is None or (b.col != c and b.row == r):
                continue
            cells.append("" if b.row != r else b.text.replace("\n", ""))
        return pipe(cells)

    def numbers(r: int, tail: str = "") -> str:
        """Row ``r``'s numbers; ``tail``: the end of a wrapped label, left in the row's first cell."""
        vals = [m[r][c].text if m[r][c] is not None and m[r][c].is_value else "" for c in value_cols]  # type: ignore[union-attr]
        vals = [v for c, v in zip(value_cols, vals, strict=True) if m[r][c] is not None and m[r][c].col == c]  # type: ignore[union-attr]
        lead = [""] * grid.label_cols if padded else []
        return pipe(([tail] + lead[1:] if tail else lead) + vals)

    has_values = [any(b.is_value for b in grid.rows()[r]) for r in range(grid.nrows)]
    if grid.number == 3:
        style = rng.choice(["merged", "all", "some"])
        tall = {r for r in range(grid.nrows) if m[r][0] is not None and m[r][0].rowspan > 1  # type: ignore[union-attr]
                and m[r][0].kind == "label"}  # type: ignore[union-attr]
        detached = {r for r in range(grid.nrows) if has_values[r] and (
            style == "all" or (style == "merged" and r in tall) or (style == "some" and rng.random() < 0.5))}
    elif grid.number == 2 and detach_art20:
        detached = {r for r in range(grid.nrows) if has_values[r] and rng.random() < 0.6}
    else:
        detached = set()
    where = rng.choice(["above_table", "above_block", "interleaved"])
    loose_heads = rng.random() < 0.5  # header rows printed as loose lines too
    out: list[str] = []
    if where == "above_table":
        for r in sorted(detached):
            for t in label_texts(r):
                out += _wrapped(t, rng)
    block: list[str] = []  # the pipe rows of the current run
    # a page break inside table 3: a footer, and the header repeated (loose lines or a pipe row)
    data_rows = [r for r in range(grid.nrows) if has_values[r]]
    page_break = rng.choice(data_rows[1:]) if grid.number == 3 and rng.random() < 0.3 else None

    def end_block() -> None:
        if block:
            rule = "|" + "---|" * (block[0].count("|") - 1)
            out.extend(block[:1] + ([rule] if rng.random() < 0.7 else []) + block[1:])
            block.clear()

    r = 0
    while r < grid.nrows:
        if page_break is not None and r >= page_break:
            end_block()
            out.append(rng.choice(["— {} —", "- {} -", "第 {} 页"]).format(rng.randint(2, 9)))
            head = [b for h in range(grid.head_rows) for b in grid.rows()[h]]
            if rng.random() < 0.5:
                out += [b.text.replace("\n", "") for b in head]
            else:
                block.append(pipe([b.text for b in head if b.row == grid.head_rows - 1]))
            page_break = None
        if r in detached:
            run = [r]
            while run[-1] + 1 in detached:
                run.append(run[-1] + 1)
            if where == "above_block":
                end_block()
                for s in run:
                    for t in label_texts(s):
                        out += _wrapped(t, rng)
                block.extend(numbers(s) for s in run)
            else:
                for s in run:
                    tail = ""
                    if where == "interleaved":
                        end_block()
                        texts = label_texts(s)
                        for t in texts[:-1]:
                            out += _wrapped(t, rng)
                        last = _wrapped(texts[-1], rng) if texts else []
                        if len(last) == 2 and rng.random() < 0.5:
                            tail = last.pop()  # the label's end stays in the row's first cell
                        out += last
                    block.append(numbers(s, tail))
            r = run[-1] + 1
            continue
        if not has_values[r] and (loose_heads or grid.number == 4 and rng.random() < 0.5):
            end_block()
            out += [b.text.replace("\n", "") for b in grid.rows()[r]]
        else:
            block.append(full_row(r))
        r += 1
    end_block()
    return out


def _markdown_detached(report: Report, rng: random.Random, noise: Noise, detach_art20: bool = False) -> str:
    return markdown_with(report, lambda grid: _detached_table(grid, rng, detach_art20))
