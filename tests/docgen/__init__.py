"""Test documents of our own making: random annual reports in every format and layout.

Real reports vary more than any corpus we hold, so the readers are tested on documents
generated here, whose every cell is known:

* :func:`random_report` builds a report that balances *by construction*: it draws
  individual applications (who applied, new or carried over, how each ended or whether it
  is still open) and appeals, and sums them into the tables. Options: the template
  (``"2019"``/``"2021"``), the mixed form (2021 table 2 with the single 2019 （六） row),
  omitted Article 20 rows, blank and dash cells, amounts with units, and ``scale`` (how
  many times the narrative is repeated — for the benchmarks).
* :func:`unbalance` changes one cell so that the checks must fire, and says which.
* :func:`make` renders a report in one of :data:`LAYOUTS`: the renderers' own formats
  (text, markdown, html, docx, xlsx, pdf) and the messy layouts real reports come in
  (one cell per line; tab-indented cells with empty lines between rows; ``value |`` per
  line with pipe-only separator lines; one Markdown table per row; HTML in GBK/GB18030
  inside a portal page; scanned pages as PNG or an image-only PDF), each with the noise
  real reports have: label variants (结果维护, 内容事务, 这一情况, 规范性文件, ``1、``),
  full-width digits, U+3000/U+00A0 around numbers, headers broken over lines or truncated.

All narrative text is written here from our own sentence parts; no real report is copied.

Run ``python -m tests.docgen OUTDIR [N]`` to write N samples of every layout and form to
OUTDIR, each with a ``*.truth.json`` that ``gongkai eval OUTDIR`` compares against.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from gongkai.report import Report
from gongkai.report.render import docx as render_docx
from gongkai.report.render import html as render_html
from gongkai.report.render import markdown as render_markdown
from gongkai.report.render import pdf as render_pdf
from gongkai.report.render import text as render_text
from gongkai.report.render import xlsx as render_xlsx
from gongkai.report.render.fonts import cjk_font
from gongkai.report.render.layout import document as layout_document

from .detached import _markdown_detached
from .families import (
    _markdown_inline_html,
    _piped_bare,
    _with_parts,
    all_zeros_blank,
    appeal_words,
    appeal_zeros_blank,
    negative_changes,
    renumbered,
)
from .noise import Noise
from .ocr_labels import _ocr_labelled, ocr_parts
from .pdf_families import (
    MARGIN_PROSE,
    SPLIT_ROW_WORD,
    _pdf_unruled,
    _pdf_wrapped_labels,
    _scanned_pdf_rough,
    borderless_docx,
    unrule,
)
from .renderings import (
    Generated,
    _aligned_text,
    _cells_per_line,
    _docx_pictures,
    _flattened,
    _html,
    _markdown,
    _markdown_rows,
    _pdf_pictures,
    _piped,
    _png,
    _portal,
    _scanned_pdf,
    _tabbed,
    _text,
    noisy_parts,
)
from .reports import Options, random_report, unbalance


@dataclass(frozen=True)
class Layout:
    name: str
    suffix: str
    make: Callable[[Report, random.Random, Noise], str | bytes]
    messy: bool = False  # applies noise
    blanks: bool = True  # can print a blank cell so that a careful reader can tell it from a merged one
    needs_font: bool = False
    ocr: bool = False
    exact: bool = True  # every cell is determined by the document (False: some may be ambiguous)
    variant: Callable[[Report, random.Random], Report] | None = None  # a family's change to the report
    by_sums: bool = False  # some rows are placed only when the table's sums hold (unbalanced: left unread)
    family: int | None = None  # the issue 14 family the layout builds


LAYOUTS: dict[str, Layout] = {lay.name: lay for lay in (
    # gongkai's text prints its tables between bars: a blank is an empty space between two.
    Layout("text", ".txt", _text),
    # A blank in space-aligned text is only recoverable from character columns: not generated.
    Layout("text_aligned", ".txt", _aligned_text, blanks=False),
    Layout("markdown", ".md", _markdown),
    Layout("html", ".html", _html),
    Layout("docx", ".docx", lambda r, g, n: render_docx.render(r)),
    Layout("xlsx", ".xlsx", lambda r, g, n: render_xlsx.render(r)),
    Layout("pdf", ".pdf", lambda r, g, n: render_pdf.render(r), needs_font=True),
    Layout("cells_per_line", ".txt", _cells_per_line, messy=True, blanks=False),
    Layout("tabbed", ".txt", _tabbed, messy=True),
    Layout("flattened", ".txt", _flattened, messy=True, blanks=False, exact=False),
    Layout("piped", ".txt", _piped, messy=True),
    Layout("markdown_rows", ".md", _markdown_rows, messy=True),
    Layout("portal_html", ".html", _portal, messy=True),
    Layout("docx_noisy", ".docx", lambda r, g, n: render_docx.render(r, noisy_parts(r, n, g)), messy=True),
    Layout("xlsx_noisy", ".xlsx", lambda r, g, n: render_xlsx.render(r, noisy_parts(r, n, g)), messy=True),
    Layout("pdf_noisy", ".pdf", lambda r, g, n: render_pdf.render(r, noisy_parts(r, n, g)), messy=True,
           needs_font=True),
    # Families of issue 14 (see above): what real reports did to a reader that had not seen them.
    Layout("markdown_inline_html", ".md", _markdown_inline_html, family=1),
    Layout("html_appeal_words", ".html", _with_parts(render_html.render, appeal_words), family=2),
    Layout("docx_appeal_words", ".docx", _with_parts(render_docx.render, appeal_words), family=2),
    Layout("pdf_appeal_words", ".pdf", _with_parts(render_pdf.render, appeal_words), needs_font=True, family=2),
    Layout("html_blank_appeals", ".html", _html, variant=appeal_zeros_blank, family=3),
    Layout("docx_blank_appeals", ".docx", lambda r, g, n: render_docx.render(r), variant=appeal_zeros_blank,
           family=3),
    Layout("pdf_blank_appeals", ".pdf", lambda r, g, n: render_pdf.render(r), variant=appeal_zeros_blank,
           needs_font=True, family=3),
    Layout("markdown_blank_appeals", ".md", _markdown, variant=appeal_zeros_blank, family=3),
    Layout("xlsx_blank_appeals", ".xlsx", lambda r, g, n: render_xlsx.render(r), variant=appeal_zeros_blank,
           family=3),
    Layout("piped_blank_zeros", ".txt", _piped_bare, messy=True, variant=all_zeros_blank, family=4),
    Layout("pdf_unruled", ".pdf", lambda r, g, n: _pdf_unruled(r, g, n), needs_font=True, family=5),
    Layout("markdown_detached", ".md", _markdown_detached, by_sums=True, family=6),
    Layout("markdown_detached_art20", ".md", lambda r, g, n: _markdown_detached(r, g, n, detach_art20=True),
           exact=False, by_sums=True, family=6),
    Layout("text_renumbered", ".txt", lambda r, g, n: render_text.render(r, renumbered(layout_document(r), g)),
           family=7),
    Layout("docx_renumbered", ".docx", lambda r, g, n: render_docx.render(r, renumbered(layout_document(r), g)),
           family=7),
    Layout("flattened_negative", ".txt", _flattened, messy=True, blanks=False, exact=False,
           variant=negative_changes, family=8),
    # (a table 3 row placed by a misread label stands only when the sums hold: by_sums)
    Layout("tabbed_ocr_labels", ".txt", _ocr_labelled(_tabbed), messy=True, by_sums=True, family=9),
    Layout("piped_ocr_labels", ".txt", _ocr_labelled(_piped), messy=True, by_sums=True, family=9),
    Layout("markdown_ocr_labels", ".md",
           lambda r, g, n: render_markdown.render(r, ocr_parts(layout_document(r), g)), by_sums=True, family=9),
    Layout("scanned_png", ".png", _png, blanks=False, needs_font=True, ocr=True),
    Layout("scanned_pdf", ".pdf", _scanned_pdf, blanks=False, needs_font=True, ocr=True),
    Layout("pdf_pictures", ".pdf", _pdf_pictures, blanks=False, needs_font=True, ocr=True),
    Layout("docx_pictures", ".docx", _docx_pictures, blanks=False, needs_font=True, ocr=True),
)}
TEXT_LAYOUTS = [n for n, lay in LAYOUTS.items() if lay.suffix in (".txt", ".md", ".html")]


def available(layout: str) -> bool:
    """Whether this machine can make ``layout`` (PDF and scans need a CJK font)."""
    return not LAYOUTS[layout].needs_font or cjk_font() is not None


def make(layout: str, report: Report, rng: random.Random | int = 0, noise: Noise | None = None,
         variant: bool = True) -> Generated:
    """Render ``report`` in ``layout``; messy layouts draw their noise from ``rng``; a family's
    layout changes the report first (``variant``), and the changed report is the truth."""
    if not isinstance(rng, random.Random):
        rng = random.Random(rng)
    lay = LAYOUTS[layout]
    if noise is None:
        noise = Noise.draw(rng) if lay.messy else Noise()
    if lay.variant is not None and variant:
        report = lay.variant(report, rng)
    data = lay.make(report, rng, noise)
    if isinstance(data, str):
        data = data.encode("utf-8")
    return Generated(layout, lay.suffix, data, report, noise.names())


def _random_report_for(lay: Layout, rng: random.Random, options: dict[str, object]) -> Report:
    """A random report (``options`` as in :class:`Options`) that ``lay`` can print: no blank cells
    where the layout cannot show one."""
    opts = Options(**options)  # type: ignore[arg-type]
    if not lay.blanks:
        opts.blanks = False
    return random_report(rng, opts)


def generate(seed: int, layout: str, unbalanced: bool = False, **options: object) -> Generated:
    """One document: a random report (``options`` as in :class:`Options`) in ``layout``."""
    rng = random.Random(seed)
    lay = LAYOUTS[layout]
    report = _random_report_for(lay, rng, options)
    if lay.variant is not None:
        report = lay.variant(report, rng)  # before unbalancing: the changed cell stays as changed
    changed = None
    if unbalanced:
        report, changed = unbalance(report, rng)
    doc = make(layout, report, rng, variant=False)
    doc.changed = changed
    return doc


def truth(report: Report) -> dict[str, object]:
    """What a reader must recover: every cell's plain value, the template, year and agency."""
    return {"template": report.template, "year": report.year, "agency": report.agency,
            "cells": report.plain_cells()}


def _main(argv: list[str]) -> int:  # pragma: no cover - a tool for people
    import json
    import pathlib

    out = pathlib.Path(argv[0] if argv else "docgen-out")
    n = int(argv[1]) if len(argv) > 1 else 1
    out.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(LAYOUTS):
        if not available(name):
            print(f"skip {name}: no CJK font")
            continue
        for form, options in (("2019", {"template": "2019"}), ("2021", {"template": "2021"}),
                              ("mixed", {"template": "2021", "mixed": True})):
            for j in range(n):
                doc = generate(i * 1000 + j, name, **options)  # type: ignore[arg-type]
                stem = f"{name}-{form}-{j}"
                (out / (stem + doc.suffix)).write_bytes(doc.data)
                published = doc.report.published.isoformat() if doc.report.published else None
                (out / (stem + ".truth.json")).write_text(json.dumps(
                    {"document": stem + doc.suffix, **truth(doc.report), "published": published},
                    ensure_ascii=False, indent=1), encoding="utf-8")
                print(out / (stem + doc.suffix), ", ".join(doc.noise))
    return 0




FAMILIES: dict[str, Layout] = {lay.name: lay for lay in (
    Layout("pdf_wrapped_labels", ".pdf", _pdf_wrapped_labels, needs_font=True),
    Layout("scanned_pdf_rough", ".pdf", _scanned_pdf_rough, blanks=False, needs_font=True, ocr=True),
)}


def make_family(name: str, seed: int, **options: object) -> Generated:
    """One document of an issue-14 family (:data:`FAMILIES`): a random report, rendered so."""
    rng = random.Random(seed)
    lay = FAMILIES[name]
    report = _random_report_for(lay, rng, options)
    data = lay.make(report, rng, Noise())
    return Generated(name, lay.suffix, data if isinstance(data, bytes) else data.encode("utf-8"), report)


# What the tests use as ``docgen.<name>`` lives in the package's modules, one per concept:
# reports (random reports), noise, renderings (the layouts' formats), families (issue 14's
# variants), ocr_labels (family 9), detached (family 6), pdf_families (5 and 9 as PDFs), region.
from .families import all_zeros_blank, appeal_zeros_blank, noted_counts, unread_some  # noqa: E402
from .region import Region, random_region  # noqa: E402
from .renderings import _scan_images  # noqa: E402

__all__ = [
    "FAMILIES", "LAYOUTS", "MARGIN_PROSE", "SPLIT_ROW_WORD", "TEXT_LAYOUTS", "Generated", "Layout", "Noise",
    "Options", "Region", "_scan_images", "all_zeros_blank", "appeal_zeros_blank", "available",
    "borderless_docx", "cjk_font", "generate", "make", "make_family", "noted_counts", "random_region",
    "random_report", "truth", "unbalance", "unread_some", "unrule",
]
