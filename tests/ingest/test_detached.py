"""Family 6 of issue 14: table rows a PDF-to-Markdown converter printed without their labels.

The labels stand as loose lines (above the table here) and the rows as pipe rows of numbers
only. Table 3's rows are placed in template order when the table's sums confirm it; a
reordering that breaks the sums, a table whose sums cannot be computed, and table 2 (no sums)
leave the rows unread with a warning naming the cells — never a guessed cell. Expectations
come from the generated report (:mod:`tests.docgen`), not from the reader.
"""

from __future__ import annotations

import pytest

from gongkai.ingest import read
from gongkai.report import cells as C
from gongkai.report import check
from tests import docgen

FORMS = {"2019": {"template": "2019"}, "2021": {"template": "2021"}, "mixed": {"template": "2021", "mixed": True}}
_HEADER = ("申请人情况", "自然人", "商业企业")


def _detached_md(report, order: list[int] | None = None, tails: dict[int, str] | None = None) -> str:
    """The report in Markdown with table 3's labels as loose lines above the table and its
    rows as numbers only, printed in ``order`` (indices into the template's rows); ``tails``:
    a piece of label left in a row's first cell (row index → text)."""
    lines = docgen.make("markdown", report).data.decode("utf-8").split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("## 三、"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("## 四、"))
    labels, numbers, first = [], [], None
    for i in range(start, end):
        cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
        if not lines[i].startswith("| ") or len(cells) != 10 or any(h in lines[i] for h in _HEADER):
            continue
        first = i if first is None else first
        labels += [c for c in cells[:3] if c]
        tail = (tails or {}).get(len(numbers))
        numbers.append("| " + " | ".join(([tail] if tail else []) + cells[3:]) + " |")
        lines[i] = ""
    order = order if order is not None else list(range(len(numbers)))
    lines[first] = "\n".join(labels + [numbers[order[0]], "|---|---|---|---|---|---|---|"]
                             + [numbers[k] for k in order[1:]])
    return "\n".join(lines)


def _read(tmp_path, text: str, name: str = "r.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read(str(path))


def _outcome(report, got, want, warned) -> dict[str, str]:
    """Each table 3 key: right, wrong, or unread (with a warning naming it, or silent)."""
    out = {}
    cells = got.plain_cells()
    for key in report.tmpl.app_keys(report.other_rows()):
        if cells.get(key, "<absent>") == want[key]:
            out[key] = "right"
        elif key not in got.cells:
            out[key] = "unread" if key in warned else "silent"
        else:
            out[key] = "wrong"
    return out


@pytest.mark.parametrize("form", list(FORMS))
def test_detached_rows_are_placed_when_the_sums_confirm(form, tmp_path):
    report = docgen.random_report(61, **FORMS[form])
    got = _read(tmp_path, _detached_md(report))
    want = docgen.truth(report)["cells"]
    assert got.plain_cells() == want  # the mixed form too: 23 rows line up with the single （六） row only


def test_a_reordering_that_breaks_the_sums_is_not_placed(tmp_path):
    report = docgen.random_report(65, template="2021")
    rows = report.app_rows()
    granted, total = rows.index("granted"), rows.index("total")
    assert report.number("apps.total.total") != report.number("apps.granted.total")  # the swap shows
    order = list(range(len(rows)))
    order[granted], order[total] = total, granted  # 总计 printed where 予以公开 stands, and back
    got = _read(tmp_path, _detached_md(report, order))
    warned = {k for w in got.warnings for k in w.keys}
    seen = _outcome(report, got, docgen.truth(report)["cells"], warned)
    assert "wrong" not in seen.values() and "silent" not in seen.values()
    for row in ("granted", "total"):
        assert {seen[C.app_key(row, c)] for c in C.APP_COLUMN_KEYS} == {"unread"}


def test_rows_whose_sums_cannot_be_computed_stay_unread(tmp_path):
    report = docgen.random_report(66, template="2019")
    report.set("apps.total.natural_person", "见附表")  # 总计 is no number: no sum over it can be computed
    got = _read(tmp_path, _detached_md(report))
    warned = {k for w in got.warnings for k in w.keys}
    seen = _outcome(report, got, docgen.truth(report)["cells"], warned)
    assert set(seen.values()) == {"unread"}  # every row of table 3 printed without its label: none guessed
    assert any(w.code == "ingest.unread" and "勾稽关系" in w.message for w in got.warnings)


@pytest.mark.parametrize("seed", range(6))
def test_unbalanced_detached_tables_give_no_wrong_cell(seed, tmp_path):
    form = list(FORMS)[seed % 3]
    doc = docgen.generate(400 + seed, "markdown_detached", unbalanced=True, **FORMS[form])
    path = tmp_path / f"u{seed}.md"
    path.write_bytes(doc.data)
    got = read(str(path))
    want = docgen.truth(doc.report)["cells"]
    warned = {k for w in got.warnings for k in w.keys}
    cells = got.plain_cells()
    for key, value in want.items():
        assert cells.get(key, "<absent>") == value or (key not in got.cells and key in warned), key
    named = warned | {k for f in check(got) for k in f.keys}
    assert doc.changed in named  # read and failing a check, or unread with a warning


def test_table2_rows_without_labels_are_warned_not_placed(tmp_path):
    unread = 0
    for seed in range(6):
        doc = docgen.generate(500 + seed, "markdown_detached_art20", **FORMS[list(FORMS)[seed % 3]])
        path = tmp_path / f"t2-{seed}.md"
        path.write_bytes(doc.data)
        got = read(str(path))
        want = docgen.truth(doc.report)["cells"]
        warned = {k for w in got.warnings for k in w.keys}
        cells = got.plain_cells()
        for key, value in want.items():
            if key.startswith("art20.") and key not in got.cells:
                assert key in warned, key  # table 2 has no sums: unread, with a warning naming the cell
                unread += 1
            else:
                assert cells.get(key, "<absent>") == value, key
    assert unread > 0


def test_the_row_count_tells_the_form_and_the_sums_must_hold():
    from gongkai.ingest.mapping import detached
    from gongkai.ingest.mapping.order import align as _align

    report = docgen.random_report(66, template="2021", mixed=True)  # 2021 table 2, the single （六） row
    rows = report.app_rows()
    nums = [tuple(report.number(C.app_key(r, c)) for c in C.APP_COLUMN_KEYS) for r in rows]
    edge = {"new_received", "carried_over", "total", "carried_forward"}
    cands = [frozenset({r}) if r in edge else frozenset() for r in rows]  # the outcome rows lost their labels
    free = {i for i, c in enumerate(cands) if not c}
    # 20 rows between 上年结转 and 总计: the 2019 （六） form only, whatever the version says
    assert detached.choose(cands, nums, None, "2021", _align) == (C.OTHER_KEYS_2019, free)
    broken = list(nums)
    i = rows.index("partial")
    broken[i] = (broken[i][0] + 1,) + broken[i][1:-1] + (broken[i][-1] + 1,)  # the row adds up; 总计 does not
    other, ok = detached.choose(cands, broken, None, "2021", _align)
    assert ok == set()


def test_a_cut_label_that_fits_two_rows_is_placed_only_when_the_sums_confirm(tmp_path):
    # 开申请数量 ends both 一、本年新收…申请数量 and 二、上年结转…申请数量: the label alone does not tell
    report = docgen.random_report(65, template="2021")
    want = docgen.truth(report)["cells"]
    got = _read(tmp_path, _detached_md(report, tails={0: "开申请数量", 1: "开申请数量"}))
    assert got.plain_cells() == want
    report.set("apps.carried_forward.natural_person", report.number("apps.carried_forward.natural_person") + 1)
    want = docgen.truth(report)["cells"]  # 新收 + 结转 no longer equals 总计 + 结转下年度
    got = _read(tmp_path, _detached_md(report, tails={0: "开申请数量", 1: "开申请数量"}), "u.md")
    warned = {k for w in got.warnings for k in w.keys}
    seen = _outcome(report, got, want, warned)
    assert "wrong" not in seen.values() and "silent" not in seen.values()
    for row in ("new_received", "carried_over"):
        assert {seen[C.app_key(row, c)] for c in C.APP_COLUMN_KEYS} == {"unread"}
