"""gongkai serve [--port 8000] [--no-demo]: migrate, load the demo into an empty database, run the platform."""

from __future__ import annotations

import argparse
import os

from ..cli import EXIT_OK, command
from ..errors import GongkaiError


def setup_django() -> None:
    """Configure Django for the platform (settings from the environment; see gongkai/site/settings.py).

    A setting that cannot be used (no ``SECRET_KEY`` with DEBUG off, a bad ``DATABASE_URL`` …)
    is gongkai's own error, said in Chinese, not a traceback.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.site.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as e:
        raise GongkaiError(str(e), path="设置") from None


def _serve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    p.add_argument("--no-demo", action="store_true", help="数据库为空时也不载入演示数据")


@command("serve", "启动依申请公开办理平台（自动迁移数据库，空库时载入演示数据）")(_serve_args)
def run_serve(args: argparse.Namespace) -> int:
    if not os.environ.get("SECRET_KEY"):
        # Django's development server with the demo: ask for DEBUG (production runs gunicorn with a key).
        os.environ.setdefault("DEBUG", "1")
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from ..cases import demo

    if not args.no_demo and demo.is_empty():
        print("gongkai: 正在载入演示数据（两个机关、各角色用户、约一年的申请）……", flush=True)
        demo.load_demo()
        from ..supervision import demo as supervision_demo

        supervision_demo.load(demo.m.dates.today().year - 1)
        print("gongkai: 演示数据已载入")
    db = settings.DATABASES["default"]
    print(f"gongkai: 数据库 {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}")
    if not args.no_demo:
        print(f"gongkai: 演示账号（密码均为 {demo.PASSWORD}）：")
        for username, (full, slug, roles) in demo.USERS.items():
            scope = demo.AGENCIES[slug][0] if slug else ("全部机关" if roles else "全站：录入全国节假日安排")
            print(f"  {username:<11} {full}（{', '.join(roles) or 'superuser'}；{scope}）")
    worker = start_worker()
    if worker is not None:
        import signal
        import sys

        # SIGTERM (a service manager, a test) ends the server like Ctrl+C, so the worker is stopped too
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    url = f"http://{args.host}:{args.port}/"
    print(f"gongkai: 打开 {url} ；工作人员登录 {url}login/ ；按 Ctrl+C 停止", flush=True)
    try:
        call_command("runserver", f"{args.host}:{args.port}", use_reloader=False)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(10)
    return EXIT_OK


def start_worker():
    """One background reader beside the server (``gongkai worker`` as a child process), unless
    GONGKAI_WORKERS=0 (workers run elsewhere)."""
    import subprocess
    import sys

    if os.environ.get("GONGKAI_WORKERS", "1") == "0":
        return None
    print("gongkai: 已启动一个后台读取进程（gongkai worker）", flush=True)
    env = dict(os.environ, GONGKAI_WORKER_PARENT=str(os.getpid()))
    return subprocess.Popen([sys.executable, "-m", "gongkai", "worker"], env=env)
