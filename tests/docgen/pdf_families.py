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
