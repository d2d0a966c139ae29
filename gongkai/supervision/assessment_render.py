"""The assessment (:mod:`.assessment`) as DOCX (python-docx) and PDF (fpdf2), in Chinese, with its charts
drawn server-side as PNG images (Pillow, the CJK font the PDF renderer embeds) and each chart's numbers
in a small table under it."""

from __future__ import annotations

import functools
import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from PIL import Image, ImageDraw, ImageFont

from ..errors import GongkaiError
from ..report.render.docx import BODY_FONT, HEADING_FONT, TABLE_FONT, TITLE_FONT, _font
from ..report.render.fonts import cjk_font
from .assessment import Assessment, Chart, Section, Table

W, H = 1600, 800  # chart pixels (printed 16 cm wide: 254 dpi)
COLOURS = ((180, 35, 42), (5, 80, 174), (26, 127, 55), (154, 103, 0))


@functools.cache
def _pil_font(size: int):
    font = cjk_font()
    if font is None:
        raise GongkaiError("未找到中文 TrueType 字体，无法绘制图表（Debian：apt-get install fonts-wqy-zenhei）")
    return ImageFont.truetype(font.path, size, index=font.index)


def _label(v: float | None, unit: str) -> str:
    if v is None:
        return "—"
    text = f"{v:.1f}" if unit == "%" else (f"{int(v)}" if float(v).is_integer() else f"{v:.2f}")
    return text + ("%" if unit == "%" else "")


def chart_png(chart: Chart) -> bytes:
    """The chart as a PNG: bars (across or ranked) or a line, each value printed on it."""
    img = Image.new("RGB", (W, H), "white")
    d = ImageDraw.Draw(img)
    small, normal = _pil_font(26), _pil_font(30)
    values = [v for v in chart.values if v is not None]
    top = max(values + [0.0]) or 1.0
    if chart.unit == "%":
        top = max(top, 100.0)
    n = max(1, len(chart.labels))
    if chart.kind == "hbar":
        left, right, y0, y1 = 420, W - 160, 40, H - 40
        step = (y1 - y0) / n
        bar = min(50, step * 0.7)
        d.line([(left, y0), (left, y1)], fill="black", width=2)
        for i, (lab, v) in enumerate(zip(chart.labels, chart.values, strict=True)):
            cy = y0 + step * (i + 0.5)
            name = lab if len(lab) <= 14 else lab[:13] + "…"
            d.text((left - 12, cy), name, fill="black", font=small, anchor="rm")
            if v is not None:
                x = left + (right - left) * v / top
                d.rectangle([left, cy - bar / 2, x, cy + bar / 2], fill=COLOURS[0])
            d.text((left + (right - left) * (v or 0) / top + 10, cy), _label(v, chart.unit), fill="black", font=small,
                   anchor="lm")
        return _png(img)
    left, right, y0, y1 = 120, W - 60, 60, H - 90
    d.line([(left, y1), (right, y1)], fill="black", width=2)
    d.line([(left, y0), (left, y1)], fill="black", width=2)
    for k in range(5):  # a light grid with its values
        y = y1 - (y1 - y0) * k / 4
        d.line([(left, y), (right, y)], fill=(225, 225, 225), width=1)
        d.text((left - 10, y), _label(top * k / 4, chart.unit if chart.unit == "%" else ""), fill=(90, 90, 90),
               font=small, anchor="rm")
    step = (right - left) / n
    points = []
    for i, (lab, v) in enumerate(zip(chart.labels, chart.values, strict=True)):
        cx = left + step * (i + 0.5)
        d.text((cx, y1 + 14), lab, fill="black", font=normal, anchor="ma")
        if v is None:
            continue
        y = y1 - (y1 - y0) * v / top
        if chart.kind == "bar":
            w = min(140, step * 0.6)
            d.rectangle([cx - w / 2, y, cx + w / 2, y1], fill=COLOURS[1])
        else:
            points.append((cx, y))
            d.ellipse([cx - 8, y - 8, cx + 8, y + 8], fill=COLOURS[0])
        d.text((cx, y - 12), _label(v, chart.unit), fill="black", font=normal, anchor="md")
    if len(points) > 1:
        d.line(points, fill=COLOURS[0], width=5)
    return _png(img)


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def chart_table(chart: Chart) -> Table:
    """The numbers a chart draws, as a table printed under it."""
    return Table("", ["项目", "数值"], [[lab, _label(v, chart.unit)] for lab, v in zip(chart.labels, chart.values,
                                                                                        strict=True)])


def paragraphs(a: Assessment, s: Section) -> list[str]:
    """A section's paragraphs: the supervisor's text first where the section has one."""
    out = [p for p in a.texts.get(s.editable, "").split("\n") if p.strip()] if s.editable else []
    out += s.paragraphs
    if s.editable == "conclusion":
        out += [p for p in a.texts.get("advice", "").split("\n") if p.strip()]
    return out


# --- DOCX ---------------------------------------------------------------------------------------------------

def _docx_table(doc, t: Table) -> None:
    if t.title:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(t.title), HEADING_FONT, 11)
    table = doc.add_table(rows=1 + len(t.rows), cols=len(t.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate([t.header] + t.rows):
        for c, text in enumerate(row):
            p = table.cell(r, c).paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 0 else WD_ALIGN_PARAGRAPH.CENTER
            _font(p.add_run(text), TABLE_FONT, 9, bold=r == 0)
    doc.add_paragraph()


def to_docx(a: Assessment) -> bytes:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.2)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(a.texts["title"]), TITLE_FONT, 20)
    for s in a.sections:
        p = doc.add_paragraph()
        _font(p.add_run(s.heading), HEADING_FONT, 14)
        for text in paragraphs(a, s):
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(28)
            _font(p.add_run(text), BODY_FONT, 14)
        for t in s.tables:
            _docx_table(doc, t)
        for ch in s.charts:
            doc.add_picture(io.BytesIO(chart_png(ch)), width=Cm(16))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _docx_table(doc, Table(ch.title, ["项目", "数值"], chart_table(ch).rows))
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(p.add_run(a.texts.get("signature", "")), BODY_FONT, 14)
    doc.core_properties.title = a.texts["title"]
    doc.core_properties.author = "gongkai"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --- PDF ----------------------------------------------------------------------------------------------------

def to_pdf(a: Assessment) -> bytes:
    from fpdf import FontFace

    from ..report.render.pdf import _PDF, FAMILY, MARGIN, _paragraph

    font = cjk_font()
    if font is None:
        raise GongkaiError("未找到中文 TrueType 字体，无法生成 PDF（Debian：apt-get install fonts-wqy-zenhei）")
    pdf = _PDF(format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.add_font(FAMILY, "", font.path, collection_font_number=font.index)
    pdf.set_title(a.texts["title"])
    pdf.set_creator("gongkai")
    pdf.set_lang("zh-CN")
    pdf.add_page()
    pdf.set_font(FAMILY, size=17)
    pdf.multi_cell(0, 10, a.texts["title"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    def table(t: Table) -> None:
        if t.title:
            pdf.set_font(FAMILY, size=10.5)
            pdf.multi_cell(0, 7, t.title, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, size=9)
        widths = (3,) + (1.4,) * (len(t.header) - 1) if len(t.header) > 2 else (2, 1)
        with pdf.table(col_widths=widths, text_align="CENTER", line_height=5.5,
                       headings_style=FontFace(emphasis=None), padding=(0.8, 0.6)) as tb:
            for row in [t.header] + t.rows:
                r = tb.row()
                for c, text in enumerate(row):
                    r.cell(text, align="LEFT" if c == 0 else "CENTER")
        pdf.ln(3)

    for s in a.sections:
        pdf.set_font(FAMILY, size=12.5)
        pdf.ln(2)
        pdf.multi_cell(0, 8, s.heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, size=11)
        for text in paragraphs(a, s):
            _paragraph(pdf, text)
        for t in s.tables:
            table(t)
        for ch in s.charts:
            if pdf.will_page_break(90):
                pdf.add_page()
            pdf.image(io.BytesIO(chart_png(ch)), w=pdf.epw)
            table(Table(ch.title, ["项目", "数值"], chart_table(ch).rows))
    pdf.set_font(FAMILY, size=11)
    pdf.ln(4)
    pdf.multi_cell(0, 7, a.texts.get("signature", ""), align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
