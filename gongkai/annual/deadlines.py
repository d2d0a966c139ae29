"""The workbench warning: from 1 January while last year's report is unpublished, with its deadline.

《条例》第四十九条 and 国办公开办函〔2021〕30号 set the day by the publisher's level
(:func:`gongkai.report.levels.publication_deadline`): a department or a township by 31 January; a
county government's own report by 20 February, a prefecture's by 10 March, a province's by 31 March.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.cases import models as cm
from gongkai.report.levels import LEVEL_NAMES, publication_deadline

from . import rules
from .models import AnnualReport, level_of


@dataclass(frozen=True)
class Warning_:
    year: int
    level: str
    deadline: dt.date
    days_left: int  # calendar days; negative when past
    state: str | None  # the report's state, None when not started

    @property
    def text(self) -> str:
        what = f"{self.year}年度政府信息公开工作年度报告"
        where = "尚未起草" if self.state is None else rules.STATES[self.state]
        due = f"{self.deadline.year}年{self.deadline.month}月{self.deadline.day}日"
        if self.days_left < 0:
            return f"{what}{where}，已超过法定发布期限{due}（{LEVEL_NAMES[self.level]}）{-self.days_left}天"
        return f"{what}{where}，应于{due}前向社会公布（{LEVEL_NAMES[self.level]}），还有{self.days_left}天"


def warning(agency: cm.Agency, today: dt.date | None = None) -> Warning_ | None:
    """The warning to show on ``today``: last year's report, from 1 January until it is published.

    After 30 June the warning stops (an overdue report stays listed as such on the report page),
    so that an agency that joined the platform late is not told about a year it never kept here.
    """
    today = today or cm.dates.today()
    year = today.year - 1
    if today > dt.date(today.year, 6, 30):
        return None
    level = level_of(agency)
    deadline = publication_deadline(year, level)
    versions = AnnualReport.objects.filter(agency=agency, year=year)
    if versions.filter(state=rules.PUBLISHED).exists():
        return None
    latest = versions.order_by("-version").first()
    return Warning_(year, level, deadline, (deadline - today).days, latest.state if latest else None)
