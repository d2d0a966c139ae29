"""gongkai report YEAR --agency SLUG --format html|docx|pdf|json -o FILE."""

from __future__ import annotations

import json

import pytest

from gongkai.cli import main

pytestmark = pytest.mark.django_db


def test_report_formats_and_errors(people, capsys, tmp_path):
    assert main(["report", "2026", "--agency", "a", "--format", "pdf"]) == 2
    assert "-o" in capsys.readouterr().err
    out = tmp_path / "r.html"
    assert main(["report", "2026", "--agency", "a", "--format", "html", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "六、其他需要报告的事项"):
        assert heading in html
    assert "截至2026年10月30日" in html  # no draft yet: the prefilled text, the year not over
    capsys.readouterr()
    assert main(["report", "2026", "--agency", "a", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cells"]["art20.fees.amount"] == 0 and data["sections"]["overview"].startswith("截至")
