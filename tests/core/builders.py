"""Build reports that balance by construction, from per-cell counts (test fixtures of our own)."""

from __future__ import annotations

import random

from gongkai.report import Report
from gongkai.report import cells as C


def balanced(template: str = "2021", seed: int = 0, *, year: int | None = None, single_other: bool = False,
             scale: int = 20) -> Report:
    """A report whose tables 3 and 4 balance: outcome counts drawn at random, totals summed."""
    rng = random.Random(seed)
    year = year if year is not None else (2020 if template == "2019" else 2024)
    r = Report(template=template, year=year, agency="测试市测试局")
    for key, _row, _column in r.tmpl.art20:
        if key in C.AMOUNT_KEYS:
            r.set(key, rng.randint(0, 999))
        elif key in C.SIGNED_KEYS:
            r.set(key, rng.randint(-5, 5))
        else:
            r.set(key, rng.randint(0, 50))
    other = C.OTHER_KEYS_2019 if (template == "2019" or single_other) else C.OTHER_KEYS_2021
    outcome_rows = C.OUTCOME_KEYS_COMMON + other
    col_total = dict.fromkeys(C.APPLICANT_KEYS, 0)
    for row in outcome_rows:
        counts = {c: (rng.randint(0, scale) if rng.random() < 0.5 else 0) for c in C.APPLICANT_KEYS}
        _set_row(r, row, counts)
        for c in C.APPLICANT_KEYS:
            col_total[c] += counts[c]
    forward = {c: rng.randint(0, 3) for c in C.APPLICANT_KEYS}
    carried = {c: rng.randint(0, col_total[c] + forward[c]) for c in C.APPLICANT_KEYS}
    new = {c: col_total[c] + forward[c] - carried[c] for c in C.APPLICANT_KEYS}
    _set_row(r, "total", col_total)
    _set_row(r, "carried_forward", forward)
    _set_row(r, "carried_over", carried)
    _set_row(r, "new_received", new)
    for group, _ in C.APPEAL_GROUPS:
        parts = {p: rng.randint(0, 6) for p in C.APPEAL_PARTS}
        for p, v in parts.items():
            r.set(C.appeal_key(group, p), v)
        r.set(C.appeal_key(group, "total"), sum(parts.values()))
    return r


def _set_row(r: Report, row: str, counts: dict[str, int]) -> None:
    for c, v in counts.items():
        r.set(C.app_key(row, c), v)
    r.set(C.app_key(row, "total"), sum(counts.values()))


def sections(report: Report) -> dict[str, str]:
    """Six sections whose stated counts agree with the tables."""
    n = report.number
    return {
        "overview": "本机关认真贯彻《中华人民共和国政府信息公开条例》，现将本年度工作情况报告如下。",
        "proactive": "本年度主动公开政府信息，详见下表。",
        "applications": f"本年度共收到政府信息公开申请{n('apps.new_received.total')}件，"
                        f"结转下年度{n('apps.carried_forward.total')}件。",
        "appeals": f"本年度发生行政复议{n('review.total')}件。",
        "problems": "主要问题是公开内容不够全面，下一步将加以改进。",
        "other_matters": "本年度未收取信息处理费。",
    }
