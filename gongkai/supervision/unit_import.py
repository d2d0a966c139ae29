"""Load a units CSV into the database (create new units, update level/parent/aliases of known ones)."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from ..errors import GongkaiError
from .models import Unit
from .units import read_units_csv


def import_units(source: str | Path, text: str | None = None, within: set[str] | None = None) -> tuple[int, int]:
    """Returns (created, updated). The whole file or nothing: a bad line changes no unit.

    ``within`` (the names of the units a supervisor sees; None: no limit): every unit of the file
    must be one of them or be placed under one of them.
    """
    known = dict(Unit.objects.values_list("name", "level"))
    rows = read_units_csv(source, text, known)
    if within is not None:
        in_file = {r.name for r in rows}
        for r in rows:
            if r.name not in within and (r.parent is None or (r.parent not in in_file and r.parent not in within)):
                raise GongkaiError(f"第 {r.line} 行：“{r.name}”不在您监督的范围内", path=str(source))
    created = updated = 0
    with transaction.atomic():
        existing = {u.name: u for u in Unit.objects.filter(name__in=[r.name for r in rows])}
        by_name: dict[str, Unit] = dict(existing)
        pending = list(rows)
        # parents first: repeat passes until every row's parent exists (the CSV may list children first)
        while pending:
            later = []
            for r in pending:
                parent = None
                if r.parent:
                    parent = by_name.get(r.parent) or Unit.objects.filter(name=r.parent).first()
                    if parent is None:
                        later.append(r)
                        continue
                aliases = "|".join(r.aliases)
                u = by_name.get(r.name)
                if u is None:
                    u = Unit(name=r.name, level=r.level, parent=parent, aliases=aliases)
                    u.save()
                    created += 1
                elif (u.level, u.parent_id, u.aliases) != (r.level, parent.pk if parent else None, aliases):
                    u.level, u.parent, u.aliases = r.level, parent, aliases
                    u.save()
                    updated += 1
                by_name[r.name] = u
            if len(later) == len(pending):  # pragma: no cover - read_units_csv checked every parent
                raise AssertionError("unresolvable parents")
            pending = later
    return created, updated
