"""What a report says about itself: agency, statistical year, publication date, sections.

Read from the printed text only — never from file metadata (a PDF's CreationDate is not
the publication date). ``published`` comes from a printed 发布日期/发布时间 or from the date
line under the signature at the end; it is None when none is printed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from ...report import cells as C

_S = r"[ \t\u00a0\u3000]*"
_AGENCY_END = (r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|管理委员会|管委会"
               r"|局|厅|委|办|中心|院|署|部|处|所|站|会|实验区|新区|开发区)")
_TITLE = re.compile(r"(?P<before>[^\s\d。，,：:；;、（）()《》“”\"|｜/>›»]{0,40}?)(?P<year>(?:19|20)\d\d)年度?"
                    r"(?P<after>[^\d。，,：:；;\n]{0,30}?)(?:政府信息公开|政务公开)(?:工作)?(?:年度?报告|年报)")
_PERIOD = re.compile(r"统计期限[^。\n]{0,12}?((?:19|20)\d\d)年")
_ANY_YEAR = re.compile(r"((?:20)\d\d)" + _S + r"年")
_PUBLISHED = re.compile(r"(?:发布|公开|印发)(?:日期|时间)[:：]?" + _S + r"((?:19|20)\d\d)" + _S + r"[-/.年]" + _S
                        + r"(\d{1,2})" + _S + r"[-/.月]" + _S + r"(\d{1,2})")
_DATE_LINE = re.compile(r"^" + _S + r"((?:19|20)\d\d)" + _S + "年" + _S + r"(\d{1,2})" + _S + "月" + _S + r"(\d{1,2})"
                        + _S + "日" + _S + "$")
_NARRATIVE_AGENCY = re.compile(r"(?:19|20)\d\d年(?:度)?[，,]" + _S + r"([^\s，,。；;、“”]{2,30}?" + _AGENCY_END + ")")
_SIGNATURE = re.compile(r"^[^\s，,。；;：:、（）()]{2,40}" + _AGENCY_END + r"$")


@dataclass
class Meta:
    year: int | None = None
    agency: str | None = None
    published: dt.date | None = None
    summary: bool = False


def _squash(text: str) -> str:
    return re.sub(r"[ \t\u00a0\u3000]+", "", text)


def _lines(text: str) -> list[str]:
    return [ln.strip(" \t\u00a0\u3000") for ln in text.split("\n") if ln.strip(" \t\u00a0\u3000")]


def _date(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _title(text: str) -> re.Match[str] | None:
    lines = text[:6000].split("\n")[:40]
    for i, line in enumerate(lines):  # a title on one line, or its agency on the line above
        m = _TITLE.search(_squash(line))
        if m:
            if len(m["before"]) < 2 and len(m["after"]) < 2 and i > 0:
                joined = _TITLE.search(_squash(lines[i - 1] + line))
                if joined and len(joined["before"]) >= 2:
                    return joined
            return m
    m = _TITLE.search(_squash("".join(lines)))  # a title broken over lines
    if m:
        return m
    return _TITLE.search(_squash(text))


def read(text: str) -> Meta:
    out = Meta()
    title = _title(text)
    if title:
        out.year = int(title["year"])
    else:
        m = _PERIOD.search(_squash(text)) or _ANY_YEAR.search(text)
        if m:
            out.year = int(m.group(1))
    out.agency = agency(text, title)
    out.published = published(text)
    if out.agency:
        a = out.agency
        out.summary = (a.endswith(("人民政府", "实验区", "新区", "管委会", "管理委员会"))
                       and not a.endswith(("办公厅", "办公室")))
    return out


_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_DATE = re.compile(_S + r"([〇零○ＯO一二三四五六七八九]{4})" + _S + "年" + _S + r"([一二三四五六七八九十]{1,3})" + _S
                      + "月" + _S + r"([一二三四五六七八九十]{1,3})" + _S + "日" + _S + "$")


def _cn_number(s: str) -> int:
    """一 … 三十一 (days and months)."""
    if "十" not in s:
        return _CN_DIGITS[s]
    tens, _, ones = s.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _date_line(line: str) -> re.Match[str] | tuple[str, str, str] | None:
    m = _DATE_LINE.match(line)
    if m:
        return m
    m = _CN_DATE.match(line)
    if m:
        year = "".join(str(_CN_DIGITS[ch]) for ch in m.group(1))
        return year, str(_cn_number(m.group(2))), str(_cn_number(m.group(3)))
    return None


@lru_cache(maxsize=4)  # agency() and published() both ask, for the same text
def _signature(text: str) -> tuple[str | None, dt.date | None]:
    """The signature block at the end: an agency line and/or a date line (二〇二五年一月二十日 too)."""
    tail = _lines(text[-4000:])[-8:]
    for i in range(len(tail) - 1, -1, -1):
        m = _date_line(tail[i])
        if m:
            name = None
            if i > 0 and _SIGNATURE.match(_squash(tail[i - 1])):
                name = _squash(tail[i - 1])
            return name, _date(*(m if isinstance(m, tuple) else m.groups()))
    return None, None


def agency(text: str, title: re.Match[str] | None = None) -> str | None:
    name, _ = _signature(text)
    if name:
        return name
    title = title or _title(text)
    if title:
        before = title["before"].strip()
        before = re.sub(r"^(?:标题|题目|名称)", "", before)
        before = re.sub(r"(?:关于|的)$", "", before)
        after = title["after"].strip()
        if len(after) >= 2 and re.search(_AGENCY_END + "$", after):
            return after
        if len(before) >= 2:
            return before
        if len(after) >= 2:
            return after
    m = _NARRATIVE_AGENCY.search(_squash(text[:5000]))
    return m.group(1) if m else None


def published(text: str) -> dt.date | None:
    m = _PUBLISHED.search(text[:5000])
    if m:
        return _date(*m.groups())
    _, date = _signature(text)
    return date


# --- sections ------------------------------------------------------------------------------

_N = r"(?:^|(?<=[\s。；;>：:]))"
# Any number: a report may number its own headings (总体情况 unnumbered, then 一、主动公开 … 五、其他需要报告的事项);
# the six titles, in their order, are what tells the sections.
_NUM = r"[一二三四五六七八九十1-9]"
_SECTION_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "overview": (re.compile(_NUM + _S + r"[、.．]" + _S + "总体情况"),
                 re.compile(r"(?m)^" + _S + "总体情况" + _S + "$")),
    "proactive": (re.compile(_NUM + _S + r"[、.．]" + _S + "主动公开政府信息(?:情况)?"),),
    "applications": (re.compile(_NUM + _S + r"[、.．]" + _S + "收到和处理政府信息公开申请(?:情况)?"),),
    "appeals": (re.compile(_NUM + _S + r"[、.．]" + _S + r"(?:因)?政府信息公开(?:工作)?(?:被申请)?行政法?复议"
                            r"(?:[、和及与][ \t\u3000]*(?:提起)?行政诉讼(?:情况)?)?"),),
    "problems": (re.compile(_NUM + _S + r"[、.．]" + _S + r"(?:政府信息公开工作)?存在的主要问题(?:及改进情况)?"),),
    "other_matters": (re.compile(_NUM + _S + r"[、.．]" + _S + "其他需要报告的事项"),),
}


def sections(text: str) -> dict[str, str]:
    """The six sections' text (一 总体情况 … 六 其他需要报告的事项), those that are printed."""
    found: list[tuple[str, int, int]] = []
    pos = 0
    for key, _title_text in C.SECTIONS:
        best = None
        for pat in _SECTION_PATTERNS[key]:
            m = pat.search(text, pos)
            if m and (best is None or m.start() < best.start()):
                best = m
        if best:
            found.append((key, best.start(), best.end()))
            pos = best.end()
    out: dict[str, str] = {}
    for i, (key, _start, end) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else len(text)
        eol = text.find("\n", end, stop)
        rest = text[end:stop if eol < 0 else eol]
        if len(rest.strip()) <= 15 and "。" not in rest:
            end = stop if eol < 0 else eol  # the heading whole (…行政复议、行政诉讼情况), not cut at its match
        lines = [ln.strip(" \t\u00a0\u3000") for ln in text[end:stop].split("\n")]
        lines = [ln for ln in lines if ln]
        if i == len(found) - 1:
            lines = _before_signature(lines)
        out[key] = "\n".join(lines)
    return out  # a section printed with only its table holds "" (its heading was seen)


def _before_signature(lines: list[str]) -> list[str]:
    """The last section's lines without the signature (agency, date) and what follows it
    (a portal page's footer)."""
    for i, line in enumerate(lines):
        if i and _DATE_LINE.match(line):
            cut = i - 1 if _SIGNATURE.match(lines[i - 1]) else i
            return lines[:cut]
    return lines


_SECTION_WORDS = re.compile("总体情况|主动公开政府信息|收到和处理|复议|存在的主要问题|其他需要报告")


def section_heading(text: str) -> bool:
    """Whether ``text`` holds one of the six section headings."""
    if _SECTION_WORDS.search(text) is None:
        return False  # (most lines: one scan, not seven patterns)
    return any(p.search(text) for pats in _SECTION_PATTERNS.values() for p in pats)
