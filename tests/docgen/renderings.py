"""The layouts' renderings: the renderers' own formats, the messy layouts real reports come in,
scans and pictures."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from gongkai.report import Report
from gongkai.report.render import docx as render_docx
from gongkai.report.render import html as render_html
from gongkai.report.render import markdown as render_markdown
from gongkai.report.render import pdf as render_pdf
from gongkai.report.render import text as render_text
from gongkai.report.render.layout import Grid, Part, title
from gongkai.report.render.layout import document as layout_document

from .noise import Noise, header_text, messy_rows, noisy_label, noisy_value

# --- layouts ---------------------------------------------------------------------------

@dataclass
class Generated:
    """A generated document and the report it must read back as."""

    layout: str
    suffix: str
    data: bytes
    report: Report  # the truth
    noise: list[str] = field(default_factory=list)
    changed: str | None = None  # the key an unbalanced report changed


def _text_parts(report: Report, rng: random.Random, noise: Noise,
                table: Callable[[Grid], list[str]], title_first: bool = True,
                parts: list[Part] | None = None) -> str:
    """A whole report as text, the tables drawn by ``table`` (``parts``: the layout, altered)."""
    lines: list[str] = []
    for part in layout_document(report) if parts is None else parts:
        if part.kind == "title":
            t = part.text
            if report.year is not None and report.agency:
                t = (title_variant(report, rng) if title_first
                     else f"{report.year}年{report.agency}政府信息公开工作年度报告")
            if not noise.untitled:
                lines += [t, ""]
            if rng.random() < 0.5 or noise.untitled:
                lines.append(preface(report, rng))
        elif part.kind == "heading":
            lines.append(part.text)
        elif part.kind == "paragraph":
            lines.append(rng.choice(["\u3000\u3000", "", "  "]) + part.text)
            lines += noise.footer(rng)
        elif part.kind == "table" and part.grid is not None:
            lines += table(part.grid)
        elif part.kind == "signature":
            lines.append(part.text)
    return "\n".join(lines) + "\n"


def _cells_per_line(report: Report, rng: random.Random, noise: Noise) -> str:
    def table(grid: Grid) -> list[str]:
        out = []
        for row in messy_rows(grid, noise, rng, report.template):
            out += [c.text for c in row if not c.covered] + noise.footer(rng)
        return out
    return _text_parts(report, rng, noise, table, title_first=rng.random() < 0.7)


def _flattened(report: Report, rng: random.Random, noise: Noise) -> str:
    """Text with the table structure flattened away: each table's cells run together with no
    separator (as text scraped from some portals has it, e.g. ``一、本年新收…640020470``).
    Some digit runs can then be split more than one way: a reader must leave those cells
    unread with a warning, never guess."""
    def table(grid: Grid) -> list[str]:
        cells = []
        for row in messy_rows(grid, noise, rng, report.template):
            cells += [c.text.replace("\n", "") for c in row if not c.covered]
        return ["".join(cells)]
    return _text_parts(report, rng, noise, table)


def _tabbed(report: Report, rng: random.Random, noise: Noise, parts: list[Part] | None = None) -> str:
    def table(grid: Grid) -> list[str]:
        out = [""]
        for row in messy_rows(grid, noise, rng, report.template):
            out += ["\t" + c.text for c in row] + [""] + noise.footer(rng)
        return out
    return _text_parts(report, rng, noise, table, parts=parts)


def _piped(report: Report, rng: random.Random, noise: Noise, parts: list[Part] | None = None) -> str:
    def table(grid: Grid) -> list[str]:
        out = []
        m = grid.matrix()
        for r, row in enumerate(messy_rows(grid, noise, rng, report.template)):
            out.append("|")
            out += [c.text.replace("\n", "") + " |" for c in row if not c.covered]
            wide = sum(1 for c in range(grid.ncols) if m[r][c] is not None and m[r][c].row == r  # type: ignore[union-attr]
                       and m[r][c].col != c)  # type: ignore[union-attr]
            if wide:
                out.append("|" * wide)
            out += noise.footer(rng)
        return out
    return _text_parts(report, rng, noise, table, parts=parts)


def _markdown_rows(report: Report, rng: random.Random, noise: Noise) -> str:
    """One Markdown table per printed row, as converters of some sites produce."""
    def table(grid: Grid) -> list[str]:
        out = [""]
        for row in messy_rows(grid, noise, rng, report.template):
            cells = [c.text.replace("\n", "") for c in row if not c.covered]
            out += ["| " + " | ".join(cells) + " |", "|" + "---|" * len(cells), ""] + noise.footer(rng)
        return out
    return _text_parts(report, rng, noise, table)


def _text(report: Report, rng: random.Random, noise: Noise) -> str:
    return render_text.render(report)


def _aligned_text(report: Report, rng: random.Random, noise: Noise) -> str:
    """gongkai's text with its bars taken away: tables told only by character columns, as text
    pasted from many web pages and Word files is (every column stays where it was)."""
    lines = []
    for line in render_text.render(report).splitlines():
        if line.startswith("| ") and line.endswith(" |"):
            line = ("  " + line[2:-2].replace(" | ", "   ")).rstrip()
        lines.append(line)
    return "\n".join(lines) + "\n"


def _markdown(report: Report, rng: random.Random, noise: Noise) -> str:
    return render_markdown.render(report)


def _html(report: Report, rng: random.Random, noise: Noise) -> str:
    return render_html.render(report)


_NAV = ("首页", "政务公开", "政府信息公开", "政府信息公开年报", "互动交流", "政务服务", "数据发布")


def _portal(report: Report, rng: random.Random, noise: Noise) -> bytes:
    """A government portal page: navigation, scripts and footer around the report, GBK."""
    from html import escape

    def table(grid: Grid) -> str:
        rows = []
        for row in grid.rows():
            tds = []
            for b in row:
                attrs = (f' rowspan="{b.rowspan}"' if b.rowspan > 1 else "") + (
                    f' colspan="{b.colspan}"' if b.colspan > 1 else "")
                if b.is_value:
                    text = noisy_value(b.text, noise, rng)
                    inner = escape(text).replace("\u00a0", "&nbsp;") or "&nbsp;"
                    tds.append(f'<td{attrs} width="54" valign="center"><p style="text-align:center">'
                               f'<span style="font-family:宋体;font-size:14px">{inner}</span></p></td>')
                else:
                    text = header_text(noisy_label(b.text, noise, report.template), noise)
                    inner = "<br/>".join(escape(t) for t in text.split("\n"))
                    tds.append(f'<td{attrs} style="border:solid windowtext 1px"><p><span>{inner}</span></p></td>')
            rows.append("<tr>" + "".join(tds) + "</tr>")
        return ('<table border="1" cellspacing="0" cellpadding="0" width="600" style="border-collapse:collapse">'
                "<tbody>" + "\n".join(rows) + "</tbody></table>")

    body = []
    for part in layout_document(report):
        if part.kind == "title":
            body.append(f'<h2 class="article-title">{escape(part.text)}</h2>')
            body.append(f'<div class="info">发布日期：{report.published}　来源：{escape(report.agency or "")}'
                        f"　浏览次数：<span id=\"hits\">{rng.randrange(10, 9999)}</span></div>")
        elif part.kind == "heading":
            body.append(f'<p style="text-indent:2em"><strong>{escape(part.text)}</strong></p>')
        elif part.kind == "paragraph":
            body.append(f'<p style="text-indent:2em">{escape(part.text)}</p>')
        elif part.kind == "table" and part.grid is not None:
            body.append(table(part.grid))
        elif part.kind == "signature":
            body.append(f'<p style="text-align:right">{escape(part.text)}</p>')
    nav = "".join(f'<li><a href="/col/{i}/index.html">{n}</a></li>' for i, n in enumerate(_NAV))
    charset = rng.choice(["GBK", "gb2312", "GB18030"])
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{escape(title(report))}_{escape(report.agency or "")}</title>
<script type="text/javascript">var siteId = "{rng.randrange(1000, 9999)}"; var pageSize = 15;
var tips = ["欢迎访问", "本站共有信息 {rng.randrange(1000, 99999)} 条"];</script>
<style>.nav li {{ float: left; }}</style></head>
<body><div class="top"><ul class="nav">{nav}</ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="#">政务公开</a> &gt; 政府信息公开年报</div>
<div class="article">{"".join(body)}</div>
<div class="footer">主办单位：{escape(report.agency or "")}　网站标识码：{rng.randrange(10**9, 10**10)}
　ICP备{rng.randrange(10**7, 10**8)}号<script>document.write("访问量：" + {rng.randrange(1, 10**6)});</script></div>
</body></html>
"""
    # Pages that declare gb2312 are really GBK (or GB18030) in practice.
    codec = "gb18030" if charset == "GB18030" else "gbk"
    return page.encode(codec, errors="xmlcharrefreplace")


def title_variant(report: Report, rng: random.Random) -> str:
    """How agencies title their reports: agency and year in either order, 年度, a line break."""
    a, y = report.agency or "", report.year
    return rng.choice([
        f"{a}{y}年政府信息公开工作年度报告",
        f"{y}年{a}政府信息公开工作年度报告",
        f"{a}{y}年度政府信息公开工作年度报告",
        f"{a}\n{y}年政府信息公开工作年度报告",
    ])


def preface(report: Report, rng: random.Random) -> str:
    """The customary opening paragraph: the basis, the statistical period (our own words)."""
    notice = "国办公开办函〔2019〕60号" if report.template == "2019" else "国办公开办函〔2021〕30号"
    y = report.year
    return rng.choice([
        f"本报告根据《中华人民共和国政府信息公开条例》和《{notice}》要求编制。本报告所列数据的统计期限为"
        f"{y}年1月1日至{y}年12月31日。",
        f"根据条例要求，现公布本机关{y}年度政府信息公开工作年度报告。统计期限自{y}年1月1日起至{y}年12月31日止。",
    ])


def noisy_parts(report: Report, noise: Noise, rng: random.Random) -> list[Part]:
    """The report's layout with noise in its labels and numbers (for the office formats)."""
    parts = layout_document(report)
    if rng.random() < 0.5 or noise.untitled:
        parts.insert(1, Part("paragraph", preface(report, rng)))
    if noise.untitled:
        parts = [p for p in parts if p.kind != "title"]
    for part in parts:
        if part.kind == "title" and report.year is not None and report.agency:
            part.text = title_variant(report, rng).replace("\n", "")
        if part.grid is None:
            continue
        grid = Grid(part.grid.number, part.grid.ncols, part.grid.label_cols, part.grid.head_rows)
        for b in part.grid.boxes:
            text = (noisy_value(b.text, noise, rng) if b.is_value
                    else header_text(noisy_label(b.text, noise, report.template), noise))
            grid.add(text, b.row, b.col, b.rowspan, b.colspan, b.kind, b.key)
        part.grid = grid
    return parts


def _scan_images(report: Report, scale: float = 2.0) -> list:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(render_pdf.render(report))
    images = []
    for i in range(len(pdf)):
        image = pdf[i].render(scale=scale).to_pil().convert("L")
        images.append(image)
    pdf.close()
    return images


def _png(report: Report, rng: random.Random, noise: Noise) -> bytes:
    """The report's pages, scanned, stacked into one tall PNG (as agencies post images)."""
    from PIL import Image

    pages = _scan_images(report)
    width = max(p.width for p in pages)
    sheet = Image.new("L", (width, sum(p.height for p in pages)), 255)
    y = 0
    for p in pages:
        sheet.paste(p, (0, y))
        y += p.height
    buf = io.BytesIO()
    sheet.save(buf, "PNG")
    return buf.getvalue()


def _scanned_pdf(report: Report, rng: random.Random, noise: Noise) -> bytes:
    """An image-only PDF: every page scanned (no text layer)."""
    pages = _scan_images(report)
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=144.0, save_all=True, append_images=pages[1:])
    return buf.getvalue()


def _framed(pdf) -> list[tuple[int, tuple[float, float, float, float], object, str]]:
    """Each table frame of a typeset report: page index, box (points, 3 pt of margin), its
    picture cut from the page rendered at 200 dpi, and the text inside it."""
    from gongkai.ingest import grid, pdfium_source

    scale = 200 / 72
    out = []
    for index in range(len(pdf)):
        page = pdfium_source.read_page(pdf, index, grid.MAX_EDGES)
        regions = grid.find_regions(page.edges, 2.5)
        if not regions:
            continue
        image = pdf[index].render(scale=scale).to_pil().convert("RGB")
        for x0, top, x1, bottom in regions:
            box = (x0 - 3, top - 3, x1 + 3, bottom + 3)
            text = "".join(ch["text"] for ch in page.chars
                           if x0 <= ch["x0"] <= x1 and top <= ch["top"] <= bottom)
            out.append((index, box, image.crop(tuple(round(v * scale) for v in box)), text))
    return out


def _pdf_pictures(report: Report, rng: random.Random, noise: Noise) -> bytes:
    """A text PDF whose tables were pasted in as pictures: the narrative stays text.

    The report is typeset, each page rendered at 200 dpi; the text and rules inside each
    table's frame are removed and a picture of the table (cut from the rendering) is put
    in their place, as when an office pastes a screenshot of its spreadsheet.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    pdf = pdfium.PdfDocument(render_pdf.render(report))
    framed = _framed(pdf)
    for index in sorted({i for i, _, _, _ in framed}):
        page = pdf[index]
        _, height = page.get_size()
        here = [(box, picture) for i, box, picture, _ in framed if i == index]
        for obj in list(page.get_objects(max_depth=0)):
            if obj.type not in (c.FPDF_PAGEOBJ_TEXT, c.FPDF_PAGEOBJ_PATH):
                continue
            left, bottom, right, top = obj.get_bounds()
            cx, cy = (left + right) / 2, height - (bottom + top) / 2
            if any(x0 <= cx <= x1 and t <= cy <= b for (x0, t, x1, b), _ in here):
                page.remove_obj(obj)
        for (x0, top, x1, bottom), picture in here:
            image = pdfium.PdfImage.new(pdf)
            image.set_bitmap(pdfium.PdfBitmap.from_pil(picture))
            image.set_matrix(pdfium.PdfMatrix().scale(x1 - x0, bottom - top).translate(x0, height - bottom))
            page.insert_obj(image)
        page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _docx_pictures(report: Report, rng: random.Random, noise: Noise) -> bytes:
    """A Word file whose tables are pictures of them (a table split over two pages of the
    typeset report is two pictures, one after the other); the narrative stays text."""
    import docx
    import pypdfium2 as pdfium
    from docx.shared import Cm

    pdf = pdfium.PdfDocument(render_pdf.render(report))
    groups: list[list] = []
    kinds: list[str] = []
    for _, _, picture, text in _framed(pdf):
        # Which statutory table a frame belongs to (a part continued on the next page repeats its header).
        kind = "appeals" if "复议" in text else "art20" if "第二十条" in text or "信息内容" in text else "apps"
        if kinds and kinds[-1] == kind:
            groups[-1].append(picture)
        else:
            groups.append([picture])
            kinds.append(kind)
    document = docx.Document(io.BytesIO(render_docx.render(report)))
    tables = list(document.tables)
    if len(groups) != len(tables):
        raise ValueError(f"{len(groups)} framed tables in the typeset report, {len(tables)} in the Word file")
    for table, pictures in zip(tables, groups, strict=True):
        for picture in pictures:
            buffer = io.BytesIO()
            picture.save(buffer, format="PNG")
            buffer.seek(0)
            paragraph = document.add_paragraph()
            paragraph.add_run().add_picture(buffer, width=Cm(16))
            table._tbl.addprevious(paragraph._p)
        table._tbl.getparent().remove(table._tbl)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def markdown_with(report: Report, table_lines: Callable[[Grid], list[str]]) -> str:
    """The report as Markdown (title, headings, paragraphs) with each table written by ``table_lines``."""
    out: list[str] = []
    for part in layout_document(report):
        if part.kind == "title":
            out += [f"# {part.text}", ""]
        elif part.kind == "heading":
            out += [f"## {part.text}", ""]
        elif part.kind in ("paragraph", "signature"):
            out += [part.text, ""]
        elif part.kind == "table" and part.grid is not None:
            out += table_lines(part.grid) + [""]
    return "\n".join(out)
