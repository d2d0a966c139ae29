"""The round trip: every format gongkai publishes, read back by gongkai's own reader, gives the record.

For the demo's published year: ``gongkai parse --json`` of the PDF, the DOCX and the HTML that
``gongkai report YEAR --agency demo --format …`` writes gives exactly the cells of
``gongkai report … --format json``, finds all six sections (条例第五十条 lists what the report
contains; 国办公开办函〔2021〕30号 fixes the six headings) and no error finding. Runs on SQLite and,
with DATABASE_URL=postgres://…, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gongkai.cli import main
from gongkai.report import cells as C

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 10, 30)  # the demo's "today": a working day the calendar knows


@pytest.fixture
def demo(monkeypatch, settings, tmp_path):
    from gongkai.cases import models as m
    from gongkai.cases.demo import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(m.dates, "today", lambda: ON)
    m.forget_calendar()
    load_demo(count=120, on=ON)
    return ON.year - 1


def run_json(capsys, *args) -> dict:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)


def test_published_report_reads_back_exactly(demo, capsys, tmp_path):
    year = demo
    record = run_json(capsys, "report", str(year), "--agency", "demo", "--format", "json")
    assert record["published"] == f"{year + 1}-01-20"
    assert not [f for f in record["findings"] if f["severity"] == "error"]
    # Every key of the 2021 template is in the record: tables 2, 3 and 4, with real figures in each.
    assert set(record["cells"]) == set(C.template("2021").keys())
    assert record["cells"]["art20.fees.amount"]["kind"] == "decimal"  # 万元 with its decimals
    assert record["cells"]["art20.normative_documents.made"] == 3  # the demo's register, counted by hand
    assert record["cells"]["art20.regulations.repealed"] == 1
    assert record["cells"]["art20.normative_documents.in_force"] == 4  # 3 this year + 1 from 2023; 1 repealed
    assert record["cells"]["apps.new_received.total"] > 0
    for fmt in ("pdf", "docx", "html"):
        read_back(capsys, tmp_path, year, fmt, record)


def read_back(capsys, tmp_path, year, fmt, record):
    path = tmp_path / f"report.{fmt}"
    capsys.readouterr()
    assert main(["report", str(year), "--agency", "demo", "--format", fmt, "-o", str(path)]) == 0
    assert path.stat().st_size > 1000
    back = run_json(capsys, "parse", "--json", str(path))
    assert back["cells"] == record["cells"]
    assert back["year"] == year and back["template"] == "2021"
    assert back["published"] == record["published"]
    assert [k for k, _ in C.SECTIONS if (back["sections"].get(k) or "").strip()] == list(C.SECTION_KEYS)
    assert not [f for f in back["findings"] if f["severity"] == "error"]


def test_the_public_page_itself_reads_back(demo, client, tmp_path, capsys):
    """The public HTML page (site header, links and all) is as machine-readable as the files."""
    from gongkai import ingest

    year = demo
    record = run_json(capsys, "report", str(year), "--agency", "demo", "--format", "json")
    page = client.get(f"/reports/demo/{year}/")
    assert page.status_code == 200
    path = tmp_path / "page.html"
    path.write_bytes(page.content)
    back = ingest.read(str(path))
    from gongkai.report.jsonio import to_json

    assert to_json(back)["cells"] == record["cells"]
    assert back.published.isoformat() == record["published"] and back.year == year
