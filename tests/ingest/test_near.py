"""Labels OCR misread (issue 14 family 9): matched to a template row only when the document
determines the row — its label clearly nearest, in template order, its numbers fitting the
table's sums — and otherwise left unread with a warning naming the cells, never guessed.

The family itself (``*_ocr_labels`` layouts of tests/docgen/) is read back cell for cell
in test_families and test_roundtrip; here are its edges, on hand-edited documents.
"""

from __future__ import annotations

import random

import pytest

from gongkai.ingest import read
from gongkai.ingest.mapping import near
from gongkai.report import cells as C
from gongkai.report.render import markdown as render_markdown
from tests import docgen


def _read_markdown(text: str, tmp_path):
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    return read(str(path))


def _report():
    return docgen.random_report(3, template="2021")


def _edit(text: str, drop: tuple[str, ...] = (), replace: dict[str, str] | None = None) -> str:
    """The Markdown with the table rows holding any of ``drop`` removed and words replaced."""
    lines = [line for line in text.splitlines() if not (line.startswith("|") and any(d in line for d in drop))]
    out = "\n".join(lines) + "\n"
    for old, new in (replace or {}).items():
        assert old in out, old
        out = out.replace(old, new)
    return out


def _warned(report) -> set[str]:
    return {k for w in report.warnings for k in w.keys}


# --- the matcher alone --------------------------------------------------------------------

def test_edit_distance():
    assert near.distance("重复申请", "重夏申请", 3) == 1
    assert near.distance("重复申请", "重申请", 3) == 1
    assert near.distance("重复申请", "重重复申请", 3) == 1
    assert near.distance("本机关不掌握相关政府信息", "重复申请", 3) == 4  # beyond the limit: limit + 1
    assert near.distance("", "ab", 5) == 2


def test_a_misread_label_is_nearest_to_its_row():
    assert near.app_row("（五）不予处理2.重夏申请") is not None
    assert near.app_row("2.重夏申请").key == "not_processed.repeat"
    assert near.app_ranked("(大)其他处理")[0].key == "other"  # nearest, if not clearly (（六）其他处理 3.其他)
    assert near.clear(near.art20_ranked("行政外罚", near.ART20_ORDER)).key == "punishment"


def test_a_label_equally_near_two_rows_is_not_matched():
    # 属于行政执法事项: two characters from 7.属于行政执法案卷 and two from 8.属于行政查询事项
    ranking = near.app_ranked("7.属于行政执法事项")
    assert {ranking[0].key, ranking[1].key} == {"denied.enforcement_file", "denied.admin_query"}
    assert ranking[0].misread == ranking[1].misread
    assert near.app_row("7.属于行政执法事项") is None
    # 行政处制: one character from 行政处罚, one from 行政强制
    assert near.clear(near.art20_ranked("行政处制", near.ART20_ORDER)) is None


def test_text_that_is_no_label_matches_nothing():
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    for text in ("申请人情况", note, "自然人", "0", ""):
        assert near.app_row(text) is None, text


# --- in documents ---------------------------------------------------------------------------

def test_equally_near_row_with_two_places_open_is_left_unread_and_named(tmp_path):
    """Row 8 dropped, row 7's label misread so that it is as near 8 as 7: two places, no telling."""
    text = _edit(render_markdown.render(_report()), drop=("8.属于行政查询事项",),
                 replace={"7.属于行政执法案卷": "7.属于行政执法事项"})
    got = _read_markdown(text, tmp_path)
    for row in ("denied.enforcement_file", "denied.admin_query"):
        for col in C.APP_COLUMN_KEYS:
            key = C.app_key(row, col)
            assert key not in got.cells, key
            assert key in _warned(got), key


def test_table2_label_equally_near_two_items_is_left_unread_and_named(tmp_path):
    """第二十条第（六）项 printing one row, 行政处制: 行政处罚 or 行政强制 — not guessed."""
    report = _report()
    text = _edit(render_markdown.render(report), drop=("| 行政强制 |",), replace={"| 行政处罚 |": "| 行政处制 |"})
    got = _read_markdown(text, tmp_path)
    assert "art20.punishment.decisions" not in got.cells and "art20.coercion.decisions" not in got.cells
    assert {"art20.punishment.decisions", "art20.coercion.decisions"} <= _warned(got)
    assert got.cells["art20.licensing.decisions"].plain == report.cells["art20.licensing.decisions"].plain


def test_misread_label_placed_where_order_alone_cannot_tell(tmp_path):
    """（五）1 dropped: 2.重夏申请 could sit at 1 or 2 by order; its label says 2, its numbers
    balance: read, with a warning and the cells' provenance saying the label was matched loosely."""
    report = _report()
    numbers = (3, 1, 0, 0, 0, 2, 6)
    for col, n in zip(C.APP_COLUMN_KEYS, numbers, strict=True):
        report.set(C.app_key("not_processed.repeat", col), n)
    text = _edit(render_markdown.render(report), drop=("1.信访举报投诉类申请",), replace={"2.重复申请": "2.重夏申请"})
    got = _read_markdown(text, tmp_path)
    keys = [C.app_key("not_processed.repeat", col) for col in C.APP_COLUMN_KEYS]
    assert [got.cells[k].plain for k in keys] == list(numbers)
    said = [w for w in got.warnings if w.code == "ingest.label_near"]
    assert said and "重夏申请" in said[0].message and set(keys) <= set(said[0].keys)
    assert "重夏申请" in got.cells[keys[0]].where["label"]


def test_misread_label_whose_numbers_do_not_fit_the_sums_is_left_unread(tmp_path):
    report = _report()
    for col, n in zip(C.APP_COLUMN_KEYS, (3, 1, 0, 0, 0, 2, 7), strict=True):  # 3 + 1 + 2 ≠ 7
        report.set(C.app_key("not_processed.repeat", col), n)
    text = _edit(render_markdown.render(report), drop=("1.信访举报投诉类申请",), replace={"2.重复申请": "2.重夏申请"})
    got = _read_markdown(text, tmp_path)
    keys = [C.app_key("not_processed.repeat", col) for col in C.APP_COLUMN_KEYS]
    assert not any(k in got.cells for k in keys)
    assert set(keys) <= _warned(got)
    assert any("合计不符" in w.message for w in got.warnings)


def test_mixed_form_six_row_misread_is_read_as_the_2019_row(tmp_path):
    """A 2021 report printing the single 2019 （六）其他处理 row, misread (其他外理): the one row
    between （五）5 and （七） with a label nearest （六）其他处理 is that row."""
    report = docgen.random_report(4, template="2021", mixed=True)
    text = _edit(render_markdown.render(report), replace={"（六）其他处理": "（六）其他外理"})
    got = _read_markdown(text, tmp_path)
    for col in C.APP_COLUMN_KEYS:
        key = C.app_key("other", col)
        assert got.cells[key].plain == report.cells[key].plain, key
    assert not any(k.startswith(tuple(f"apps.{r}." for r in C.OTHER_KEYS_2021)) for k in got.cells)


@pytest.mark.parametrize("layout", ["text", "markdown", "html", "tabbed", "piped", "cells_per_line",
                                    "markdown_rows", "portal_html", "docx", "docx_noisy"])
def test_clean_labels_are_never_matched_loosely(layout, tmp_path):
    """Layouts whose labels OCR never touched: every label is named exactly, so the loose
    matching never runs into a decision (and their results are those of test_roundtrip)."""
    for seed in range(4):
        rng = random.Random(seed)
        doc = docgen.generate(seed, layout, template=rng.choice(["2019", "2021"]), mixed=rng.random() < 0.3)
        path = tmp_path / f"r{seed}{doc.suffix}"
        path.write_bytes(doc.data)
        got = read(str(path))
        codes = {w.code for w in got.warnings}
        assert not codes & {"ingest.label_near", "ingest.row_unplaced"}, (layout, seed, codes)
        assert got.plain_cells() == docgen.truth(doc.report)["cells"], (layout, seed)
