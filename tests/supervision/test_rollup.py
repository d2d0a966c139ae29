"""Roll-up of a region: sums, region.missing, region.sum, checks by level, `gongkai rollup --json`."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from gongkai.cli import main
from gongkai.report import Report
from gongkai.supervision.region_checks import check_sum
from gongkai.supervision.rollup import sum_cells

from .. import docgen


def test_sum_cells_hand_counted():
    total = sum_cells([{"apps.granted.total": 3, "art20.fees.amount": Decimal("1.25"), "review.total": None},
                       {"apps.granted.total": 4, "art20.fees.amount": Decimal("0.50"), "review.total": 2},
                       {}])
    assert total == {"apps.granted.total": 7, "art20.fees.amount": Decimal("1.75"), "review.total": 2}


def test_check_sum_names_each_cell_with_both_figures():
    own = {"apps.granted.total": 7, "apps.partial.total": 5, "review.total": None}
    kids = {"apps.granted.total": 7, "apps.partial.total": 4, "review.total": 1}
    (f,) = check_sum(own, kids)
    assert (f.code, f.severity) == ("region.sum", "error")
    assert f.keys == ["apps.partial.total", "review.total"]
    assert "本级 5，下级合计 4" in f.message and "本级 空白，下级合计 1" in f.message
    (w,) = check_sum(own, kids, incomplete=["甲县教育局"])
    assert w.severity == "warning" and "甲县教育局" in w.message
    assert check_sum({"review.total": None, "apps.granted.total": 0}, {"apps.granted.total": 0}) == []


def _write(tmp_path, region, skip=(), change=None):
    (tmp_path / "units.csv").write_text(region.csv(), encoding="utf-8")
    files = []
    for name, report in region.reports.items():
        if name in skip:
            continue
        if change and name == change[0]:
            report.set(change[1], report.number(change[1]) + change[2])
        doc = docgen.make("text", report)
        p = tmp_path / f"{len(files):03d}{doc.suffix}"
        p.write_bytes(doc.data)
        files.append(str(p))
    return files


def _run(tmp_path, files, capsys, *extra):
    code = main(["rollup", "--units", str(tmp_path / "units.csv"), *files, "--json", "--jobs", "1", *extra])
    return code, json.loads(capsys.readouterr().out)


def test_balanced_region_sums_every_government(tmp_path, capsys):
    region = docgen.random_region(7, counties=2, departments=3, townships=1)
    files = _write(tmp_path, region)
    code, out = _run(tmp_path, files, capsys)
    assert code == 0
    assert out["year"] == 2024 and out["unmatched"] == []
    by = {u["name"]: u for u in out["units"]}
    assert [u["name"] for u in out["units"]] == [n for n, *_ in region.units]
    for name, level, parent, _ in region.units:
        u = by[name]
        assert (u["level"], u["parent"]) == (level, parent)
        assert u["report"] is not None
        assert not [f for f in u["findings"] if f["severity"] == "error"], u["findings"]
        if level == "department" or not region.children(name):
            assert "rollup" not in u or not region.children(name)
            continue
        # the generator built the government's report as its children's sum: the roll-up equals it
        expected = {k: c.number for k, c in region.reports[name].cells.items() if c.number is not None}
        assert u["rollup"]["cells"] == expected
        assert not [f for f in u["findings"] if f["code"] == "region.sum"]


def test_changed_government_cell_is_an_error_naming_it(tmp_path, capsys):
    region = docgen.random_region(8, counties=1, departments=2, townships=1)
    county = next(n for n, lv, *_ in region.units if lv == "county")
    before = region.reports[county].number("review.total")
    files = _write(tmp_path, region, change=(county, "review.total", 3))
    code, out = _run(tmp_path, files, capsys)
    assert code == 1
    u = next(u for u in out["units"] if u["name"] == county)
    (f,) = [f for f in u["findings"] if f["code"] == "region.sum"]
    assert f["severity"] == "error" and f["keys"] == ["review.total"]
    assert f"本级 {before + 3}，下级合计 {before}" in f["message"]


def test_missing_child_is_region_missing_and_sum_only_a_warning(tmp_path, capsys):
    region = docgen.random_region(9, counties=1, departments=3, townships=1)
    county = next(n for n, lv, *_ in region.units if lv == "county")
    gone = region.children(county)[1]
    files = _write(tmp_path, region, skip={gone})
    code, out = _run(tmp_path, files, capsys)
    by = {u["name"]: u for u in out["units"]}
    assert by[gone]["report"] is None
    assert [(f["code"], f["severity"]) for f in by[gone]["findings"]] == [("region.missing", "warning")]
    sums = [f for f in by[county]["findings"] if f["code"] == "region.sum"]
    assert len(sums) == 1 and sums[0]["severity"] == "warning" and gone in sums[0]["message"]
    assert code == 0


def test_late_by_level_and_repeated_text_from_an_earlier_year(tmp_path, capsys):
    region = docgen.random_region(10, counties=1, departments=2, townships=1)
    county = next(n for n, lv, *_ in region.units if lv == "county")
    dept = region.children(county)[0]
    region.reports[county].published = dt.date(2025, 2, 21)  # county deadline 20 February (30号)
    region.reports[dept].published = dt.date(2025, 1, 31)  # department deadline 31 January: on time
    files = _write(tmp_path, region)
    last = Report.blank("2021", 2022, dept)
    last.sections = dict(region.reports[dept].sections)  # the same words two years before
    doc = docgen.make("text", last)
    (tmp_path / "old.txt").write_bytes(doc.data)
    code, out = _run(tmp_path, files + [str(tmp_path / "old.txt")], capsys, "--year", "2024")
    by = {u["name"]: u for u in out["units"]}
    late = [f for f in by[county]["findings"] if f["code"] == "form.late"]
    assert len(late) == 1 and "2025-02-20" in late[0]["message"] and "逾期 1 天" in late[0]["message"]
    assert not [f for f in by[dept]["findings"] if f["code"] == "form.late"]
    rep = [f for f in by[dept]["findings"] if f["code"] == "text.repeated"]
    assert len(rep) == 1 and rep[0]["severity"] == "warning"


def test_unmatched_report_is_named_on_stderr(tmp_path, capsys):
    region = docgen.random_region(11, counties=1, departments=1, townships=0)
    files = _write(tmp_path, region)
    stranger = Report.blank("2021", 2024, "南京市玄武区人民政府")
    p = tmp_path / "x.txt"
    p.write_bytes(docgen.make("text", stranger).data)
    code = main(["rollup", "--units", str(tmp_path / "units.csv"), *files, str(p), "--json", "--jobs", "1"])
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["unmatched"][0]["agency"] == "南京市玄武区人民政府"
    assert "x.txt" in captured.err and "无法对应到单位" in captured.err
    assert code == 0


def test_bad_units_file_exits_2(tmp_path, capsys):
    (tmp_path / "units.csv").write_text("甲县人民政府,city,,\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text("x", encoding="utf-8")
    assert main(["rollup", "--units", str(tmp_path / "units.csv"), str(tmp_path / "r.txt"), "--json"]) == 2
    assert "units.csv" in capsys.readouterr().err


@pytest.mark.parametrize("seed", [1, 2])
def test_province_rollup_through_prefectures(seed):
    from gongkai.supervision.rollup import RegionUnit, rollup
    region = docgen.random_region(seed, prefectures=2, counties=2, departments=2, townships=1)
    units = [RegionUnit(n, lv, p, region.reports[n]) for n, lv, p, _ in region.units]
    results = rollup(units, 2024)
    top = results[0]
    assert top.unit.level == "province"
    expected = {k: c.number for k, c in region.reports[top.unit.name].cells.items() if c.number is not None}
    assert top.rollup == expected
    assert not [f for r in results for f in r.findings if f.severity == "error"]


def test_text_output_lists_units_as_a_tree(tmp_path, capsys):
    region = docgen.random_region(12, counties=1, departments=1, townships=0)
    county = next(n for n, lv, *_ in region.units if lv == "county")
    files = _write(tmp_path, region, skip={region.children(county)[0]})
    code = main(["rollup", "--units", str(tmp_path / "units.csv"), *files, "--jobs", "1"])
    out = capsys.readouterr().out
    lines = out.splitlines()
    top = region.units[0][0]
    assert lines[0].startswith(f"{top}（prefecture）")
    assert any(line.startswith(f"  {county}（county）") for line in lines)
    assert f"    {region.children(county)[0]}（department） — 无报告" in out
    assert "region.missing" in out or "尚无 2024 年度报告" in out
    assert code == 0
