"""Read many documents at once, on every core.

``read_many(paths)`` yields ``(path, report_or_error)`` in the order given; a file that
cannot be read yields its :class:`~gongkai.errors.GongkaiError` instead of stopping the batch.
Folders are expanded to the files in them (recursively), skipping ``*.truth.json``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..errors import GongkaiError, ReadError
from ..report import Report

DOCUMENT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".shtml", ".xhtml", ".json", ".pdf", ".docx",
                     ".doc", ".wps", ".xlsx", ".xls", ".et", ".png", ".jpg", ".jpeg"}


def expand(paths: Iterable[str]) -> list[str]:
    """Files named, and the documents inside folders named (sorted, recursive)."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out += sorted(str(f) for f in path.rglob("*")
                          if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES
                          and not f.name.endswith(".truth.json"))
        else:
            out.append(p)
    return out


def _read_one(path: str) -> Report | GongkaiError:
    from . import read

    try:
        return read(path)
    except GongkaiError as e:
        return e
    except Exception as e:  # a reader bug must not stop a batch of thousands: report it against the file
        return ReadError(f"读取时出现内部错误（{type(e).__name__}: {e}），请报告此问题", path)


def read_many(paths: Iterable[str], workers: int | None = None) -> Iterator[tuple[str, Report | GongkaiError]]:
    files = expand(paths)
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(files) < 2:
        for f in files:
            yield f, _read_one(f)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(files))) as pool:
        yield from zip(files, pool.map(_read_one, files, chunksize=4), strict=True)
