"""Hostile text-ish input within the size limit: gongkai's own error (exit 2), bounded memory.

Issue 10 §4 measured HTML rows of ``colspan=64`` cells (3.9 MB → 3.0 GB), a Markdown table of
two million rows (42 MB → 4.0 GB) and one of 100,000 columns (1.6 GB). Each file is read by
``gongkai parse`` in a child process; its peak resident memory is the child's own ``VmHWM``
(what lxml allocates too, which ``tracemalloc`` would not see), and must stay under 1 GiB.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.ingest import html, read_document, text

ROOT = Path(__file__).resolve().parents[2]
GIB = 1024 * 1024  # KiB
CHILD = """
import sys
from gongkai.cli import main
try:
    code = main(["parse", sys.argv[1]])
except SystemExit as e:
    code = e.code
with open("/proc/self/status", encoding="ascii") as f:
    peak = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
print("VmHWM", peak, file=sys.stderr)
sys.exit(code)
"""


def parse_in_child(path: Path) -> tuple[int, str, int]:
    """Exit code, stderr and peak memory (KiB) of ``gongkai parse path`` in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                          env=env, timeout=600)
    peak = int(proc.stderr.rsplit("VmHWM", 1)[1].split()[0])
    return proc.returncode, proc.stderr, peak


pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc (Linux) for VmHWM")


def _hostile(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


CASES = {
    # 400 rows of 400 cells each spanning 64 columns: 10 million grid positions once expanded
    "colspan.html": lambda: "<html><body><table>" + ("<tr>" + '<td colspan="64">1</td>' * 400 + "</tr>\n") * 400
    + "</table></body></html>",
    # many tables, each under the cap for one table, together far over the page's
    "tables.html": lambda: "<html><body>" + ("<table>" + ("<tr>" + '<td colspan="64">1</td>' * 40 + "</tr>\n") * 39
                                             + "</table>") * 200 + "</body></html>",
    # two million pipe-table rows
    "rows.md": lambda: "# 报告\n\n| 项目 | 数量 |\n|---|---|\n" + "| 1 | 2 |\n" * 2_000_000,
    # rows of 100,000 columns
    "columns.md": lambda: "# 报告\n\n" + ("| " + " | ".join(["1"] * 100_000) + " |\n|---|---|\n") * 10,
    # a table of 150 columns and 100,000 rows (many cells, no row over the row cap)
    "wide.md": lambda: "# 报告\n\n| a | b |\n|---|---|\n" + ("| " + " | ".join(["1"] * 150) + " |\n") * 100_000,
    # the same as tab-separated text (as copied from a spreadsheet)
    "tabs.txt": lambda: "报告\n" + ("\t".join(["1"] * 150) + "\n") * 100_000,
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_tables_end_in_our_error_under_1_gib(name, tmp_path):
    path = _hostile(tmp_path, name, CASES[name]())
    assert path.stat().st_size < 64 * 1024 * 1024  # within the reader's size limit
    code, err, peak = parse_in_child(path)
    assert code == 2, err[-2000:]
    assert str(path) in err and "过大" in err, err[-2000:]
    assert "Traceback" not in err and "MemoryError" not in err
    assert peak < GIB, f"peak {peak // 1024} MiB"


def test_the_caps_leave_room_for_real_reports():
    # A statutory table has at most 9 columns and a few dozen rows; a report about a thousand lines.
    assert html.MAX_TABLE_CELLS >= 100 * 64 and html.MAX_PAGE_CELLS >= 4 * html.MAX_TABLE_CELLS
    assert text.MAX_ROW_CELLS >= 100 and text.MAX_CELLS >= 100_000


def test_a_wide_table_within_the_cap_is_read(tmp_path):
    # 400 rows (the most read) of 64 positions: 25,600, within the cap
    rows = ("<tr><td>行政许可</td>" + '<td colspan="63">1</td>' + "</tr>\n") * 1_500
    doc = html.read_html(f"<table>{rows}</table>")
    assert len(doc.tables) == 1 and len(doc.tables[0].rows) == html.MAX_ROWS


def test_the_error_names_the_table_and_row():
    rows = "<tr>" + '<td colspan="64">1</td>' * 2_000 + "</tr>"
    with pytest.raises(Exception) as info:
        read_document(f"<p>x</p><table>{rows}</table>".encode(), "big.html")
    assert "big.html" in str(info.value) and "第 1 个表格第 1 行" in str(info.value)
    with pytest.raises(Exception) as info:
        read_document(("标题\n\n| " + " | ".join(["0"] * 5_000) + " |\n").encode(), "wide.txt")
    assert "wide.txt" in str(info.value) and "第 3 行" in str(info.value)
