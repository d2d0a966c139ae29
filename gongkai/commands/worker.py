"""gongkai worker: read received reports in the background (run any number, on any machine that
reaches the database). `gongkai serve` starts one beside itself."""

from __future__ import annotations

import argparse
import os
import threading

from ..cli import EXIT_OK, command


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--interval", type=float, default=0.5, help="队列为空时每隔几秒查看一次（默认 0.5）")
    p.add_argument("--batch", action="store_true", help="读完队列中的报告后退出")


@command("worker", "后台读取收到的年度报告（可在多台机器上运行多个）")(_args)
def run(args: argparse.Namespace) -> int:
    from .serve import setup_django

    if not os.environ.get("SECRET_KEY"):
        # as `gongkai serve` on the embedded default; production sets SECRET_KEY for every process
        os.environ.setdefault("DEBUG", "1")
    setup_django()
    from django.core.management import call_command

    from ..supervision import reading

    worker = reading.worker_id()
    stop = threading.Event()
    reaper = threading.Thread(target=reading.reaper, args=(stop,), daemon=True, name="requeue-stale")
    reading.requeue_stale()
    reaper.start()
    print(f"gongkai: 读取进程 {worker} 已启动", flush=True)
    try:
        call_command("db_worker", interval=args.interval, batch=args.batch, reload=False, worker_id=worker[:64],
                     startup_delay=False, verbosity=0)
    finally:
        stop.set()
    return EXIT_OK
