"""gongkai deadline: the due date first, then every counted day, in Chinese."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from gongkai.cli import main


@pytest.fixture(autouse=True)
def _no_platform_database(monkeypatch, tmp_path):
    """The command reads the platform's schedule when a database is configured: not here, unless a
    test says so (whatever DATABASE_URL the suite runs with, or a var/ database left by make run)."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr("gongkai.site.settings.DATA_DIR", tmp_path / "no-platform")


def run(capsys, *argv):
    code = main(["deadline", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_due_date_first_then_each_day(capsys):
    code, out, _ = run(capsys, "2026-02-13")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("2026-03-19  第20个工作日")
    counted = [l for l in lines if re.match(r"\s+第\s*\d+个工作日", l)]
    assert len(counted) == 20
    assert "2026-02-14（星期六）  调休上班（春节）" in counted[0]
    assert "2026-03-19（星期四）" in counted[-1]
    assert "2026-02-15 至 2026-02-23 春节" in out
    assert "当日不计入" in out


def test_national_day_and_makeup_receipt(capsys):
    code, out, _ = run(capsys, "2025-09-28")
    assert code == 0 and out.startswith("2025-10-31")
    assert "收到申请：2025-09-28（星期日），当日不计入" in out
    assert "2025-10-11（星期六）  调休上班" in out


def test_extend_pause_restart(capsys):
    _, out, _ = run(capsys, "2026-02-13", "--extend", "20")
    assert out.startswith("2026-04-17  第40个工作日") and "延长期间" in out
    _, out, _ = run(capsys, "2026-03-02", "--pause", "2026-03-10:2026-03-20")
    assert out.startswith("2026-04-13")
    assert "中止计算：2026-03-10 至 2026-03-20" in out
    assert "（不计：2026-03-10 至 2026-03-20 中止计算；2026-03-21 至 2026-03-22 周末）" in out
    _, out, _ = run(capsys, "2026-03-02", "--restart", "2026-03-09")
    assert out.startswith("2026-04-07") and "收到补正：2026-03-09" in out
    _, out, _ = run(capsys, "2026-03-02", "--pause", "2026-03-04:2026-03-05", "--pause", "2026-03-16:2026-03-16")
    assert out.startswith("2026-04-02")


def test_json(capsys):
    code, out, _ = run(capsys, "2025-01-27", "--json")
    data = json.loads(out)
    assert code == 0 and data["due"] == "2025-03-03" and len(data["counted"]) == 20
    assert data["counted"][3] == "2025-02-08"


def test_missing_year_exits_nonzero_naming_it(capsys):
    code, out, err = run(capsys, "2026-12-10")
    assert code == 2 and out == ""
    assert "2027年" in err and "--provisional" in err


def test_provisional_due_date_is_marked(capsys):
    # From 2026-12-10 (Thu): 12-11 (1); 12-14…12-18 (2–6); 12-21…12-25 (7–11); 12-28…12-31 (12–15);
    # 2027-01-01 元旦 (the law, Art. 2); 1-4…1-8 (16–20) → 2027-01-08, provisional.
    code, out, _ = run(capsys, "2026-12-10", "--provisional")
    first = out.splitlines()[0]
    assert code == 0 and first.startswith("2027-01-08  第20个工作日")
    assert "暂定" in first and "2027年" in first
    assert "2027-01-01 元旦（暂定）" in out
    code, out, _ = run(capsys, "2026-12-10", "--provisional", "--json")
    data = json.loads(out)
    assert data["due"] == "2027-01-08" and data["provisional"] is True and data["missing_years"] == [2027]
    # Inside the known calendar --provisional changes nothing.
    code, out, _ = run(capsys, "2026-02-13", "--provisional", "--json")
    assert json.loads(out)["due"] == "2026-03-19" and json.loads(out)["provisional"] is False


@pytest.mark.django_db
def test_uses_the_schedule_entered_on_the_platform(capsys, monkeypatch):
    from datetime import date

    from gongkai.cases import models as m

    m.ScheduleDay.objects.create(date=date(2027, 1, 1), is_workday=False, note="元旦")
    m.ScheduleDay.objects.create(date=date(2027, 1, 4), is_workday=False, note="元旦")
    m.ScheduleYear.objects.create(year=2027, source="测试")
    m.forget_calendar()
    monkeypatch.setenv("DATABASE_URL", "sqlite:///configured")  # a database is configured (the test's)
    code, out, _ = run(capsys, "2026-12-10")
    # As above, with 1-4 also off: 1-5…1-8 (16–19), 1-11 (20).
    assert code == 0 and out.startswith("2027-01-11  第20个工作日") and "暂定" not in out
    assert "平台录入的 [2027] 年安排" in out


def test_entered_schedule_fills_the_gap(capsys, tmp_path):
    f = tmp_path / "2027.json"
    f.write_text(json.dumps({"years": [2027], "holidays": {"2027-01-01": "元旦"}}), encoding="utf-8")
    code, out, _ = run(capsys, "2026-12-10", "--calendar", str(f))
    assert code == 0 and out.startswith("2027-01-08")
    assert "2027-01-01 元旦" in out
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, _, err = run(capsys, "2026-12-10", "--calendar", str(bad))
    assert code == 2 and "bad.json" in err


@pytest.mark.parametrize("argv", [
    ["2026-02-30"], ["2026-02-13", "--extend", "21"], ["2026-02-13", "--pause", "2026-03-01"],
])
def test_bad_arguments(capsys, argv):
    with pytest.raises(SystemExit) as e:
        main(["deadline", *argv])
    assert e.value.code == 2


def test_invalid_pause_is_a_message_not_a_traceback(capsys):
    code, _, err = run(capsys, "2026-03-02", "--pause", "2026-05-01:2026-05-05")
    assert code == 2 and "届满" in err


def test_installed_entry_point():
    r = subprocess.run([sys.executable, "-m", "gongkai", "deadline", "2025-10-11"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("2025-11-07")
