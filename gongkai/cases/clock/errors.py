"""What the clock refuses: an invalid step, or a date in a year whose holiday schedule is unknown."""

from __future__ import annotations

from collections.abc import Iterable

from ...errors import GongkaiError


class ClockError(GongkaiError):
    """An operation the statutory clock does not allow (second extension, resume while running …)."""


class CalendarGap(ClockError):
    """A date falls in a year whose official holiday schedule is not known yet."""

    def __init__(self, year: int, known: Iterable[int] = ()) -> None:
        self.year = year
        span = f"已知 {_year_ranges(known)} 年" if known else "尚无已知年份"
        super().__init__(
            f"{year}年的法定节假日与调休安排尚未录入（{span}）：请管理员按国务院办公厅公布的{year}年"
            f"部分节假日安排录入后再计算期限 / the official holiday schedule for {year} is missing"
        )


def _year_ranges(years: Iterable[int]) -> str:
    """2004, 2005, …, 2026, 2028 → "2004—2026、2028"."""
    ys, parts = sorted(set(years)), []
    for y in ys:
        if parts and y == parts[-1][1] + 1:
            parts[-1][1] = y
        else:
            parts.append([y, y])
    return "、".join(f"{a}" if a == b else f"{a}—{b}" for a, b in parts)
