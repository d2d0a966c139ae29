"""The report as JSON: stable keys, read back whatever gongkai wrote.

Written form (``to_json``)::

    {"format": "gongkai-report/1", "template": "2021", "year": 2024,
     "agency": "…", "published": "2025-01-20", "summary": false, "source": "…",
     "sections": {"overview": "…", …},
     "cells": {"apps.new_received.natural_person": 4,              # printed as "4"
               "apps.granted.total": null,                         # printed blank
               "art20.fees.amount": {"value": "7730.28", "raw": "7730.28", "kind": "decimal", "unit": null},
               "art20.procurement.amount": {"value": "政府服务事项招标", "raw": "…", "kind": "text"}},
     "provenance": {"apps.granted.total": {"table": 3, "row": 4, "column": 8}},
     "findings": [{"code": "…", "severity": "error", "message": "…", "keys": ["…"]}],
     "warnings": [...]}

A cell is a plain value where the printed text says exactly that value and no OCR
confidence goes with it, else an object with ``value`` and ``raw`` (and ``confidence``).
The minimal form ``{"template": "2019", "year":
2020, "cells": {key: value}}`` with plain values (``null`` for blank, text for
non-numbers) is read too: that is how ground truth and other tools hand reports over.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from ..errors import ReadError
from . import cells as C
from .model import Cell, Finding, Report

FORMAT = "gongkai-report/1"


def cell_to_json(cell: Cell) -> Any:
    # The plain forms carry no confidence: an OCR'd cell keeps the object form, so what was
    # read with doubt stays doubtful when stored and read back.
    if cell.confidence is None:
        if cell.kind == "int" and cell.raw == str(cell.value):
            return cell.value
        if cell.kind == "blank" and (cell.raw is None or cell.raw == ""):
            return None
    out: dict[str, Any] = {"value": cell.plain, "raw": cell.raw, "kind": cell.kind}
    if cell.kind == "decimal":
        out["value"] = str(cell.value)
    if cell.unit:
        out["unit"] = cell.unit
    if cell.confidence is not None:
        out["confidence"] = round(cell.confidence, 4)
    return out


def cell_from_json(key: str, data: Any, where: str = "", path: str = "") -> Cell:
    if isinstance(data, dict):
        if "raw" in data and (data["raw"] is None or isinstance(data["raw"], str)):
            cell = Cell.read(key, data["raw"]) if data["raw"] is not None else Cell.of(key, data.get("value"))
        elif "value" in data:
            cell = Cell.of(key, data["value"])
        else:
            raise ReadError(f"单元格 {key} 既无 value 也无 raw", path, where=where)
        if isinstance(data.get("confidence"), (int, float)):
            cell.confidence = float(data["confidence"])
        return cell
    try:
        return Cell.of(key, data)
    except TypeError as e:
        raise ReadError(f"单元格 {key} 的值无法读取：{data!r}", path, where=where) from e


def finding_to_json(f: Finding, lang: str = "zh") -> dict[str, Any]:
    return f.to_json(lang)


def to_json(report: Report, findings: list[Finding] | None = None, lang: str = "zh") -> dict[str, Any]:
    """The report as a JSON-ready dict (keys in the template's printed order)."""
    order = {k: i for i, k in enumerate(report.expected_keys())}
    keys = sorted(report.cells, key=lambda k: (order.get(k, len(order)), k))
    out: dict[str, Any] = {
        "format": FORMAT,
        "template": report.template,
        "year": report.year,
        "agency": report.agency,
        "published": report.published.isoformat() if report.published else None,
        "summary": report.summary,
        "source": report.source,
        "sections": dict(report.sections),
        "cells": {k: cell_to_json(report.cells[k]) for k in keys},
        "provenance": {k: report.cells[k].where for k in keys if report.cells[k].where},
        "warnings": [finding_to_json(w, lang) for w in report.warnings],
    }
    if report.reading:
        out["reading"] = dict(report.reading)
    if findings is not None:
        out["findings"] = [finding_to_json(f, lang) for f in findings]
    return out


def dumps(report: Report, findings: list[Finding] | None = None, lang: str = "zh", indent: int | None = 2) -> str:
    return json.dumps(to_json(report, findings, lang), ensure_ascii=False, indent=indent)


def _date(value: Any, path: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ReadError(f"published 不是 ISO 日期（YYYY-MM-DD）：{value!r}", path) from None


def from_json(data: Any, path: str = "") -> Report:
    """A report from gongkai's JSON or the minimal form. Errors name the field."""
    if not isinstance(data, dict):
        raise ReadError("JSON 顶层应为对象", path)
    template = data.get("template")
    if template is None:
        raise ReadError("缺少 template 字段（\"2019\" 或 \"2021\"）", path)
    if str(template) not in C.TEMPLATES:
        raise ReadError(f"template 应为 \"2019\" 或 \"2021\"，而不是 {template!r}", path)
    year = data.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise ReadError(f"year 应为整数：{year!r}", path) from None
    cells_in = data.get("cells", {})
    if not isinstance(cells_in, dict):
        raise ReadError("cells 应为对象（键 → 值）", path)
    report = Report(
        template=str(template),
        year=year,
        agency=data.get("agency"),
        published=_date(data.get("published"), path),
        summary=bool(data.get("summary", False)),
        source=data.get("source"),
    )
    reading = data.get("reading")
    if isinstance(reading, dict):
        report.reading = dict(reading)
    sections = data.get("sections") or {}
    if isinstance(sections, dict):
        report.sections = {str(k): str(v) for k, v in sections.items() if v is not None}
    provenance = data.get("provenance") or {}
    for key, value in cells_in.items():
        if not C.is_key(key):
            raise ReadError(f"未知的单元格键 {key!r}（见 spec/report-cells.md）", path, where=f"cells.{key}")
        cell = cell_from_json(key, value, where=f"cells.{key}", path=path)
        if isinstance(provenance, dict) and isinstance(provenance.get(key), dict):
            cell.where = provenance[key]
        report.cells[key] = cell
    for w in data.get("warnings") or []:
        if isinstance(w, dict) and w.get("severity") in ("error", "warning", "info"):
            report.warnings.append(Finding(str(w.get("code", "")), w["severity"], str(w.get("message", "")),
                                           list(w.get("keys") or [])))
    return report


def loads(text: str, path: str = "") -> Report:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ReadError(f"不是有效的 JSON：{e.msg}", path, where=f"第 {e.lineno} 行第 {e.colno} 列") from None
    return from_json(data, path)


def _default(o: Any) -> Any:  # pragma: no cover - used by json.dumps callers
    if isinstance(o, Decimal):
        return str(o)
    if isinstance(o, dt.date):
        return o.isoformat()
    raise TypeError(type(o))
