"""Bounds on what one document may cost: pages, time per page, decompressed size, pixels.

A published annual report has a few dozen pages at most; anything far beyond these
bounds is not one, or is built to exhaust the reader. Every binary reader checks them
and raises :class:`~gongkai.errors.ReadError` naming the file and the limit. A whole PDF
also has a time :class:`Budget`, checked between pages (see :mod:`gongkai.ingest.pdf`).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager

from ..errors import ReadError

MAX_PAGES = 200  # PDF pages read
SECONDS_PER_PAGE = 10.0  # text-layer PDF page, hard bound (SIGALRM in the main thread)
OCR_SECONDS_PER_PAGE = 60.0  # scanned page or image (about 2 s of one free core)
MAX_OCR_PAGES = 60  # scanned pages OCR'd in one PDF
PDF_SECONDS = 60.0  # a PDF's text-layer pages, all together, checked between pages ($GONGKAI_PDF_SECONDS)
PDF_OCR_SECONDS = 600.0  # OCR of one PDF's scanned pages, all together ($GONGKAI_PDF_OCR_SECONDS)
MAX_STREAM = 16 * 1024 * 1024  # bytes one PDF stream (content, form, object stream …) may inflate to
MAX_FONT_BYTES = 64 * 1024 * 1024  # … an embedded font (a whole CJK font is 10–20 MB)
MAX_FONTS_TOTAL = 256 * 1024 * 1024  # … a PDF's embedded fonts together
MAX_IMAGE_BYTES = 256 * 1024 * 1024  # … an image (MAX_PIXELS at up to 4 bytes a pixel, less a margin)
MAX_PAGE_CONTENT = 16 * 1024 * 1024  # a PDF page's content streams together (a report page has < 1 MB)
MAX_DECOMPRESSED = 200 * 1024 * 1024  # bytes a .docx/.xlsx may expand to
MAX_ZIP_MEMBERS = 5000
MAX_XML_PART = 16 * 1024 * 1024  # bytes one XML part of a .docx/.xlsx may expand to (lxml: ≈ 23× in memory)
MAX_TABLE_CELLS = 100_000  # grid positions of one Word table (a statutory table has a few hundred)
MAX_DOCUMENT_CELLS = 400_000  # … of all a Word file's tables together
MAX_SHEET_CELLS = 200_000  # .xlsx cells defined across all sheets (openpyxl: ≈ 1 KB each in memory)
MAX_PIXELS = 80_000_000  # decoded image size (width × height)
CONVERT_SECONDS = 120.0  # one LibreOffice conversion (.doc/.wps/.xls/.et), wall time; the converter is killed


class Timeout(ReadError):
    """A page took longer than its bound."""


@contextmanager
def time_limit(seconds: float, where: str | None = None):
    """Raise :class:`Timeout` if the block runs longer than ``seconds``.

    A hard bound where possible (SIGALRM, main thread on POSIX); elsewhere the block runs
    to its end and the overrun is reported afterwards, so callers also bound the work
    itself (pages, objects, pixels).
    """
    hard = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    start = time.monotonic()
    if not hard:
        yield
        if time.monotonic() - start > seconds:
            raise Timeout(f"处理超时（超过 {seconds:g} 秒）", where=where)
        return

    fired = []

    def on_alarm(signum, frame):
        fired.append(True)
        raise Timeout(f"处理超时（超过 {seconds:g} 秒）", where=where)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    old_delay, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except Timeout:
        raise
    except Exception as e:
        if fired:  # the alarm landed inside a library (onnxruntime, pdfminer) that wrapped it
            raise Timeout(f"处理超时（超过 {seconds:g} 秒）", where=where) from e
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_delay:  # an outer bound was running: restore what is left of it
            remaining = old_delay - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001))


def seconds(name: str, default: float) -> float:
    """A time bound from environment variable ``name`` (seconds, ≥ 0), else ``default``."""
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value >= 0 else default


clock = time.monotonic  # what a Budget measures with (wall time, like the per-page bounds)


class Budget:
    """Time for a whole document, checked between pages (a soft bound: the page bounds are hard)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.start = clock()

    def spent(self) -> float:
        return clock() - self.start

    def exceeded(self) -> bool:
        return self.spent() >= self.seconds
