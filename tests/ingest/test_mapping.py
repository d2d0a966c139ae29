"""The mapper: template from headers, label variants, absent rows, split tables, no guessing."""

import pytest

from gongkai.errors import ReadError
from gongkai.ingest.document import Document, Table, TextCell
from gongkai.ingest.labels import app_row_candidates, art20_item, norm
from gongkai.ingest.mapping import Mapper, to_report
from gongkai.ingest.text import read_text
from tests.ingest import layouts as L


def _doc(rows, fmt="pdf", page=1):
    cells = [[TextCell(t, {"page": page, "row": i + 1, "column": j + 1}) for j, t in enumerate(r)]
             for i, r in enumerate(rows)]
    return Table(cells, {"page": page})


@pytest.mark.parametrize("printed,row", [
    ("5.属于三类内容事务信息", "denied.internal_affairs"),
    ("（二）部分公开（区分处理的，只计这一情况，不计其他情形）", "partial"),
    ("2.其他法律行政止公开", "denied.law_forbidden"),
    ("4.无正当理由大量反复 申请", "not_processed.excessive"),
    ("１、本机关不掌握相关政府信息", "unable.not_held"),
    ("（六）其他处理", "other"),
    ("3、其他", "other.other"),
    ("（七）总计", "total"),
])
def test_label_variants(printed, row):
    assert app_row_candidates(printed) == {row}


def test_art20_labels_and_norm():
    assert art20_item("规    章") == "regulations"
    assert art20_item("规范性文件") == art20_item("行政规范性文件") == "normative_documents"
    assert norm("结果维护") == "结果维持" and norm("１、") == "1."


def _rows_2019_partial_t2():
    rows = [["二、主动公开政府信息情况"], ["第二十条第（五）项"],
            ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            ["行政许可", "4", "-1", "3"], ["三、收到和处理政府信息公开申请情况"], list(L.T3_HEAD)]
    for key, vals in L.numbers(5).items():
        if key.startswith("other."):
            continue
        label = L.APP_LABELS[key]
        rows.append([label, *map(str, vals)])
        if key == "not_processed.confirmation":
            o = [sum(L.numbers(5)[k][c] for k in ("other.no_correction", "other.no_fee", "other.other"))
                 for c in range(7)]
            rows.append(["（六）其他处理", *map(str, o)])
    return rows


def test_2019_template_omitted_rows_and_single_other_row():
    doc = Document("pdf", "", [_doc(_rows_2019_partial_t2())], path="x.pdf")
    r = to_report(doc)
    assert r.template == "2019"
    assert r.get("art20.licensing.change") == -1
    assert not any(k.startswith(("art20.regulations", "art20.fees")) for k in r.cells)  # absent, not zero
    assert "apps.other.total" in r.cells and "apps.other.other.total" not in r.cells


def test_table_split_across_pages_with_repeated_header_and_footer():
    rows = [list(L.T3_HEAD)] + [[L.APP_LABELS[k], *map(str, v)] for k, v in L.numbers(6).items()]
    first, second = rows[:12], [list(L.T3_HEAD), ["-4-"]] + rows[12:]
    doc = Document("pdf", "", [_doc(first, page=3), _doc(second, page=4)], path="x.pdf")
    r = to_report(doc)
    for k, v in L.numbers(6).items():
        assert r.get(f"apps.{k}.total") == v[-1]
    assert r.cells["apps.carried_forward.total"].where["page"] == 4


def test_low_confidence_cell_is_unread_with_warning():
    rows = [list(L.T3_HEAD)] + [[L.APP_LABELS[k], *map(str, v)] for k, v in L.numbers(7).items()]
    t = _doc(rows)
    t.rows[1][1].confidence = 0.3
    r = to_report(Document("ocr", "", [t], path="x.png"))
    assert "apps.new_received.natural_person" not in r.cells
    assert any("apps.new_received.natural_person" in w.keys for w in r.warnings)


def test_row_with_missing_cell_is_not_guessed():
    rows = [list(L.T3_HEAD)] + [[L.APP_LABELS[k], *map(str, v)] for k, v in L.numbers(8).items()]
    rows[3] = rows[3][:4] + rows[3][5:]  # 6 numbers printed for 7 columns
    r = to_report(Document("pdf", "", [_doc(rows)], path="x.pdf"))
    key = list(L.numbers(8))[2]
    assert f"apps.{key}.total" not in r.cells
    assert any(f"apps.{key}.total" in w.keys for w in r.warnings)


def test_not_a_report():
    with pytest.raises(ReadError) as e:
        to_report(read_text("这是一份会议通知。\n\n请各单位按时参加。\n"))
    assert "未找到" in str(e.value) and "法定表格" in str(e.value)


def test_truncated_text_is_an_error_with_place():
    text = L.tab_text(0)
    cut = text[: text.index("（四）无法提供")]
    with pytest.raises(ReadError) as e:
        to_report(read_text(cut))
    assert "截断" in str(e.value) and "行" in str(e.value)


def test_table4_one_row_per_group():
    rows = [list(L.T4_HEAD), ["行政复议", "1", "0", "0", "0", "1"],
            ["行政诉讼 未经复议直接起诉", "0", "0", "2", "0", "2"], ["复议后起诉", "0", "1", "0", "0", "1"]]
    t3 = [list(L.T3_HEAD)] + [[L.APP_LABELS[k], *map(str, v)] for k, v in L.numbers(9).items()]
    r = to_report(Document("pdf", "", [_doc(t3), _doc(rows)], path="x.pdf"))
    assert (r.get("review.total"), r.get("litigation_direct.other"), r.get("litigation_after_review.corrected")) == (
        1, 2, 1)


def test_flattened_2019_single_other_row():
    text = ("某局2020年政府信息公开工作年度报告\n二、主动公开政府信息情况第二十条第（五）项"
            "信息内容上一年项目数量本年增/减处理决定数量"
            "行政许可567三、收到和处理政府信息公开申请情况申请人情况自然人")
    outcome = "".join(lbl + "0000000" for k, lbl in list(L.APP_LABELS.items())[2:20])
    text += ("一、本年新收政府信息公开申请数量3000003二、上年结转政府信息公开申请数量0000000" + outcome
             + "（六）其他处理3000003（七）总计3000003四、结转下年度继续办理0000000"
             + "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持总计000000000000000"
             + "五、存在的主要问题及改进情况无")
    r = to_report(read_text(text))
    assert r.template == "2019" and r.get("apps.other.total") == 3 and r.get("apps.total.natural_person") == 3
    assert (r.get("art20.licensing.previous"), r.get("art20.licensing.change"), r.get("art20.licensing.decisions")) == (
        5, 6, 7)
    assert r.get("review.total") == 0


def _flat_2019(art20: str) -> str:
    outcome = "".join(lbl + "0000000" for k, lbl in list(L.APP_LABELS.items())[2:20])
    return ("某局2020年政府信息公开工作年度报告\n二、主动公开政府信息情况" + art20
            + "三、收到和处理政府信息公开申请情况申请人情况自然人"
            + "一、本年新收政府信息公开申请数量3000003二、上年结转政府信息公开申请数量0000000" + outcome
            + "（六）其他处理3000003（七）总计3000003四、结转下年度继续办理0000000"
            + "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持总计000000000000000"
            + "五、存在的主要问题及改进情况无")


def test_flattened_negative_change_is_never_cut_at_its_sign():
    r = to_report(read_text(_flat_2019("第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费36-2")))
    assert (r.get("art20.fees.previous"), r.get("art20.fees.change")) == (36, -2)


def test_flattened_amount_keeps_its_decimals_and_unit():
    t2 = "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购0437.64万元"
    r = to_report(read_text(_flat_2019(t2)))
    c = r.cells["art20.procurement.amount"]
    assert r.get("art20.procurement.items") == 0 and str(c.value) == "437.64" and c.unit == "万元"


def test_flattened_row_with_a_stray_word_in_its_run_is_unread_not_cut():
    t2 = "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可56约7"
    r = to_report(read_text(_flat_2019(t2)))
    assert not any(k.startswith("art20.licensing") for k in r.cells)
    assert any("art20.licensing.previous" in w.keys and "56约7" in w.message for w in r.warnings)


def test_header_columns_place_values_when_blank_cells_make_the_row_ambiguous():
    header = ["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计", "", ""]
    rows = [list(L.T3_HEAD), header]
    for key, vals in L.numbers(3).items():
        printed = ["", *map(str, vals)] if key != "new_received" else ["", "", "0", "0", "0", "0", "0", "0"]
        rows.append([L.APP_LABELS[key], *printed, "", ""])
    r = to_report(Document("xlsx", "", [_doc(rows)], path="x.xlsx"))
    # 新收: 自然人 printed blank, the rest 0 — by the header's columns, not by guessing a window
    assert r.cells["apps.new_received.natural_person"].is_blank
    assert r.get("apps.new_received.total") == 0


def test_one_label_cell_over_two_rows_names_both_items():
    t = _doc([["第二十条第（六）项"], ["信息内容", "本年处理决定数量"],
              ["行政处罚行政强制", "5"], ["行政处罚行政强制", "2"], ["第二十条第（八）项"],
              ["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", "1.5"]])
    t3 = [list(L.T3_HEAD)] + [[L.APP_LABELS[k], *map(str, v)] for k, v in L.numbers(2).items()]
    r = to_report(Document("pdf", "", [t, _doc(t3)], path="x.pdf"))
    assert (r.get("art20.punishment.decisions"), r.get("art20.coercion.decisions")) == (5, 2)


def test_blank_table4_at_the_end_is_no_truncation():
    text = L.tab_text(0)
    text = text[: text.index("五、存在的主要问题")]
    appeals = "\t" + "\n\t".join(map(str, L.APPEALS)) + "\n"
    text = text.replace(appeals, "\t\n" * 15)
    r = to_report(read_text(text))
    assert r.cells["review.total"].is_blank and r.get("apps.total.total") == L.numbers(0)["total"][-1]


def test_two_different_rows_with_one_label_are_not_read():
    rows = [list(L.T3_HEAD)] + [[L.APP_LABELS[k], *map(str, v)] for k, v in L.numbers(11).items()]
    rows.append(["（七）总计", "9", "0", "0", "0", "0", "0", "9"])
    r = to_report(Document("pdf", "", [_doc(rows)], path="x.pdf"))
    assert "apps.total.total" not in r.cells
    assert any("apps.total.total" in w.keys for w in r.warnings)
    assert r.get("apps.new_received.total") == L.numbers(11)["new_received"][-1]


def test_header_rows_with_blank_cells_are_no_data_rows():
    header = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "自然人", "商业企业", "科研机构",
              "社会公益组织", "法律服务机构", "其他", "总计", "", "", "", ""]
    rows = [header] + [[L.APP_LABELS[k], *map(str, v), "", ""] for k, v in L.numbers(12).items()]
    r = to_report(Document("xlsx", "", [_doc(rows)], path="x.xlsx"))
    assert r.get("apps.total.total") == L.numbers(12)["total"][-1]
    assert not [w for w in r.warnings if w.code.startswith("ingest.")]


def test_statutory_row_before_any_table_heading_is_named_not_dropped():
    """A 规章 row printed before its table's heading (the heading lost in a paragraph) is unread
    with a warning naming its cells; the rows of the recognised table are still read."""
    rows = [["规章", "3", "2", "9"]] + _rows_2019_partial_t2()
    r = to_report(Document("pdf", "", [_doc(rows)], path="x.pdf"))
    assert not any(k.startswith("art20.regulations") for k in r.cells)
    warned = [w for w in r.warnings if "art20.regulations.new_made" in w.keys]
    assert warned and "第 1 页" in warned[0].message and "3 2 9" in warned[0].message
    assert r.get("art20.licensing.change") == -1


def _lines_of_reports():
    from pathlib import Path

    from tests import docgen

    texts = [docgen.generate(seed, layout).data.decode("utf-8") for seed in range(6)
             for layout in ("tabbed", "text", "piped", "flattened", "markdown", "html")]
    shared = Path(__file__).resolve().parents[2].parent / "shared"
    if shared.is_dir():
        texts += [p.read_bytes().decode("utf-8", "ignore") for p in shared.rglob("*")
                  if p.suffix in (".txt", ".md", ".html")]
    return {piece for t in texts for line in t.split("\n") for piece in [line, *line.split("\t"), *line.split("|")]}


def norm_reference(text: str) -> str:
    """labels.norm the plain way: NFKC first, then spaces, quotes, ``1、`` and typos."""
    import re
    import unicodedata

    from gongkai.ingest.labels import TYPOS

    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"[\s\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+", "", t).translate(
        str.maketrans("", "", "“”\"'‘’「」"))
    t = re.sub(r"(?<![\d.])(\d)\s*[、.．]", r"\1.", t)
    for wrong, right in TYPOS:
        t = t.replace(wrong, right)
    return t


def test_fast_norm_equals_plain_nfkc_on_report_text():
    from gongkai.ingest.labels import norm

    odd = {"１、本机关", "５．属于", "规    章", "“三安全一稳定”", "ｆｕｌｌ　ｗｉｄｔｈ", "㈠", "①", "4 、 x"}
    lines = _lines_of_reports() | odd
    assert len(lines) > 1000
    assert [s for s in lines if norm.__wrapped__(s) != norm_reference(s)] == []


@pytest.mark.parametrize("seed", range(3))
def test_fast_norm_equals_plain_nfkc_on_random_text(seed):
    import random

    from gongkai.ingest.labels import norm

    alphabet = "规章政府信息公开，。（）：；．／！？、“”\"' 　\u00a01234５６７８９0.-ａＢ㈠①﹐︰"
    rng = random.Random(seed)
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert norm.__wrapped__(s) == norm_reference(s), s


@pytest.mark.parametrize("text", [".", "，", "·", "、", ". ,"])
def test_ocr_marks_without_a_digit_are_unread_not_values(text):
    """OCR read a printed 0 as "." (confidence 0.52, a docx with its tables as pictures): marks
    with no digit are left unread with a warning naming the cell — never kept as the cell's text."""
    m = Mapper(Document("ocr"))
    m.set("apps.carried_forward.legal_services", TextCell(text, {"picture": 2, "row": 26, "column": 8}, 0.52))
    assert "apps.carried_forward.legal_services" not in m.cells
    assert [w.keys for w in m.warnings if w.code == "ingest.unread"] == [["apps.carried_forward.legal_services"]]


@pytest.mark.parametrize("text,value", [("—", "—"), ("/", "/"), ("无", "无"), ("0", 0), ("12", 12)])
def test_ocr_dashes_and_numbers_are_kept(text, value):
    m = Mapper(Document("ocr"))
    m.set("apps.new_received.total", TextCell(text, {"page": 1}, 0.9))
    assert m.cells["apps.new_received.total"].value == value


def test_a_text_layer_point_is_kept_as_printed():
    """A point in a text layer was printed: kept as the cell's text (flagged by the checks), not dropped."""
    m = Mapper(Document("pdf"))
    m.set("apps.new_received.total", TextCell(".", {"page": 1}))
    assert m.cells["apps.new_received.total"].kind == "text"
