"""A report as a PDF (A4, fpdf2) with an embedded CJK TrueType font and ruled tables.

Raises :class:`gongkai.errors.GongkaiError` when the machine has no CJK font (see
:mod:`.fonts`; Debian: ``apt-get install fonts-wqy-zenhei``).
"""

from __future__ import annotations

import logging

from fpdf import FPDF, FontFace
from fpdf.enums import TableHeadingsDisplay

from ...errors import GongkaiError
from ..model import Report
from .cjk_lines import wrap_cjk
from .fonts import cjk_font, pdf_font
from .layout import Grid, Part, document, printable, title

FAMILY = "cjk"
MARGIN = 20  # mm
BODY_SIZE = 11
# Relative column widths per table (表二, 表三, 表四).
COL_WIDTHS = {
    2: (34, 22, 22, 22),
    3: (8, 14, 40) + (9.5,) * 7,
    4: (1,) * 15,
}
TABLE_SIZE = {2: 9, 3: 7.5, 4: 7}


# fontTools warns about tables it drops when subsetting (e.g. wqy-zenhei's bitmap "BDF ").
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


class _PDF(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FAMILY, size=9)
        self.cell(0, 10, f"— {self.page_no()} —", align="C")


LINE_HEIGHT = 6.5


def _paragraph(pdf: FPDF, text: str) -> None:
    indent = 2 * pdf.get_string_width("国")  # first-line indent of two characters
    lines = wrap_cjk(text, pdf.epw, pdf.get_string_width, indent) if text else []
    for i, line in enumerate(lines):
        if pdf.will_page_break(LINE_HEIGHT):
            pdf.add_page()
        pdf.set_x(pdf.l_margin + (indent if i == 0 else 0))
        pdf.cell(text=line, h=LINE_HEIGHT)
        pdf.ln(LINE_HEIGHT)


def _table(pdf: FPDF, grid: Grid) -> None:
    size = TABLE_SIZE.get(grid.number, 8)
    pdf.set_font(FAMILY, size=size)
    # Header rows (表三, 表四) repeat at the top of the next page when a table breaks.
    heads = {"num_heading_rows": grid.head_rows, "headings_style": FontFace(emphasis=None),
             "repeat_headings": TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE} if grid.head_rows else {
                 "first_row_as_headings": False}
    with pdf.table(col_widths=COL_WIDTHS.get(grid.number, (1,) * grid.ncols), text_align="CENTER",
                   line_height=size * 0.5, v_align="MIDDLE", padding=(0.8, 0.6), **heads) as table:
        for row in grid.rows():
            r = table.row()
            for b in row:
                align = "LEFT" if b.kind in ("label", "section") else "CENTER"
                # a value's spaces do not break its line (a space a line break took would be lost to a reader)
                text = b.text.replace(" ", "\u00a0") if b.is_value else b.text
                r.cell(text, align=align, colspan=b.colspan, rowspan=b.rowspan)
    pdf.ln(3)


def _all_text(parts: list[Part]) -> str:
    """Every character the PDF will print (to choose the font file that holds them all)."""
    out = []
    for p in parts:
        out.append(p.text)
        if p.grid is not None:
            out += [b.text for b in p.grid.boxes]
    return "".join(out) + "— 0123456789"  # the page footer


def render(report: Report, parts: list[Part] | None = None) -> bytes:
    """The report in this format; ``parts`` (default ``layout.document(report)``) may be altered first."""
    parts = document(report) if parts is None else parts
    font = cjk_font()
    if font is None:
        raise GongkaiError("未找到中文 TrueType 字体，无法生成 PDF（Debian：apt-get install fonts-wqy-zenhei，"
                           "或以 GONGKAI_CJK_FONT 指定字体文件）")
    font = pdf_font(_all_text(parts)) or font  # a smaller copy of the same font when it holds every character
    pdf = _PDF(format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.add_font(FAMILY, "", font.path, collection_font_number=font.index)
    pdf.set_title(title(report))
    pdf.set_author(printable(report.agency or ""))
    pdf.set_creator("gongkai")
    pdf.set_lang("zh-CN")
    pdf.add_page()
    for part in parts:
        if part.kind == "title":
            pdf.set_font(FAMILY, size=17)
            pdf.multi_cell(0, 10, part.text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        elif part.kind == "heading":
            pdf.set_font(FAMILY, size=12.5)
            pdf.ln(2)
            pdf.multi_cell(0, 8, part.text, new_x="LMARGIN", new_y="NEXT")
        elif part.kind == "paragraph":
            pdf.set_font(FAMILY, size=BODY_SIZE)
            _paragraph(pdf, part.text)
        elif part.kind == "table" and part.grid is not None:
            pdf.ln(2)
            _table(pdf, part.grid)
        elif part.kind == "signature":
            pdf.set_font(FAMILY, size=BODY_SIZE)
            pdf.multi_cell(0, 7, part.text, align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
