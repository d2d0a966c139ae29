"""The supervisor's annual assessment of a region (年度报告评估), Django-free.

Like the evaluation reports third-party evaluators publish: who filed, who was late, whose tables do
not balance, whose text repeats last year, which indicators moved most, the region's totals beside
last year's, and every unit's main indicators — with charts, each followed by its numbers.

``build(region_name, year, rows, trend)`` gathers it from the region's rows
(:mod:`gongkai.supervision.region`) as an :class:`Assessment`: headings, paragraphs, tables and
charts, with the texts a supervisor edits before it goes out (:data:`EDITABLE`, drafted here).
:mod:`.assessment_render` writes it as DOCX and PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from . import region_table as rt
from .indicators import BY_NAME, RATES, Value, display

# The texts a supervisor edits before the assessment goes out: name → (label, maximum length).
EDITABLE: dict[str, tuple[str, int]] = {
    "title": ("标题", 100),
    "intro": ("前言", 2000),
    "conclusion": ("总体评价", 4000),
    "advice": ("下一步工作建议", 4000),
    "signature": ("落款", 200),
}
TOTAL_ROWS = ("received", "carried_over", "closed", "granted", "partial", "denied", "unable", "not_processed",
              "disclosure_rate", "reviews", "lawsuits", "corrected", "correction_rate")
UNIT_COLUMNS = ("received", "closed", "disclosure_rate", "correction_rate", "days_late", "errors")
MOVERS = ("received", "disclosure_rate", "denial_rate", "unable_rate", "correction_rate", "reviews", "lawsuits")


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Chart:
    title: str
    kind: str  # "bar" (categories across), "hbar" (a ranking), "line"
    labels: list[str]
    values: list[float | None]
    unit: str = ""


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    editable: str | None = None  # the EDITABLE text that opens the section


@dataclass
class Assessment:
    region: str
    year: int
    texts: dict[str, str]
    sections: list[Section]

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    def with_texts(self, edits: dict[str, str]) -> Assessment:
        """The same assessment with the supervisor's edits (trimmed to each text's length)."""
        texts = dict(self.texts)
        for k, (_, limit) in EDITABLE.items():
            if k in edits and edits[k] is not None:
                texts[k] = str(edits[k]).replace("\r\n", "\n").strip()[:limit]
        return Assessment(self.region, self.year, texts, self.sections)


def _f(v: Value, name: str) -> str:
    return display(v, name)


def _chg(now: Value, before: Value, name: str) -> str:
    c = rt.change(now, before)
    return "—" if c is None else rt.display_change(c, name)


def movers(rows: list[rt.Row], limit: int = 10) -> list[tuple[rt.Row, str, Value, Value, Decimal]]:
    """The largest changes from last year, unit by unit: rates by percentage points, counts by the share
    of last year's figure (a count from 0 is left out: no share). Sorted by size, largest first."""
    out = []
    for r in rows:
        if r.values is None or r.previous is None:
            continue
        for n in MOVERS:
            now, before = r.value(n), r.previous.get(n)
            c = rt.change(now, before)
            if c is None or c == 0:
                continue
            if n in RATES:
                size = abs(Decimal(str(c)))
            elif before:
                size = abs(Decimal(c) / Decimal(before) * 100)
            else:
                continue
            out.append((r, n, before, now, size))
    out.sort(key=lambda m: (-m[4], m[0].name, m[1]))
    return out[:limit]


def build(region_name: str, year: int, rows: list[rt.Row], trend: dict[int, dict[str, Value]]) -> Assessment:
    """The assessment of ``region_name`` for ``year`` from its units' ``rows`` (this year's values and last
    year's) and ``trend`` ({year: the region's totals, see :func:`rt.total`})."""
    s = rt.summary(rows)
    filed = [r for r in rows if r.values is not None]
    late = sorted((r for r in filed if r.value("days_late")), key=lambda r: (-r.value("days_late"), r.name))
    on_time = [r for r in filed if r.value("days_late") == 0]
    unbalanced = [r for r in filed if "unbalanced" in r.flags]
    repeated = sorted((r for r in filed if "repeated" in r.flags), key=lambda r: (-r.value("repeated_share"), r.name))
    missing = [r for r in rows if r.values is None]
    now, before = trend.get(year, rt.total([])), trend.get(year - 1)
    years = sorted(y for y in trend if y <= year)

    texts = {
        "title": f"{region_name}{year}年度政府信息公开工作年度报告评估报告",
        "intro": (f"根据《中华人民共和国政府信息公开条例》第四十九条和国办公开办函〔2021〕30号的要求，"
                  f"现对{region_name}辖区各单位{year}年度政府信息公开工作年度报告的报送、发布和内容情况评估如下。"),
        "conclusion": (f"{year}年度，辖区{s['units']}个单位中{s['filed']}个报送了年度报告，"
                       f"{len(on_time)}个按期发布，{s['late']}个逾期发布，{s['unbalanced']}个表格数据不平衡，"
                       f"{s['repeated']}个正文与上年报告雷同，{s['missing']}个未报送。"),
        "advice": ("一是督促未报送和逾期发布的单位尽快补报、按期发布；二是对表格不平衡的单位逐项核对数据后更正；"
                   "三是要求正文与上年雷同的单位结合本年度工作实际重新撰写。"),
        "signature": f"{region_name}政府信息公开工作主管部门",
    }

    overview = Section("一、总体情况", editable="intro", paragraphs=[
        f"辖区共{s['units']}个单位应报送{year}年度政府信息公开工作年度报告，已报送{s['filed']}个，"
        f"未报送{s['missing']}个；按期发布{len(on_time)}个，逾期发布{s['late']}个；"
        f"表格数据不平衡{s['unbalanced']}个；正文与上年报告雷同（一半以上的句子一字不差）{s['repeated']}个。"])
    head = ["指标", f"{year - 1}年度" if before else "上年度", f"{year}年度", "变化"]
    overview.tables.append(Table("表1  辖区合计（比率由合计数计算）", head, [
        [BY_NAME[n].zh, _f(before.get(n) if before else None, n), _f(now.get(n), n),
         _chg(now.get(n), before.get(n) if before else None, n)] for n in TOTAL_ROWS]))
    if len(years) > 1:
        overview.charts.append(Chart("图1  历年收到的政府信息公开申请（件）", "bar", [f"{y}年" for y in years],
                                     [_num(trend[y].get("received")) for y in years], "件"))
        overview.charts.append(Chart("图2  历年公开率（%）", "line", [f"{y}年" for y in years],
                                     [_num(trend[y].get("disclosure_rate")) for y in years], "%"))

    timely = Section("二、按期报送和发布情况", paragraphs=[
        f"依照《条例》第四十九条和国办公开办函〔2021〕30号，部门和乡镇于次年1月31日前、县级政府于2月20日前、"
        f"地市级政府于3月10日前、省级政府于3月31日前发布年度报告。{year}年度按期发布{len(on_time)}个，"
        f"逾期发布{len(late)}个。",
        ("未报送的单位：" + "、".join(r.name for r in missing) + "。") if missing else "辖区各单位均已报送。"])
    if late:
        timely.tables.append(Table("表2  逾期发布的单位", ["单位", "层级", "逾期天数"],
                                   [[r.name, r.level_name, _f(r.value("days_late"), "days_late")] for r in late]))

    balance = Section("三、表格数据勾稽关系", paragraphs=[
        f"{len(unbalanced)}个单位的表格数据不平衡（表三各列收支、办理结果合计或表四各项合计与总计不符）。"
        if unbalanced else "各单位报告表格数据均平衡。"])
    if unbalanced:
        balance.tables.append(Table("表3  表格数据不平衡的单位", ["单位", "层级", "错误数"],
                                    [[r.name, r.level_name, _f(r.value("errors"), "errors")] for r in unbalanced]))

    repeat = Section("四、正文与上年雷同情况", paragraphs=[
        f"{len(repeated)}个单位的正文有一半以上的句子与本单位上年报告一字不差，"
        f"不符合国办公开办函〔2021〕30号“不得出现敷衍了事甚至年年雷同现象”的要求。"
        if repeated else "未发现正文与上年报告雷同的单位。"])
    if repeated:
        repeat.tables.append(Table("表4  正文与上年雷同的单位", ["单位", "层级", "与上年重复比例"],
                                   [[r.name, r.level_name, _f(r.value("repeated_share"), "repeated_share")]
                                    for r in repeated]))

    moved = movers(rows)
    change = Section("五、主要指标变化", paragraphs=[
        "与上年相比变化最大的指标如下（比率按百分点计，件数按占上年数的比例计）。" if moved
        else "没有可与上年比较的指标。"])
    if moved:
        change.tables.append(Table("表5  变化最大的指标", ["单位", "指标", f"{year - 1}年度", f"{year}年度", "变化"],
                                   [[r.name, BY_NAME[n].zh, _f(b, n), _f(a, n), _chg(a, b, n)]
                                    for r, n, b, a, _ in moved]))
    ranked = rt.ranking(filed, "disclosure_rate")
    if ranked:
        top = ranked[:20]
        change.charts.append(Chart(f"图3  公开率排名（{year}年度{'，前20名' if len(ranked) > 20 else ''}）", "hbar",
                                   [r.name for _, r, _ in top], [_num(v) for _, _, v in top], "%"))

    units = Section("六、各单位主要指标", tables=[Table(
        "表6  各单位主要指标", ["单位", "层级"] + [BY_NAME[n].zh for n in UNIT_COLUMNS],
        [[r.name, r.level_name] + ([_f(r.value(n), n) for n in UNIT_COLUMNS] if r.values is not None
                                   else ["未报送"] + ["—"] * (len(UNIT_COLUMNS) - 1)) for r in rows])])

    closing = Section("七、总体评价和下一步工作建议", editable="conclusion")
    return Assessment(region_name, year, texts, [overview, timely, balance, repeat, change, units, closing])


def _num(v: Value) -> float | None:
    if v is None or isinstance(v, bool):
        return None
    return float(v)
