"""Units of a region and how a report's agency name finds its unit (no Django).

A unit is a government (``province`` → ``prefecture`` → ``county`` → ``township``) or a
``department`` under one. The CSV that describes a region has one unit a line::

    name,level,parent[,aliases]
    某某省人民政府,province,,
    某某省人民政府办公厅,department,某某省人民政府,省政府办公厅|省府办

``parent`` names a unit defined on an earlier or later line (by name); aliases are separated
by ``|``. :func:`read_units_csv` checks it all and says what is wrong, naming the file and line.

:class:`Matcher` finds the unit a report belongs to by the agency name the report states: the
name or an alias exactly (spaces ignored), else with or without the leading place name
(淮安市洪泽区人民政府 = 洪泽区人民政府, as :func:`compare.group_agencies` treats them). A name
that fits no unit, or more than one, is left for a person to confirm.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GongkaiError
from ..report.levels import LEVELS

GOVERNMENT_LEVELS = ("province", "prefecture", "county", "township")
# Which level may sit under which (a department under any government; a township under a county).
ALLOWED_PARENTS: dict[str, tuple[str | None, ...]] = {
    "province": (None,),
    "prefecture": (None, "province"),
    "county": (None, "province", "prefecture"),
    "township": (None, "county"),
    "department": ("province", "prefecture", "county", "township"),
}
LEVEL_LABELS = {"province": "省级", "prefecture": "地市级", "county": "县级", "township": "乡镇",
                "department": "部门"}


@dataclass
class UnitRow:
    name: str
    level: str
    parent: str | None = None
    aliases: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def is_government(self) -> bool:
        return self.level in GOVERNMENT_LEVELS


def name_key(name: str | None) -> str:
    """A name as compared: without spaces of any kind and full-width brackets made plain."""
    s = re.sub(r"\s+", "", name or "")
    return s.replace("（", "(").replace("）", ")")


_PLACE = re.compile(r"(?:[^省市区县州盟旗]{1,8}?[省市区县州盟旗])")


def without_place(name: str) -> list[str]:
    """The name with one, two … leading place names taken off (江苏省淮安市洪泽区人民政府 →
    淮安市洪泽区人民政府 → 洪泽区人民政府); only forms that still begin with a place name, so a
    bare 人民政府 or 教育局 never stands for a unit."""
    out, rest = [], name_key(name)
    while True:
        m = _PLACE.match(rest)
        if not m or m.end() >= len(rest):
            return out
        rest = rest[m.end():]
        if len(rest) < 4 or not _PLACE.match(rest):
            return out
        out.append(rest)


def read_units_csv(source: str | Path, text: str | None = None,
                   known: dict[str, str] | None = None) -> list[UnitRow]:
    """Read and check a units CSV. ``text`` instead of reading ``source`` (a name for messages);
    ``known`` ({name: level}) are units that exist already and may be named as parents."""
    where = str(source)
    if text is None:
        try:
            raw = Path(source).read_bytes()
        except OSError as e:
            raise GongkaiError(f"无法读取单位名单：{e.strerror or e}", path=where) from e
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - gb18030 decodes any byte string
            raise GongkaiError("单位名单不是 UTF-8 或 GBK 编码的文本", path=where)
    rows: list[UnitRow] = []
    seen: dict[str, int] = {}
    reader = csv.reader(io.StringIO(text))
    for lineno, fields in enumerate(reader, start=1):
        fields = [f.strip() for f in fields]
        if not any(fields) or fields[0].startswith("#"):
            continue
        if lineno == 1 and fields[0].lower() == "name":
            continue  # the header line
        if len(fields) < 2 or len(fields) > 4:
            raise GongkaiError(f"第 {lineno} 行应为“名称,层级,上级[,别名]”，实为 {len(fields)} 列", path=where)
        name, level = fields[0], fields[1].lower()
        parent = fields[2] if len(fields) > 2 and fields[2] else None
        aliases = [a.strip() for a in fields[3].split("|") if a.strip()] if len(fields) > 3 else []
        if not name:
            raise GongkaiError(f"第 {lineno} 行缺少单位名称", path=where)
        if level not in LEVELS:
            raise GongkaiError(f"第 {lineno} 行层级“{fields[1]}”无效，应为 {'、'.join(LEVELS)} 之一", path=where)
        if name_key(name) in seen:
            raise GongkaiError(f"第 {lineno} 行单位“{name}”与第 {seen[name_key(name)]} 行重复", path=where)
        seen[name_key(name)] = lineno
        rows.append(UnitRow(name, level, parent, aliases, lineno))
    check_tree(rows, where, known)
    return rows


def check_tree(rows: list[UnitRow], where: str = "", known: dict[str, str] | None = None) -> None:
    """Every parent exists and levels nest as :data:`ALLOWED_PARENTS` says (so there is no cycle)."""
    by_name = {name_key(n): UnitRow(n, lv) for n, lv in (known or {}).items()}
    by_name.update({name_key(r.name): r for r in rows})
    for r in rows:
        parent = by_name.get(name_key(r.parent)) if r.parent else None
        if r.parent and parent is None:
            raise GongkaiError(f"第 {r.line} 行的上级“{r.parent}”不在名单中", path=where)
        plevel = parent.level if parent else None
        if plevel not in ALLOWED_PARENTS[r.level]:
            what = f"在{LEVEL_LABELS[plevel]}单位“{parent.name}”之下" if parent else "没有上级"
            raise GongkaiError(f"第 {r.line} 行：{LEVEL_LABELS[r.level]}单位“{r.name}”不能{what}", path=where)


@dataclass
class Match:
    """Where a stated agency name leads: ``unit`` (a name) when exactly one fits."""

    name: str
    unit: str | None
    how: str  # "name", "alias", "place", "none", "ambiguous"
    candidates: list[str] = field(default_factory=list)

    @property
    def sure(self) -> bool:
        return self.unit is not None


class Matcher:
    """Match stated agency names to units (by name, alias, then with or without place names)."""

    def __init__(self, units: Iterable[tuple[str, Iterable[str]]]):
        self.exact: dict[str, set[str]] = {}
        self.loose: dict[str, set[str]] = {}
        for name, aliases in units:
            for n in [name, *aliases]:
                self.exact.setdefault(name_key(n), set()).add(name)
                for short in without_place(n):
                    self.loose.setdefault(short, set()).add(name)

    def match(self, stated: str | None) -> Match:
        key = name_key(stated)
        if not key:
            return Match(stated or "", None, "none")
        hit = self.exact.get(key)
        if hit:
            if len(hit) == 1:
                (unit,) = hit
                return Match(stated or "", unit, "name" if name_key(unit) == key else "alias")
            return Match(stated or "", None, "ambiguous", sorted(hit))
        # The stated name with its place names taken off, or a unit's name without its own.
        found: set[str] = set()
        for short in [key] + without_place(key):
            found |= self.exact.get(short, set()) if short != key else set()
            found |= self.loose.get(short, set())
            if found:
                break
        if len(found) == 1:
            (unit,) = found
            return Match(stated or "", unit, "place")
        if found:
            return Match(stated or "", None, "ambiguous", sorted(found))
        return Match(stated or "", None, "none")
