"""gongkai deadline RECEIVED [--extend N] [--pause FROM:TO ...] [--restart DATE]: the reply due date.

Prints the due date first (ISO), then every working day counted, numbered, with the days skipped
between them (weekends, holidays, pauses) and the make-up working weekends (调休) marked, so staff
and applicants can check the arithmetic by hand. Exit 0; 2 for a date outside the known calendar
(the message names the missing year) or an invalid request. ``--provisional`` gives, for such a
date, the provisional due date (暂定: weekends plus the festivals of 《全国年节及纪念日放假办法》),
marked as such. The calendar is chinesecalendar plus, when a database is configured
(``DATABASE_URL``, or the platform's SQLite file exists), the schedule entered on the platform;
``--calendar FILE`` uses a schedule from JSON instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from ..cli import EXIT_OK, command
from ..errors import GongkaiError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text!r}") from None


def _range(text: str) -> tuple[dt.date, dt.date]:
    a, sep, b = text.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(f"中止期间应为 FROM:TO（如 2026-03-02:2026-03-13）：{text!r}")
    return _date(a), _date(b)


def _extend(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"延长的工作日数应为整数：{text!r}") from None
    if not 0 <= n <= 20:
        raise argparse.ArgumentTypeError(f"延长答复期限最长不得超过20个工作日（条例第三十三条）：{n}")
    return n


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("received", type=_date, metavar="RECEIVED", help="收到申请之日（YYYY-MM-DD），当日不计入")
    p.add_argument("--extend", type=_extend, default=0, metavar="N", help="延长答复期限 N 个工作日（至多20）")
    p.add_argument("--pause", type=_range, action="append", default=[], metavar="FROM:TO",
                   help="征求意见、缴费等不计入期限的期间（含首尾两日），可多次给出")
    p.add_argument("--restart", type=_date, metavar="DATE", help="收到补正之日：20个工作日自次日起重新计算")
    p.add_argument("--calendar", metavar="FILE",
                   help="管理员录入的节假日安排（JSON：years、holidays、workdays），"
                        "用于 chinesecalendar 尚未覆盖的年份")
    p.add_argument("--provisional", action="store_true",
                   help="节假日安排尚未公布的年份按法定节日推算暂定期限（标注“暂定”），而不是报错")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")


def _d(d: dt.date) -> str:
    from ..cases.clock import WEEKDAYS_ZH

    return f"{d.isoformat()}（{WEEKDAYS_ZH[d.weekday()]}）"


def _gap_line(cal, a: dt.date, b: dt.date, pauses) -> str | None:
    """Describe the days strictly between two counted days a and b (none if consecutive)."""
    days = [a + dt.timedelta(days=i) for i in range(1, (b - a).days)]
    if not days:
        return None
    parts, run = [], []

    def why(d):
        if any(x <= d <= y for x, y in pauses):
            return "中止计算"
        return cal.day_note(d) or "休息日"

    for d in days:
        if run and why(d) != why(run[-1]):
            parts.append(run)
            run = []
        run.append(d)
    parts.append(run)
    text = "；".join(
        (f"{r[0].isoformat()}" if len(r) == 1 else f"{r[0].isoformat()} 至 {r[-1].isoformat()}") + f" {why(r[0])}"
        for r in parts)
    return f"        （不计：{text}）"


def provisional_mark(years) -> str:
    """"暂定：2027年节假日安排尚未公布…" for the years a date was counted over provisionally."""
    if not years:
        return ""
    names = "、".join(f"{y}年" for y in years)
    return f"暂定：{names}的节假日安排尚未录入，按《全国年节及纪念日放假办法》的法定节日推算，未计调休"


def render(s, cal, source: str = "") -> list[str]:
    total = len(s.counted)
    base = s.counted[-1]
    what = "答复期限（条例第三十三条）" if not s.extend else f"延长后的答复期限（20 + {s.extend} 个工作日）"
    mark = provisional_mark(cal.missing_years(s.counting_from, base))
    lines = [f"{base.isoformat()}  第{total}个工作日，{what}" + (f"（{mark}）" if mark else "")]
    lines.append(f"收到申请：{_d(s.received)}，当日不计入")
    if s.counting_from != s.received:
        lines.append(f"收到补正：{_d(s.counting_from)}，20个工作日自次日起重新计算（条例第三十条）")
    for a, b in s.excluded:
        lines.append(f"中止计算：{a.isoformat()} 至 {b.isoformat()}（含首尾两日）不计入期限")
    lines.append(f"逐日计数（日历：chinesecalendar {cal.package_version}"
                 + (f"，另有{source or '管理员'}录入的 {sorted(cal.covered_years)} 年安排" if cal.covered_years else "")
                 + "）：")
    prev = s.counting_from
    for i, d in enumerate(s.counted, 1):
        gap = _gap_line(cal, prev, d, s.excluded)
        if gap:
            lines.append(gap)
        note = cal.day_note(d)
        extra = "（延长期间）" if i > 20 else ""
        lines.append(f"  第{i:>2}个工作日  {_d(d)}" + (f"  {note}" if note else "") + extra)
        prev = d
    return lines


def platform_calendar():
    """The schedule entered on the platform when a database is configured, else ``None``.

    Configured: ``DATABASE_URL`` is set, or the platform's default SQLite file exists. A database
    the platform has not created (no tables) has no schedule: ``None``.
    """
    import os

    if not os.environ.get("DATABASE_URL"):
        from ..site.settings import DATA_DIR

        if not (DATA_DIR / "gongkai.sqlite3").exists():
            return None
    import sys

    from django.core.exceptions import ImproperlyConfigured

    from .serve import setup_django

    try:
        setup_django()
    except (ImproperlyConfigured, GongkaiError) as e:  # e.g. production settings without SECRET_KEY
        print(f"gongkai: 未能读取平台录入的节假日安排（{e}），仅用 chinesecalendar", file=sys.stderr)
        return None
    from django.db import DatabaseError

    from ..cases import models as m

    try:
        m.forget_calendar()
        return m.work_calendar()
    except DatabaseError:
        return None


@command("deadline", "计算依申请公开的答复期限，并逐日列出计入的工作日")(_args)
def run_deadline(args: argparse.Namespace) -> int:
    from ..cases.clock import DEFAULT_CALENDAR, CalendarGap, ClockError, schedule

    cal, source = None, ""
    if args.calendar:
        from ..cases.clock import WorkCalendar

        try:
            with open(args.calendar, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError) as e:
            raise GongkaiError(f"无法读取节假日安排：{e}", path=args.calendar) from None
        cal = WorkCalendar.from_schedule(data, source=args.calendar)
    else:
        cal = platform_calendar()
        source = "平台" if cal is not None else ""
    cal = (cal or DEFAULT_CALENDAR).with_provisional(args.provisional)
    try:
        s = schedule(args.received, extend=args.extend, pauses=args.pause, restart=args.restart, calendar=cal)
    except CalendarGap as e:
        raise GongkaiError(f"{e}（加 --provisional 可按法定节日推算暂定期限）") from None
    except ClockError as e:
        raise GongkaiError(str(e)) from None
    missing = cal.missing_years(s.counting_from, s.due)
    if args.json:
        print(json.dumps({
            "due": s.due.isoformat(),
            "provisional": bool(missing),
            "missing_years": list(missing),
            "received": s.received.isoformat(),
            "counting_from": s.counting_from.isoformat(),
            "extend": s.extend,
            "pauses": [[a.isoformat(), b.isoformat()] for a, b in s.excluded],
            "counted": [d.isoformat() for d in s.counted],
        }, ensure_ascii=False, indent=2))
    else:
        print("\n".join(render(s, cal, source)))
    return EXIT_OK
