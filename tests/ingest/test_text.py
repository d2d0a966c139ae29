"""Plain text layouts: tab-indented, pipe-delimited, one cell per line, space-aligned, flattened."""

import pytest

from gongkai.ingest.mapping import to_report
from gongkai.ingest.text import read_text, split_line, text_rows
from tests.ingest import layouts as L


def _diff(report, seed):
    want, got = L.expected_cells(seed), report.plain_cells()
    return {k: (want.get(k, "ABSENT"), got.get(k, "ABSENT")) for k in set(want) | set(got)
            if want.get(k, "ABSENT") != got.get(k, "ABSENT")}


@pytest.mark.parametrize("layout", [L.tab_text, L.pipe_text])
@pytest.mark.parametrize("seed", range(4))
def test_layouts_read_every_cell(layout, seed):
    r = to_report(read_text(layout(seed)))
    assert _diff(r, seed) == {}
    assert (r.template, r.year, r.agency, str(r.published)) == ("2021", 2024, "青岚县教育局", "2025-01-20")


def test_provenance_is_the_line():
    text = L.tab_text(1)
    r = to_report(read_text(text))
    cell = r.cells["apps.new_received.total"]
    line = text.split("\n")[cell.where["line"] - 1]
    assert line.strip() == str(cell.value)


def test_header_broken_over_lines_and_truncated():
    text = ("二、主动公开政府信息情况\n\n\t第二十条第（一）项\n\n"
            "\t信息内容\n\t本年新\n制作数量\n\t本年新\n\t对外公开总数量\n\n"
            "\t规章\n\t1\n\t2\n\t3\n\n")
    rows = text_rows(text.split("\n"))
    assert ["信息内容", "本年新制作数量", "本年新", "对外公开总数量"] in [[c.text for c in r] for r in rows]


def test_merged_label_columns_and_odd_spaces():
    lines = ["\t", "\t（三）不予公开", "\t1.属于国家秘密", "\t\u00a01", "\t0\u00a0", "\t\u30000",
             "\t0", "\t0", "\t0", "\t1"]
    row = text_rows(lines)[0]
    assert [c.text for c in row][:3] == ["", "（三）不予公开", "1.属于国家秘密"]


def test_label_and_numbers_on_one_line():
    cells = split_line("一、本年新收政府信息公开申请数量   3  0  0  0  0  0  3", 7)
    assert [c.text for c in cells] == ["一、本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "0", "3"]
    assert split_line("行政许可 0", 1)[1].text == "0"
    assert len(split_line("2024年1月1日至12月31日。", 1)) == 1


def test_space_aligned_blank_cells_are_put_back():
    text = ("三、收到和处理政府信息公开申请情况\n"
            "一、本年新收政府信息公开申请数量    1    2    0    0    0    0    3\n"
            "二、上年结转政府信息公开申请数量    1         0    0    0    0    1\n")
    rows = text_rows(text.split("\n"))
    carried = [r for r in rows if r[0].text.startswith("二")][0]
    assert [c.text for c in carried[1:]] == ["1", "", "0", "0", "0", "0", "1"]


def test_flattened_rows_are_found_by_label():
    r = to_report(read_text(L.flattened_text(2)))
    want = L.expected_cells(2)
    for k, v in want.items():
        if k.startswith(("apps.", "review.", "litigation")):
            assert r.get(k) == v, k
    # 规章 '2130' cannot be split by any rule of the document: unread with a warning, not guessed
    assert "art20.regulations.made" not in r.cells
    warned = {k for w in r.warnings for k in w.keys}
    assert {"art20.regulations.made", "art20.regulations.repealed", "art20.regulations.in_force"} <= warned


def test_flattened_split_by_the_reports_own_text():
    text = L.flattened_text(0).replace("本局依法做好政府信息公开工作。",
                                       "本局依法做好政府信息公开工作，本年度制发行政规范性文件12件，现行有效行政规范性文件85件。")
    r = to_report(read_text(text))
    assert (r.get("art20.normative_documents.made"), r.get("art20.normative_documents.repealed"),
            r.get("art20.normative_documents.in_force")) == (12, 3, 85)


def test_label_line_then_numbers_line():
    rows = text_rows(["一、本年新收政府信息公开申请数量", "1 0 0 0 0 0 1",
                      "二、上年结转政府信息公开申请数量", "0 0 0 0 0 0 0"])
    assert [[c.text for c in r] for r in rows] == [
        ["一、本年新收政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"],
        ["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"]]


@pytest.mark.parametrize("data,words", [
    (b"", "文件为空"),
    ("会议通知\n\n请各单位按时参加。\n".encode(), "未找到"),
    ("报告".encode() + "表".encode()[:2], "截断"),
    (bytes([0x81, 0x30, 0x81]) * 5 + b"\xff\xff\xff", "编码"),
])
def test_unreadable_files_exit_2_naming_the_file(tmp_path, capsys, data, words):
    from gongkai.cli import main

    path = tmp_path / "report.txt"
    path.write_bytes(data)
    assert main(["parse", str(path)]) == 2
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and words in err


def test_tab_separated_cells_on_one_line_keep_empty_cells():
    rows = text_rows(["二、上年结转政府信息公开申请数量\t1\t\t0\t0\t0\t0\t1"])
    assert [c.text for c in rows[0]] == ["二、上年结转政府信息公开申请数量", "1", "", "0", "0", "0", "0", "1"]


@pytest.mark.parametrize("text", [
    "本年新收政府信息公开申请数量1" + " " * 50_000 + "x",
    "| " * 100_000 + "x",
    "a" + " " * 100_000 + "b |",
    "<p" * 100_000,
])
def test_adversarial_text_does_not_hang(text):
    import time

    from gongkai.errors import ReadError
    from gongkai.ingest.html import read_html

    start = time.process_time()
    try:
        read_text(text)
    except ReadError as e:  # "| " × 100,000: a row of 100,000 cells, over the cap
        assert "第 1 行" in str(e) and "过大" in str(e)
    read_html(text)
    assert time.process_time() - start < 5  # linear scanning; a backtracking regex takes minutes
