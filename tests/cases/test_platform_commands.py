"""gongkai report and gongkai serve, and the settings' DATABASE_URL parsing."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.errors import GongkaiError
from gongkai.site.settings import database_from_url

from .platform_world import application

D = dt.date


def test_database_urls():
    pg = database_from_url("postgres://user:p%40ss@db.example:6543/gongkai")
    assert pg["ENGINE"].endswith("postgresql")
    assert (pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["NAME"]) == ("user", "p@ss", "db.example", "6543",
                                                                                 "gongkai")
    assert database_from_url("postgresql://postgres@127.0.0.1/postgres")["PORT"] == ""
    assert database_from_url("sqlite:////tmp/x/gk.sqlite3")["NAME"] == "/tmp/x/gk.sqlite3"
    assert database_from_url("sqlite:///var/gk.sqlite3")["NAME"] == "var/gk.sqlite3"
    assert database_from_url(None)["NAME"].endswith("gongkai.sqlite3")
    with pytest.raises(GongkaiError, match="mysql"):
        database_from_url("mysql://root@localhost/db")


@pytest.mark.django_db
def test_report_command_json_and_text(people, capsys):
    p = people
    done = application(p.a, p.registrar, received=D(2026, 3, 2), applicant_type="commercial")
    done.close(p.handler, "not_processed.repeat", D(2026, 3, 10), "重复申请")
    application(p.a, p.registrar, received=D(2026, 10, 26))
    assert main(["report", "2026", "--agency", "a", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["year"] == 2026 and out["template"] == "2021" and out["agency"] == "示范市人民政府办公室"
    assert out["cells"]["apps.not_processed.repeat.commercial"] == 1
    assert out["cells"]["apps.new_received.total"] == 2 and out["cells"]["apps.carried_forward.total"] == 1
    assert not [f for f in out["findings"] if f["severity"] == "error"]
    assert main(["report", "2026", "--agency", "a"]) == 0
    text = capsys.readouterr().out
    assert "五）不予处理 2.重复申请" in text and "结转下年度" in text


@pytest.mark.django_db
def test_report_command_needs_a_known_agency(people, capsys):
    assert main(["report", "2026"]) == 2
    assert "--agency" in capsys.readouterr().err
    assert main(["report", "2026", "--agency", "nope"]) == 2
    assert "nope" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_serve_migrates_loads_demo_and_answers(tmp_path):
    port = _free_port()
    env = dict(os.environ, GONGKAI_DATA_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path}/serve.sqlite3",
               PYTHONUNBUFFERED="1")
    exe = Path(sys.executable).with_name("gongkai")
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "打开 http" in line:
                break
        out = "".join(lines)
        assert "演示账号" in out and "handler" in out and "gongkai-demo" in out, out
        for _ in range(100):
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "工作人员登录" in body
        home = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
        assert "示例市人民政府办公室" in home
    finally:
        proc.terminate()
        proc.wait(10)
    # The demo year is in the database: gongkai report reads it (this year and last).
    received = 0
    for year in (dt.date.today().year - 1, dt.date.today().year):
        out2 = subprocess.run([str(exe), "report", str(year), "--agency", "demo", "--json"], env=env,
                              capture_output=True, text=True, timeout=120)
        data = json.loads(out2.stdout)
        assert not [f for f in data["findings"] if f["severity"] == "error"]
        received += data["cells"]["apps.new_received.total"]
    assert received > 300


def _serve(tmp_path, prefix: list[str]):
    """Start ``gongkai serve`` (behind ``prefix``, e.g. faketime) on a free port; (process, port, output)."""
    port = _free_port()
    # A faketime already around this test (scripts/test.sh's rerun) would compound with the prefix's.
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAKETIME")}
    preload = " ".join(p for p in env.get("LD_PRELOAD", "").split() if "faketime" not in p)
    env.pop("LD_PRELOAD", None)
    if preload:
        env["LD_PRELOAD"] = preload
    env.update(GONGKAI_DATA_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path}/serve.sqlite3",
               PYTHONUNBUFFERED="1")
    exe = Path(sys.executable).with_name("gongkai")
    # A session of its own: the server, its worker and faketime's child are ended together (_stop).
    proc = subprocess.Popen([*prefix, str(exe), "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "打开 http" in line:
            break
    return proc, port, "".join(lines)


def _stop(proc) -> None:
    """End the server's whole process group: SIGTERM, then SIGKILL if it has not gone in 10 s (under
    libfaketime a timed wait inside the server can block, so its own shutdown may never finish)."""
    import signal

    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(10)
            break
        except subprocess.TimeoutExpired:
            continue
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # anything of the group still left (the worker)
    except ProcessLookupError:
        pass


def _login_and_get(port: int, username: str, path: str) -> str:
    import http.cookiejar
    import re
    import urllib.parse

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            page = opener.open(f"{base}/login/", timeout=5).read().decode()
            break
        except OSError:
            time.sleep(0.2)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username,
                                   "password": "gongkai-demo"}).encode()
    req = urllib.request.Request(f"{base}/login/", data=data, headers={"Referer": f"{base}/login/"})
    opener.open(req, timeout=10).read()
    return opener.open(f"{base}{path}", timeout=30).read().decode()


@pytest.mark.slow
@pytest.mark.parametrize("when", ["2026-12-20 10:00:00", "2027-06-01 10:00:00", "2030-01-15 10:00:00"])
def test_serve_loads_its_demo_on_any_date(tmp_path, when):
    """The demo loads and the platform answers with the system date past the known calendar
    (chinesecalendar knows 2004–2026): due dates in an unknown year are shown as 暂定."""
    import shutil

    if not shutil.which("faketime"):
        pytest.skip("Debian's faketime is not installed (scripts/system-packages.sh installs it)")
    proc, port, out = _serve(tmp_path, ["faketime", when])
    try:
        assert "演示账号" in out and "siteadmin" in out, out
        year = int(when[:4])
        assert f"{year}年{int(when[5:7])}月{int(when[8:10])}日" in _login_and_get(port, "handler", "/staff/demo/")
        html = _login_and_get(port, "handler", "/staff/demo/?queue=open")
        assert "全部在办" in html and 'id="queue-table"' in html
        # Open applications received in the last weeks have due dates in the next year (or, past
        # 2026, in this one): both unknown, so the workbench marks them and names the year.
        missing = year + 1 if when.startswith("2026") else year
        assert "暂定" in html and f"{missing}年" in html, html[:3000]
        admin = _login_and_get(port, "siteadmin", "/holidays/")
        assert "法定节假日与调休安排" in admin
        if when[5:7] in ("11", "12"):
            assert 'id="schedule-reminder"' in admin
    finally:
        _stop(proc)
