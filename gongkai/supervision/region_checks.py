"""The region's checks (no Django): ``region.missing`` — a unit without a report for the year —
and ``region.sum`` — a government's report that differs from the sum of its children's."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ..report import Finding
from ..report.cells import label

Number = int | Decimal
LISTED = 12  # cells named in the message; the finding's keys list them all


def check_missing(unit: str, year: int, unreadable: bool = False) -> list[Finding]:
    if unreadable:
        return [Finding("region.missing", "warning", f"{unit}的 {year} 年度报告已收到，但无法读取", [],
                        f"{unit}: the {year} report was received but could not be read")]
    return [Finding("region.missing", "warning", f"{unit}尚无 {year} 年度报告", [],
                    f"{unit} has no report for {year}")]


def _show(n: Number | None) -> str:
    return "空白" if n is None else str(n)


def check_sum(own: Mapping[str, Number | None], children_sum: Mapping[str, Number],
              incomplete: list[str] | None = None) -> list[Finding]:
    """Each cell of the government's own report against the sum of its children's.

    A cell printed on neither side is not compared; a cell blank in the government's report while
    the children sum to more than 0 differs. An error, or a warning while a child's report is
    missing or unreadable (``incomplete`` names them).
    """
    diffs: list[tuple[str, Number | None, Number]] = []
    for key in sorted(set(own) | set(children_sum)):
        mine, theirs = own.get(key), children_sum.get(key, 0)
        if mine is None and key not in children_sum:
            continue
        if (mine or 0) != theirs:
            diffs.append((key, mine, theirs))
    if not diffs:
        return []
    parts = [f"{label(k)}（{k}）本级 {_show(a)}，下级合计 {b}" for k, a, b in diffs[:LISTED]]
    more = f"等 {len(diffs)} 格" if len(diffs) > LISTED else f"共 {len(diffs)} 格"
    severity = "warning" if incomplete else "error"
    caveat = f"（{'、'.join(incomplete[:5])}{'等' if len(incomplete) > 5 else ''}的报告缺失或无法读取，汇总尚不完整）" \
        if incomplete else ""
    return [Finding(
        "region.sum", severity,
        f"本级报告与下级报告之和不符{caveat}：" + "；".join(parts) + f"（{more}）",
        [k for k, _, _ in diffs],
        f"{len(diffs)} cell(s) differ from the sum of the children's reports"
        + (" (some children's reports are missing or unreadable)" if incomplete else ""))]
