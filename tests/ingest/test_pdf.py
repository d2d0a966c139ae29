"""The text-layer PDF reader on PDFs drawn here, and on the real reports in ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.errors import ReadError
from gongkai.ingest import pdf
from gongkai.report import values

from .drawing import Drawing, TableSpec

SHARED = Path(__file__).resolve().parents[3] / "shared"
WIDTHS = [40, 70, 150, 50, 50, 50]


def rows_text(table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def find_row(table, label: str) -> list:
    for row in table.rows:
        if any(c.text == label for c in row):
            return row
    raise AssertionError(f"no row labelled {label!r} in {rows_text(table)}")


def header(spec: TableSpec, r: int = 0) -> None:
    spec.add(r, 0, "项目", c1=3)
    spec.add(r, 3, "自然人")
    spec.add(r, 4, "其他")
    spec.add(r, 5, "总计")


def split_table(*, closed: bool, repeat_header: bool = False) -> bytes:
    """Table 3's 无法提供 block cut by a page break, page numbers at the foot of each page."""
    d = Drawing()
    d.page()
    d.text(70, 60, "三、收到和处理政府信息公开申请情况")
    first = TableSpec(70, 700, WIDTHS, [24, 24, 24, 24])
    header(first)
    first.add(1, 0, "三、\n办理\n结果", r1=4, open_bottom=not closed)
    first.add(1, 1, "（三）不\n予公开", r1=3)
    first.add(1, 2, "1.属于国家秘密")
    first.add(2, 2, "2.其他法律行政法规禁止公开")
    first.add(3, 1, "（四）无" if closed else "（四）无法提供", open_bottom=not closed)
    first.add(3, 2, "1.本机关不掌握相关政府信息")
    for r, numbers in ((1, ("2", "0", "2")), (2, ("30", "1", "31")), (3, ("746", "23", "769"))):
        for c, n in enumerate(numbers, start=3):
            first.add(r, c, n)
    d.table(first)
    d.footer("- 4 -")
    d.page()
    offset = 1 if repeat_header else 0
    second = TableSpec(70, 60, WIDTHS, [24] * (4 + offset))
    if repeat_header:
        header(second)
    second.add(offset, 0, "", r1=offset + 3, open_top=not closed)
    second.add(offset, 1, "法提供" if closed else "", r1=offset + 2, open_top=not closed)
    second.add(offset, 2, "2.没有现成信息需要另行制作")
    second.add(offset + 1, 2, "3.补正后申请内容仍不明确")
    second.add(offset + 2, 1, "（七）总计", c1=3)
    second.add(offset + 3, 0, "四、结转下年度继续办理", c1=3)
    rows = (("11", "0", "11"), ("1", "0", "1"), ("790", "24", "814"), ("5", "0", "5"))
    for r, numbers in enumerate(rows, start=offset):
        for c, n in enumerate(numbers, start=3):
            second.add(r, c, n)
    d.table(second)
    d.footer("- 5 -")
    d.text(70, 300, "四、政府信息公开行政复议、行政诉讼情况")
    return d.output()


@pytest.mark.parametrize("closed", [True, False], ids=["rules-closed-at-break", "rules-open-at-break"])
def test_table_split_across_pages_is_one_table(closed):
    doc = pdf.read_document(split_table(closed=closed), "split.pdf")
    assert len(doc.tables) == 1, [rows_text(t) for t in doc.tables]
    table = doc.tables[0]
    assert table.where["pages"] == [1, 2]
    # The 无法提供 cell cut by the break is one cell again, over its three rows.
    for label in ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"):
        row = find_row(table, label)
        assert row[1].text == "（四）无法提供"
        assert row[0].text == "三、办理结果"
    origin = find_row(table, "1.本机关不掌握相关政府信息")
    later = find_row(table, "3.补正后申请内容仍不明确")
    assert origin[1].span_of is None and later[1].span_of is not None
    assert later[1].where["page"] == 1  # provenance: where the merged cell starts
    assert [c.text for c in find_row(table, "2.没有现成信息需要另行制作")[3:]] == ["11", "0", "11"]
    assert [c.text for c in find_row(table, "四、结转下年度继续办理")[3:]] == ["5", "0", "5"]
    assert len(table.rows) == 8
    # The page numbers between the parts are neither in the table nor in the text.
    assert "- 4 -" not in doc.text and "4" not in [c.text for row in table.rows for c in row[:3]]
    text = doc.text
    assert text.index("三、收到和处理") < text.index("1.本机关不掌握") < text.index("四、政府信息公开行政复议")


def test_repeated_header_row_is_dropped():
    doc = pdf.read_document(split_table(closed=True, repeat_header=True), "repeat.pdf")
    assert len(doc.tables) == 1
    table = doc.tables[0]
    headers = [row for row in table.rows if row[3].text == "自然人"]
    assert len(headers) == 1
    assert len(table.rows) == 8
    assert find_row(table, "2.没有现成信息需要另行制作")[1].text == "（四）无法提供"


def test_tables_separated_by_a_heading_stay_apart():
    d = Drawing()
    d.page()
    a = TableSpec(70, 700, WIDTHS, [24, 24])
    header(a)
    a.add(1, 0, "规章", c1=3)
    for c, n in enumerate(("1", "2", "3"), start=3):
        a.add(1, c, n)
    d.table(a)
    d.page()
    d.text(70, 70, "四、政府信息公开行政复议、行政诉讼情况")
    b = TableSpec(70, 90, WIDTHS, [24, 24])
    header(b)
    b.add(1, 0, "行政复议", c1=3)
    for c, n in enumerate(("4", "5", "9"), start=3):
        b.add(1, c, n)
    d.table(b)
    doc = pdf.read_document(d.output(), "two.pdf")
    assert len(doc.tables) == 2
    assert [c.text for c in doc.tables[1].rows[1][-3:]] == ["4", "5", "9"]
    assert [c.text for c in doc.tables[0].rows[1][-3:]] == ["1", "2", "3"]


def test_multi_line_labels_merged_cells_and_split_digits():
    d = Drawing()
    d.page()
    spec = TableSpec(70, 100, [60, 200, 60, 60], [24, 40, 24, 24])
    spec.add(0, 0, "项目", c1=2)
    spec.add(0, 2, "自然人")
    spec.add(0, 3, "总计")
    spec.add(1, 0, "三、本年\n度办理\n结果", r1=4)
    spec.add(1, 1, "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）")
    # 447 written as three objects, out of order; 454 printed twice (a fake bold).
    spec.add(1, 2, "447", pieces=[(2, "7"), (0, "4"), (1, "4")])
    spec.add(1, 3, "454", pieces=[(0, "454"), (0, "454")])
    spec.add(2, 1, "（三）不予公开")
    spec.add(2, 2, "3119", pieces=[(0, "31"), (2, "1"), (3, "9")])
    spec.add(2, 3, "")
    spec.add(3, 1, "（七）总计")
    spec.add(3, 2, "1,308")
    spec.add(3, 3, "96171.6")
    d.table(spec)
    doc = pdf.read_document(d.output(), "labels.pdf")
    (table,) = doc.tables
    assert rows_text(table) == [
        ["项目", "项目", "自然人", "总计"],
        ["三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "447", "454"],
        ["三、本年度办理结果", "（三）不予公开", "3119", ""],
        ["三、本年度办理结果", "（七）总计", "1,308", "96171.6"],
    ]
    assert table.rows[0][1].span_of == (0, 0) and table.rows[3][0].span_of == (1, 0)
    assert table.rows[2][2].where == {"page": 1, "table": 1, "row": 3, "column": 3}
    assert all(c.confidence is None for row in table.rows for c in row)


def test_framed_paragraph_is_text_not_a_table():
    d = Drawing()
    d.page()
    box = TableSpec(70, 100, [400], [60])
    box.add(0, 0, "本报告由某某区人民政府办公室编制。\n统计期限自2024年1月1日至2024年12月31日。")
    d.table(box)
    doc = pdf.read_document(d.output(), "box.pdf")
    assert doc.tables == []
    assert "统计期限自2024年1月1日至2024年12月31日。" in doc.text


def test_encrypted_pdf_is_refused_by_name():
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    p = FPDF()
    p.add_page()
    p.set_font("helvetica")
    p.text(20, 20, "secret")
    p.set_encryption(owner_password="owner", user_password="user", encryption_method=EncryptionMethod.RC4)
    with pytest.raises(ReadError) as e:
        pdf.read_document(bytes(p.output()), "locked.pdf")
    assert "加密" in str(e.value) and "locked.pdf" in str(e.value)


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9, 0.99])
def test_truncated_pdf_is_a_read_error_or_reads_what_is_there(cut):
    data = split_table(closed=True)
    part = data[: int(len(data) * cut)]
    try:
        doc = pdf.read_document(part, "cut.pdf")
    except ReadError as e:
        assert "cut.pdf" in str(e)
    else:  # pdfminer may recover the pages before the cut; what it reads must be what was drawn
        for table in doc.tables:
            for row in table.rows:
                for cell in row:
                    assert values.read(cell.text)[0] != "decimal" or cell.text == "96171.6"


def test_not_a_pdf():
    with pytest.raises(ReadError, match="不是 PDF"):
        pdf.read_document(b"hello", "x.pdf")
    with pytest.raises(ReadError):
        pdf.read_document(b"%PDF-1.7\n" + b"\x00garbage" * 100, "x.pdf")


# --- the real reports in ../shared/corpus --------------------------------------------

CORPUS_PDFS = sorted((SHARED / "corpus").glob("*.pdf")) if (SHARED / "corpus").is_dir() else []


@pytest.mark.corpus
@pytest.mark.parametrize("path", CORPUS_PDFS, ids=[p.name for p in CORPUS_PDFS])
def test_corpus_pdf_tables_hold_every_number_of_the_truth(path):
    truth_path = path.with_suffix(".truth.json")
    if not truth_path.exists():
        pytest.skip("no truth file")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    doc = pdf.read_document(path.read_bytes(), str(path))
    table3 = next(t for t in doc.tables if any("本年新收" in c.text for row in t.rows for c in row))
    # Table 3 is one table across its page break, and its rows carry every applicant column.
    assert len(table3.where.get("pages", [])) == 2
    for row in table3.rows:
        labels = [c.text for c in row[:3]]
        if any(lbl.startswith("2.没有现成信息") for lbl in labels):
            assert labels[1] == "（四）无法提供"
            numbers = [values.read(c.text)[1] for c in row[3:]]
            key = "apps.unable.needs_creation."
            cols = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org",
                    "total")
            assert numbers == [truth["cells"][key + c] for c in cols]
    # Every number of the truth appears in some table cell (nothing lost, nothing split).
    printed = {c.text.replace(" ", "") for t in doc.tables for row in t.rows for c in row}
    for key, value in truth["cells"].items():
        if value is not None:
            assert str(value) in printed, key
    assert "- 4 -" not in doc.text


@pytest.mark.corpus
@pytest.mark.parametrize("path", CORPUS_PDFS, ids=[p.name for p in CORPUS_PDFS])
def test_corpus_pdf_every_cell_right_through_the_mapper(path):
    truth_path = path.with_suffix(".truth.json")
    if not truth_path.exists():
        pytest.skip("no truth file")
    try:
        from gongkai.ingest import mapping
    except ImportError:
        pytest.skip("the mapper has not landed")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    report = mapping.to_report(pdf.read_document(path.read_bytes(), str(path)))
    got = {key: cell.value for key, cell in report.cells.items()}
    wrong = {k: (got.get(k), v) for k, v in truth["cells"].items() if _value(got.get(k)) != v}
    extra = {k: v for k, v in got.items() if k not in truth["cells"] and v is not None}
    assert not wrong and not extra
    assert report.template == truth["template"] and report.year == truth["year"]


def _value(v):
    if v is None or isinstance(v, int):
        return v
    return str(v)


def test_numbers_either_side_of_a_rule_stay_apart():
    """Two cells' numbers printed right up to the rule between them are not one number."""
    d = Drawing()
    d.page()
    adv = d.pdf.get_string_width("0")
    spec = TableSpec(70, 100, [80, 30, 30, 30], [24, 24])
    for c, text in enumerate(("项目", "甲", "乙", "丙")):
        spec.add(0, c, text)
    spec.add(1, 0, "行政许可")
    spec.add(1, 1, "12", pieces=[((30 - 4 - 0.6 - 2 * adv) / adv, "12")])  # ends 0.6 pt before the rule
    spec.add(1, 2, "3", pieces=[(-3.4 / adv, "3")])  # starts 0.6 pt after it
    spec.add(1, 3, "15")
    d.table(spec)
    doc = pdf.read_document(d.output(), "tight.pdf")
    assert rows_text(doc.tables[0])[1] == ["行政许可", "12", "3", "15"]


def _tables(data: bytes, monkeypatch, backend: str) -> list[list[list[str]]]:
    monkeypatch.setenv("GONGKAI_PDF_BACKEND", backend)
    doc = pdf.read_document(data, "x.pdf")
    assert doc.meta["backend"] == backend
    return [[[c.text.replace(" ", "") for c in row] for row in t.rows] for t in doc.tables]


@pytest.mark.parametrize("make", [lambda: split_table(closed=True), lambda: split_table(closed=False),
                                  lambda: split_table(closed=True, repeat_header=True)],
                         ids=["closed", "open", "repeated-header"])
def test_pdfium_and_pdfplumber_sources_agree(make, monkeypatch):
    data = make()
    assert _tables(data, monkeypatch, "pdfium") == _tables(data, monkeypatch, "pdfplumber")


@pytest.mark.corpus
@pytest.mark.parametrize("path", CORPUS_PDFS, ids=[p.name for p in CORPUS_PDFS])
def test_pdfium_and_pdfplumber_agree_on_the_corpus(path, monkeypatch):
    data = path.read_bytes()
    assert _tables(data, monkeypatch, "pdfium") == _tables(data, monkeypatch, "pdfplumber")
