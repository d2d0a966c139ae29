"""JSON in and out: gongkai reads back whatever it wrote, and the minimal form."""

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.errors import ReadError
from gongkai.report import Report, check, jsonio
from gongkai.report import cells as C

from .builders import balanced, sections

ALL_KEYS = sorted(C.ALL_KEYS)

printed = st.one_of(
    st.integers(-5, 10**7).map(str),
    st.sampled_from(["", "\u00a0", "—", "/", "无", "１２", " 3 ", "0.35", "1308353元", "7730.28",
                     "22（其中修订 16 件）"]),
    st.text(alphabet="0123456789一二三元万件—/ .\u3000", max_size=8),
)


@st.composite
def reports(draw):
    template = draw(st.sampled_from(C.TEMPLATES))
    r = Report(
        template=template,
        year=draw(st.none() | st.integers(2019, 2030)),
        agency=draw(st.none() | st.text(max_size=12)),
        published=draw(st.none() | st.dates(dt.date(2019, 1, 1), dt.date(2031, 12, 31))),
        summary=draw(st.booleans()),
    )
    for key in draw(st.lists(st.sampled_from(ALL_KEYS), max_size=40, unique=True)):
        cell = r.set(key, draw(printed))
        if draw(st.booleans()):
            cell.where = {"line": draw(st.integers(1, 500))}
    if draw(st.booleans()):
        r.sections = {k: draw(st.text(max_size=30)) for k in C.SECTION_KEYS}
    return r


@settings(max_examples=200, deadline=None)
@given(reports())
def test_round_trip(report):
    text = jsonio.dumps(report, check(report))
    back = jsonio.loads(text)
    assert jsonio.to_json(back) == jsonio.to_json(report)
    assert back.plain_cells() == report.plain_cells()
    for k, c in report.cells.items():
        assert (back.cells[k].kind, back.cells[k].number, back.cells[k].where) == (c.kind, c.number, c.where)


def test_minimal_form():
    r = jsonio.from_json({"template": "2019", "year": 2020,
                          "cells": {"apps.new_received.natural_person": 4, "apps.granted.total": None,
                                    "art20.procurement.amount": "1308353元", "art20.fees.change": "—"}})
    assert r.number("apps.new_received.natural_person") == 4
    assert r.cells["apps.granted.total"].is_blank
    assert r.cells["art20.procurement.amount"].unit == "元"
    assert r.cells["art20.fees.change"].kind == "text"


def test_written_form_keeps_raw_where_it_differs():
    r = balanced("2021", seed=1)
    r.set("apps.granted.research", "\u3000３")
    r.sections = sections(r)
    data = jsonio.to_json(r, check(r))
    assert data["cells"]["apps.granted.research"] == {"value": 3, "raw": "\u3000３", "kind": "int"}
    assert data["cells"]["apps.total.total"] == r.number("apps.total.total")
    assert list(data["cells"])[:1] == ["art20.regulations.made"]  # printed order
    assert {"code", "severity", "message", "keys"} == set(data["findings"][0]) if data["findings"] else True
    json.dumps(data)  # serialisable


@pytest.mark.parametrize(
    "payload, fragment",
    [
        ("[1, 2]", "顶层应为对象"),
        ('{"year": 2020}', "缺少 template"),
        ('{"template": "2018"}', "template 应为"),
        ('{"template": "2019", "cells": {"apps.nope.total": 1}}', "未知的单元格键"),
        ('{"template": "2019", "published": "31/01/2020"}', "published"),
        ('{"template": "2019", "cells": {"apps.total.total": [1]}}', "apps.total.total"),
        ('{"template": "2019",', "不是有效的 JSON"),
    ],
)
def test_bad_json_is_a_clear_error(payload, fragment):
    with pytest.raises(ReadError) as e:
        jsonio.loads(payload, "x.json")
    assert fragment in str(e.value) and "x.json" in str(e.value)


def test_ocr_confidence_survives_the_round_trip_for_plain_numbers():
    from gongkai.report.model import Cell

    cell = Cell.read("apps.new_received.total", "12")
    cell.confidence = 0.61
    data = jsonio.cell_to_json(cell)
    assert data == {"value": 12, "raw": "12", "kind": "int", "confidence": 0.61}
    back = jsonio.cell_from_json("apps.new_received.total", data)
    assert (back.value, back.confidence) == (12, 0.61)
    # Without a confidence the plain form stays plain.
    assert jsonio.cell_to_json(Cell.read("apps.new_received.total", "12")) == 12
