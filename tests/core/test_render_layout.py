"""The statutory layout: every key printed once, grids without holes or overlaps."""

import pytest

from gongkai.report import Report
from gongkai.report import cells as C
from gongkai.report.model import Cell, Finding
from gongkai.report.render import layout
from tests.core.render_check import distinct_report


@pytest.mark.parametrize("template,mixed", [("2019", False), ("2021", False), ("2021", True)])
def test_every_key_printed_once_in_its_table(template, mixed):
    report = distinct_report(template, mixed)
    grids = layout.tables(report)
    assert sorted(grids) == [2, 3, 4]
    printed = [b.key for g in grids.values() for b in g.boxes if b.is_value]
    assert len(printed) == len(set(printed))
    assert set(printed) == set(report.cells)


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_grids_are_covered_exactly_once(template):
    for grid in layout.tables(distinct_report(template)).values():
        seen = {}
        for b in grid.boxes:
            for r in range(b.row, b.row + b.rowspan):
                for c in range(b.col, b.col + b.colspan):
                    assert (r, c) not in seen, (grid.number, r, c, b.text, seen.get((r, c)))
                    seen[(r, c)] = b
        assert len(seen) == grid.nrows * grid.ncols, grid.number


def test_table3_rows_follow_the_template():
    g2019 = layout.table3(distinct_report("2019"))
    g2021 = layout.table3(distinct_report("2021"))
    # 3 header rows + 一、二 + 18 common outcomes + （六） + （七） + 四
    assert g2019.nrows == 3 + 2 + 18 + 1 + 1 + 1
    assert g2021.nrows == g2019.nrows + 2
    labels = [b.text for b in g2021.boxes if b.kind == "label"]
    assert "（六）其他处理" in labels and "3.其他" in labels
    assert labels[-1] == "四、结转下年度继续办理"
    result = next(b for b in g2021.boxes if b.text == "三、本年度办理结果")
    assert result.rowspan == 18 + 3 + 1  # from （一）予以公开 through （七）总计


def test_table2_headers_per_template():
    heads19 = [b.text for b in layout.table2(distinct_report("2019")).boxes if b.kind == "head"]
    heads21 = [b.text for b in layout.table2(distinct_report("2021")).boxes if b.kind == "head"]
    assert "本年新制作数量" in heads19 and "采购总金额" in heads19 and "本年制发件数" not in heads19
    assert "本年收费金额（单位：万元）" in heads21 and "采购总金额" not in heads21


def test_absent_art20_rows_are_not_printed_but_blank_cells_are():
    report = distinct_report("2021")
    for k in ("art20.licensing.decisions", "art20.fees.amount"):
        del report.cells[k]
    report.set("art20.punishment.decisions", None)
    grid = layout.table2(report)
    texts = [b.text for b in grid.boxes]
    assert "行政许可" not in texts and "第二十条第（五）项" not in texts
    assert "行政事业性收费" not in texts and "第二十条第（八）项" not in texts
    assert "行政处罚" in texts
    blank = next(b for b in grid.boxes if b.key == "art20.punishment.decisions")
    assert blank.text == ""


def test_cell_text_prints_what_was_printed():
    report = Report(template="2019")
    report.set("art20.procurement.amount", "1308353元")
    report.set("apps.granted.total", "—")
    report.set("apps.partial.total", "３")
    assert layout.cell_text(report.cells["art20.procurement.amount"]) == "1308353元"
    assert layout.cell_text(report.cells["apps.granted.total"]) == "—"
    assert layout.cell_text(report.cells["apps.partial.total"]) == "３"
    assert layout.cell_text(Cell("apps.denied.total", None, "blank")) == ""  # blank: nothing printed
    assert layout.cell_text(None) == "？"  # not known (left unread): a mark, not a blank


def test_unread_cells_print_a_mark_and_their_rows_are_printed():
    """A cell a reader left unread (absent, named in an ingest.unread warning) prints ？; its
    Article 20 row is printed even when no other cell of the row was read; a blank prints nothing."""
    report = distinct_report("2021")
    for key in ("art20.coercion.decisions", "apps.granted.research", "review.total"):
        del report.cells[key]
    report.warnings.append(Finding("ingest.unread", "warning", "未能确定地读出", ["art20.coercion.decisions"]))
    report.set("apps.partial.other_org", None)
    boxes = {b.key: b.text for grid in layout.tables(report).values() for b in grid.boxes if b.key}
    assert boxes["art20.coercion.decisions"] == "？"
    assert boxes["apps.granted.research"] == "？" and boxes["review.total"] == "？"
    assert boxes["apps.partial.other_org"] == ""
    labels = [b.text for b in layout.table2(report).boxes if b.kind == "label"]
    assert "行政强制" in labels
    del report.cells["art20.punishment.decisions"]  # absent with no warning: a row not printed
    assert "行政处罚" not in [b.text for b in layout.table2(report).boxes if b.kind == "label"]


def test_a_report_with_no_cells_prints_an_empty_form():
    grids = layout.tables(Report(template="2021"))
    assert sorted(grids) == [3, 4]
    assert all(b.text == "" for g in grids.values() for b in g.boxes if b.is_value)


def test_document_order_puts_tables_in_sections_two_to_four():
    parts = layout.document(distinct_report("2021"))
    assert parts[0].kind == "title" and parts[0].text == "云溪市统计局2023年政府信息公开工作年度报告"
    headings = [p.text for p in parts if p.kind == "heading"]
    assert headings == [t for _, t in C.SECTIONS]
    order = [(p.kind, p.grid.number if p.grid else p.text) for p in parts if p.kind in ("heading", "table")]
    for n in (2, 3, 4):
        i = order.index(("heading", C.SECTIONS[n - 1][1]))
        assert order[i + 1] == ("table", n)
