"""One way through ingest: a source reads the document; this module decides what is OCR'd and when to stop.

Each source (one module per format) reads what its file holds without OCR and without
mapping: :func:`gongkai.ingest.pdf.read_source` gives the text layer's pages (and which
pages are scanned, which carry large pictures), :func:`gongkai.ingest.word.read_source` the
text, tables and where pictures sit; the text, HTML, Markdown, spreadsheet and image readers
give a finished :class:`~gongkai.ingest.document.Document`. Here, and only here, it is decided

* to OCR a PDF's scanned pages (all of them, within ``GONGKAI_PDF_OCR_SECONDS``);
* to OCR the pictures in a text PDF or a Word file — only when the text does not already
  hold the statutory tables (tables pasted in as screenshots);
* to stop when a time budget runs out: what was read is kept, with a warning naming the
  pages left, when it holds every statutory table; otherwise
  :class:`~gongkai.ingest.limits.Timeout` names how far reading got.

Deciding needs the mapper (:func:`gongkai.ingest.mapping.tables_read`); the report it
made is handed back with the document, so that a document is mapped once.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from ..errors import ReadError, UnsupportedFormat
from ..report import Report
from . import limits, mapping
from .document import Document, named
from .pages import Page, assemble

WORD = ("docx", "doc", "wps")


@dataclass
class Result:
    document: Document
    report: Report | None = None  # the report, when deciding already mapped the final document


def read(data: bytes, path: str, fmt: str) -> Result:
    """Read ``data`` (of format ``fmt``, from :mod:`gongkai.ingest.detect`) into a Document.

    ``path`` names the document and is attached here, once, to any error that does not name
    a file yet (:func:`~gongkai.ingest.document.named`).
    """
    with named(path):
        result = _read(data, fmt)
    result.document.path = path  # the readers never see it: they name places, this names the file
    if result.report is not None:
        result.report.source = path
    return result


def _read(data: bytes, fmt: str) -> Result:
    if fmt == "pdf":
        return _pdf(data)
    if fmt in WORD:
        return _word(data)
    from . import READERS

    name = READERS.get(fmt)
    if name is None:
        raise UnsupportedFormat(f"暂不支持此文件格式（{fmt}）")
    try:
        module = importlib.import_module(f"{__package__}.{name}")
    except ImportError as e:
        raise UnsupportedFormat(f"{fmt} 文件的读取模块不可用（gongkai.ingest.{name}：{e}）") from None
    return Result(module.read_document(data))


# --- PDF ------------------------------------------------------------------------------------

def _pdf(data: bytes) -> Result:
    from . import pdf

    source = pdf.read_source(data)
    doc, pages = source.doc, source.pages
    if source.stopped is not None:
        return _stop(pages, doc, source.npages, source.stopped, "GONGKAI_PDF_SECONDS")
    if len(source.scanned) > limits.MAX_OCR_PAGES:
        raise ReadError(f"扫描页过多（{len(source.scanned)} 页，上限 {limits.MAX_OCR_PAGES} 页）")
    if source.scanned:
        stopped = _ocr_pages(data, source.scanned, pages, doc)
        if stopped is not None:
            return stopped
    if source.pictured:
        base = list(doc.warnings)
        assemble(pages, doc)
        report = mapping.tables_read(doc)
        if report is not None:  # the text holds the tables: the pictures are not read
            return Result(doc, report)
        doc.text, doc.tables, doc.warnings = "", [], base
        _ocr_pictures(data, source.pictured, pages, doc)
    assemble(pages, doc)
    return Result(doc)


def _ocr_pages(data: bytes, numbers: list[int], pages: list[Page], doc: Document) -> Result | None:
    """OCR the scanned pages into ``pages``. A Result: time ran out with the tables read."""
    from . import ocr

    if len(numbers) == len(pages):
        doc.format = "ocr"
    doc.meta["ocr_pages"] = numbers
    doc.meta["ocr_precision"] = ocr.engine().precision
    seen: dict = {}  # what earlier pages taught the OCR (a number read with certainty)
    budget = limits.Budget(limits.seconds("GONGKAI_PDF_OCR_SECONDS", limits.PDF_OCR_SECONDS))
    for i, n in enumerate(numbers):
        if i and budget.exceeded():
            done = [page for page in pages if page.number < n]
            return _stop(done, doc, len(pages), budget, "GONGKAI_PDF_OCR_SECONDS")
        with limits.time_limit(limits.OCR_SECONDS_PER_PAGE, f"第 {n} 页（扫描页识别）"):
            image = ocr.render_pdf_page(data, n)
            elements, height = ocr.page_elements(image, n, seen)
        pages[n - 1] = Page(n, height, elements)
    return None


def _ocr_pictures(data: bytes, pictured: dict[int, list], pages: list[Page], doc: Document) -> None:
    """OCR the large images on pages that also carry text, into those pages, where they sit.

    Some reports are a text PDF whose tables were pasted in as pictures (screenshots of a
    spreadsheet, a scanned table): when the text layer does not hold the statutory tables,
    each image at least :data:`pdfium_source.PICTURE_WIDTH` of the page wide is read like a
    scanned page and its lines and tables are placed on the page at the image's position.
    """
    from . import ocr

    doc.meta["ocr_pictures"] = sorted(pictured)
    doc.meta["ocr_precision"] = ocr.engine().precision
    seen: dict = {}  # what earlier pictures taught the OCR (a number read with certainty)
    budget = limits.Budget(limits.seconds("GONGKAI_PDF_OCR_SECONDS", limits.PDF_OCR_SECONDS))
    for page in pages:
        n = page.number
        if n not in pictured:
            continue
        if budget.exceeded():
            doc.warnings.append(
                f"图片识别超过 {budget.seconds:g} 秒（GONGKAI_PDF_OCR_SECONDS）：第 {n} 页起的图片未识别")
            return
        with limits.time_limit(limits.OCR_SECONDS_PER_PAGE, f"第 {n} 页（图片识别）"):
            image = ocr.render_pdf_page(data, n)
            scale = image.height / page.height  # pixels per point
            added = []
            for x0, top, x1, bottom in pictured[n]:
                crop = image.crop((max(0, round(x0 * scale)), max(0, round(top * scale)),
                                   min(image.width, round(x1 * scale)), min(image.height, round(bottom * scale))))
                if crop.width < 8 or crop.height < 8:
                    continue
                found, h = ocr.page_elements(crop, n, seen, f"第 {n} 页的图片")
                k = crop.height / scale / h  # points per pixel of what page_elements measured in
                added += [e.moved(top, k) for e in found]
        page.elements = sorted(page.elements + added, key=lambda e: e.top)


def _stop(pages: list[Page], doc: Document, npages: int, budget: limits.Budget, variable: str) -> Result:
    """A document's time ran out with pages left: keep what is read if it holds every statutory table.

    A report's statutory tables come in order (第二十条, 申请情况, 复议诉讼), so once the
    last two are read whole and the first was found, the pages left cannot change a value:
    the document is assembled from the pages read and the rest is named in a warning.
    Otherwise nothing is returned (a report without its tables would only mislead) and
    :class:`~gongkai.ingest.limits.Timeout` names the file and how far reading got.
    """
    last = pages[-1].number if pages else 0
    assemble(pages, doc)
    doc.meta["pages_read"] = last
    doc.warnings.append(
        f"读取超过 {budget.seconds:g} 秒（{variable}）：法定表格已在前 {last} 页读全，"
        f"第 {last + 1}–{npages} 页未读")
    report = mapping.tables_read(doc)
    if report is not None:
        return Result(doc, report)
    raise limits.Timeout(
        f"PDF 读取超时：{budget.seconds:g} 秒内读了 {last} 页（共 {npages} 页），法定表格尚未读全；"
        f"可用环境变量 {variable} 调高时限", where=f"第 {last + 1} 页起未读")


# --- Word -----------------------------------------------------------------------------------

def _word(data: bytes) -> Result:
    from . import word

    source = word.read_source(data)
    if source.pictures:
        report = mapping.tables_read(source.doc)
        if report is not None:  # the text holds the tables: the pictures are not read
            return Result(source.doc, report)
        word.guarded(_word_pictures, source.zip, source.doc, source.lines, source.pictures)
    return Result(source.doc)


def _word_pictures(z, doc: Document, lines: list[str], pictures: list[tuple[int, int, str]]) -> None:
    """OCR the pictures of a Word file whose text holds no statutory tables (tables pasted
    in as screenshots or scans) and put what they say where they sit.

    Tables read from pictures keep their OCR confidence per cell, and their cells' place
    names the picture (``{"picture": k, "table": n, "row": r, "column": c}``).
    """
    from . import ocr
    from .document import Table
    from .pages import LOW_CONFIDENCE
    from .word import MIN_PICTURE, _relationships

    targets, names = _relationships(z), set(z.namelist())
    seen: dict = {}  # what earlier pictures taught the OCR (a number read with certainty)
    found: list[tuple[int, int, list[str], list[Table]]] = []
    if len(pictures) > limits.MAX_OCR_PAGES:
        doc.warnings.append(f"图片过多（{len(pictures)} 张）：只识别前 {limits.MAX_OCR_PAGES} 张")
    budget = limits.Budget(limits.seconds("GONGKAI_PDF_OCR_SECONDS", limits.PDF_OCR_SECONDS))
    for k, (at_line, at_table, rid) in enumerate(pictures[:limits.MAX_OCR_PAGES], start=1):
        if k > 1 and budget.exceeded():
            doc.warnings.append(f"图片识别超过 {budget.seconds:g} 秒（GONGKAI_PDF_OCR_SECONDS）：第 {k} 张起未识别")
            break
        name = targets.get(rid)
        if name is None or name not in names:
            continue
        with limits.time_limit(limits.OCR_SECONDS_PER_PAGE, f"第 {k} 张图片"):
            try:
                image = ocr.load_image(z.read(name))
            except ReadError:
                doc.warnings.append(f"第 {k} 张图片（{name.rsplit('/', 1)[-1]}）无法识别其格式，未读取")
                continue
            if image.width < MIN_PICTURE:
                continue
            elements, height = ocr.page_elements(image, k, seen, f"第 {k} 张图片")
        part = Document(format="ocr")
        assemble([Page(k, height, elements)], part)
        for table in part.tables:
            table.where = {"picture": k}
            for row in table.rows:
                for cell in row:
                    cell.where = {"picture": k, **{key: v for key, v in cell.where.items() if key != "page"}}
                    if cell.text and cell.confidence is not None and cell.confidence < LOW_CONFIDENCE:
                        doc.warnings.append(f"第 {k} 张图片中的“{cell.text}”识别置信度低（{cell.confidence:.2f}）")
        found.append((at_line, at_table, part.text.split("\n") if part.text else [], part.tables))
        doc.meta.setdefault("ocr_pictures", []).append(k)
        doc.meta["ocr_precision"] = ocr.engine().precision
    for at_line, at_table, text, tables in reversed(found):  # from the last, so earlier places hold
        lines[at_line:at_line] = text
        doc.tables[at_table:at_table] = tables
    for number, table in enumerate(doc.tables, start=1):
        table.where["table"] = number
        for row in table.rows:
            for cell in row:
                cell.where = {**cell.where, "table": number}
    doc.text = "\n".join(lines)

