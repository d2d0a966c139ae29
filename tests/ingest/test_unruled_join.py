"""A table 3 label broken across a page in a table printed without rules (gongkai.ingest.unruled_join).

The grids are made by hand, as :mod:`gongkai.ingest.unruled` builds them: one label column
(x 60..300), value columns at x 300..340, 340..380, 380..420; each printed line a row."""

from __future__ import annotations

from gongkai.ingest import grid, labels, unruled_join
from gongkai.ingest.grid import Grid, GridCell

LABEL = (60.0, 300.0)
COLUMNS = [(300.0, 340.0), (340.0, 380.0), (380.0, 420.0)]


def table(*rows: list[str], page: int = 1) -> Grid:
    """Rows of texts: the first is the label column's (empty: none), the rest the value columns'."""
    cells = []
    for r, texts in enumerate(rows):
        for (x0, x1), text in zip([LABEL, *COLUMNS], texts, strict=False):
            if text:
                cells.append(GridCell(r, r + 1, x0, x1, text=text, page=page))
    ys = [100.0 + 12 * r for r in range(len(rows) + 1)]
    return Grid(60, ys[0], 420, ys[-1], len(rows), cells, page=page, pages=[page], ys=ys, ruled=False)


def texts(g: Grid) -> list[list[str]]:
    return [[c.text for c in row] for row in grid.to_table(g, 1, 2.5).rows]


HEADER = ["", "自然人", "法人或其他组织", "总计"]
PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"


def test_the_label_pieces_on_the_next_page_complete_the_row_and_the_group():
    before = table(HEADER, ["一、本年新收政府信息公开申请数量", "5", "1", "6"], ["三、本年"],
                   ["（一）予以公开", "2", "0", "2"], ["（二）部分公开（区分处理的，只计这一情形，不", "3", "1", "4"])
    after = table(HEADER, ["度办理结果"], ["计其他情形）"], ["1.属于国家秘密", "0", "0", "0"], page=2)
    assert unruled_join.join_fragments(before, after) == 2
    rows = texts(before)
    assert rows[2][0] == "三、本年度办理结果"
    assert rows[4] == [PARTIAL, "3", "1", "4"]
    assert labels.app_row_candidates(rows[4][0]) == {"partial"}
    assert [r[0] for r in texts(after)] == ["", "1.属于国家秘密"]  # the pieces left the next page
    assert after.nrows == 2 and len(after.ys) == 3


def test_a_piece_that_completes_no_label_stays_where_it_is():
    before = table(HEADER, ["（一）予以公开", "2", "0", "2"],
                   ["（二）部分公开（区分处理的，只计这一情形，不", "3", "1", "4"])
    after = table(HEADER, ["另计其他"], ["1.属于国家秘密", "0", "0", "0"], page=2)
    assert unruled_join.join_fragments(before, after) == 0
    assert texts(before)[2][0] == "（二）部分公开（区分处理的，只计这一情形，不"
    assert [r[0] for r in texts(after)] == ["", "另计其他", "1.属于国家秘密"]


def test_no_join_when_the_next_page_has_other_columns():
    """The same words, but the next page's table has two value columns: not the same table."""
    before = table(HEADER, ["（二）部分公开（区分处理的，只计这一情形，不", "3", "1", "4"])
    after = table(HEADER[:3], ["计其他情形）"], ["1.属于国家秘密", "0", "0"], page=2)
    assert unruled_join.join_fragments(before, after) == 0
    assert texts(before)[1][0] == "（二）部分公开（区分处理的，只计这一情形，不"


def test_a_complete_label_is_never_extended():
    """Each piece must fall short of the label alone: 计其他情形） after a whole label joins nothing."""
    assert labels.completed_app_label(PARTIAL, "计其他情形）") is None
    assert labels.completed_app_label("（二）部分公开（区分处理的，只计这一情形，不", "计其他情形）") == "row"
    assert labels.completed_app_label("三、本年", "度办理结果") == "group"
    assert labels.completed_app_label("（二）部分公开", "计其他情形）") is None
