"""Accuracy against ground truth: parse each document a ``*.truth.json`` names, compare cell by cell.

A truth file (see ``spec/report-cells.md``) gives ``document`` (relative to the truth
file's folder, or to that folder's parent), ``template``, ``year``, ``agency``,
``published`` and ``cells`` (key → integer, ``null`` for blank, or the printed text), and
may list ``ambiguous`` keys: cells the document itself does not determine. Such a cell is
right when it holds the true value, or when it is left unread (null) with a warning that
names it. A cell the report holds that the truth does not list (a row the document does
not print) is an extra, and wrong.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GongkaiError
from ..report.model import Report

MISSING = object()


@dataclass
class Diff:
    key: str
    expected: Any
    got: Any  # MISSING when the report lacks the key
    where: dict[str, Any] | None = None
    extra: bool = False

    def got_text(self) -> str:
        return "（缺失）" if self.got is MISSING else json.dumps(self.got, ensure_ascii=False)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "expected": self.expected, "got": None if self.got is MISSING else self.got,
                "missing": self.got is MISSING, "extra": self.extra, "where": self.where}


@dataclass
class Result:
    truth: Path
    document: Path | None
    error: str | None = None
    cells_total: int = 0
    cells_right: int = 0
    template: tuple[str | None, str | None] = (None, None)  # (expected, got)
    year: tuple[int | None, int | None] = (None, None)
    agency: tuple[str | None, str | None] = (None, None)
    published: tuple[str | None, str | None] = (None, None)
    diffs: list[Diff] = field(default_factory=list)
    ambiguous_unread: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def name(self) -> str:
        return self.truth.name.removesuffix(".truth.json")

    @property
    def readable(self) -> bool:
        return self.error is None

    @property
    def extras(self) -> list[Diff]:
        return [d for d in self.diffs if d.extra]

    @property
    def template_ok(self) -> bool:
        return self.template[0] == self.template[1]

    @property
    def year_ok(self) -> bool:
        return self.year[0] == self.year[1]

    @property
    def all_right(self) -> bool:
        return (self.readable and self.cells_right == self.cells_total and not self.extras
                and self.template_ok and self.year_ok)

    def to_json(self) -> dict[str, Any]:
        return {
            "document": str(self.document) if self.document else None, "truth": str(self.truth),
            "error": self.error, "cells_right": self.cells_right, "cells_total": self.cells_total,
            "template": {"expected": self.template[0], "got": self.template[1], "ok": self.template_ok},
            "year": {"expected": self.year[0], "got": self.year[1], "ok": self.year_ok},
            "agency": {"expected": self.agency[0], "got": self.agency[1], "ok": self.agency[0] == self.agency[1]},
            "published": {"expected": self.published[0], "got": self.published[1],
                          "ok": self.published[0] == self.published[1]},
            "ambiguous_unread": self.ambiguous_unread, "all_right": self.all_right,
            "diffs": [d.to_json() for d in self.diffs], "seconds": round(self.seconds, 4),
        }


def truth_files(dirs: list[str]) -> list[Path]:
    out: list[Path] = []
    for d in dirs:
        p = Path(d)
        if p.is_file() and p.name.endswith(".truth.json"):
            out.append(p)
        elif p.is_dir():
            out.extend(sorted(p.glob("*.truth.json")))
        else:
            raise GongkaiError("不是目录，也不是 .truth.json 文件", d)
    return out


def resolve(truth: Path, document: str) -> Path | None:
    """The document a truth file names: next to it, or relative to its folder's parent."""
    for base in (truth.parent, truth.parent.parent):
        p = base / document
        if p.is_file():
            return p
    return None


def compare(report: Report, truth: dict[str, Any], result: Result) -> None:
    cells = truth.get("cells") or {}
    ambiguous = set(truth.get("ambiguous") or [])
    warned = {k for w in report.warnings for k in w.keys}
    result.cells_total = len(cells)
    for key, expected in cells.items():
        cell = report.cells.get(key)
        got = MISSING if cell is None else cell.plain
        if got is not MISSING and got == expected and type(got) is type(expected):
            result.cells_right += 1
            continue
        if key in ambiguous and (got is MISSING or got is None) and key in warned:
            result.cells_right += 1
            result.ambiguous_unread.append(key)
            continue
        result.diffs.append(Diff(key, expected, got, cell.where if cell else None))
    for key, cell in report.cells.items():
        if key not in cells:
            result.diffs.append(Diff(key, MISSING, cell.plain, cell.where, extra=True))


def evaluate(truth_path: Path) -> Result:
    from . import read

    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return Result(truth_path, None, error=f"无法读取真值文件：{e}")
    doc = resolve(truth_path, str(truth.get("document", "")))
    result = Result(truth_path, doc)
    result.template = (truth.get("template"), None)
    result.year = (truth.get("year"), None)
    result.agency = (truth.get("agency"), None)
    result.published = (truth.get("published"), None)
    result.cells_total = len(truth.get("cells") or {})
    if doc is None:
        result.error = f"找不到文档 {truth.get('document')!r}"
        return result
    start = time.perf_counter()
    try:
        report = read(str(doc))
    except GongkaiError as e:
        result.error = str(e)
        result.seconds = time.perf_counter() - start
        return result
    except Exception as e:  # noqa: BLE001 - a reader bug is reported against its document
        result.error = f"内部错误 {type(e).__name__}: {e}"
        result.seconds = time.perf_counter() - start
        return result
    result.seconds = time.perf_counter() - start
    result.template = (truth.get("template"), report.template)
    result.year = (truth.get("year"), report.year)
    result.agency = (truth.get("agency"), report.agency)
    result.published = (truth.get("published"), report.published.isoformat() if report.published else None)
    compare(report, truth, result)
    return result


def evaluate_all(dirs: list[str]) -> list[Result]:
    return [evaluate(p) for p in truth_files(dirs)]
