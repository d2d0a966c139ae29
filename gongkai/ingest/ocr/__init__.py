"""Scanned reports: OCR on the CPU and table structure from the image.

Text is found and read by PaddleOCR's PP-OCRv4 Chinese detection and recognition models
(Apache-2.0) in ONNX form, as shipped inside the ``rapidocr-onnxruntime`` wheel (whose
pre- and post-processing is used), run by OpenVINO (Apache-2.0) — nothing is downloaded,
at install or at run time. See docs/ingest-binary.md for the models' provenance and why
OpenVINO runs them.

Table structure comes from the ruling lines, not from the text: dark pixels that form
long horizontal or vertical runs (found with OpenCV morphology) become rules, and the
rules go through the same grid builder as a PDF's vector rules
(:mod:`gongkai.ingest.grid`). The rules are erased before text is read, so a rule next
to a number is never read as a ``1`` and a text box is split where a rule crosses it.

Every piece of text keeps the recogniser's score; a cell's confidence is the lowest
score of its pieces (:attr:`TextCell.confidence`), and a number read with low confidence
is listed in the document's warnings with its place. Nothing is corrected or guessed.
"""

from __future__ import annotations

from .. import limits
from ..document import Document
from ..pages import Page, assemble
from .engine import REC_HEIGHT, SHAPE_CACHE, _Model, engine
from .image import DARK, _components, load_image, render_pdf_page, skew_angle
from .page import _detect, _rule_speck, page_elements
from .recognition import _read


def read_document(data: bytes) -> Document:
    """OCR one image (PNG, JPEG, …) into a Document."""
    image = load_image(data)
    with limits.time_limit(limits.OCR_SECONDS_PER_PAGE, "图像识别"):
        elements, height = page_elements(image, 1, where="图像识别")
    doc = Document(format="ocr", meta={"ocr_pages": [1], "ocr_precision": engine().precision})
    assemble([Page(1, height, elements)], doc)
    return doc


__all__ = ["DARK", "REC_HEIGHT", "SHAPE_CACHE", "_Model", "_components", "_detect", "_read", "_rule_speck", "engine",
           "load_image", "page_elements", "read_document", "render_pdf_page", "skew_angle"]
