"""Noise: what real documents do to labels and numbers (variants, full-width digits, spaces, broken headers)."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass

from gongkai.report.render.layout import Box, Grid

# --- noise: what real documents do to labels and numbers ------------------------------

LABEL_VARIANTS = (
    ("结果维持", "结果维护"),
    ("内部事务", "内容事务"),
    ("这一情形", "这一情况"),
)
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass
class Noise:
    """Which kinds of noise a messy layout applies (each drawn at random per document)."""

    variants: bool = False  # 结果维护, 内容事务, 这一情况
    normative: bool = False  # 2021 table with 规范性文件 / 2019 table with 行政规范性文件
    enumeration: bool = False  # "1、" instead of "1."
    fullwidth: bool = False  # ０１２ in value cells
    spaces: bool = False  # U+3000 / U+00A0 around numbers
    broken_headers: bool = False  # 本年新 / 制作数量 on two lines (or truncated)
    truncated_headers: bool = False
    footers: bool = False  # page footers ("— 2 —") between rows and paragraphs, as in text taken from PDFs
    untitled: bool = False  # no title line: the agency is named only in the signature

    @classmethod
    def draw(cls, rng: random.Random) -> Noise:
        flags = [rng.random() < 0.5 for _ in range(8)]
        return cls(*flags, untitled=rng.random() < 0.15)

    def names(self) -> list[str]:
        return [f.name for f in dataclasses.fields(self) if getattr(self, f.name)]

    def footer(self, rng: random.Random) -> list[str]:
        """Now and then, a page footer line (when ``footers``)."""
        if not self.footers or rng.random() > 1 / 12:
            return []
        self.__dict__["_page"] = self.__dict__.get("_page", 0) + 1
        return [rng.choice(["— {} —", "- {} -", "第 {} 页"]).format(self.__dict__["_page"])]


_BREAKS = {
    "本年新制作数量": ("本年新", "制作数量"),
    "本年新公开数量": ("本年新", "公开数量"),
    "社会公益组织": ("社会公益", "组织"),
    "法律服务机构": ("法律服务", "机构"),
    "本年度办理结果": ("三、本年度办", "理结果"),
}


def noisy_label(text: str, noise: Noise, template: str) -> str:
    if noise.variants:
        for a, b in LABEL_VARIANTS:
            text = text.replace(a, b)
    if noise.normative:
        if template == "2021" and text == "行政规范性文件":
            text = "规范性文件"
        elif template == "2019" and text == "规范性文件":
            text = "行政规范性文件"
    if noise.enumeration and len(text) > 1 and text[0].isdigit() and text[1] == ".":
        text = text[0] + "、" + text[2:]
    return text


def noisy_value(text: str, noise: Noise, rng: random.Random) -> str:
    if not text or not text.lstrip("-").isdigit():
        return text
    if noise.fullwidth and rng.random() < 0.5:
        text = text.translate(_FULLWIDTH)
    if noise.spaces and rng.random() < 0.5:
        pad = rng.choice(["\u00a0", "\u3000", " "])
        text = pad + text if rng.random() < 0.5 else text + pad
    return text


def header_text(text: str, noise: Noise) -> str:
    """A header as a messy document prints it: broken over two lines, or truncated."""
    if text in _BREAKS and noise.truncated_headers and text.startswith("本年新"):
        return _BREAKS[text][0]
    if text in _BREAKS and noise.broken_headers:
        return "\n".join(_BREAKS[text])
    return text


@dataclass
class Cellish:
    """One printed position of a table row in a messy layout."""

    text: str
    covered: bool = False  # a position a merged box from an earlier row covers (printed empty)


def messy_rows(grid: Grid, noise: Noise, rng: random.Random, template: str) -> list[list[Cellish]]:
    """The grid's rows as a messy document prints them.

    Boxes print once, in their first row; positions below a tall label (rowspan) print as
    empty cells; positions to the right of a wide box (colspan) are not printed.
    """
    m = grid.matrix()
    out: list[list[Cellish]] = []
    for r in range(grid.nrows):
        row: list[Cellish] = []
        for c in range(grid.ncols):
            b: Box | None = m[r][c]
            if b is None:
                continue
            if b.row == r and b.col == c:
                if b.is_value:
                    row.append(Cellish(noisy_value(b.text, noise, rng)))
                else:
                    row.append(Cellish(header_text(noisy_label(b.text, noise, template), noise)))
            elif b.row != r and b.col == c and b.kind != "value":
                row.append(Cellish("", covered=True))
        out.append(row)
    return out
