"""Table 3 rows printed without their labels: placed by the template's order, confirmed by the sums.

PDF-to-Markdown converters that do not follow merged (tall) label cells print a table's
labels as loose lines — above the table, above a block of rows, or each above its own row —
and the rows as pipe rows of numbers only (``| 0 | 0 | … |``), or leave a piece of a wrapped
label in the row (``开申请数量``, which two rows' labels hold). Such a *detached* row names no
single template row: only its place among the printed rows can say which row it is. It is
placed when

* the printed rows line up with one form of the template (the 2019 single （六） row or the
  2021 three, whichever the labels and the row count allow) so that every printed row has
  exactly one place in template order — the detached rows fill the rows no label claims —
  and no other form lines them up as well with its sums holding; and
* the table's own sums confirm it: every sum that involves a detached row's cells can be
  computed (blank and dash count as 0; a cell that is no number, or a row not printed, means
  it cannot) and holds — the outcome rows add up to （七）总计 and 本年新收 + 上年结转 =
  总计 + 结转下年度, column by column — and each detached row is in at least one such sum for
  every column.

Otherwise the rows are left unread and a warning names the cells (the mapper's
:meth:`~gongkai.ingest.mapping.Mapper.unread`). Sums cannot tell two outcome rows apart
(their order never changes a sum), so the order is the template's, as the converter kept it;
what the sums catch is a placement that puts a row into the wrong part of the table — an
outcome row as 总计 or 结转, a row shifted by one — and a table that does not add up at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...report import cells as C
from ...report import values
from ..document import TextCell

_DASH = re.compile(r"^[—\-–－/／\\×xX*＊无]+$")
EDGE_ROWS = ("new_received", "carried_over", "total", "carried_forward")
Numbers = tuple[int, ...]


def forms(variant: str | None, version: str | None) -> list[tuple[str, ...]]:
    """The （六） rows table 3 may use, the likelier first: the labels' (``variant``) if they
    named any, else the template version's and then the other."""
    if variant == "sub":
        return [C.OTHER_KEYS_2021]
    if variant == "other":
        return [C.OTHER_KEYS_2019]
    first = C.OTHER_KEYS_2019 if version == "2019" else C.OTHER_KEYS_2021
    second = C.OTHER_KEYS_2021 if first == C.OTHER_KEYS_2019 else C.OTHER_KEYS_2019
    return [first, second]


def expected_rows(other: tuple[str, ...]) -> list[str]:
    return ["new_received", "carried_over", *C.OUTCOME_KEYS_COMMON, *other, "total", "carried_forward"]


def numbers(cells: Sequence[TextCell] | None) -> Numbers | None:
    """A row's seven cells as whole numbers for the sums (blank or a dash: 0), or None."""
    if cells is None:
        return None
    out = []
    for c in cells:
        kind, value, _ = values.read(c.text)
        if kind == "int":
            out.append(int(value))  # type: ignore[arg-type]
        elif kind == "blank" or _DASH.match(values.normalize(c.text) or "-"):
            out.append(0)
        else:
            return None
    return tuple(out)


def _sums(rows: list[str]) -> list[tuple[list[str], list[str]]]:
    outcome = [k for k in rows if k not in EDGE_ROWS]
    return [(outcome, ["total"]), (["new_received", "carried_over"], ["total", "carried_forward"])]


def confirmed(rows: list[str], table: dict[str, Numbers | None], detached: set[str]) -> set[str]:
    """The ``detached`` rows the sums confirm, ``table`` holding every placed row's numbers
    (None: not all numbers). A row is confirmed when, in each of the seven columns, some sum
    over it can be computed and every sum over it that can be computed holds."""
    ok = set()
    for key in detached:
        good = True
        for col in range(len(C.APP_COLUMN_KEYS)):
            covered = False
            for lhs, rhs in _sums(rows):
                if key not in lhs and key not in rhs:
                    continue
                nums = [table.get(k) for k in lhs + rhs]
                if any(n is None for n in nums):
                    continue  # cannot be computed: a row unread, unprinted or not all numbers
                left = sum(n[col] for n in nums[:len(lhs)])  # type: ignore[index]
                right = sum(n[col] for n in nums[len(lhs):])  # type: ignore[index]
                if left != right:
                    good = False
                    break
                covered = True
            if not (good and covered):
                good = False
                break
        if good:
            ok.add(key)
    return ok



def placed(cands: list[frozenset[str]], rows: list[str], align) -> dict[int, int] | None:
    """Printed row → its place among ``rows`` (the template's, in order) for every row the
    labels and the order leave exactly one place (``align``: the mapper's); None when the
    printed rows cannot all stand in this form in order (a label names a row it lacks, or
    more rows are printed than it has)."""
    index = {k: i for i, k in enumerate(rows)}
    sets = [{index[k] for k in c if k in index} if c else set(range(len(rows))) for c in cands]
    if any(not s for s in sets):
        return None
    feasible = align(sets, len(rows))
    if any(not f for f in feasible):
        return None  # the mapper's fallback: no placement of every printed row
    return {i: next(iter(f)) for i, f in enumerate(feasible) if len(f) == 1}


def choose(cands: list[frozenset[str]], nums: list[Numbers | None], variant: str | None,
           version: str | None, align) -> tuple[tuple[str, ...], set[int]] | None:
    """The （六） rows to read table 3 with, and the detached rows (printed rows whose
    ``cands`` are not exactly one row) the sums confirm at their one place; None when no form lines the
    printed rows up. When both forms do, the one under which every detached row is placed
    and confirmed is taken if it is the only such form; otherwise none is confirmed."""
    free = {i for i, c in enumerate(cands) if len(c) != 1}
    found = []
    for other in forms(variant, version):
        rows = expected_rows(other)
        at = placed(cands, rows, align)
        if at is None:
            continue
        table = {rows[p]: nums[i] for i, p in at.items()}
        ok = confirmed(rows, table, {rows[at[i]] for i in free if i in at})
        found.append((other, {i for i in free if i in at and rows[at[i]] in ok}))
    if not found:
        return None
    if len(found) > 1:
        whole = [f for f in found if f[1] and len(f[1]) == len(free)]
        return whole[0] if len(whole) == 1 else (found[0][0], set())
    return found[0]
