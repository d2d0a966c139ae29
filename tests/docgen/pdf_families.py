"""Families 5 and 9 as PDFs: labels wrapped across lines, tables without rules, rough scans."""

from __future__ import annotations

import io
import random

from gongkai.report import Report
from gongkai.report.render import pdf as render_pdf

from .noise import Noise
from .renderings import _scan_images

# --- issue 14, families 5 and 9: PDFs as real reports print them ----------------------------
# The ruled and scanned ones are kept apart from LAYOUTS (other tests run every layout there)
# and made with make_family(); the unruled one is the layout "pdf_unruled" (family 5).

def _narrow_labels(rng: random.Random):
    """Column widths for 表二 and 表三 whose label columns are narrow, so that long labels break
    mid-phrase over two or three lines (``（二）部分公开（区分处理的，只`` / ``计这一情形…``)."""
    return {2: (rng.choice([16, 19, 22, 26]), 22, 22, 22),
            3: (8, 14, rng.choice([20, 24, 27, 28, 30, 34])) + (9.5,) * 7}


def _pdf_wrapped_labels(report: Report, rng: random.Random, noise: Noise) -> bytes:
    """Family 5: a typeset, ruled PDF whose labels wrap within their cells at a random width."""
    saved = dict(render_pdf.COL_WIDTHS)
    render_pdf.COL_WIDTHS.update(_narrow_labels(rng))
    try:
        return render_pdf.render(report)
    finally:
        render_pdf.COL_WIDTHS.clear()
        render_pdf.COL_WIDTHS.update(saved)


def _pdf_unruled(report: Report, rng: random.Random, noise: Noise) -> bytes:
    """Family 5, harder: the same with every rule removed (tables printed without borders, as
    some producers do): the wrapped label's lines sit above and below its row's numbers."""
    return unrule(_pdf_wrapped_labels(report, rng, noise))


def unrule(data: bytes) -> bytes:
    """A PDF with every path object removed: its tables printed without rules."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    pdf = pdfium.PdfDocument(data)
    for page in pdf:
        for obj in list(page.get_objects(max_depth=0)):
            if obj.type == c.FPDF_PAGEOBJ_PATH:
                page.remove_obj(obj)
        page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _scanned_pdf_rough(report: Report, rng: random.Random, noise: Noise) -> bytes:
    """Family 9: scanned pages as an office scanner makes them — 150 to 200 dpi, turned by up to
    1.2°, a grey paper tone with speckle, JPEG-compressed — one image per page, no text layer."""
    from PIL import Image, ImageFilter

    dpi = rng.choice([150, 170, 200])
    pages = _scan_images(report, scale=dpi / 72)
    rough = []
    for page in pages:
        angle = rng.uniform(-1.2, 1.2)
        page = page.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
        tone = rng.randint(225, 245)
        page = page.point(lambda v, t=tone: v * t // 255)
        speckle = Image.effect_noise(page.size, rng.uniform(6, 14)).point(lambda v: 255 if v > 40 else 0)
        page = Image.composite(page, speckle, speckle.point(lambda v: 255 if v else 0)).convert("L")
        if rng.random() < 0.5:
            page = page.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=rng.choice([60, 75, 85]))
        rough.append(Image.open(io.BytesIO(buffer.getvalue())))
    out = io.BytesIO()
    rough[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=rough[1:])
    return out.getvalue()


# A paragraph whose last line falls in a page's margin on two pages — the foot of one, the head of
# the next (``明显改善。``): found among docgen's pdf_wrapped_labels reports with narrative ×1–×6
# (seeds 0–49 searched); pages.assemble once dropped it as a running footer. (family, seed, options)
MARGIN_PROSE: list[tuple[str, int, dict[str, object]]] = [
    ("pdf_wrapped_labels", 0, {"template": "2019", "scale": 3}),
    ("pdf_wrapped_labels", 0, {"template": "2019", "scale": 4}),
]


def borderless_docx(data: bytes) -> bytes:
    """A Word report with every table border and cell border removed (printed to PDF by a word
    processor, its tables come out unruled: family 5 as Word users make it)."""
    from docx import Document as WordDocument
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = WordDocument(io.BytesIO(data))
    for table in doc.tables:
        pr = table._tbl.tblPr
        for old in pr.findall(qn("w:tblBorders")):
            pr.remove(old)
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), "none")
            borders.append(edge)
        pr.append(borders)
        for tc in table._tbl.iter(qn("w:tc")):
            cell_pr = tc.get_or_add_tcPr()
            for old in cell_pr.findall(qn("w:tcBorders")):
                cell_pr.remove(old)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# A borderless Word report (borderless_docx) whose 表三 row LibreOffice breaks across a page when
# printing it to PDF: ``（二）部分公开（区分处理的，只计这一情形，不`` with its numbers at the foot of
# page 4, ``计其他情形）`` under the repeated header on page 5 (found among seeds 100–199 of
# ``docx`` at ×1–×6, the only one of 200). generate(seed, "docx", **options).
SPLIT_ROW_WORD: tuple[int, dict[str, object]] = (148, {"template": "2021", "blanks": False, "scale": 5})
