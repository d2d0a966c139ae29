"""The region at a glance, Django-free: one row per unit with its indicators for a year, what needs
attention, the change from last year, sorting, filtering, rankings, sums over units, distributions.

The web pages (``region_views.py``) and the assessment feed these functions plain data — units as
dicts, indicators as ``{name: value}`` — so the rules are tested here without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .indicators import BY_NAME, NAMES, RATES, Value, rate

LEVEL_NAMES = {"province": "省级", "prefecture": "地市级", "county": "县级", "township": "乡镇", "department": "部门"}
# Indicators that add up over units (counts and money); rates are recomputed from the sums.
SUMMABLE = tuple(n for n in NAMES if BY_NAME[n].unit in ("件", "万元") or n in ("errors", "warnings", "infos"))
RATE_PARTS = {
    "disclosure_rate": (("granted", "partial"), "closed"),
    "denial_rate": (("denied",), "closed"),
    "unable_rate": (("unable",), "closed"),
    "correction_rate": (("corrected",), "decided"),
}
FLAGS = {"missing": "未报送", "late": "逾期", "unbalanced": "不平衡", "repeated": "与上年雷同"}
REPEATED_AT = Decimal(50)  # text.repeated's threshold (report.text_checks.REPEATED_SHARE), in per cent


@dataclass
class Row:
    """One unit in the region table. ``values`` is None when the unit has no report for the year."""

    id: int
    name: str
    level: str
    parent: str | None = None
    depth: int = 0
    values: Mapping[str, Value] | None = None
    previous: Mapping[str, Value] | None = None
    submission: int | None = None
    extra: dict = field(default_factory=dict)
    flags: list[str] = field(init=False)  # what needs attention (see :func:`flags`)

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES.get(self.level, self.level)

    def __post_init__(self) -> None:
        self.flags = flags(self.values)

    def value(self, name: str) -> Value:
        return None if self.values is None else self.values.get(name)

    def change(self, name: str) -> Value:
        """This year's value less last year's (percentage points for rates); None without both."""
        return change(self.value(name), None if self.previous is None else self.previous.get(name))


def flags(values: Mapping[str, Value] | None) -> list[str]:
    """What needs attention: missing, late, not balancing, repeating last year."""
    if values is None:
        return ["missing"]
    out = []
    if values.get("days_late"):
        out.append("late")
    if values.get("balanced") is False:
        out.append("unbalanced")
    share = values.get("repeated_share")
    if share is not None and share >= REPEATED_AT:
        out.append("repeated")
    return out


def change(now: Value, before: Value) -> int | Decimal | None:
    if now is None or before is None or isinstance(now, bool) or isinstance(before, bool):
        return None
    return Decimal(str(now)) - Decimal(str(before)) if isinstance(now, (Decimal, float)) or \
        isinstance(before, (Decimal, float)) else now - before


def build(units: Iterable[Mapping], current: Mapping[int, tuple[int, Mapping[str, Value]]],
          previous: Mapping[int, Mapping[str, Value]] | None = None) -> list[Row]:
    """Rows for ``units`` (dicts: id, name, level, parent, depth) from ``current`` ({unit id: (submission
    id, values)}) and ``previous`` ({unit id: last year's values})."""
    previous = previous or {}
    rows = []
    for u in units:
        sub = current.get(u["id"])
        rows.append(Row(u["id"], u["name"], u["level"], u.get("parent"), u.get("depth", 0),
                        sub[1] if sub else None, previous.get(u["id"]), sub[0] if sub else None))
    return rows


def filter_rows(rows: list[Row], level: str | None = None, q: str | None = None, flag: str | None = None) -> list[Row]:
    """Units of ``level``, whose name holds ``q``, with ``flag`` (one of :data:`FLAGS`, or "ok": none)."""
    out = rows
    if level:
        out = [r for r in out if r.level == level]
    if q:
        q = q.strip()
        out = [r for r in out if q in r.name]
    if flag == "ok":
        out = [r for r in out if not r.flags]
    elif flag:
        out = [r for r in out if flag in r.flags]
    return out


def sort_key(name: str):
    """Sort key for a column: ``name``, ``level``, an indicator, or ``change:<indicator>``."""
    if name == "name":
        return lambda r: r.name
    if name == "level":
        return lambda r: list(LEVEL_NAMES).index(r.level) if r.level in LEVEL_NAMES else 9
    if name == "flags":
        return lambda r: len(r.flags)
    if name.startswith("change:"):
        ind = name.split(":", 1)[1]
        return lambda r: r.change(ind)
    return lambda r: r.value(name)


def sort_rows(rows: list[Row], by: str = "name", desc: bool = False) -> list[Row]:
    """Sorted by ``by``; units without a value always last, whichever the direction."""
    key = sort_key(by)
    have = [r for r in rows if key(r) is not None]
    without = [r for r in rows if key(r) is None]
    return sorted(have, key=lambda r: (key(r), r.name), reverse=desc) + sorted(without, key=lambda r: r.name)


def ranking(rows: list[Row], name: str, desc: bool = True) -> list[tuple[int, Row, Value]]:
    """The units holding a value of ``name``, best first, with ranks (ties share a rank: 1, 2, 2, 4)."""
    ranked = sort_rows([r for r in rows if r.value(name) is not None], name, desc)
    out: list[tuple[int, Row, Value]] = []
    for i, r in enumerate(ranked):
        v = r.value(name)
        rank = out[-1][0] if out and out[-1][2] == v else i + 1
        out.append((rank, r, v))
    return out


def total(values: Iterable[Mapping[str, Value]]) -> dict[str, Value]:
    """Indicators summed over units: counts and money added (None where no unit has a number), rates
    recomputed from the summed parts, ``reports`` how many, ``late`` and ``unbalanced`` how many are."""
    out: dict[str, Value] = dict.fromkeys(SUMMABLE)
    n = late = unbalanced = 0
    for v in values:
        n += 1
        late += 1 if v.get("days_late") else 0
        unbalanced += 1 if v.get("balanced") is False else 0
        for k in SUMMABLE:
            x = v.get(k)
            if x is not None and not isinstance(x, bool):
                out[k] = x if out[k] is None else out[k] + x  # type: ignore[operator]
    for name, (num, den) in RATE_PARTS.items():
        parts = [out[k] for k in num if out[k] is not None]
        out[name] = rate(sum(parts), out[den]) if parts else None  # type: ignore[arg-type]
    out["reports"], out["late"], out["unbalanced"] = n, late, unbalanced
    return out


def summary(rows: list[Row]) -> dict[str, int]:
    """How many units, filed, and flagged each way."""
    out = {"units": len(rows), "filed": sum(1 for r in rows if r.values is not None)}
    for f in FLAGS:
        out[f] = sum(1 for r in rows if f in r.flags)
    return out


def histogram(values: Iterable[Value], bins: int = 10) -> list[tuple[str, int]]:
    """Counts of ``values`` in ``bins`` equal ranges from the least to the greatest: [(label, count)]."""
    xs = sorted(Decimal(str(v)) for v in values if v is not None and not isinstance(v, bool))
    if not xs:
        return []
    lo, hi = xs[0], xs[-1]
    if lo == hi:
        return [(_fmt(lo), len(xs))]
    width = (hi - lo) / bins
    counts = [0] * bins
    for x in xs:
        counts[min(int((x - lo) / width), bins - 1)] += 1
    return [(f"{_fmt(lo + width * i)}–{_fmt(lo + width * (i + 1))}", c) for i, c in enumerate(counts)]


def _fmt(d: Decimal) -> str:
    if d == d.to_integral_value():
        return str(int(d))
    return str(d.quantize(Decimal("0.1"), ROUND_HALF_UP))


def display(value: Value, name: str) -> str:
    from .indicators import display as show

    return show(value, name)


def display_change(value: Value, name: str) -> str:
    if value is None:
        return ""
    sign = "+" if value > 0 else ""
    return f"{sign}{value}{' 个百分点' if name in RATES else ''}"
