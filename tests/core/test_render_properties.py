"""Property tests: any report — any cells, any printed text — renders in every format, and
the HTML, Word and spreadsheet tables read back by their labels to what each cell prints."""

import io

import docx
import lxml.html
import openpyxl
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gongkai.report import Report
from gongkai.report import cells as C
from gongkai.report.model import Cell
from gongkai.report.render import docx as render_docx
from gongkai.report.render import html, layout, markdown, text, xlsx
from tests.core.render_check import assert_table, expected_keys
from tests.core.test_render_docx import matrix
from tests.core.test_render_html import expand
from tests.core.test_render_xlsx import sheet_tables

printed = st.one_of(
    st.integers(-10**6, 10**9).map(str),
    st.sampled_from(["", " ", "—", "/", "无", "－", "３", "03", "+3", "-0", "1,234", "0.35", "1308353元", "12.5万元",
                     "\u00a07\u3000"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
)


@st.composite
def reports(draw):
    template = draw(st.sampled_from(["2019", "2021"]))
    report = Report(template=template, year=draw(st.none() | st.integers(2019, 2030)),
                    agency=draw(st.none() | st.text(max_size=20)))
    keys = C.template(template).keys()
    if draw(st.booleans()):  # the mixed form
        keys = [k for k in keys if not k.startswith("apps.other.")] + [C.app_key("other", c)
                                                                       for c in C.APP_COLUMN_KEYS]
    for key in keys:
        if key.startswith("art20.") and draw(st.integers(0, 9)) == 0:
            continue  # an Article 20 cell not printed
        raw = draw(printed)
        report.set(key, Cell.read(key, raw))
    report.sections = {k: draw(st.text(max_size=40)) for k, _ in C.SECTIONS}
    return report


# No shrinking: a report has ~200 cells and shrinking one takes minutes; the unshrunk example
# is printed and reproducible from the seed.
SETTINGS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    phases=[Phase.explicit, Phase.reuse, Phase.generate])


def _tables_match(matrices, report):
    numbers = sorted(layout.tables(report))
    assert len(matrices) == len(numbers)
    for number, m in zip(numbers, matrices, strict=True):
        keys = assert_table(m, number, report)
        assert keys >= {k for k in expected_keys(report, number)}


@SETTINGS
@given(report=reports())
def test_html_reads_back(report):
    doc = lxml.html.fromstring(html.render(report))
    _tables_match([expand(t) for t in doc.findall(".//table")], report)


@settings(SETTINGS, max_examples=5)
@given(report=reports())
def test_docx_reads_back(report):
    doc = docx.Document(io.BytesIO(render_docx.render(report)))
    _tables_match([matrix(t) for t in doc.tables], report)


@settings(SETTINGS, max_examples=5)
@given(report=reports())
def test_xlsx_reads_back(report):
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.render(report))).active
    _tables_match(sheet_tables(ws), report)


@SETTINGS
@given(report=reports())
def test_text_and_markdown_render(report):
    assert text.render(report).endswith("\n")
    out = markdown.render(report)
    for line in out.splitlines():
        if line.startswith("|"):
            assert line.replace("\\|", "").count("|") in (5, 11, 16), line
