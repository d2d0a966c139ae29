"""Checks on the report's narrative that 国办公开办函〔2021〕30号 asks for.

* ``form.summary_length`` — (2021 template onward) 一、总体情况 “篇幅原则上不超过一千字”. Counted as
  the characters of the section with white space left out (Chinese, digits and punctuation each count one, as a word
  processor's 字数 counts them).
* ``form.fee_report`` — （六）其他需要报告的事项：“各行政机关依据《政府信息公开信息处理费管理办法》收取
  信息处理费的情况，在此处专门报告。” For the 2021 template onward, section 六 must say something
  about 信息处理费 (or 收费), even when none was charged.
* ``text.repeated`` — （五）…“不得出现敷衍了事甚至年年雷同现象”: the share of the narrative's
  sentences found verbatim in the same agency's previous report; a warning at one half or more,
  saying the share and in which sections.

Each rule reads only ``Report.sections``; a report read without its narrative (tables only) gets
no finding from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import cells as C
from .model import Finding, Report

SUMMARY_LIMIT = 1000
REPEATED_SHARE = 0.5
# Sentences shorter than this (“无。”, “详见下表。”) repeat in any report and prove nothing.
MIN_SENTENCE = 8

_SPACE = re.compile(r"\s+")
# A sentence ends at its punctuation or at a blank line; a single line break (a PDF's or a
# web page's wrapping) does not end one.
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n\s*\n")
_FEE_WORDS = re.compile(r"信息处理费|收费|收取[^。；;]{0,6}费")


def text_length(text: str) -> int:
    """Characters of ``text`` without white space."""
    return len(_SPACE.sub("", text))


def check_summary_length(report: Report) -> list[Finding]:
    if report.template != "2021":
        return []  # the limit is 30号's, for the 2021 template onward
    text = report.sections.get("overview", "")
    n = text_length(text)
    if n <= SUMMARY_LIMIT:
        return []
    return [Finding(
        "form.summary_length", "warning",
        f"“一、总体情况”共 {n} 字，超过国办公开办函〔2021〕30号“原则上不超过一千字”的要求", [],
        f"section 1 (overview) has {n} characters; 30号 asks for at most 1,000")]


def check_fee_statement(report: Report) -> list[Finding]:
    if report.template != "2021" or not report.sections:
        return []
    text = report.sections.get("other_matters", "")
    if not text.strip() or _FEE_WORDS.search(text):
        return []  # an absent section 六 is form.section_missing's to report
    return [Finding(
        "form.fee_report", "warning",
        "“六、其他需要报告的事项”未报告信息处理费收取情况（国办公开办函〔2021〕30号要求在此处专门报告，未收取也应说明）",
        [], "section 6 says nothing about 信息处理费 (fees), which 30号 requires there")]


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, white space removed, the short ones left out."""
    out = []
    for part in _SENTENCE_END.split(text):
        s = _SPACE.sub("", part)
        if len(s) >= MIN_SENTENCE:
            out.append(s)
    return out


@dataclass
class Repetition:
    """How much of a report's narrative stands verbatim in an earlier one."""

    total: int = 0  # sentences
    repeated: int = 0
    by_section: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> (repeated, total)
    examples: list[str] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return self.repeated / self.total if self.total else None


def repetition(report: Report, previous: Report) -> Repetition:
    """Sentences of ``report``'s narrative found verbatim anywhere in ``previous``'s narrative."""
    before = {s for text in previous.sections.values() for s in sentences(text)}
    rep = Repetition()
    for key, _title in C.SECTIONS:
        these = sentences(report.sections.get(key, ""))
        if not these:
            continue
        same = [s for s in these if s in before]
        rep.total += len(these)
        rep.repeated += len(same)
        rep.by_section[key] = (len(same), len(these))
        rep.examples += same[: max(0, 3 - len(rep.examples))]
    return rep


def check_repeated(report: Report, previous: Report) -> list[Finding]:
    if not previous.sections:
        return []
    rep = repetition(report, previous)
    share = rep.share
    if share is None or share < REPEATED_SHARE:
        return []
    titles = dict(C.SECTIONS)
    where = "、".join(f"{titles[k][:1]}（{r}/{n} 句）" for k, (r, n) in rep.by_section.items() if r)
    where_en = ", ".join(f"{k} {r}/{n}" for k, (r, n) in rep.by_section.items() if r)
    year = f"{previous.year} 年度" if previous.year else "上一份"
    return [Finding(
        "text.repeated", "warning",
        f"正文 {rep.repeated}/{rep.total} 句（{share:.0%}）与{year}报告一字不差，"
        f"国办公开办函〔2021〕30号要求不得年年雷同；重复见于第{where}部分。例：“{rep.examples[0]}”", [],
        f"{rep.repeated} of {rep.total} sentences ({share:.0%}) repeat the previous report verbatim ({where_en})")]
