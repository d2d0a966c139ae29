"""Family 9: row labels as OCR reads them off a poor scan."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from gongkai.report import Report
from gongkai.report.render.layout import Part
from gongkai.report.render.layout import document as layout_document

from .noise import Noise

# --- family 9: labels as OCR reads them off a scanned page ----------------------------------
#
# (printed, read as, evidence). "seen": gongkai's OCR (PP-OCRv4, gongkai.ingest.ocr) read it so
# on this module's scans, each label cell diffed with the label printed: 41 ``scanned_pdf_rough``
# reports (7,744 label cells: only brackets, 一、 and 、 misread) and 26 rougher ones (130–150
# dpi, blurred, JPEG quality 40–60: 4,888 cells). "issue": pairs issue 14 names as what PP-OCR
# confuses on real scans, not seen on our clean type; "ours": a pair of our own of the same kind
# (a component lost), so that a two-character label (规章) is misread too.
OCR_MISREADS: tuple[tuple[str, str, str], ...] = (
    ("（", "(", "seen"), ("）", ")", "seen"), ("（", "[", "seen"), ("）", "]", "seen"),
    ("一", "", "seen"),  # 一、本年新收… read 、本年新收… (a thin stroke lost)
    ("、", ".", "seen"), ("、", "", "seen"), ("“", "", "seen"), ("”", "", "seen"),
    ("申", "中", "seen"), ("未", "末", "seen"), ("未", "来", "seen"), ("开", "并", "seen"),
    ("政", "改", "seen"), ("息", "意", "seen"), ("关", "美", "seen"), ("废", "厦", "seen"),
    ("条", "秦", "seen"), ("区", "医", "seen"), ("处", "就", "seen"), ("逾", "道", "seen"),
    ("府", "有", "seen"), ("讼", "验", "seen"), ("项", "顺", "seen"), ("正", "证", "seen"),
    ("复", "凝", "seen"), ("供", "俱", "seen"), ("纠", "拟", "seen"), ("部", "都", "seen"),
    ("卷", "着", "seen"), ("作", "付", "seen"), ("结", "绪", "seen"), ("持", "搏", "seen"),
    ("复", "夏", "issue"), ("复", "夐", "issue"), ("处", "外", "issue"), ("理", "埋", "issue"),
    ("予", "子", "issue"), ("予", "于", "issue"), ("公", "么", "issue"), ("开", "井", "issue"),
    ("其", "具", "issue"), ("他", "也", "issue"), ("重", "垂", "issue"), ("请", "清", "issue"),
    ("六", "大", "issue"), ("规", "现", "ours"), ("已", "己", "ours"),
)
# An item's number as OCR reads it: 5. → 5、 / S. / 5, (and 1 → l or L (seen), 2 → Z, 0 → O).
_OCR_ITEM_DOT = ("、", ",", ".")
_OCR_DIGITS = {"5": "S", "1": "L", "2": "Z", "0": "O"}
_OCR_BRACKETS = ("({})", "({}）", "（ {} ）", "{}）", "({}", "[{}]", "({}]")  # （六） as read


def ocr_misread(text: str, rng: random.Random) -> str:
    """``text`` as OCR may read it off a poor scan: its item number or bracketed number
    misread, then up to one character in five (at most two) confused, dropped or doubled.

    A reader that knows the template can still tell every label so misread from the others:
    most of it stands, and the rows around it stand (the document determines it).
    """
    m = re.match(r"^（([一二三四五六七])）", text)
    if m and rng.random() < 0.6:
        text = rng.choice(_OCR_BRACKETS).format(m.group(1)) + text[m.end():]
    m = re.search(r"(\d)\.", text)
    if m and rng.random() < 0.5:
        digit = _OCR_DIGITS.get(m.group(1), m.group(1)) if rng.random() < 0.4 else m.group(1)
        text = text[:m.start()] + digit + rng.choice(_OCR_ITEM_DOT) + text[m.end():]
    han = [i for i, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff"]
    budget = min(2, max(1, len(han) // 5)) if len(han) >= 2 else 0
    for _ in range(rng.randint(1, budget) if budget else 0):
        chars = list(text)
        pairs = [(i, read) for i in range(len(chars)) for printed, read, _ in OCR_MISREADS if chars[i] == printed]
        pairs = [(i, r) for i, r in pairs if "\u4e00" <= chars[i] <= "\u9fff" or rng.random() < 0.5]
        if pairs and (len(han) < 4 or rng.random() < 0.75):
            i, read = rng.choice(pairs)
            chars[i] = read
        elif len(han) >= 4:
            i = rng.choice([i for i, ch in enumerate(chars) if "\u4e00" <= ch <= "\u9fff"])
            chars[i] = "" if rng.random() < 0.5 else chars[i] * 2  # dropped, or read twice
        text = "".join(chars)
    return text


def ocr_parts(parts: list[Part], rng: random.Random, share: float = 0.5) -> list[Part]:
    """Family 9: about ``share`` of the labels of tables 2 and 3 (row labels, group labels
    such as （三）不予公开 and 三、本年度办理结果, table 2's 第二十条 rows) and of table 4's headers
    misread as by OCR (:func:`ocr_misread`); every number as printed."""
    for part in parts:
        if part.grid is None:
            continue
        kinds = {2: ("label", "section"), 3: ("label",), 4: ("head",)}.get(part.grid.number, ())
        for b in part.grid.boxes:
            if b.kind in kinds and rng.random() < share:
                b.text = ocr_misread(b.text, rng)
    return parts


def _ocr_labelled(render: Callable[..., str]) -> Callable[[Report, random.Random, Noise], str]:
    """A text layout whose tables' labels were read off a scan (the numbers right)."""
    return lambda r, g, n: render(r, g, n, parts=ocr_parts(layout_document(r), g))
