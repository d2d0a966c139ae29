"""What the database benchmarks share: a scratch PostgreSQL database, and each measurement run
in a child process of its own (a fresh interpreter, its own peak memory), whose last line of
output is its JSON result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = os.environ.get("GONGKAI_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")


def pg_available() -> bool:
    try:
        import psycopg

        psycopg.connect(PG_ADMIN, connect_timeout=3).close()
        return True
    except Exception:
        return False


def pg_url(name: str) -> str:
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def pg_database(name: str, create: bool) -> str:
    """Drop the scratch database ``name`` (ending its connections) and, with ``create``, make it
    anew; its URL."""
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if create:
            conn.execute(f"CREATE DATABASE {name}")
    return pg_url(name)


def run_child(module: str, *args: object, timeout: int = 3600, label: str = "") -> dict:
    """``python -m MODULE --child ARGS…`` from the repository; its JSON result."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # As in production: DEBUG off (with it on Django keeps every query in memory), so the settings
    # need a key (a benchmark's own unless one is set) and a host.
    env.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    env.setdefault("ALLOWED_HOSTS", "testserver")  # Django's test client, which the benchmarks request through
    env.pop("DEBUG", None)
    out = subprocess.run([sys.executable, "-m", module, "--child", *map(str, args)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"{label or module}: {out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])
