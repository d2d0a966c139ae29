"""Plain text and Markdown: every row's label followed by its values, in the forms' order."""

import re

import pytest

from gongkai.report import cells as C
from gongkai.report.render import markdown, text
from tests.core.render_check import distinct_report

GROUPS = ("（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理")


def expected_rows(report):
    """(short label, values) for table 3 rows, from the cell labels alone."""
    out = []
    for row in report.app_rows():
        label = C.row_label(row)
        if row == "total":
            label = "（七）总计"
        for g in GROUPS:
            if "." in row and row.split(".")[0] != "other" or row.startswith("other."):
                if label.startswith(g):
                    label = label[len(g):].strip()
        out.append((label, [str(report.get(C.app_key(row, c))) for c in C.APP_COLUMN_KEYS]))
    return out


def bar_cells(line: str) -> list[str] | None:
    """The cells of a ``| a | b |`` line, stripped; None for any other line."""
    s = line.strip()
    if not (s.startswith("|") and s.endswith("|") and len(s) > 1):
        return None
    return [c.strip() for c in s[1:-1].split("|")]


def bar_columns(line: str) -> list[int]:
    """Display columns (CJK characters two wide) of a line's bars, counted independently."""
    out, at = [], 0
    for ch in line:
        if ch == "|":
            out.append(at)
        at += 2 if ord(ch) >= 0x2E80 else 1
    return out


@pytest.mark.parametrize("template,mixed", [("2019", False), ("2021", False), ("2021", True)])
def test_text_rows_hold_their_values(template, mixed):
    report = distinct_report(template, mixed)
    out = text.render(report)
    rows = []
    for line in out.splitlines():
        cells = bar_cells(line)
        if cells and len(cells) == 8 and all(t.isdigit() for t in cells[1:]):
            rows.append((cells[0], cells[1:]))
    assert rows == expected_rows(report)
    for g in GROUPS[:3]:
        assert re.search(rf"^\s*{re.escape(g)}$", out, re.M), g
    values = [str(report.get(k)) for k in C.APPEAL_KEYS]
    assert values in [bar_cells(line) for line in out.splitlines()]


def test_text_table2_and_title():
    report = distinct_report("2019")
    out = text.render(report)
    lines = out.splitlines()
    assert lines[0] == "云溪市统计局2020年政府信息公开工作年度报告"
    for key, row, _col in C.ART20_2019:
        cells = next(c for c in map(bar_cells, lines) if c and c[0] == row)
        assert str(report.get(key)) in cells[1:], key
    header = next(c for c in map(bar_cells, lines) if c and c[0] == "信息内容")
    assert header == ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert "\u3000\u3000一、总体情况的正文，第1段。" in lines


def test_text_aligns_cjk_columns():
    out = text.render(distinct_report("2021"))
    lines = out.splitlines()
    heads = next(i for i, ln in enumerate(lines) if (bar_cells(ln) or [""])[2:3] == ["商业企业"])
    body = next(ln for ln in lines if (bar_cells(ln) or [""])[0] == "一、本年新收政府信息公开申请数量")
    # Every bar of the header row over 商业企业 … 其他 stands where a bar of the numbers' rows stands,
    # and the row of 自然人 / 法人或其他组织 / 总计 has its bars among them too.
    assert bar_columns(lines[heads]) == bar_columns(body)
    assert set(bar_columns(lines[heads - 1])) <= set(bar_columns(body))
    table = [ln for ln in lines if bar_cells(ln) and len(bar_cells(ln)) == 8]
    assert len(table) > 20 and all(bar_columns(ln) == bar_columns(body) for ln in table)


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_text_prints_blank_and_unknown_cells_between_bars(template):
    """A blank cell is an empty space between two bars; a cell the report does not hold prints ？."""
    report = distinct_report(template)
    report.set("apps.granted.research", None)
    del report.cells["apps.granted.commercial"]
    report.set("review.total", None)
    del report.cells["litigation_direct.upheld"]
    lines = text.render(report).splitlines()
    granted = next(c for c in map(bar_cells, lines) if c and c[0] == "（一）予以公开")
    assert granted == ["（一）予以公开"] + [
        {"commercial": "？", "research": ""}.get(col, str(report.get(C.app_key("granted", col))))
        for col in C.APP_COLUMN_KEYS]
    appeals = next(c for c in map(bar_cells, lines) if c and len(c) == 15 and c[-1].isdigit())
    want = [{"review.total": "", "litigation_direct.upheld": "？"}.get(k, str(report.get(k))) for k in C.APPEAL_KEYS]
    assert appeals == want


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_markdown_tables_have_even_rows(template):
    report = distinct_report(template)
    out = markdown.render(report)
    assert out.startswith("# 云溪市统计局")
    tables, current = [], []
    for line in out.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    assert len(tables) == 3
    for t, ncols in zip(tables, (4, 10, 15), strict=True):
        assert t[1] == "|" + "---|" * ncols
        for line in t:
            assert line.count("|") == ncols + 1, line
    t3 = [[c.strip() for c in ln.strip("|").split("|")] for ln in tables[1]]
    row = next(r for r in t3 if r[0] == "一、本年新收政府信息公开申请数量")
    assert row[3:] == [str(report.get(C.app_key("new_received", c))) for c in C.APP_COLUMN_KEYS]
    secret = next(r for r in t3 if r[2] == "1.属于国家秘密")
    assert secret[1] == "（三）不予公开"


def test_markdown_escapes_pipes_and_leading_markers():
    report = distinct_report("2021")
    report.sections["overview"] = "1. 第一条 | 含竖线\n# 不是标题"
    out = markdown.render(report)
    assert "1\\. 第一条 | 含竖线" in out and "\\# 不是标题" in out


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\u2028", "\x1c", "\x85"])
def test_markdown_line_breaks_in_title_and_cells_never_start_a_table_row(brk):
    # Found by the property test: an agency name holding a line break and then "|".
    report = distinct_report("2021")
    report.agency = f"云溪市{brk}|统计局"
    report.sections["overview"] = f"概述{brk}| 不是表格{brk}  - 不是列表"
    out = markdown.render(report)
    first = out.splitlines()[0]
    assert first.startswith("# 云溪市") and first.endswith("统计局2023年政府信息公开工作年度报告"), first
    tables = [ln for ln in out.splitlines() if ln.startswith("|")]
    assert all(ln.replace("\\|", "").count("|") in (5, 11, 16) for ln in tables), tables
    assert len(tables) == len([ln for ln in markdown.render(distinct_report("2021")).splitlines()
                               if ln.startswith("|")])  # the three tables' rows, no more
    assert not any(ln.lstrip().startswith(("-", "#-")) for ln in out.splitlines())
