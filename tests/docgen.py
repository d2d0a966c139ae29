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

import copy
import dataclasses
import datetime as dt
import io
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.report import Report
from gongkai.report import cells as C
from gongkai.report.model import Cell, Finding
from gongkai.report.render import docx as render_docx
from gongkai.report.render import html as render_html
from gongkai.report.render import markdown as render_markdown
from gongkai.report.render import pdf as render_pdf
from gongkai.report.render import text as render_text
from gongkai.report.render import xlsx as render_xlsx
from gongkai.report.render.fonts import cjk_font
from gongkai.report.render.layout import Box, Grid, Part, title
from gongkai.report.render.layout import document as layout_document

# --- agencies and narrative ----------------------------------------------------------

_PLACE_A = "青岚云溪松川梅岭白沙石门清河柳塘金坪桂岗丰源安澜"
_PLACE_B = ("市", "县", "区")
_DEPARTMENTS = ("人民政府办公室", "教育局", "财政局", "自然资源和规划局", "生态环境局", "住房和城乡建设局",
                "交通运输局", "农业农村局", "卫生健康委员会", "市场监督管理局", "民政局", "司法局",
                "人力资源和社会保障局", "应急管理局", "统计局", "商务局", "文化广电和旅游局", "人民政府")


def random_agency(rng: random.Random) -> str:
    i = rng.randrange(0, len(_PLACE_A), 2)
    return f"{_PLACE_A[i:i + 2]}{rng.choice(_PLACE_B)}{rng.choice(_DEPARTMENTS)}"


_OPENERS = ("坚持以人民为中心的发展思想", "围绕全年重点工作", "按照上级关于政务公开的部署要求", "立足部门职责")
_ACTIONS = ("健全信息发布审核机制", "完善主动公开目录", "加强政策解读和回应关切", "规范依申请公开办理流程",
            "推进基层政务公开标准化", "强化政府网站和政务新媒体管理", "做好公开属性源头认定", "落实保密审查")
_EFFECTS = ("公开质量稳步提升", "群众获得感不断增强", "工作透明度进一步提高", "办理时效明显改善")
_PROBLEMS = ("政策解读形式还不够丰富", "公开内容的时效性有待加强", "工作人员业务能力仍需提升",
             "数据开放的深度和广度还不够")
_FIXES = ("加强业务培训", "丰富解读形式", "完善考核评估", "拓展公开渠道", "建立常态化自查机制")


def _sentence(rng: random.Random, parts: tuple[str, ...], k: int = 2) -> str:
    return "，".join(rng.sample(parts, k))


def _filler(rng: random.Random) -> str:
    """One paragraph of ordinary report prose (no counts the checks would compare)."""
    return (f"{rng.choice(_OPENERS)}，{_sentence(rng, _ACTIONS, 3)}，{rng.choice(_EFFECTS)}。"
            f"同时{_sentence(rng, _ACTIONS)}，{rng.choice(_EFFECTS)}。")


def random_sections(rng: random.Random, report: Report, scale: int = 1, paragraphs: int = 2) -> dict[str, str]:
    """Six sections of our own words; the counts they state agree with the tables.

    Each section has about ``paragraphs × scale`` paragraphs of prose besides its counts.
    """
    year = report.year
    n = report.number
    k = paragraphs * scale

    def prose(count: int) -> list[str]:
        return [_filler(rng) for _ in range(count)]

    received = n("apps.new_received.total")
    review = n("review.total")
    litig = (n("litigation_direct.total") or 0) + (n("litigation_after_review.total") or 0)
    overview = [f"{year}年，本机关{rng.choice(_OPENERS)}，{_sentence(rng, _ACTIONS)}，{rng.choice(_EFFECTS)}。"]
    if received is not None:
        overview.append(f"全年共收到政府信息公开申请{received}件，均在法定期限内依法答复。")
    overview += prose(k)
    proactive = ["本机关通过门户网站、政务新媒体和公开栏等渠道主动公开政府信息。"] + prose(k)
    applications = [f"依申请公开工作严格按照条例规定的程序和时限办理，{rng.choice(_EFFECTS)}。"] + prose(k // 2)
    appeals = ([f"本年度因政府信息公开工作被申请行政复议{review}件，被提起行政诉讼{litig}件。"]
               if review is not None else [])
    problems = [f"工作中还存在一些不足：{_sentence(rng, _PROBLEMS)}。",
                f"下一步将{_sentence(rng, _FIXES, 3)}，持续提升政务公开水平。"]
    problems += [f"{_sentence(rng, _PROBLEMS)}；{_sentence(rng, _FIXES)}。" for _ in range(k // 2)]
    other = [f"{year}年度本机关未收取信息处理费。" if rng.random() < 0.7 else
             f"{year}年度本机关未收取信息处理费，无其他需要报告的事项。"]
    return {
        "overview": "\n".join(overview),
        "proactive": "\n".join(proactive),
        "applications": "\n".join(applications),
        "appeals": "\n".join(appeals),
        "problems": "\n".join(problems),
        "other_matters": "\n".join(other),
    }


# --- reports ---------------------------------------------------------------------

# How likely each applicant column and each outcome is (roughly as in published reports).
_COLUMN_WEIGHTS = (70, 15, 2, 2, 4, 7)
_OUTCOME_WEIGHTS = {
    "granted": 30, "partial": 8, "denied.state_secret": 1, "denied.law_forbidden": 1,
    "denied.security_stability": 1, "denied.third_party": 2, "denied.internal_affairs": 2,
    "denied.process_info": 2, "denied.enforcement_file": 1, "denied.admin_query": 2,
    "unable.not_held": 20, "unable.needs_creation": 3, "unable.unclear": 2,
    "not_processed.complaint": 3, "not_processed.repeat": 2, "not_processed.publication": 1,
    "not_processed.excessive": 1, "not_processed.confirmation": 1,
    "other": 4, "other.no_correction": 3, "other.no_fee": 1, "other.other": 2,
}


@dataclass
class Options:
    """What a generated report may contain (beyond balanced numbers)."""

    template: str = "2021"
    mixed: bool = False  # a 2021 table 2 with the single 2019 （六）其他处理 row
    omit_art20: bool = False  # leave out some Article 20 rows (absent keys)
    blanks: bool = False  # some cells printed blank or as a dash/slash/无
    amounts: bool = True  # amounts as decimals or with units (元, 万元)
    size: int = 40  # about how many applications
    scale: int = 1  # how many times longer the narrative is (paragraphs × scale)
    paragraphs: int = 2  # prose paragraphs per section at scale 1


def _art20(rng: random.Random, report: Report, opts: Options) -> None:
    for key, _, column in report.tmpl.art20:
        if key == "art20.fees.amount":
            value: object = (str(Decimal(rng.randrange(0, 100000)) / 100) if opts.amounts and rng.random() < 0.7
                             else rng.randrange(0, 50))
        elif key == "art20.procurement.amount":
            r = rng.random()
            if opts.amounts and r < 0.4:
                value = f"{rng.randrange(10000, 9000000)}元"
            elif opts.amounts and r < 0.7:
                value = f"{Decimal(rng.randrange(100, 100000)) / 100}万元"
            else:
                value = rng.randrange(0, 2000)
        elif key in C.SIGNED_KEYS:
            value = rng.choice([0, 0, rng.randrange(-5, 12)])
        elif column in ("现行有效件数", "对外公开总数量"):
            value = rng.randrange(0, 400)
        elif column in ("本年处理决定数量", "处理决定数量", "上一年项目数量"):
            value = rng.choice([0, rng.randrange(0, 50), rng.randrange(0, 20000)])
        else:
            value = rng.randrange(0, 40)
        report.set(key, value)
    if opts.omit_art20:
        rows: dict[str, list[str]] = {}
        for key, row, _ in report.tmpl.art20:
            rows.setdefault(row, []).append(key)
        for row in rng.sample(sorted(rows), rng.randint(1, max(1, len(rows) // 2))):
            for key in rows[row]:
                del report.cells[key]


def _apps(rng: random.Random, report: Report, opts: Options) -> None:
    other_rows = C.OTHER_KEYS_2019 if (opts.template == "2019" or opts.mixed) else C.OTHER_KEYS_2021
    outcomes = list(C.OUTCOME_KEYS_COMMON + other_rows)
    weights = [_OUTCOME_WEIGHTS[o] for o in outcomes]
    rows = ("new_received", "carried_over") + tuple(outcomes) + ("total", "carried_forward")
    counts = {(r, c): 0 for r in rows for c in C.APPLICANT_KEYS}
    n = rng.randrange(0, opts.size * 2 + 1) if rng.random() < 0.9 else 0
    for _ in range(n):
        col = rng.choices(C.APPLICANT_KEYS, _COLUMN_WEIGHTS)[0]
        counts[("carried_over" if rng.random() < 0.08 else "new_received", col)] += 1
        if rng.random() < 0.07:
            counts[("carried_forward", col)] += 1
        else:
            out = rng.choices(outcomes, weights)[0]
            counts[(out, col)] += 1
            counts[("total", col)] += 1
    for r in rows:
        for c in C.APPLICANT_KEYS:
            report.set(C.app_key(r, c), counts[(r, c)])
        report.set(C.app_key(r, "total"), sum(counts[(r, c)] for c in C.APPLICANT_KEYS))


def _appeals(rng: random.Random, report: Report) -> None:
    for group, _ in C.APPEAL_GROUPS:
        parts = [rng.choice([0, 0, 0, rng.randrange(0, 6), rng.randrange(0, 30)]) for _ in C.APPEAL_PARTS]
        for p, v in zip(C.APPEAL_PARTS, parts, strict=True):
            report.set(C.appeal_key(group, p), v)
        report.set(C.appeal_key(group, "total"), sum(parts))


_NON_NUMBERS = ("—", "/", "无", "－")


def _blank_some(rng: random.Random, report: Report) -> None:
    """Print a few cells blank or as a dash. Blank cells are ``None``, dashes text."""
    keys = [k for k in report.cells if not k.endswith(".total")]
    for key in rng.sample(keys, min(len(keys), rng.randint(1, 4))):
        if report.cells[key].number not in (0, None):
            continue  # keep the arithmetic: only zeros become blank or a dash
        report.set(key, Cell(key, "", "blank") if rng.random() < 0.5 else rng.choice(_NON_NUMBERS))


def random_report(rng: random.Random | int, opts: Options | None = None, **kw: object) -> Report:
    """A report that balances by construction (see the module docstring)."""
    if not isinstance(rng, random.Random):
        rng = random.Random(rng)
    opts = opts or Options()
    if kw:
        opts = dataclasses.replace(opts, **kw)  # type: ignore[arg-type]
    year = rng.randint(2019, 2020) if opts.template == "2019" else rng.randint(2021, 2025)
    report = Report(template=opts.template, year=year, agency=random_agency(rng))
    _art20(rng, report, opts)
    _apps(rng, report, opts)
    _appeals(rng, report)
    if opts.blanks:
        _blank_some(rng, report)
    report.sections = random_sections(rng, report, opts.scale, opts.paragraphs)
    report.published = dt.date(year + 1, 1, rng.randint(5, 31))
    return report


# The cells an unbalancing change may touch: every one takes part in some check.
def _checked_keys(report: Report) -> list[str]:
    return [k for k in report.cells if (k.startswith("apps.") or k.split(".")[0] in dict(C.APPEAL_GROUPS))
            and report.cells[k].kind == "int"]


def unbalance(report: Report, rng: random.Random) -> tuple[Report, str]:
    """A copy of ``report`` with one checked cell changed; returns it and the changed key."""
    out = copy.deepcopy(report)
    key = rng.choice(_checked_keys(out))
    value = out.cells[key].number
    delta = rng.choice([1, 2, 3, 7]) if (value or 0) == 0 or rng.random() < 0.6 else -1
    out.set(key, int(value) + delta)  # type: ignore[arg-type]
    return out, key


# --- noise: what real documents do to labels and numbers ------------------------------

LABEL_VARIANTS = (
    ("结果维持", "结果维护"),
    ("内部事务", "内容事务"),
    ("这一情形", "这一情况"),
)
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass
class Noise:
    """Which kinds of noise a messy layout applies (each drawn at random per document)."""

    variants: bool = False  # 结果维护, 内容事务, 这一情况
    normative: bool = False  # 2021 table with 规范性文件 / 2019 table with 行政规范性文件
    enumeration: bool = False  # "1、" instead of "1."
    fullwidth: bool = False  # ０１２ in value cells
    spaces: bool = False  # U+3000 / U+00A0 around numbers
    broken_headers: bool = False  # 本年新 / 制作数量 on two lines (or truncated)
    truncated_headers: bool = False
    footers: bool = False  # page footers ("— 2 —") between rows and paragraphs, as in text taken from PDFs
    untitled: bool = False  # no title line: the agency is named only in the signature

    @classmethod
    def draw(cls, rng: random.Random) -> Noise:
        flags = [rng.random() < 0.5 for _ in range(8)]
        return cls(*flags, untitled=rng.random() < 0.15)

    def names(self) -> list[str]:
        return [f.name for f in dataclasses.fields(self) if getattr(self, f.name)]

    def footer(self, rng: random.Random) -> list[str]:
        """Now and then, a page footer line (when ``footers``)."""
        if not self.footers or rng.random() > 1 / 12:
            return []
        self.__dict__["_page"] = self.__dict__.get("_page", 0) + 1
        return [rng.choice(["— {} —", "- {} -", "第 {} 页"]).format(self.__dict__["_page"])]


_BREAKS = {
    "本年新制作数量": ("本年新", "制作数量"),
    "本年新公开数量": ("本年新", "公开数量"),
    "社会公益组织": ("社会公益", "组织"),
    "法律服务机构": ("法律服务", "机构"),
    "本年度办理结果": ("三、本年度办", "理结果"),
}


def noisy_label(text: str, noise: Noise, template: str) -> str:
    if noise.variants:
        for a, b in LABEL_VARIANTS:
            text = text.replace(a, b)
    if noise.normative:
        if template == "2021" and text == "行政规范性文件":
            text = "规范性文件"
        elif template == "2019" and text == "规范性文件":
            text = "行政规范性文件"
    if noise.enumeration and len(text) > 1 and text[0].isdigit() and text[1] == ".":
        text = text[0] + "、" + text[2:]
    return text


def noisy_value(text: str, noise: Noise, rng: random.Random) -> str:
    if not text or not text.lstrip("-").isdigit():
        return text
    if noise.fullwidth and rng.random() < 0.5:
        text = text.translate(_FULLWIDTH)
    if noise.spaces and rng.random() < 0.5:
        pad = rng.choice(["\u00a0", "\u3000", " "])
        text = pad + text if rng.random() < 0.5 else text + pad
    return text


def header_text(text: str, noise: Noise) -> str:
    """A header as a messy document prints it: broken over two lines, or truncated."""
    if text in _BREAKS and noise.truncated_headers and text.startswith("本年新"):
        return _BREAKS[text][0]
    if text in _BREAKS and noise.broken_headers:
        return "\n".join(_BREAKS[text])
    return text


@dataclass
class Cellish:
    """One printed position of a table row in a messy layout."""

    text: str
    covered: bool = False  # a position a merged box from an earlier row covers (printed empty)


def messy_rows(grid: Grid, noise: Noise, rng: random.Random, template: str) -> list[list[Cellish]]:
    """The grid's rows as a messy document prints them.

    Boxes print once, in their first row; positions below a tall label (rowspan) print as
    empty cells; positions to the right of a wide box (colspan) are not printed.
    """
    m = grid.matrix()
    out: list[list[Cellish]] = []
    for r in range(grid.nrows):
        row: list[Cellish] = []
        for c in range(grid.ncols):
            b: Box | None = m[r][c]
            if b is None:
                continue
            if b.row == r and b.col == c:
                if b.is_value:
                    row.append(Cellish(noisy_value(b.text, noise, rng)))
                else:
                    row.append(Cellish(header_text(noisy_label(b.text, noise, template), noise)))
            elif b.row != r and b.col == c and b.kind != "value":
                row.append(Cellish("", covered=True))
        out.append(row)
    return out


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


# --- families: the variants real reports showed the reader on documents it had never seen ---
#
# Each family (issue 14) is a change to the report (``variant``: which cells are printed
# blank or negative) and/or to how it is printed (a layout of its own below). The truth is
# the changed report.

def zeros_blank(report: Report, prefixes: tuple[str, ...] = ()) -> Report:
    """A copy whose zero cells (under ``prefixes``, or all) print blank, as some agencies print them."""
    out = copy.deepcopy(report)
    for key, cell in list(out.cells.items()):
        if cell.number == 0 and cell.kind == "int" and (not prefixes or key.startswith(prefixes)):
            out.set(key, Cell(key, "", "blank"))
    return out


def appeal_zeros_blank(report: Report, rng: random.Random) -> Report:
    """Family 3: table 4 prints its zeros blank (its result cells are empty under the headers)."""
    return zeros_blank(report, tuple(g + "." for g, _ in C.APPEAL_GROUPS))


def all_zeros_blank(report: Report, rng: random.Random) -> Report:
    """Family 4: every zero printed blank (seeds 002 and 004 print their zeros so)."""
    return zeros_blank(report)


def negative_changes(report: Report, rng: random.Random) -> Report:
    """Family 8: each change (本年增/减, 2019 form) negative, so that a minus sign sits inside a run."""
    out = copy.deepcopy(report)
    for key in C.SIGNED_KEYS:
        if key in out.cells:
            out.set(key, -rng.randrange(1, 40))
    return out


_NOTES = ("其中修订 {n} 件", "含自然失效 {n} 件", "含废止 {n} 件", "其中新增 {n} 件")


def noted_counts(report: Report, rng: random.Random) -> Report:
    """A count printed with a note in brackets in its cell (上海 2025: ``22（其中修订 16 件）``):
    a few Article 20 counts. Such a cell is text (kept as printed), not a number."""
    out = copy.deepcopy(report)
    keys = [k for k, c in out.cells.items() if k.startswith("art20.") and c.kind == "int" and c.number]
    for key in rng.sample(keys, min(len(keys), rng.randint(1, 3))):
        n = int(out.cells[key].number)  # type: ignore[arg-type]
        out.set(key, f"{n}（{rng.choice(_NOTES).format(n=rng.randint(0, n))}）")
    return out


def unread_some(report: Report, rng: random.Random) -> Report:
    """A report as a reader leaves it when it cannot read some cells with certainty: those cells
    absent, named in an ``ingest.unread`` warning (what a renderer must print as not known)."""
    out = copy.deepcopy(report)
    keys = rng.sample(sorted(out.cells), min(len(out.cells), rng.randint(1, 6)))
    if rng.random() < 0.5:  # a whole Article 20 row, none of its cells read (平潭 2021's 行政规范性文件)
        row = rng.choice(sorted({k.rsplit(".", 1)[0] for k in out.cells if k.startswith("art20.")}))
        keys += [k for k in out.cells if k.rsplit(".", 1)[0] == row and k not in keys]
    for key in keys:
        del out.cells[key]
    out.warnings.append(Finding("ingest.unread", "warning", "未能确定地读出（生成的报告）", sorted(keys)))
    return out


APPEAL_WORDS = {"行政复议": "行政复议（因政府信息公开被行政复议）",
                "行政诉讼": "行政诉讼（因政府信息公开被行政诉讼）"}


def appeal_words(parts: list[Part]) -> list[Part]:
    """Family 2: table 4's group headers with words added (行政复议（因政府信息公开被行政复议）)."""
    for part in parts:
        if part.grid is not None and part.grid.number == 4:
            for b in part.grid.boxes:
                if b.kind == "head" and b.text in APPEAL_WORDS:
                    b.text = APPEAL_WORDS[b.text]
    return parts


RENUMBERED = ("总体情况", "一、主动公开政府信息情况", "二、收到和处理政府信息公开申请情况",
              "三、政府信息公开行政复议、行政诉讼情况", "四、存在的主要问题及改进情况", "五、其他需要报告的事项")


def renumbered(parts: list[Part], rng: random.Random | None = None) -> list[Part]:
    """Family 7: the statistics part numbers its own headings — 总体情况 unnumbered (or put
    first as 一), then 一、主动公开 … 五、其他需要报告的事项."""
    headings = [p for p in parts if p.kind == "heading"]
    first = "一、总体情况" if rng is not None and rng.random() < 0.3 else RENUMBERED[0]
    for part, text in zip(headings, (first,) + RENUMBERED[1:], strict=True):
        part.text = text
    return parts


def _with_parts(render: Callable[..., str | bytes], change: Callable[[list[Part]], list[Part]]):
    return lambda r, g, n: render(r, change(layout_document(r)))


def _inline_html_table(grid: Grid, rng: random.Random) -> list[str]:
    """Family 1: a pipe table as HTML-to-Markdown converters write it: header cells broken with
    ``<br>``, blank cells holding ``&nbsp;``, positions under a merged label printed empty."""
    rows = [[""] * grid.ncols for _ in range(grid.nrows)]
    br = rng.choice(["<br>", "<br/>", "<br />"])
    for b in grid.boxes:
        text = b.text.replace("|", "\\|").replace("\n", " ")
        if b.is_value:
            text = text or rng.choice(["&nbsp;", " &nbsp; ", "&nbsp;&nbsp;"])
        elif b.text in _BREAKS:
            text = br.join(_BREAKS[b.text])
        elif len(b.text) >= 6 and b.kind == "head" and rng.random() < 0.5:
            k = len(b.text) // 2
            text = b.text[:k] + br + b.text[k:]
        rows[b.row][b.col] = text
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * grid.ncols]
    return lines + ["| " + " | ".join(r) + " |" for r in rows[1:]]


def _markdown_inline_html(report: Report, rng: random.Random, noise: Noise) -> str:
    out: list[str] = []
    for part in layout_document(report):
        if part.kind == "title":
            out += [f"# {part.text}", ""]
        elif part.kind == "heading":
            out += [f"## {part.text}", ""]
        elif part.kind in ("paragraph", "signature"):
            out += [part.text, ""]
        elif part.kind == "table" and part.grid is not None:
            out += _inline_html_table(part.grid, rng) + [""]
    return "\n".join(out)


def _piped_bare(report: Report, rng: random.Random, noise: Noise) -> str:
    """Family 4: ``value |`` per line (seeds 002/004), a blank cell a lone ``|`` — the same line
    as the one that starts a row."""
    def table(grid: Grid) -> list[str]:
        out = []
        m = grid.matrix()
        for r, row in enumerate(messy_rows(grid, noise, rng, report.template)):
            out.append("|")
            out += [(c.text.replace("\n", "") + " |").strip(" ") for c in row if not c.covered]
            wide = sum(1 for c in range(grid.ncols) if m[r][c] is not None and m[r][c].row == r  # type: ignore[union-attr]
                       and m[r][c].col != c)  # type: ignore[union-attr]
            if wide:
                out.append("|" * wide)
        return out
    return _text_parts(report, rng, noise, table)


# --- family 9: labels as OCR reads them off a scanned page ----------------------------------
#
# (printed, read as, evidence). "seen": gongkai's OCR (PP-OCRv4, gongkai.ingest.ocr) read it so
# on this module's scans, each label cell diffed with the label printed: 41 ``scanned_pdf_rough``
# reports (7,744 label cells: only brackets, 一、 and 、 misread) and 26 rougher ones (130–150
# dpi, blurred, JPEG quality 40–60: 4,888 cells). "issue": pairs issue 14 names as what PP-OCR
# confuses on real scans, not seen on our clean type; "ours": a pair of our own of the same kind
# (a component lost), so that a two-character label (规章) is misread too.
OCR_MISREADS: tuple[tuple[str, str, str], ...] = (
    ("（", "(", "seen"), ("）", ")", "seen"), ("（", "[", "seen"), ("）", "]", "seen"),
    ("一", "", "seen"),  # 一、本年新收… read 、本年新收… (a thin stroke lost)
    ("、", ".", "seen"), ("、", "", "seen"), ("“", "", "seen"), ("”", "", "seen"),
    ("申", "中", "seen"), ("未", "末", "seen"), ("未", "来", "seen"), ("开", "并", "seen"),
    ("政", "改", "seen"), ("息", "意", "seen"), ("关", "美", "seen"), ("废", "厦", "seen"),
    ("条", "秦", "seen"), ("区", "医", "seen"), ("处", "就", "seen"), ("逾", "道", "seen"),
    ("府", "有", "seen"), ("讼", "验", "seen"), ("项", "顺", "seen"), ("正", "证", "seen"),
    ("复", "凝", "seen"), ("供", "俱", "seen"), ("纠", "拟", "seen"), ("部", "都", "seen"),
    ("卷", "着", "seen"), ("作", "付", "seen"), ("结", "绪", "seen"), ("持", "搏", "seen"),
    ("复", "夏", "issue"), ("复", "夐", "issue"), ("处", "外", "issue"), ("理", "埋", "issue"),
    ("予", "子", "issue"), ("予", "于", "issue"), ("公", "么", "issue"), ("开", "井", "issue"),
    ("其", "具", "issue"), ("他", "也", "issue"), ("重", "垂", "issue"), ("请", "清", "issue"),
    ("六", "大", "issue"), ("规", "现", "ours"), ("已", "己", "ours"),
)
# An item's number as OCR reads it: 5. → 5、 / S. / 5, (and 1 → l or L (seen), 2 → Z, 0 → O).
_OCR_ITEM_DOT = ("、", ",", ".")
_OCR_DIGITS = {"5": "S", "1": "L", "2": "Z", "0": "O"}
_OCR_BRACKETS = ("({})", "({}）", "（ {} ）", "{}）", "({}", "[{}]", "({}]")  # （六） as read


def ocr_misread(text: str, rng: random.Random) -> str:
    """``text`` as OCR may read it off a poor scan: its item number or bracketed number
    misread, then up to one character in five (at most two) confused, dropped or doubled.

    A reader that knows the template can still tell every label so misread from the others:
    most of it stands, and the rows around it stand (the document determines it).
    """
    m = re.match(r"^（([一二三四五六七])）", text)
    if m and rng.random() < 0.6:
        text = rng.choice(_OCR_BRACKETS).format(m.group(1)) + text[m.end():]
    m = re.search(r"(\d)\.", text)
    if m and rng.random() < 0.5:
        digit = _OCR_DIGITS.get(m.group(1), m.group(1)) if rng.random() < 0.4 else m.group(1)
        text = text[:m.start()] + digit + rng.choice(_OCR_ITEM_DOT) + text[m.end():]
    han = [i for i, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff"]
    budget = min(2, max(1, len(han) // 5)) if len(han) >= 2 else 0
    for _ in range(rng.randint(1, budget) if budget else 0):
        chars = list(text)
        pairs = [(i, read) for i in range(len(chars)) for printed, read, _ in OCR_MISREADS if chars[i] == printed]
        pairs = [(i, r) for i, r in pairs if "\u4e00" <= chars[i] <= "\u9fff" or rng.random() < 0.5]
        if pairs and (len(han) < 4 or rng.random() < 0.75):
            i, read = rng.choice(pairs)
            chars[i] = read
        elif len(han) >= 4:
            i = rng.choice([i for i, ch in enumerate(chars) if "\u4e00" <= ch <= "\u9fff"])
            chars[i] = "" if rng.random() < 0.5 else chars[i] * 2  # dropped, or read twice
        text = "".join(chars)
    return text


def ocr_parts(parts: list[Part], rng: random.Random, share: float = 0.5) -> list[Part]:
    """Family 9: about ``share`` of the labels of tables 2 and 3 (row labels, group labels
    such as （三）不予公开 and 三、本年度办理结果, table 2's 第二十条 rows) and of table 4's headers
    misread as by OCR (:func:`ocr_misread`); every number as printed."""
    for part in parts:
        if part.grid is None:
            continue
        kinds = {2: ("label", "section"), 3: ("label",), 4: ("head",)}.get(part.grid.number, ())
        for b in part.grid.boxes:
            if b.kind in kinds and rng.random() < share:
                b.text = ocr_misread(b.text, rng)
    return parts


def _ocr_labelled(render: Callable[..., str]) -> Callable[[Report, random.Random, Noise], str]:
    """A text layout whose tables' labels were read off a scan (the numbers right)."""
    return lambda r, g, n: render(r, g, n, parts=ocr_parts(layout_document(r), g))


# Family 6: PDF-to-Markdown output whose tables lost their label cells. A converter that does
# not follow merged (tall) label cells prints the labels as loose lines — above the whole
# table, above a block of numbers, or each above its own row, long ones wrapped (the end now
# and then left in the row's first cell) — and the rows as pipe rows of numbers only
# (`| 0 | 0 | … |`, with or without the empty label cells), each run of pipe rows its own
# Markdown table; a page break in table 3 leaves a footer and the header repeated. Table 3's
# rows are then placed by the template's order, confirmed by the table's sums; table 2 has no
# sums: its detached rows (``markdown_detached_art20``) stay unread with a warning.

def _wrapped(text: str, rng: random.Random) -> list[str]:
    """A label as a converter writes it: long ones broken over two lines now and then."""
    if len(text) > 12 and rng.random() < 0.4:
        k = rng.randrange(6, len(text) - 4)
        return [text[:k], text[k:]]
    return [text]


def _detached_table(grid: Grid, rng: random.Random, detach_art20: bool) -> list[str]:
    m = grid.matrix()
    value_cols = [c for c in range(grid.ncols) if c >= grid.label_cols]
    compact = rng.random() < 0.3  # |0|0|0| rather than | 0 | 0 | 0 |
    padded = rng.random() < 0.4  # numbers-only rows keep their empty label cells

    def pipe(cells: list[str]) -> str:
        return "|" + "|".join(cells) + "|" if compact else "| " + " | ".join(cells) + " |"

    def label_texts(r: int) -> list[str]:
        return [b.text for b in grid.rows()[r] if not b.is_value]

    def full_row(r: int) -> str:
        cells = []
        for c in range(grid.ncols):
            b = m[r][c]
            if b is None or (b.col != c and b.row == r):
                continue
            cells.append("" if b.row != r else b.text.replace("\n", ""))
        return pipe(cells)

    def numbers(r: int, tail: str = "") -> str:
        """Row ``r``'s numbers; ``tail``: the end of a wrapped label, left in the row's first cell."""
        vals = [m[r][c].text if m[r][c] is not None and m[r][c].is_value else "" for c in value_cols]  # type: ignore[union-attr]
        vals = [v for c, v in zip(value_cols, vals, strict=True) if m[r][c] is not None and m[r][c].col == c]  # type: ignore[union-attr]
        lead = [""] * grid.label_cols if padded else []
        return pipe(([tail] + lead[1:] if tail else lead) + vals)

    has_values = [any(b.is_value for b in grid.rows()[r]) for r in range(grid.nrows)]
    if grid.number == 3:
        style = rng.choice(["merged", "all", "some"])
        tall = {r for r in range(grid.nrows) if m[r][0] is not None and m[r][0].rowspan > 1  # type: ignore[union-attr]
                and m[r][0].kind == "label"}  # type: ignore[union-attr]
        detached = {r for r in range(grid.nrows) if has_values[r] and (
            style == "all" or (style == "merged" and r in tall) or (style == "some" and rng.random() < 0.5))}
    elif grid.number == 2 and detach_art20:
        detached = {r for r in range(grid.nrows) if has_values[r] and rng.random() < 0.6}
    else:
        detached = set()
    where = rng.choice(["above_table", "above_block", "interleaved"])
    loose_heads = rng.random() < 0.5  # header rows printed as loose lines too
    out: list[str] = []
    if where == "above_table":
        for r in sorted(detached):
            for t in label_texts(r):
                out += _wrapped(t, rng)
    block: list[str] = []  # the pipe rows of the current run
    # a page break inside table 3: a footer, and the header repeated (loose lines or a pipe row)
    data_rows = [r for r in range(grid.nrows) if has_values[r]]
    page_break = rng.choice(data_rows[1:]) if grid.number == 3 and rng.random() < 0.3 else None

    def end_block() -> None:
        if block:
            rule = "|" + "---|" * (block[0].count("|") - 1)
            out.extend(block[:1] + ([rule] if rng.random() < 0.7 else []) + block[1:])
            block.clear()

    r = 0
    while r < grid.nrows:
        if page_break is not None and r >= page_break:
            end_block()
            out.append(rng.choice(["— {} —", "- {} -", "第 {} 页"]).format(rng.randint(2, 9)))
            head = [b for h in range(grid.head_rows) for b in grid.rows()[h]]
            if rng.random() < 0.5:
                out += [b.text.replace("\n", "") for b in head]
            else:
                block.append(pipe([b.text for b in head if b.row == grid.head_rows - 1]))
            page_break = None
        if r in detached:
            run = [r]
            while run[-1] + 1 in detached:
                run.append(run[-1] + 1)
            if where == "above_block":
                end_block()
                for s in run:
                    for t in label_texts(s):
                        out += _wrapped(t, rng)
                block.extend(numbers(s) for s in run)
            else:
                for s in run:
                    tail = ""
                    if where == "interleaved":
                        end_block()
                        texts = label_texts(s)
                        for t in texts[:-1]:
                            out += _wrapped(t, rng)
                        last = _wrapped(texts[-1], rng) if texts else []
                        if len(last) == 2 and rng.random() < 0.5:
                            tail = last.pop()  # the label's end stays in the row's first cell
                        out += last
                    block.append(numbers(s, tail))
            r = run[-1] + 1
            continue
        if not has_values[r] and (loose_heads or grid.number == 4 and rng.random() < 0.5):
            end_block()
            out += [b.text.replace("\n", "") for b in grid.rows()[r]]
        else:
            block.append(full_row(r))
        r += 1
    end_block()
    return out


def _markdown_detached(report: Report, rng: random.Random, noise: Noise, detach_art20: bool = False) -> str:
    out: list[str] = []
    for part in layout_document(report):
        if part.kind == "title":
            out += [f"# {part.text}", ""]
        elif part.kind == "heading":
            out += [f"## {part.text}", ""]
        elif part.kind in ("paragraph", "signature"):
            out += [part.text, ""]
        elif part.kind == "table" and part.grid is not None:
            out += _detached_table(part.grid, rng, detach_art20) + [""]
    return "\n".join(out)


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


def generate(seed: int, layout: str, unbalanced: bool = False, **options: object) -> Generated:
    """One document: a random report (``options`` as in :class:`Options`) in ``layout``."""
    rng = random.Random(seed)
    lay = LAYOUTS[layout]
    opts = Options(**options)  # type: ignore[arg-type]
    if not lay.blanks:
        opts.blanks = False
    report = random_report(rng, opts)
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


if __name__ == "__main__":  # pragma: no cover
    import sys

    raise SystemExit(_main(sys.argv[1:]))


# --- regions (supervision) ---------------------------------------------------------------

@dataclass
class Region:
    """A generated region: its units (name, level, parent, aliases) in tree order, and each unit's
    report for ``year``. A government's report is the plain sum of its children's numbers, so the
    region balances by construction; every report is published on its level's last day or before."""

    year: int
    units: list[tuple[str, str, str | None, list[str]]]
    reports: dict[str, Report]

    def csv(self) -> str:
        lines = ["name,level,parent,aliases"]
        lines += [f"{n},{lv},{p or ''},{'|'.join(a)}" for n, lv, p, a in self.units]
        return "\n".join(lines) + "\n"

    def children(self, name: str) -> list[str]:
        return [n for n, _, p, _ in self.units if p == name]


_REGION_DEPARTMENTS = _DEPARTMENTS[1:-1] + (
    "发展和改革委员会", "工业和信息化局", "公安局", "审计局", "水利局", "退役军人事务局", "医疗保障局", "林业局",
    "体育局", "信访局", "数据局", "城市管理局", "机关事务管理局", "外事办公室", "民族宗教事务局", "档案局",
    "粮食和物资储备局", "乡村振兴局", "人民防空办公室", "地方金融管理局")
_DEADLINE = {"province": (3, 31), "prefecture": (3, 10), "county": (2, 20), "township": (1, 31),
             "department": (1, 31)}


def _place_names(rng: random.Random, n: int, suffix: str, taken: set[str]) -> list[str]:
    """``n`` new place names: two characters while unused pairs are plentiful, then three."""
    out = []
    while len(out) < n:
        k = 2 if len([t for t in taken if t.endswith(suffix)]) < 400 else 3
        name = "".join(rng.sample(_PLACE_A, k)) + suffix
        if name not in taken:
            taken.add(name)
            out.append(name)
    return out


def random_region(seed: int, *, prefectures: int = 0, counties: int = 2, departments: int = 3,
                  townships: int = 1, year: int = 2024, template: str = "2021") -> Region:
    """A province (``prefectures`` > 0) or a prefecture with ``counties`` counties under each
    prefecture; each government has ``departments`` departments (its 人民政府办公室 first) and
    each county ``townships`` townships. Leaves get :func:`random_report` (no amounts with units,
    so every number adds up plainly)."""
    rng = random.Random(seed)
    taken: set[str] = set()
    units: list[tuple[str, str, str | None, list[str]]] = []
    opts = Options(template=template, amounts=False, size=8, paragraphs=1)

    def government(place: str, level: str, parent: str | None, alias_prefix: str) -> str:
        name = f"{place}人民政府"
        units.append((name, level, parent, [alias_prefix + name] if alias_prefix else []))
        for dept in ("人民政府办公室",) + tuple(rng.sample(_REGION_DEPARTMENTS, max(0, departments - 1))):
            units.append((f"{place}{dept}", "department", name, []))
        return name

    if prefectures:
        province = _place_names(rng, 1, "省", taken)[0]
        top = government(province, "province", None, "")
        for pref in _place_names(rng, prefectures, "市", taken):
            p = government(pref, "prefecture", top, province)
            _counties(rng, government, p, pref, counties, townships, taken, units)
    else:
        pref = _place_names(rng, 1, "市", taken)[0]
        p = government(pref, "prefecture", None, "")
        _counties(rng, government, p, pref, counties, townships, taken, units)

    reports: dict[str, Report] = {}
    levels = {n: lv for n, lv, _, _ in units}
    children: dict[str, list[str]] = {}
    for n, _, p, _ in units:
        if p:
            children.setdefault(p, []).append(n)
    for name, level, _parent, _ in reversed(units):  # children before their parent
        kids = children.get(name, [])
        if level != "department" and kids:
            r = Report(template=template, year=year, agency=name)
            for kid in kids:
                for key, cell in reports[kid].cells.items():
                    if cell.number is not None:
                        r.set(key, (r.number(key) or 0) + cell.number)
            r.summary = True
            r.sections = random_sections(rng, r, 1, 1)
        else:
            r = random_report(rng, opts)
            r.year, r.agency = year, name
            r.sections = random_sections(rng, r, 1, 1)
        month, day = _DEADLINE[levels[name]]
        r.published = dt.date(year + 1, month, day) - dt.timedelta(days=rng.randint(0, 4))
        reports[name] = r
    return Region(year, units, reports)


def _counties(rng, government, pref_name, pref_place, n, townships, taken, units) -> None:
    for county in _place_names(rng, n, "县", taken):
        c = government(county, "county", pref_name, pref_place)
        for town in _place_names(rng, townships, "镇", taken):
            units.append((f"{town}人民政府", "township", c, []))


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


FAMILIES: dict[str, Layout] = {lay.name: lay for lay in (
    Layout("pdf_wrapped_labels", ".pdf", _pdf_wrapped_labels, needs_font=True),
    Layout("scanned_pdf_rough", ".pdf", _scanned_pdf_rough, blanks=False, needs_font=True, ocr=True),
)}


# A paragraph whose last line falls in a page's margin on two pages — the foot of one, the head of
# the next (``明显改善。``): found among docgen's pdf_wrapped_labels reports with narrative ×1–×6
# (seeds 0–49 searched); pages.assemble once dropped it as a running footer. (family, seed, options)
MARGIN_PROSE: list[tuple[str, int, dict[str, object]]] = [
    ("pdf_wrapped_labels", 0, {"template": "2019", "scale": 3}),
    ("pdf_wrapped_labels", 0, {"template": "2019", "scale": 4}),
]


def make_family(name: str, seed: int, **options: object) -> Generated:
    """One document of an issue-14 family (:data:`FAMILIES`): a random report, rendered so."""
    rng = random.Random(seed)
    lay = FAMILIES[name]
    opts = Options(**options)  # type: ignore[arg-type]
    if not lay.blanks:
        opts.blanks = False
    report = random_report(rng, opts)
    data = lay.make(report, rng, Noise())
    return Generated(name, lay.suffix, data if isinstance(data, bytes) else data.encode("utf-8"), report)
