"""HTML: real tables with rowspan/colspan, labels where the forms put them."""

import datetime as dt

import lxml.html
import pytest

from gongkai.report.render import html
from tests.core.render_check import assert_table, distinct_report, expected_keys


def expand(table) -> list[list[str]]:
    """A <table> as a matrix, merged cells repeated in every position they cover."""
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.iter("tr")):
        c = 0
        for td in tr:
            while (r, c) in grid:
                c += 1
            rs, cs = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            for i in range(rs):
                for j in range(cs):
                    grid[(r + i, c + j)] = td.text_content().strip()
            c += cs
    nrows = max(r for r, _ in grid) + 1
    ncols = max(c for _, c in grid) + 1
    assert len(grid) == nrows * ncols, "the table has holes"
    return [[grid[(r, c)] for c in range(ncols)] for r in range(nrows)]


@pytest.mark.parametrize("template,mixed", [("2019", False), ("2021", False), ("2021", True)])
def test_tables_read_back_by_their_labels(template, mixed):
    report = distinct_report(template, mixed)
    doc = lxml.html.fromstring(html.render(report))
    tables = doc.findall(".//table")
    assert len(tables) == 3
    for number, table in zip((2, 3, 4), tables, strict=True):
        assert assert_table(expand(table), number, report) == expected_keys(report, number)


def test_page_is_complete_and_escaped():
    report = distinct_report("2021")
    report.agency = "云溪市<统计>局"
    report.published = dt.date(2024, 1, 15)
    report.sections["problems"] = "存在的问题：A & B。\n第二段<b>不是标签</b>。"
    page = html.render(report)
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    doc = lxml.html.fromstring(page)
    assert doc.findtext(".//title") == "云溪市<统计>局2023年政府信息公开工作年度报告"
    assert [h.text for h in doc.findall(".//h2")][4] == "五、存在的主要问题及改进情况"
    paras = [p.text_content() for p in doc.findall(".//p")]
    assert "第二段<b>不是标签</b>。" in paras and "存在的问题：A & B。" in paras
    assert paras[-1] == "2024年1月15日"
    assert not doc.findall(".//b")


def test_data_keys_and_header_cells():
    report = distinct_report("2019")
    doc = lxml.html.fromstring(html.render(report))
    tds = {td.get("data-key"): td.text_content() for td in doc.iter("td")}
    assert tds["art20.procurement.amount"] == report.cells["art20.procurement.amount"].raw
    assert tds["apps.other.total"] == str(report.get("apps.other.total"))
    assert all(th.get("data-key") is None for th in doc.iter("th"))
    note = doc.find(".//table[2]//th")
    assert note.get("rowspan") == "3" and note.get("colspan") == "3"


@pytest.mark.parametrize("seed", range(12))
def test_random_reports_with_blanks_and_omitted_rows(seed):
    from tests import docgen

    opts = docgen.Options(template=("2019", "2021")[seed % 2], mixed=seed % 4 == 3, blanks=True,
                          omit_art20=seed % 3 == 0)
    report = docgen.random_report(seed, opts)
    doc = lxml.html.fromstring(html.render(report))
    tables = doc.findall(".//table")
    for number, table in zip((2, 3, 4), tables, strict=True):
        assert assert_table(expand(table), number, report) == expected_keys(report, number)
