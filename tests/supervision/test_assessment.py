"""The assessment: what it says about the region (counted by hand), and its DOCX and PDF read back by
gongkai's own reader with every number of every table where it was put."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from gongkai.supervision import region_table as rt
from gongkai.supervision.assessment import EDITABLE, build, movers


def _v(received, closed, granted, partial, days_late, balanced=True, repeated=None, errors=0, corrected=0,
       decided=0):
    return {"received": received, "closed": closed, "granted": granted, "partial": partial, "days_late": days_late,
            "balanced": balanced, "repeated_share": repeated, "errors": errors, "corrected": corrected,
            "decided": decided, "disclosure_rate": rt.rate(granted + partial, closed),
            "correction_rate": rt.rate(corrected, decided)}


def rows():
    return [
        rt.Row(1, "示例县人民政府", "county", values=_v(40, 38, 20, 4, 0), previous=_v(30, 30, 12, 3, 0)),
        rt.Row(2, "示例县教育局", "department", values=_v(10, 10, 2, 1, 3, corrected=1, decided=4),
                   previous=_v(12, 12, 9, 1, 0, corrected=0, decided=2)),
        rt.Row(3, "示例县财政局", "department", values=_v(5, 7, 3, 0, 0, balanced=False, errors=2)),
        rt.Row(4, "示例县公安局", "department"),
        rt.Row(5, "示例镇人民政府", "township", values=_v(2, 2, 1, 0, 12, repeated=Decimal("75.0"))),
    ]


def trend():
    return {2023: rt.total([_v(30, 30, 12, 3, 0), _v(12, 12, 9, 1, 0)]),
            2024: rt.total([r.values for r in rows() if r.values])}


def test_what_the_assessment_says_counted_by_hand():
    a = build("示例县", 2024, rows(), trend())
    text = "\n".join(p for s in a.sections for p in s.paragraphs)
    assert "辖区共5个单位" in text and "已报送4个" in text and "未报送1个" in text
    assert "按期发布2个，逾期发布2个" in text  # 县政府、财政局 on time; 教育局 3 days, 镇 12 days late
    assert "未报送的单位：示例县公安局。" in text
    tables = {t.title: t for t in a.tables()}
    assert tables["表2  逾期发布的单位"].rows == [["示例镇人民政府", "乡镇", "12"], ["示例县教育局", "部门", "3"]]
    assert tables["表3  表格数据不平衡的单位"].rows == [["示例县财政局", "部门", "2"]]
    assert tables["表4  正文与上年雷同的单位"].rows == [["示例镇人民政府", "乡镇", "75.0%"]]
    total = {r[0]: r[1:] for r in tables["表1  辖区合计（比率由合计数计算）"].rows}
    # 2023: 30 + 12 = 42 received; 2024: 40 + 10 + 5 + 2 = 57
    assert total["本年新收"] == ["42", "57", "+15"]
    # 公开率 2023: (12 + 3 + 9 + 1) / 42 = 59.5 %; 2024: (24 + 3 + 3 + 1) / 57 = 54.4 %
    assert total["公开率"] == ["59.5%", "54.4%", "-5.1 个百分点"]
    # movers: 教育局 公开率 (9 + 1)/12 = 83.3 % → 3/10 = 30.0 %, −53.3 points, the largest
    first = tables["表5  变化最大的指标"].rows[0]
    assert first == ["示例县教育局", "公开率", "83.3%", "30.0%", "-53.3 个百分点"]
    units = {r[0]: r[2:] for r in tables["表6  各单位主要指标"].rows}
    assert units["示例县公安局"][0] == "未报送"
    assert units["示例县财政局"][:2] == ["5", "7"]


def test_movers_order_by_hand():
    m = movers(rows())
    # 教育局: 公开率 −53.3 pt; 纠错率 0 % → 25 % = +25 pt; 收到 12 → 10 = −16.7 %; 县政府: 30 → 40 = +33.3 %,
    # 公开率 50.0 % → 63.2 % = +13.2 pt
    assert [(r.name, n) for r, n, *_ in m] == [("示例县教育局", "disclosure_rate"), ("示例县人民政府", "received"),
                                                ("示例县教育局", "correction_rate"), ("示例县教育局", "received"),
                                                ("示例县人民政府", "disclosure_rate")]


def test_edits_replace_the_drafts_and_are_bounded():
    a = build("示例县", 2024, rows(), trend())
    b = a.with_texts({"conclusion": "总体较好。\r\n仍需改进。", "title": "标" * 500, "unknown": "x"})
    assert b.texts["conclusion"] == "总体较好。\n仍需改进。"
    assert len(b.texts["title"]) == EDITABLE["title"][1]
    assert b.texts["intro"] == a.texts["intro"]


def _grid_texts(table) -> list[list[str]]:
    return [[re.sub(r"\s+", "", c.text) for c in row] for row in table.rows]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_rendered_and_read_back_without_a_wrong_number(fmt, tmp_path):
    from gongkai.ingest import read_document
    from gongkai.report.render.fonts import cjk_font
    from gongkai.supervision.assessment_render import chart_table, to_docx, to_pdf

    if cjk_font() is None:
        pytest.skip("no CJK font (fonts-wqy-zenhei)")
    a = build("示例县", 2024, rows(), trend()).with_texts({"conclusion": "评估结论：总体较好。"})
    data = to_docx(a) if fmt == "docx" else to_pdf(a)
    path = tmp_path / f"assessment.{fmt}"
    path.write_bytes(data)
    doc = read_document(data, str(path))
    assert "评估结论：总体较好。" in re.sub(r"\s+", "", doc.text)
    expected = [t for t in a.tables()] + [chart_table(c) for s in a.sections for c in s.charts]
    grids = [_grid_texts(t) for t in doc.tables]
    numbers_put = numbers_read = 0
    for t in expected:
        want = [[re.sub(r"\s+", "", c) for c in row] for row in [t.header] + t.rows]
        match = [g for g in grids if g and g[0] == want[0] and len(g) == len(want) and g[1:2] == want[1:2]]
        assert match, f"table not read back: {t.title or want[:2]}"
        got = match[0]
        grids.remove(got)
        for wrow, grow in zip(want, got, strict=True):
            for w, g in zip(wrow, grow, strict=True):
                if re.search(r"\d", w):
                    numbers_put += 1
                    numbers_read += w == g
                    assert w == g, (t.title, wrow, grow)
    assert numbers_put == numbers_read > 50
    if fmt == "docx":
        assert data.count(b"word/media/") >= 1  # the charts are pictures in the file
