"""The background queue with real worker processes: two `gongkai worker`s read an imported folder;
one is killed (SIGKILL) in the middle of a report; every report is read, each exactly once.

Runs on SQLite (the embedded default) and on PostgreSQL where it answers (DATABASE_URL of this
helper's own database name)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .. import docgen

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
# This run's own scratch database (two runs of the suite at once must not drop each other's).
PG_NAME = f"h_supervision_queue_{os.getpid()}"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"


def _pg(*statements: str) -> bool:
    try:
        import psycopg
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2,
                             autocommit=True) as c:
            for sql in statements:
                c.execute(sql)
        return True
    except Exception:
        return False


class DB:
    """Read the workspace's tables from the test, through the database's own client library."""

    def __init__(self, url: str, path: Path | None):
        self.url, self.path = url, path

    def rows(self, sql: str) -> list[tuple]:
        if self.path is not None:
            with sqlite3.connect(self.path, timeout=30) as c:
                return c.execute(sql).fetchall()
        import psycopg
        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as c:
            return c.execute(sql).fetchall()


@pytest.fixture(params=["sqlite", "postgres"])
def world(request, tmp_path):
    if request.param == "postgres":
        if not _pg(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)", f"CREATE DATABASE {PG_NAME}"):
            pytest.skip("PostgreSQL 127.0.0.1:5432 不可用")
        request.addfinalizer(lambda: _pg(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)"))
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}" if request.param == "sqlite" else PG_URL
    env = dict(os.environ, PYTHONPATH=str(REPO), DATABASE_URL=url, GONGKAI_DATA_DIR=str(tmp_path / "data"),
               GONGKAI_READ_LEASE="2", GONGKAI_READ_PAUSE="1.5", DJANGO_SETTINGS_MODULE="gongkai.site.settings")
    db = DB(url, tmp_path / "db.sqlite3" if request.param == "sqlite" else None)
    return env, db


def _gongkai(env, *args, **kw):
    return subprocess.Popen([sys.executable, "-m", "gongkai", *args], env=env, **kw)


def test_killed_worker_loses_nothing_and_nothing_is_read_twice(world, tmp_path):
    env, db = world
    region = docgen.random_region(21, counties=1, departments=3, townships=2)
    folder = tmp_path / "reports"
    folder.mkdir()
    for i, report in enumerate(region.reports.values()):
        (folder / f"r{i:02d}.txt").write_bytes(docgen.make("text", report).data)
    (tmp_path / "units.csv").write_text(region.csv(), encoding="utf-8")
    n = len(region.reports)
    assert n == 10  # 市 + 3 departments, 县 + 3 departments + 2 townships

    imp = subprocess.run([sys.executable, "-m", "gongkai", "import", str(folder), "--units",
                          str(tmp_path / "units.csv")], env=env, capture_output=True, text=True, timeout=120)
    assert imp.returncode == 0, imp.stderr
    assert f"已排队 {n} 份报告" in imp.stdout

    logs = [open(tmp_path / f"w{i}.log", "wb") for i in range(2)]
    a = _gongkai(env, "worker", "--interval", "0.2", stdout=logs[0], stderr=subprocess.STDOUT)
    b = _gongkai(env, "worker", "--interval", "0.2", stdout=logs[1], stderr=subprocess.STDOUT)
    try:
        # wait until worker A is in the middle of a report, then kill it outright
        deadline = time.monotonic() + 60
        victim = None
        while time.monotonic() < deadline and victim is None:
            rows = db.rows("SELECT id, claimed_by FROM supervision_submission WHERE state = 'reading'")
            victim = next((pk for pk, who in rows if who.endswith(f":{a.pid}")), None)
            time.sleep(0.05)
        assert victim is not None, "worker A never claimed a report"
        os.kill(a.pid, signal.SIGKILL)
        a.wait(10)

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            states = db.rows("SELECT state, COUNT(*) FROM supervision_submission GROUP BY state")
            if dict(states).get("read") == n:
                break
            time.sleep(0.2)
    finally:
        for p in (a, b):
            if p.poll() is None:
                p.terminate()
                p.wait(10)
        for f in logs:
            f.close()

    rows = db.rows("SELECT id, state, attempts, read_by, unit_id, current FROM supervision_submission ORDER BY id")
    assert [r[1] for r in rows] == ["read"] * n, (tmp_path / "w1.log").read_text()
    by_id = {r[0]: r for r in rows}
    # the interrupted report was read a second time, by the surviving worker …
    assert by_id[victim][2] == 2 and by_id[victim][3].endswith(f":{b.pid}")
    # … every report is matched to its own unit, once, and is that unit's only version
    assert len({r[4] for r in rows}) == n and all(r[4] is not None and r[5] for r in rows)
    # the findings of each report were stored once: no (report, code, message) twice
    dup = db.rows("SELECT submission_id, code, message, COUNT(*) FROM supervision_finding "
                  "GROUP BY submission_id, code, message HAVING COUNT(*) > 1")
    assert dup == []
    # the dead worker's task was closed as failed, its replacement succeeded; no task left waiting
    tasks = dict(db.rows("SELECT status, COUNT(*) FROM django_tasks_database_dbtaskresult GROUP BY status"))
    assert tasks.get("FAILED") == 1 and tasks.get("SUCCESSFUL") == n  # n - 1 first runs + the rerun
    assert not tasks.get("READY") and not tasks.get("RUNNING")


def test_serve_starts_one_worker_that_reads_imported_reports(tmp_path):
    """`make run` is one command: `gongkai serve` on SQLite reads what `gongkai import` queues."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env = dict(os.environ, PYTHONPATH=str(REPO), DATABASE_URL=url, GONGKAI_DATA_DIR=str(tmp_path / "data"),
               PYTHONUNBUFFERED="1")
    region = docgen.random_region(22, counties=1, departments=1, townships=0)
    folder = tmp_path / "reports"
    folder.mkdir()
    for i, report in enumerate(region.reports.values()):
        (folder / f"r{i}.txt").write_bytes(docgen.make("text", report).data)
    (tmp_path / "units.csv").write_text(region.csv(), encoding="utf-8")
    serve = _gongkai(env, "serve", "--no-demo", "--port", str(port), stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        while True:
            line = serve.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "打开 http" in line:
                break
        assert any("后台读取进程" in x for x in lines), lines
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        out = subprocess.run([sys.executable, "-m", "gongkai", "import", str(folder), "--units",
                              str(tmp_path / "units.csv"), "--wait"], env=env, capture_output=True, text=True,
                             timeout=120)
        assert out.returncode == 0, out.stderr
        assert f"已读取 {len(region.reports)} 份，无法读取 0 份" in out.stdout
    finally:
        serve.terminate()
        serve.wait(20)
    db = DB(url, tmp_path / "db.sqlite3")
    assert db.rows("SELECT COUNT(*) FROM supervision_submission WHERE state = 'read' AND unit_id IS NOT NULL") \
        == [(len(region.reports),)]


def test_pause_returns_when_stopped_and_after_its_time():
    """The heartbeat's and reaper's wait (not Event.wait: libfaketime makes that hang; see pause)."""
    import threading

    from gongkai.supervision.reading import pause

    stop = threading.Event()
    assert pause(stop, 0.05) is False  # its time ran out, nobody stopped it
    threading.Thread(target=lambda: (time.sleep(0.05), stop.set())).start()  # Timer uses Event.wait
    assert pause(stop, 600) is True  # returns once stopped, long before 600 s (else the test hangs)
    assert pause(stop, 600) is True
