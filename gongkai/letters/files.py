"""A rendered letter as a file: DOCX for editing (python-docx) and PDF for sending (fpdf2).

The PDF embeds a subset of a TrueType CJK font, so its text layer reads back in Chinese; the
font is found in one place for every PDF gongkai draws: :mod:`gongkai.report.render.fonts`
(``$GONGKAI_CJK_FONT``, then Debian's WenQuanYi / AR PL fonts).
"""

from __future__ import annotations

import io
import logging
from functools import lru_cache
from pathlib import Path

from ..errors import GongkaiError
from ..report.render.cjk_lines import wrap_cjk
from ..report.render.fonts import cjk_font as find_cjk_font
from .render import Letter

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"


class FontMissing(GongkaiError):
    """No CJK TrueType font to embed in a PDF."""


@lru_cache(maxsize=1)
def cjk_font() -> Path:
    """The CJK font the PDF embeds (the one the report renderers use, :mod:`gongkai.report.render.fonts`);
    :class:`FontMissing` says which package to install."""
    found = find_cjk_font()
    if found is not None:
        return Path(found.path)
    raise FontMissing(
        "未找到可嵌入 PDF 的中文 TrueType 字体：请安装 Debian 软件包 fonts-wqy-zenhei"
        "（sh scripts/system-packages.sh），或用环境变量 GONGKAI_CJK_FONT 指定字体文件"
    )


def pdf_available() -> bool:
    try:
        cjk_font()
    except FontMissing:
        return False
    return True


# --- PDF -------------------------------------------------------------------------

def to_pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF with the CJK font embedded (subset)."""
    from fpdf import FPDF

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(28, 37, 26)  # close to the 公文 layout (GB/T 9704): 37 mm top, 28 mm left
    pdf.set_auto_page_break(True, margin=35)
    pdf.set_title(letter.title)
    pdf.set_creator("gongkai")
    pdf.add_font("cjk", fname=str(cjk_font()))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    styles = {"title": (20, 11, "C"), "subtitle": (12, 7, "C"), "right": (14, 8, "R"), "flush": (14, 8, "L"),
              "para": (14, 8, "L")}
    for block in letter.blocks:
        size, height, align = styles[block.style]
        pdf.set_font("cjk", size=size)
        if block.style == "right":
            pdf.ln(4)
        indent = pdf.get_string_width("国国") if block.style == "para" else 0.0
        for source_line in block.text.split("\n"):
            for n, line in enumerate(wrap_cjk(source_line, width, pdf.get_string_width, indent)):
                x = pdf.l_margin + (indent if n == 0 else 0.0)
                pdf.set_x(x)
                pdf.cell(pdf.w - pdf.r_margin - x, height, line, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3 if block.style == "title" else 1.5)
    return bytes(pdf.output())


# --- DOCX ------------------------------------------------------------------------

BODY_FONT, TITLE_FONT = "仿宋", "宋体"


def _font(run, name: str, size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def to_docx(letter: Letter) -> bytes:
    """The letter as a Word document the office can edit before sending."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    doc.core_properties.title = letter.title
    doc.core_properties.author = "gongkai"
    align = {"title": WD_ALIGN_PARAGRAPH.CENTER, "subtitle": WD_ALIGN_PARAGRAPH.CENTER,
             "right": WD_ALIGN_PARAGRAPH.RIGHT, "flush": WD_ALIGN_PARAGRAPH.LEFT,
             "para": WD_ALIGN_PARAGRAPH.JUSTIFY}
    for block in letter.blocks:
        p = doc.add_paragraph()
        p.alignment = align[block.style]
        fmt = p.paragraph_format
        fmt.space_after = Pt(6)
        if block.style == "para":
            fmt.first_line_indent = Pt(32)  # two characters of 16 pt
        for i, line in enumerate(block.text.split("\n")):
            run = p.add_run(line)
            if block.style == "title":
                _font(run, TITLE_FONT, 22, bold=True)
            else:
                _font(run, BODY_FONT, 16)
            if i < len(block.text.split("\n")) - 1:
                run.add_break()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def docx_text(data: bytes) -> str:
    """The paragraphs of a DOCX, one per line (for tests and checks)."""
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, as pdfplumber reads it back."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)
