"""Read the State Council's yearly holiday notice into days (no Django here).

Each autumn 国务院办公厅 publishes 《国务院办公厅关于YYYY年部分节假日安排的通知》; its items read::

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
    三、清明节：4月5日放假，与周末连休。
    六、国庆节、中秋节：10月1日至8日放假调休，共8天。9月28日（星期日）、10月11日（星期六）上班。
    一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。

Per item: the festival name(s) before the colon; sentences with 放假 give the days off (one day,
or FROM 至 TO inclusive — TO may give only the day, or the month and day); sentences with 上班
list the make-up working days (调休上班). Parenthesised text (weekday, lunar date) is dropped.
Sentences that do not set days (“鼓励各单位……安排职工在除夕（2月9日）休息”, “不调休”) are ignored.
A stated count “共N天” is checked against the range: a notice gongkai cannot read with confidence is
an error naming the item, never a guess. :func:`parse_notice` returns a :class:`ParsedNotice`
whose ``missing`` lists the statutory festivals (《全国年节及纪念日放假办法》第二条) not found.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .clock import FESTIVAL_NAMES, ClockError

_NUMERALS = "一二三四五六七八九十"
_ITEM = re.compile(rf"(?m)^[ \t\u3000]*[{_NUMERALS}]{{1,2}}[、.．][ \t\u3000]*([^：:\n]{{1,30}})[：:]")
_TITLE_YEAR = re.compile(r"关于\s*(\d{4})\s*年(?:部分)?节假日安排")
_PARENS = re.compile(r"（[^（）]*）|\([^()]*\)")
_DATE = re.compile(r"(?:(?:(\d{4})年)?(\d{1,2})月)?(\d{1,2})日")
_COUNT = re.compile(r"共\s*(\d{1,2})\s*天")
_MAX_TEXT = 20000  # characters: a notice is about 1,000


@dataclass
class NoticeItem:
    names: tuple[str, ...]  # festivals of the item, e.g. ("国庆节", "中秋节")
    text: str
    off: list[dt.date] = field(default_factory=list)
    work: list[dt.date] = field(default_factory=list)

    @property
    def label(self) -> str:
        return "、".join(self.names)


@dataclass
class ParsedNotice:
    year: int
    items: list[NoticeItem]

    @property
    def holidays(self) -> dict[dt.date, str]:
        return {d: it.label for it in self.items for d in it.off}

    @property
    def workdays(self) -> dict[dt.date, str]:
        return {d: it.label for it in self.items for d in it.work}

    @property
    def festivals(self) -> set[str]:
        return {n for it in self.items for n in it.names}

    @property
    def missing(self) -> list[str]:
        """Statutory festivals the notice does not give (the year is complete only without any)."""
        return [n for n in FESTIVAL_NAMES if n not in self.festivals]

    def to_schedule(self) -> dict:
        """In the form :meth:`gongkai.cases.clock.WorkCalendar.from_schedule` reads."""
        return {"years": [self.year],
                "holidays": {d.isoformat(): n for d, n in sorted(self.holidays.items())},
                "workdays": {d.isoformat(): n for d, n in sorted(self.workdays.items())}}


def _names(head: str) -> tuple[str, ...]:
    """"国庆节、中秋节" → ("国庆节", "中秋节"); "清明" → ("清明节",) (the law's names)."""
    out = []
    for part in re.split(r"[、，,和及与\s]+", head.strip()):
        if not part:
            continue
        for name in FESTIVAL_NAMES:
            if part == name or part + "节" == name or (name == "元旦" and part == "元旦节"):
                out.append(name)
                break
        else:
            out.append(part)
    return tuple(out)


def _dates(sentence: str, year: int, where: str) -> list[dt.date]:
    """The dates in ``sentence`` in order; a date without a month takes the previous one's."""
    out: list[dt.date] = []
    prev: dt.date | None = None
    for m in _DATE.finditer(sentence):
        y, mo, d = m.group(1), m.group(2), m.group(3)
        if mo is None and prev is None:
            raise ClockError(f"日期“{m.group(0)}”缺少月份", where=where)
        yy = int(y) if y else (prev.year if prev else year)
        mm = int(mo) if mo else prev.month
        if prev is not None and not y and mm < prev.month:
            yy = prev.year + 1  # 12月31日至1月2日
        try:
            day = dt.date(yy, mm, int(d))
        except ValueError:
            raise ClockError(f"日期无效：“{m.group(0)}”", where=where) from None
        out.append(day)
        prev = day
    return out


def parse_notice(text: str, year: int | None = None) -> ParsedNotice:
    """Parse the notice's text (pasted whole or only its items). ``year`` defaults to the title's."""
    if not isinstance(text, str) or not text.strip():
        raise ClockError("通知内容为空：请粘贴国务院办公厅关于部分节假日安排的通知全文")
    if len(text) > _MAX_TEXT:
        raise ClockError(f"通知内容过长（{len(text)}字，上限{_MAX_TEXT}字）：请只粘贴通知正文")
    text = text.replace("\r\n", "\n").replace("\u00a0", " ")
    title = _TITLE_YEAR.search(text)
    if year is None:
        if not title:
            raise ClockError("未找到通知所属年度（如“关于2027年部分节假日安排的通知”）：请填写年度")
        year = int(title.group(1))
    elif title and int(title.group(1)) != year:
        raise ClockError(f"通知标题为{title.group(1)}年，与所填年度{year}年不符")
    heads = list(_ITEM.finditer(text))
    if not heads:
        raise ClockError("未找到“一、元旦：……”形式的放假安排条目")
    items: list[NoticeItem] = []
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        body = text[h.end():end]
        # The items end where the closing paragraphs begin (a blank line or 节假日期间……).
        body = re.split(r"\n\s*\n|节假日期间", body, maxsplit=1)[0]
        names = _names(h.group(1))
        where = f"第{i + 1}项“{h.group(1).strip()}”"
        item = NoticeItem(names, " ".join(body.split()))
        for sentence in re.split(r"[。；;]", _PARENS.sub("", body)):
            sentence = sentence.strip()
            if not sentence or sentence.startswith("鼓励"):
                continue
            if "上班" in sentence:
                item.work += _dates(sentence, year, where)
            elif "放假" in sentence:
                days = _dates(sentence.split("放假")[0], year, where)
                if not days or len(days) > 2:
                    raise ClockError(f"无法读出放假日期：“{sentence}”", where=where)
                first, last = days[0], days[-1]
                if last < first or (last - first).days > 15:
                    raise ClockError(f"放假期间无效：“{sentence}”", where=where)
                run = [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
                count = _COUNT.search(sentence)
                if count and int(count.group(1)) != len(run):
                    raise ClockError(f"“共{count.group(1)}天”与所列日期（{first.isoformat()}至{last.isoformat()}，"
                                     f"{len(run)}天）不符", where=where)
                item.off += run
        if not item.off:
            raise ClockError(f"该条目未给出放假日期：“{item.text[:60]}”", where=where)
        for d in item.work:
            if d in item.off:
                raise ClockError(f"{d.isoformat()} 同时列为放假和上班", where=where)
        items.append(item)
    seen: dict[dt.date, str] = {}
    for it in items:
        for d in it.off + it.work:
            if d in seen:
                raise ClockError(f"{d.isoformat()} 在“{seen[d]}”和“{it.label}”两项中重复出现")
            seen[d] = it.label
            if abs(d.year - year) > 1:
                raise ClockError(f"{d.isoformat()} 不属于{year}年的安排", where=it.label)
    return ParsedNotice(year, items)
