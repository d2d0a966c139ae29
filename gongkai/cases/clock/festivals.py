"""The days off of 《全国年节及纪念日放假办法》: how a year whose official schedule is not known yet is
counted provisionally."""

from __future__ import annotations

import datetime as dt
from datetime import date

from .errors import ClockError

# 《全国年节及纪念日放假办法》（2024年11月10日国务院决定修订，2025年1月1日起施行）第二条：
# 全体公民放假的节日。The provisional calendar of a year whose official schedule is not known yet
# is: weekends plus these days (make-up working weekends and Art. 6 补假 are set by each year's
# notice, so unknown until it is published).
STATUTORY_FESTIVALS: tuple[tuple[str, str], ...] = (
    ("元旦", "放假1天（1月1日）"),
    ("春节", "放假4天（农历除夕、正月初一至初三）"),
    ("清明节", "放假1天（农历清明当日）"),
    ("劳动节", "放假2天（5月1日、2日）"),
    ("端午节", "放假1天（农历端午当日）"),
    ("中秋节", "放假1天（农历中秋当日）"),
    ("国庆节", "放假3天（10月1日至3日）"),
)
FESTIVAL_NAMES = tuple(name for name, _ in STATUTORY_FESTIVALS)
_STATUTORY_MEMO: dict[int, dict[date, str]] = {}


def statutory_holidays(year: int) -> dict[date, str]:
    """The days off of 《全国年节及纪念日放假办法》 Art. 2 falling in ``year`` (date → festival).

    Lunar dates and the solar term 清明 from the ``lunar-python`` package. The 春节 days are those
    of the lunar year beginning in ``year`` (除夕 is the day before 正月初一, always in ``year``).
    """
    days = _STATUTORY_MEMO.get(year)
    if days is not None:
        return dict(days)
    if not 1901 <= year <= 2099:
        raise ClockError(f"无法推算{year}年的法定节假日（支持1901—2099年）")
    from lunar_python import Lunar

    def solar(lunar_year: int, month: int, day: int) -> date:
        s = Lunar.fromYmd(lunar_year, month, day).getSolar()
        return date(s.getYear(), s.getMonth(), s.getDay())

    new_year = solar(year, 1, 1)
    qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    days = {date(year, 1, 1): "元旦"}
    for i in range(-1, 3):
        days[new_year + dt.timedelta(days=i)] = "春节"
    days[date(qingming.getYear(), qingming.getMonth(), qingming.getDay())] = "清明节"
    days[date(year, 5, 1)] = days[date(year, 5, 2)] = "劳动节"
    days[solar(year, 5, 5)] = "端午节"
    days[solar(year, 8, 15)] = "中秋节"
    for d in (1, 2, 3):
        days.setdefault(date(year, 10, d), "国庆节")  # 中秋 may fall on 1—3 October
    _STATUTORY_MEMO[year] = days
    return dict(days)
