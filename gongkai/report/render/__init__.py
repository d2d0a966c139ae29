"""Renderers: a :class:`~gongkai.report.Report` in the statutory layout of its template.

One module per format, each with one function ``render(report)``:

* :mod:`.text` → ``str`` (plain text, columns aligned for a fixed-width font);
* :mod:`.markdown` → ``str`` (pipe tables; merged boxes print once, in their first position);
* :mod:`.html` → ``str`` (a page with real ``<table>`` s, ``rowspan``/``colspan`` as on
  government sites);
* :mod:`.docx` → ``bytes`` (Word, merged cells);
* :mod:`.xlsx` → ``bytes`` (one sheet in reading order, merged cells);
* :mod:`.pdf` → ``bytes`` (A4, an embedded CJK TrueType font; :func:`.fonts.cjk_font` says which).

:mod:`.layout` holds the forms themselves (国办公开办函〔2019〕60号 and 〔2021〕30号) as grids;
the renderers only draw them. ``FORMATS`` maps a format name to its module name.
"""

from __future__ import annotations

import importlib
from typing import Any

FORMATS = {
    "text": "text",
    "markdown": "markdown",
    "html": "html",
    "docx": "docx",
    "xlsx": "xlsx",
    "pdf": "pdf",
}
SUFFIXES = {"text": ".txt", "markdown": ".md", "html": ".html", "docx": ".docx", "xlsx": ".xlsx", "pdf": ".pdf"}


def render(report: Any, fmt: str) -> str | bytes:
    """Render ``report`` as ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ValueError(f"未知的输出格式：{fmt!r}（可选：{'、'.join(FORMATS)}）")
    module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    return module.render(report)
