"""Debian's chromium driven by Playwright's Python package (no downloaded browser).

The ``browser`` fixture skips cleanly where Playwright or chromium is missing.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright 未安装")
    executable = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not executable:
        pytest.skip("未安装 Debian chromium（/usr/bin/chromium）")
    # Playwright runs an event loop in this thread; the ORM calls in the test body are synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        yield b
        b.close()
