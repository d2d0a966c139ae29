"""Markdown from PDF conversions: pipe tables, loose lines, repeated headings, page footers."""

from gongkai.ingest.mapping import to_report
from gongkai.ingest.markdown import read_markdown
from tests.ingest import layouts as L


def test_markdown_tables_read_every_cell():
    r = to_report(read_markdown(L.markdown_text(2)))
    want = L.expected_cells(2)
    assert {k: r.get(k) for k in want} == want


def test_broken_conversion_is_put_back_by_the_tables_rules():
    rows = L.numbers(4)
    t3 = []
    for key, vals in rows.items():
        label = L.APP_LABELS[key]
        if key == "partial":  # the label floats above, the row lost it
            t3.append("（二）部分公开（区分处理的，只计这一情")
            t3.append("形，不计其他情形）")
            label = ""
        if key == "other.no_fee":  # a fragment of the label only
            label = "缴纳费用、 | 行政机关不再处理其政"
        cells = ([label] if label else []) + [str(v) for v in vals]
        t3.append("| " + " | ".join(cells) + " |")
        if key == "unable.not_held":
            t3.append("— 3 —")  # a page footer inside the table
            t3.append("## 表三：收到和处理政府信息公开申请情况")
    md = ("2024 年青岚县教育局政府信息公开\n工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n"
          "7\n（其中修订 2 件）\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n"
          "| 规章 | 1 | 40 |\n第二十条第（五）项\n信息内容本年处理决定数量\n行政许可 12\n"
          "三、收到和处理政府信息公开申请情况\n申请人情况\n" + "\n".join(t3) +
          "\n四、政府信息公开行政复议、行政诉讼情况\n| 维持 | 纠正 | 结果 | 审结 | 总计 |\n|---|---|---|---|---|\n"
          "| " + " | ".join(map(str, L.APPEALS)) + " |\n五、存在的主要问题及改进情况\n无。\n")
    r = to_report(read_markdown(md))
    for key, vals in rows.items():
        for col, v in zip(("natural_person", "commercial", "research", "social_welfare", "legal_services",
                           "other_org", "total"), vals, strict=True):
            assert r.get(f"apps.{key}.{col}") == v, (key, col)
    assert r.get("art20.regulations.made") == "7（其中修订 2 件）"
    assert (r.get("art20.regulations.repealed"), r.get("art20.regulations.in_force")) == (1, 40)
    assert r.get("art20.licensing.decisions") == 12
    assert any(w.code == "ingest.cell_moved" for w in r.warnings)
    assert r.year == 2024 and r.agency == "青岚县教育局"
