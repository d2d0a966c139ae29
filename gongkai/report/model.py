"""The annual report as data: cells, findings and the report that holds them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import cells as C
from . import values

Number = int | Decimal


@dataclass
class Cell:
    """One printed cell of a statutory table.

    ``raw`` is what was printed (``None`` when the cell was not printed at all but
    built from data); ``kind`` and ``value`` are what ``raw`` says (see
    :mod:`gongkai.report.values`). ``where`` says where it was read (page, table,
    row, column, or line), for provenance.
    """

    key: str
    raw: str | None
    kind: str = "blank"
    value: Number | str | None = None
    unit: str | None = None
    where: dict[str, Any] | None = None
    confidence: float | None = None

    @classmethod
    def read(cls, key: str, raw: str | None, where: dict[str, Any] | None = None,
             confidence: float | None = None) -> Cell:
        kind, value, unit = values.read(raw)
        return cls(key, raw, kind, value, unit, where, confidence)

    @classmethod
    def of(cls, key: str, value: Any) -> Cell:
        """A cell from a plain value: int, decimal, ``None`` (blank) or printed text."""
        if value is None:
            return cls(key, None, "blank", None)
        if isinstance(value, bool):
            raise TypeError(f"{key}: 布尔值不是单元格的值")
        if isinstance(value, int):
            return cls(key, str(value), "int", value)
        if isinstance(value, (float, Decimal)):
            d = Decimal(str(value))
            if d == d.to_integral_value() and isinstance(value, float) and value.is_integer():
                return cls(key, str(int(d)), "int", int(d))
            return cls(key, str(value), "decimal", d)
        if isinstance(value, str):
            return cls.read(key, value)
        raise TypeError(f"{key}: 无法作为单元格值：{value!r}")

    @property
    def number(self) -> Number | None:
        """The numeric value, or ``None`` for blank and text cells."""
        return self.value if self.kind in ("int", "decimal") else None  # type: ignore[return-value]

    @property
    def is_blank(self) -> bool:
        return self.kind == "blank"

    @property
    def plain(self) -> int | str | None:
        """The ground-truth form: an integer, ``None`` for blank, else the printed text."""
        if self.kind == "int":
            return self.value  # type: ignore[return-value]
        if self.kind == "blank":
            return None
        if self.raw is not None:
            return values.clean(self.raw)
        return str(self.value)


SEVERITIES = ("error", "warning", "info")


@dataclass
class Finding:
    """One thing a check found: a code, a severity, a message and the cells concerned."""

    code: str
    severity: str
    message: str
    keys: list[str] = field(default_factory=list)
    message_en: str = ""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}: {self.severity!r}")

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        msg = self.message_en if lang == "en" and self.message_en else self.message
        return {"code": self.code, "severity": self.severity, "message": msg, "keys": list(self.keys)}


@dataclass
class Report:
    """One agency's annual report for one statistical year.

    ``template`` is the version of the Article 20 table (``"2019"`` or ``"2021"``);
    table 3 holds whichever （六） rows were printed (see :meth:`other_rows`).
    ``summary`` marks a government's own summary report (本级政府总体报告), due by
    31 March rather than 31 January.
    """

    template: str
    year: int | None = None
    agency: str | None = None
    published: dt.date | None = None
    cells: dict[str, Cell] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    summary: bool = False
    source: str | None = None
    warnings: list[Finding] = field(default_factory=list)
    # How the source document was read, where it was read from one: its format, pages, the
    # pages or pictures OCR'd and in what precision (what a reader needs to judge the values).
    reading: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        C.template(self.template)  # validates

    # --- cells -------------------------------------------------------------
    @property
    def tmpl(self) -> C.Template:
        return C.template(self.template)

    def set(self, key: str, value: Any) -> Cell:
        if not C.is_key(key):
            raise KeyError(f"未知的单元格键：{key}")
        cell = value if isinstance(value, Cell) else Cell.of(key, value)
        cell.key = key
        self.cells[key] = cell
        return cell

    def cell(self, key: str) -> Cell | None:
        return self.cells.get(key)

    def number(self, key: str) -> Number | None:
        c = self.cells.get(key)
        return c.number if c else None

    def get(self, key: str) -> int | str | None:
        """A cell's plain value (see :attr:`Cell.plain`); ``None`` if blank or absent."""
        c = self.cells.get(key)
        return c.plain if c else None

    def plain_cells(self) -> dict[str, int | str | None]:
        return {k: c.plain for k, c in self.cells.items()}

    def other_rows(self) -> tuple[str, ...]:
        """The （六）其他处理 rows this report's table 3 uses.

        Some 2021-format reports keep the single 2019 row; the printed cells decide.
        """
        has = lambda row: any(f"apps.{row}.{c}" in self.cells for c in C.APP_COLUMN_KEYS)  # noqa: E731
        if any(has(r) for r in C.OTHER_KEYS_2021):
            return C.OTHER_KEYS_2021
        if has("other"):
            return C.OTHER_KEYS_2019
        return self.tmpl.other_rows

    def outcome_rows(self) -> tuple[str, ...]:
        return C.OUTCOME_KEYS_COMMON + self.other_rows()

    def app_rows(self) -> tuple[str, ...]:
        return ("new_received", "carried_over") + self.outcome_rows() + ("total", "carried_forward")

    def expected_keys(self) -> list[str]:
        """Every key this report's tables should hold (table 2 by template, 3, 4)."""
        return [k for k, _, _ in self.tmpl.art20] + self.tmpl.app_keys(self.other_rows()) + list(C.APPEAL_KEYS)

    def has_table(self, prefix: str) -> bool:
        return any(k.startswith(prefix) for k in self.cells)

    @staticmethod
    def blank(template: str, year: int | None = None, agency: str | None = None,
              keys: Iterable[str] | None = None) -> Report:
        """A report with every key of ``template`` present and set to 0 (or ``keys`` only)."""
        r = Report(template=template, year=year, agency=agency)
        for k in keys if keys is not None else r.tmpl.keys():
            r.set(k, 0)
        return r
