"""gongkai check / parse on gongkai's own JSON: output and exit codes."""

import json
import subprocess
import sys

import pytest

from gongkai.cli import main
from gongkai.report import jsonio

from .builders import balanced


@pytest.fixture
def good(tmp_path):
    p = tmp_path / "good.json"
    p.write_text(jsonio.dumps(balanced("2021", seed=1)), encoding="utf-8")
    return p


@pytest.fixture
def bad(tmp_path):
    r = balanced("2019", seed=2)
    r.set("apps.total.total", r.number("apps.total.total") + 1)
    p = tmp_path / "bad.json"
    p.write_text(jsonio.dumps(r), encoding="utf-8")
    return p


def test_check_clean_exits_0(good, capsys):
    assert main(["check", str(good)]) == 0
    assert "共 0 个错误" in capsys.readouterr().out


def test_check_errors_exit_1_and_name_cells(bad, capsys):
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "错误" in out and "apps.total.total" in out


def test_check_unreadable_exits_2(tmp_path, good, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text('{"template": ', encoding="utf-8")
    assert main(["check", str(good), str(broken)]) == 2
    err = capsys.readouterr().err
    assert "broken.json" in err and "不是有效的 JSON" in err
    assert main(["check", str(tmp_path / "missing.json")]) == 2


def test_check_json_output(bad, capsys):
    assert main(["check", "--json", str(bad)]) == 1
    data = json.loads(capsys.readouterr().out)
    f = data["findings"][0]
    assert set(f) == {"code", "severity", "message", "keys"} and f["severity"] == "error"


def test_check_english(bad, capsys):
    main(["check", "--lang", "en", str(bad)])
    assert "error" in capsys.readouterr().out


def test_check_pairs_consecutive_years_of_one_agency(tmp_path, capsys):
    prev, this = balanced("2021", seed=3, year=2023), balanced("2021", seed=4, year=2024)
    this.set("apps.carried_over.natural_person", prev.number("apps.carried_forward.natural_person") + 1)
    for name, r in (("a.json", prev), ("b.json", this)):
        (tmp_path / name).write_text(jsonio.dumps(r), encoding="utf-8")
    main(["check", "--json", str(tmp_path / "a.json"), str(tmp_path / "b.json")])
    data = json.loads(capsys.readouterr().out)
    assert any(f["code"] == "years.carry" for f in data[1]["findings"])


def test_parse_json_contract(good, capsys):
    assert main(["parse", "--json", str(good)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"template", "year", "agency", "published", "cells", "findings"} <= set(data)
    assert data["cells"]["apps.total.total"] == balanced("2021", seed=1).number("apps.total.total")


def test_console_script_runs(good):
    out = subprocess.run([sys.executable, "-m", "gongkai", "check", str(good)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
