"""Numbers printed with no separator between them: split them only where the document decides.

Some pages flatten a table so that a row's cells run together (``640020470`` for
6 / 4 / 0 / 0 / 2 / 0 / 47 … or for 64 / 0 / 0 / 2 / 0 / 4 / 70). A run is read as numbers
without leading zeros (``0`` alone is a number); whitespace inside a run is a boundary no
number crosses. A split is accepted only when the rules of the table leave exactly one:

* table 3, per row: 总计 = the six applicant columns;
* table 3, per column: 新收 + 上年结转 = （七）总计 + 结转下年度, and （七）总计 = the outcome rows;
* table 4, per group: 总计 = 维持 + 纠正 + 其他 + 尚未审结.

Where more than one reading survives, the cells that differ between readings are not read
(the caller reports them); a number is never guessed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence

Split = tuple[int, ...]

MAX_SPLITS = 200_000
MAX_COMBINATIONS = 500_000


class TooMany(Exception):
    """More readings than we are willing to enumerate."""


_TOKEN = re.compile(r"-?[0-9]+")
_ASCII = str.maketrans("０１２３４５６７８９\u2212\uff0d", "0123456789--")


def tokens(run: str) -> list[str] | None:
    """The digit tokens of a run, or None if it holds anything but digits, spaces and signs.

    A minus sign starts a token (``36-2`` is ``36`` then ``-2``): a column of changes
    (本年增/减) prints negative numbers inside a run.
    """
    out: list[str] = []
    for part in run.translate(_ASCII).split():
        found = _TOKEN.findall(part)
        if "".join(found) != part:
            return None
        out.extend(found)
    return out or None


def splits(run: str, n: int, limit: int = MAX_SPLITS, cap: int | None = None) -> list[Split]:
    """Every way to read ``run`` as exactly ``n`` numbers without leading zeros.

    ``cap``: only readings whose numbers sum to at most ``cap`` (prunes the search).
    """
    toks = tokens(run)
    if toks is None or n <= 0:
        return []
    if sum(len(t) for t in toks) < n or len(toks) > n:
        return []
    # digits left from token i on (for pruning: every number needs a digit)
    after = [0] * (len(toks) + 1)
    for i in range(len(toks) - 1, -1, -1):
        after[i] = after[i + 1] + len(toks[i])
    out: list[Split] = []
    acc: list[int] = []

    def rec(ti: int, pos: int, total: int) -> None:
        if len(out) > limit:
            raise TooMany(run)
        tok = toks[ti]
        if pos == len(tok):
            if ti + 1 == len(toks):
                if len(acc) == n:
                    out.append(tuple(acc))
                return
            rec(ti + 1, 0, total)
            return
        left = n - len(acc)
        if left < len(toks) - ti or left > after[ti + 1] + len(tok) - pos:
            return
        sign = 1
        start = pos
        if tok[pos] == "-":  # only ever at a token's start
            sign, start = -1, pos + 1
        stop = start + 1 if tok[start] == "0" else len(tok)
        for end in range(start + 1, stop + 1):
            value = sign * int(tok[start:end])
            if cap is not None and total + value > cap:
                break
            acc.append(value)
            rec(ti, end, total + value)
            acc.pop()

    rec(0, 0, 0)
    return out


def row_splits(run: str, parts: int = 6) -> list[Split]:
    """Readings of a table 3 row: ``parts`` applicant numbers and their total (printed last)."""
    toks = tokens(run)
    if toks is None or any(t.startswith("-") for t in toks):
        return []  # table 3 holds no negative numbers
    last = toks[-1]
    out: list[Split] = []
    for length in range(1, len(last) + 1):
        digits = last[len(last) - length:]
        if len(digits) > 1 and digits[0] == "0":
            continue
        total = int(digits)
        rest = toks[:-1] + ([last[:len(last) - length]] if length < len(last) else [])
        if not rest:
            continue
        for s in splits(" ".join(rest), parts, cap=total):
            if sum(s) == total:
                out.append(s + (total,))
    return sorted(out)


def grouped_splits(run: str, groups: int = 3, size: int = 5) -> list[Split]:
    """Readings of table 4's run: ``groups`` groups of ``size`` numbers, each ending with its total."""
    out = []
    if any(t.startswith("-") for t in tokens(run) or ()):
        return out  # table 4 holds no negative numbers
    for s in splits(run, groups * size):
        if all(sum(s[g * size:(g + 1) * size - 1]) == s[(g + 1) * size - 1] for g in range(groups)):
            out.append(s)
    return out


def agreed(readings: Sequence[Split]) -> list[int | None]:
    """Per position, the number every reading agrees on, else None."""
    if not readings:
        return []
    return [vals[0] if all(v == vals[0] for v in vals) else None for vals in zip(*readings, strict=True)]


# --- table 3 as a whole -----------------------------------------------------------------

BALANCE_IN = ("new_received", "carried_over")
BALANCE_OUT = ("total", "carried_forward")


def solve_table3(candidates: dict[str, list[Split]],
                 outcome_rows: Iterable[str]) -> tuple[dict[str, list[Split]], bool]:
    """Keep, per row, the readings that let the column identities hold.

    ``candidates`` maps each table 3 row key to its row-valid readings (one for a row
    printed with separators). Returns the surviving readings per row (one: determined) and
    whether the column identities were applied (False when rows are missing, there are too
    many combinations, or no combination satisfies them — then every row keeps its readings).
    """
    outcome_rows = list(outcome_rows)
    needed = set(BALANCE_IN + BALANCE_OUT) | set(outcome_rows)
    if not needed <= set(candidates) or any(not candidates[r] for r in needed):
        return dict(candidates), False
    multi = [r for r in candidates if len(candidates[r]) > 1]
    total_combos = 1
    for r in multi:
        total_combos *= len(candidates[r])
        if total_combos > MAX_COMBINATIONS:
            return dict(candidates), False
    ncols = len(next(iter(candidates.values()))[0])
    base = {r: c[0] for r, c in candidates.items() if len(c) == 1}

    def holds(choice: dict[str, Split]) -> bool:
        for c in range(ncols):
            into = choice["new_received"][c] + choice["carried_over"][c]
            if into != choice["total"][c] + choice["carried_forward"][c]:
                return False
            if sum(choice[r][c] for r in outcome_rows) != choice["total"][c]:
                return False
        return True

    surviving: dict[str, set[Split]] = {r: set() for r in multi}
    found = False
    for combo in itertools.product(*(candidates[r] for r in multi)):
        choice = dict(base)
        choice.update(zip(multi, combo, strict=True))
        if holds(choice):
            found = True
            for r, s in zip(multi, combo, strict=True):
                surviving[r].add(s)
    if not found:
        return dict(candidates), False
    out = {r: list(c) for r, c in candidates.items()}
    for r in multi:
        out[r] = sorted(surviving[r])
    return out, True
