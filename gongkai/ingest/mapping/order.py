"""Template order: rows whose labels name a set of candidate rows each, aligned so that each
takes a row the template prints after the previous one's — used only where the placement
is the only one possible."""

from __future__ import annotations


def align(sets: list[set[int]], n: int) -> list[set[int]]:
    """For rows in printed order with allowed template positions, the positions each row can
    take in some strictly increasing placement of all rows (a row with none is left out)."""
    placed = feasible(sets, n)
    if placed is None:
        # No placement of every row: fall back to what each label alone says.
        return [s if len(s) == 1 else set() for s in sets]
    return placed


def feasible(sets: list[set[int]], n: int) -> list[set[int]] | None:
    """The positions each row can take in some strictly increasing placement of all rows (a row
    with none is left out), or None when there is none."""
    kept = [i for i, s in enumerate(sets) if s]
    if len(kept) < len(sets):
        placed = feasible([sets[i] for i in kept], n)
        if placed is None:
            return None
        out: list[set[int]] = [set() for _ in sets]
        for i, f in zip(kept, placed, strict=True):
            out[i] = f
        return out
    m = len(sets)
    full = (1 << n) - 1
    masks = [sum(1 << e for e in s if 0 <= e < n) for s in sets]
    fwd = [0] * m  # row i can sit at e, with some placement of the rows before it left of e
    for i in range(m):
        if i == 0:
            fwd[i] = masks[0]
        else:
            prev = fwd[i - 1]
            lowest = (prev & -prev).bit_length()  # positions after the first one row i-1 can take
            fwd[i] = masks[i] & (full & ~((1 << lowest) - 1)) if prev else 0
    bwd = [0] * m  # … and some placement of the rows after it right of e
    for i in range(m - 1, -1, -1):
        if i == m - 1:
            bwd[i] = masks[i]
        else:
            nxt = bwd[i + 1]
            highest = nxt.bit_length() - 1  # positions before the last one row i+1 can take
            bwd[i] = masks[i] & ((1 << highest) - 1) if nxt else 0
    out = [{e for e in range(n) if (fwd[i] & bwd[i]) >> e & 1} for i in range(m)]
    return None if any(not s for s in out) else out
