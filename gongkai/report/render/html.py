"""A report as an HTML page: the tables as real ``<table>`` s with ``rowspan``/``colspan``.

Header boxes are ``<th>``, numbers ``<td>`` with ``data-key`` naming the cell (handy for
scripts and tests; government pages carry no such attribute and readers must not need it).
"""

from __future__ import annotations

from html import escape

from ..model import Report
from .layout import Grid, Part, document, title

STYLE = """
body { font-family: "FangSong", "仿宋", "SimSun", "Noto Serif CJK SC", serif; max-width: 60em;
       margin: 2em auto; line-height: 1.8; color: #000; }
h1 { text-align: center; font-size: 1.5em; }
h2 { font-size: 1.15em; margin-top: 1.5em; }
p { text-indent: 2em; margin: 0.3em 0; }
p.signature { text-align: right; text-indent: 0; }
table { border-collapse: collapse; margin: 1em auto; font-size: 0.85em; }
th, td { border: 1px solid #000; padding: 0.25em 0.4em; text-align: center; vertical-align: middle;
         min-width: 2.6em; }
th { font-weight: normal; }
th.label { text-align: left; }
th.section { text-align: left; font-weight: bold; }
""".strip()


def _attrs(rowspan: int, colspan: int) -> str:
    out = ""
    if rowspan > 1:
        out += f' rowspan="{rowspan}"'
    if colspan > 1:
        out += f' colspan="{colspan}"'
    return out


def table_html(grid: Grid) -> str:
    lines = [f'<table class="form table{grid.number}">']
    for row in grid.rows():
        cells = []
        for b in row:
            attrs = _attrs(b.rowspan, b.colspan)
            if b.is_value:
                cells.append(f'<td{attrs} data-key="{b.key}">{escape(b.text)}</td>')
            else:
                cls = f' class="{b.kind}"' if b.kind in ("label", "section") else ""
                cells.append(f"<th{cls}{attrs}>{escape(b.text)}</th>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def body(report: Report, parts: list[Part] | None = None) -> str:
    """The report's HTML without ``<html>``/``<head>``: to embed in a page."""
    out: list[str] = []
    for part in (document(report) if parts is None else parts):
        if part.kind == "title":
            out.append(f"<h1>{escape(part.text)}</h1>")
        elif part.kind == "heading":
            out.append(f"<h2>{escape(part.text)}</h2>")
        elif part.kind == "paragraph":
            out.append(f"<p>{escape(part.text)}</p>")
        elif part.kind == "table" and part.grid is not None:
            out.append(table_html(part.grid))
        elif part.kind == "signature":
            out.append(f'<p class="signature">{escape(part.text)}</p>')
    return "\n".join(out)


def render(report: Report, parts: list[Part] | None = None) -> str:
    """A whole page; ``parts`` (default ``layout.document(report)``) may be altered first."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title(report))}</title>\n"
        f"<style>\n{STYLE}\n</style>\n</head>\n<body>\n"
        f"{body(report, parts)}\n"
        "</body>\n</html>\n"
    )
