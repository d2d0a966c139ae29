"""Real parallel HTTP requests at a real server (gunicorn, several worker processes), on SQLite and PostgreSQL.

Each scenario releases N threads at once (a barrier) against one application, then checks what
the law of one winner demands: exactly one request takes effect, every other one gets the
conflict (HTTP 409 from the API, a message on the page), none gets a 500, and the record and
its audit trail agree. Application numbers and letter serials drawn in parallel never collide.

The figures of each run are printed (``pytest -s``) and gathered in docs/platform.md.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

requests = pytest.importorskip("requests")

pytestmark = [pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
N = 8
PASSWORD = "parallel-pw-12345"
PG_BASE = os.environ.get("GONGKAI_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
PG_NAME = os.environ.get("GONGKAI_PARALLEL_DB", "gongkai_parallel_test")
ID_NUMBER = "110105199202023459"  # a resident number whose check digit is right (GB 11643)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_url() -> str:
    psycopg = pytest.importorskip("psycopg")
    try:
        conn = psycopg.connect(PG_BASE, connect_timeout=3, autocommit=True)
    except Exception:  # noqa: BLE001  (any failure to connect: no PostgreSQL here)
        pytest.skip(f"PostgreSQL 未响应（{PG_BASE}）")
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_NAME}"')
    return PG_BASE.rsplit("/", 1)[0] + "/" + PG_NAME


def _drop_postgres() -> None:
    import psycopg

    with psycopg.connect(PG_BASE, connect_timeout=3, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')


class Server:
    def __init__(self, url: str, env: dict, ids: dict):
        self.url, self.env, self.ids = url, env, ids

    def query(self, code: str):
        """Run ``code`` against the server's database in a fresh process; it prints JSON."""
        prog = ("import os, json, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'gongkai.site.settings');"
                "django.setup(); from gongkai.cases import models as m; from gongkai.letters.models import Letter;\n"
                + code)
        out = subprocess.run([sys.executable, "-c", prog], env=self.env, capture_output=True, text=True, timeout=120,
                             cwd=ROOT)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout.strip().splitlines()[-1])

    def login(self, username: str) -> requests.Session:
        s = requests.Session()
        s.get(self.url + "/login/", timeout=30)
        r = s.post(self.url + "/login/", data={"username": username, "password": PASSWORD,
                                               "csrfmiddlewaretoken": s.cookies["csrftoken"]},
                   headers={"Referer": self.url + "/login/"}, allow_redirects=False, timeout=30)
        assert r.status_code == 302, r.text[:500]
        return s


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def server(request, tmp_path_factory):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        pytest.skip("gunicorn 未安装")
    tmp = tmp_path_factory.mktemp(request.param)
    if request.param == "sqlite":
        db = f"sqlite:///{tmp}/parallel.sqlite3"
    else:
        db = _postgres_url()
    env = dict(os.environ, DATABASE_URL=db, GONGKAI_DATA_DIR=str(tmp), DJANGO_SETTINGS_MODULE="gongkai.site.settings",
               SECRET_KEY="parallel-test-" + "k" * 40, DEBUG="0", ALLOWED_HOSTS="127.0.0.1",
               GONGKAI_PUBLIC_RATE="10000", GONGKAI_LOOKUP_RATE="10000", GONGKAI_INSECURE_COOKIES="1",
               PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    seeded = subprocess.run([sys.executable, str(Path(__file__).with_name("seed.py"))], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert seeded.returncode == 0, seeded.stderr
    ids = json.loads(seeded.stdout.strip().splitlines()[-1])
    port = _free_port()
    proc = subprocess.Popen([str(gunicorn), "gongkai.site.wsgi:application", "--bind", f"127.0.0.1:{port}",
                             "--workers", "3", "--threads", "4", "--timeout", "120", "--log-level", "warning"],
                            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(url + "/login/", timeout=30).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
            if proc.poll() is not None:
                pytest.fail("gunicorn 未能启动：" + proc.stdout.read())
        yield Server(url, env, ids)
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        if request.param == "postgres":
            _drop_postgres()


def fire(calls) -> list:
    """Run the callables all at once (released together by a barrier); their results, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as e:  # noqa: BLE001  (a failed request is a result too)
            results[i] = e

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    return results


def clone(session: requests.Session) -> requests.Session:
    s = requests.Session()
    s.cookies.update(session.cookies)
    return s


def api_post(session, url, data):
    s = clone(session)
    return lambda: s.post(url, json=data, headers={"X-CSRFToken": s.cookies["csrftoken"], "Referer": url},
                          timeout=120)


def page_post(session, url, data):
    s = clone(session)

    def call():
        r = s.post(url, data={**data, "csrfmiddlewaretoken": s.cookies["csrftoken"]},
                   headers={"Referer": url}, allow_redirects=False, timeout=120)
        if r.status_code != 302:
            return r.status_code, ""
        page = s.get(requests.compat.urljoin(url, r.headers["Location"]), timeout=120).text
        return r.status_code, " ".join(re.findall(r'<ul class="messages">(.*?)</ul>', page, re.S))
    return call


FIGURES: dict[str, dict] = {}


def record(server, scenario: str, **figures) -> None:
    backend = "postgresql" if "postgres" in server.env["DATABASE_URL"] else "sqlite"
    FIGURES[f"{backend} {scenario}"] = figures
    print(f"\n[parallel] {backend:10} {scenario:32} " + " ".join(f"{k}={v}" for k, v in figures.items()))


def trail(server, pk: int) -> dict:
    return server.query(
        f"a = m.Application.objects.get(pk={pk}); ev = list(a.events.values_list('action', 'to_status', 'detail'));"
        "print(json.dumps({'status': a.status, 'outcome': a.outcome, 'events': ev}))")


OUTCOMES = [{"outcome": "granted", "reason": ""}, {"outcome": "denied.state_secret", "reason": "涉及国家秘密"}]


def test_close_close_through_the_api(server):
    pk = server.ids["close_close_api"][0]
    h1, h2 = server.login("h1"), server.login("h2")
    url = f"{server.url}/api/applications/{pk}/actions/close/"
    calls = [api_post((h1, h2)[i % 2], url, {"on": "2026-03-20", "responsible_agency": "", **OUTCOMES[i % 2]})
             for i in range(N)]
    results = fire(calls)
    codes = Counter(r.status_code if not isinstance(r, Exception) else repr(r) for r in results)
    record(server, "close/close (API)", requests=N, ok=codes[200], conflict_409=codes[409],
           errors_500=sum(v for k, v in codes.items() if k not in (200, 409)))
    assert codes == {200: 1, 409: N - 1}, codes
    conflicts = [r.json()["detail"] for r in results if r.status_code == 409]
    assert all("当前状态为“已办结”，不能办结" in d for d in conflicts), conflicts
    t = trail(server, pk)
    closes = [e for e in t["events"] if e[0] == "close"]
    assert t["status"] == "closed" and len(closes) == 1
    assert closes[0][2]["outcome"] == t["outcome"]  # the record says what its trail says
    winner = next(r for r in results if r.status_code == 200).json()
    assert winner["outcome"] == t["outcome"] and winner["status"] == "closed"


def test_close_close_through_the_pages(server):
    pk = server.ids["close_close_page"][0]
    h1 = server.login("h1")
    url = f"{server.url}/staff/a/{pk}/do/close/"
    results = fire([page_post(h1, url, {"on": "2026-03-20", "responsible_agency": "", **OUTCOMES[i % 2]})
                    for i in range(N)])
    done = [msg for code, msg in results if "办结：已完成" in msg]
    refused = [msg for code, msg in results if "当前状态为“已办结”，不能办结" in msg]
    record(server, "close/close (pages)", requests=N, ok=len(done), conflict_message=len(refused),
           errors_500=sum(1 for code, _ in results if code != 302))
    assert all(code == 302 for code, _ in results), results
    assert len(done) == 1 and len(refused) == N - 1, results
    t = trail(server, pk)
    assert t["status"] == "closed" and [e[0] for e in t["events"]].count("close") == 1


def test_correction_against_close(server):
    pk = server.ids["corr_close"][0]
    h1, h2 = server.login("h1"), server.login("h2")
    base = f"{server.url}/api/applications/{pk}/actions/"
    calls = []
    for i in range(N):
        if i % 2:
            calls.append(api_post(h1, base + "request_correction/",
                                  {"on": "2026-03-04", "notice": "请补正所需信息的名称", "days": 15}))
        else:
            calls.append(api_post(h2, base + "close/", {"on": "2026-03-20", "outcome": "granted", "reason": "",
                                                        "responsible_agency": ""}))
    results = fire(calls)
    codes = Counter(r.status_code if not isinstance(r, Exception) else repr(r) for r in results)
    record(server, "correction/close (API)", requests=N, ok=codes[200], conflict_409=codes[409],
           errors_500=sum(v for k, v in codes.items() if k not in (200, 409)))
    assert codes == {200: 1, 409: N - 1}, codes
    t = trail(server, pk)
    changes = [e for e in t["events"] if e[0] in ("close", "request_correction")]
    assert len(changes) == 1
    assert t["status"] == changes[0][1]  # the trail's last word is where the record stands
    assert t["status"] in ("closed", "correction")


def test_approval_flow_propose_against_itself(server):
    """With 办结需审批, N proposals: one goes to 待审批办结, the rest conflict; then approve/refuse race."""
    pk = server.ids["approval"][0]
    boss = server.login("boss")
    base = f"{server.url}/api/applications/{pk}/actions/"
    results = fire([api_post(boss, base + "close/", {"on": "2026-03-20", "responsible_agency": "", **OUTCOMES[i % 2]})
                    for i in range(N)])
    codes = Counter(r.status_code for r in results)
    assert codes == {200: 1, 409: N - 1}, codes
    results = fire([api_post(boss, base + ("approve_close/" if i % 2 else "refuse_close/"),
                             {"on": "2026-03-20", "note": "理由不充分"}) for i in range(N)])
    codes = Counter(r.status_code for r in results)
    record(server, "approve/refuse (API)", requests=N, ok=codes[200], conflict_409=codes[409],
           errors_500=sum(v for k, v in codes.items() if k not in (200, 409)))
    assert codes == {200: 1, 409: N - 1}, codes
    t = trail(server, pk)
    decided = [e for e in t["events"] if e[0] in ("approve_close", "refuse_close")]
    assert len(decided) == 1 and t["status"] == decided[0][1]


def test_public_submissions_get_distinct_numbers(server):
    def submit():
        s = requests.Session()
        form = s.get(f"{server.url}/apply/par/", timeout=60)
        assert form.status_code == 200
        data = {"applicant_type": "natural_person", "applicant_name": "王五", "id_type": "resident_id",
                "id_number": ID_NUMBER, "phone": "13900000000", "info_description": "申请公开并发测试的文件",
                "delivery_form": "electronic", "csrfmiddlewaretoken": s.cookies["csrftoken"]}
        return lambda: s.post(f"{server.url}/apply/par/", data=data, headers={"Referer": f"{server.url}/apply/par/"},
                              allow_redirects=False, timeout=120)

    before = server.query("print(json.dumps(m.Application.objects.filter(agency__slug='par').count()))")
    results = fire([submit() for _ in range(N)])
    codes = Counter(r.status_code if not isinstance(r, Exception) else repr(r) for r in results)
    record(server, "public submissions", requests=N, ok=codes[302],
           errors_500=sum(v for k, v in codes.items() if k != 302))
    assert codes == {302: N}, codes
    got = server.query("print(json.dumps([[a.number, a.events.filter(action='submit').count()] for a in "
                       "m.Application.objects.filter(agency__slug='par', status='submitted')]))")
    numbers = [n for n, _ in got]
    assert len(got) == N and len(set(numbers)) == N and all(c == 1 for _, c in got)
    seqs = sorted(int(n.split("-")[1]) for n in numbers)
    assert seqs == list(range(seqs[0], seqs[0] + N))  # consecutive: none skipped, none taken twice
    after = server.query("print(json.dumps(m.Application.objects.filter(agency__slug='par').count()))")
    assert after == before + N


def test_letters_get_distinct_serials(server):
    pk = server.ids["letters"][0]
    sessions = [server.login("h1"), server.login("reg")]
    url = f"{server.url}/staff/a/{pk}/letters/new/"
    results = fire([page_post(sessions[i % 2], url, {"kind": "receipt", "issued": "2026-03-03"}) for i in range(N)])
    made = [msg for code, msg in results if "已制作" in msg]
    record(server, "letters", requests=N, ok=len(made), errors_500=sum(1 for code, _ in results if code != 302))
    assert all(code == 302 for code, _ in results) and len(made) == N, results
    got = server.query(f"print(json.dumps([l.serial for l in Letter.objects.filter(application_id={pk})] + "
                       f"[m.Event.objects.filter(application_id={pk}, action='letter').count()]))")
    serials, events = got[:-1], got[-1]
    assert sorted(serials) == list(range(1, N + 1)) and events == N
