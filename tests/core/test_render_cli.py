"""gongkai render: any report file → a document in the statutory layout."""

import io
import json

import docx
import pytest

from gongkai.cli import main
from gongkai.report import jsonio
from tests.core.render_check import distinct_report


@pytest.fixture
def report_json(tmp_path):
    report = distinct_report("2021")
    path = tmp_path / "report.json"
    path.write_text(jsonio.dumps(report), encoding="utf-8")
    return report, path


def test_text_to_stdout(report_json, capsys):
    report, path = report_json
    assert main(["render", str(path), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("云溪市统计局2023年政府信息公开工作年度报告")
    assert str(report.get("apps.total.total")) in out


def test_docx_next_to_the_input(report_json):
    report, path = report_json
    assert main(["render", str(path), "-f", "docx"]) == 0
    doc = docx.Document(io.BytesIO(path.with_suffix(".docx").read_bytes()))
    assert len(doc.tables) == 3


def test_render_then_read_back_html(report_json, tmp_path, capsys):
    report, path = report_json
    out = tmp_path / "page.html"
    assert main(["render", str(path), "-f", "html", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["parse", "--json", str(out)]) in (0, 1)  # distinct values do not balance
    parsed = json.loads(capsys.readouterr().out)
    assert parsed["template"] == "2021" and parsed["year"] == 2023
    got = {k: v["value"] if isinstance(v, dict) else v for k, v in parsed["cells"].items()}
    assert got == report.plain_cells()


def test_unreadable_input_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"template": "1999"}), encoding="utf-8")
    assert main(["render", str(bad), "-f", "html"]) == 2
    assert "template" in capsys.readouterr().err
