"""Every indicator against numbers counted by hand from the cells set here (not from the code)."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.report import Finding, Report
from gongkai.report import cells as C
from gongkai.supervision.indicators import INDICATORS, NAMES, compute, display

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpus")


def _row(r: Report, row: str, total: int | None, **columns: int) -> None:
    for c in C.APPLICANT_KEYS:
        r.set(C.app_key(row, c), columns.get(c, 0) if total is not None or columns else None)
    r.set(C.app_key(row, "total"), total)


def _appeal(r: Report, group: str, upheld: int, corrected: int, other: int, pending: int, total: int) -> None:
    for part, v in zip(("upheld", "corrected", "other", "pending", "total"), (upheld, corrected, other, pending, total),
                       strict=True):
        r.set(C.appeal_key(group, part), v)


def hand_report() -> Report:
    r = Report(template="2021", year=2024, agency="测试县测试局", published=dt.date(2025, 2, 3))
    # table 2
    for key, v in (("art20.regulations.made", 0), ("art20.regulations.repealed", 1), ("art20.regulations.in_force", 5),
                   ("art20.normative_documents.made", 3), ("art20.normative_documents.repealed", 0),
                   ("art20.normative_documents.in_force", 12), ("art20.licensing.decisions", 100),
                   ("art20.punishment.decisions", 20), ("art20.coercion.decisions", 2),
                   ("art20.fees.amount", "7730.28")):
        r.set(key, v)
    # table 3: 10 new + 4 carried over = 13 closed + 1 carried forward
    _row(r, "new_received", 10, natural_person=7, commercial=3)
    _row(r, "carried_over", 4, natural_person=4)
    for row in C.OUTCOME_KEYS_COMMON + C.OTHER_KEYS_2021:
        _row(r, row, 0)
    _row(r, "granted", 4, natural_person=4)
    _row(r, "partial", 2, natural_person=2)
    _row(r, "denied.state_secret", 1, natural_person=1)
    # 总计 printed blank, the applicant columns 1 + 1: counted as 2
    r.set(C.app_key("denied.third_party", "natural_person"), 1)
    r.set(C.app_key("denied.third_party", "commercial"), 1)
    r.set(C.app_key("denied.third_party", "total"), None)
    _row(r, "unable.not_held", 2, natural_person=2)
    _row(r, "not_processed.repeat", 1, commercial=1)
    _row(r, "other.other", 1, commercial=1)
    _row(r, "total", 13, natural_person=10, commercial=3)
    _row(r, "carried_forward", 1, natural_person=1)
    # table 4: direct suits print 总计 0 beside 1 + 0 + 1 + 0
    _appeal(r, "review", 3, 1, 0, 1, 5)
    _appeal(r, "litigation_direct", 1, 0, 1, 0, 0)
    _appeal(r, "litigation_after_review", 0, 1, 0, 0, 1)
    r.sections = {
        "overview": "全年共办理政府信息公开申请十四件。工作稳步推进，群众满意度持续提升。",
        "proactive": "本年度主动公开政府信息共计一百二十条。",
        "applications": "本年度收到的申请均已在法定期限内答复。",
        "appeals": "本年度发生行政复议五件和行政诉讼三件。",
        "problems": "下一步将继续加强政府信息公开队伍建设。",
        "other_matters": "  ",
    }
    return r


def previous_report() -> Report:
    r = Report(template="2021", year=2023, agency="测试县测试局")
    r.sections = {
        "overview": "全年共办理政府信息公开申请九件。工作稳步推进，群众满意度持续提升。",
        "proactive": "本年度主动公开政府信息共计一百二十条。",
        "applications": "去年的申请均按时答复完毕。",
        "problems": "下一步将继续加强政府信息公开队伍建设。",
    }
    return r


FINDINGS = [Finding("apps.balance", "error", "x"), Finding("form.late", "warning", "x"),
            Finding("cell.blank", "warning", "x"), Finding("form.mixed_template", "info", "x")]


def test_every_indicator_counted_by_hand():
    got = compute(hand_report(), FINDINGS, previous_report(), level="department")
    v = got.values
    assert set(v) == set(NAMES)
    expected = {
        "received": 10, "carried_over": 4, "closed": 13, "granted": 4, "partial": 2,
        "denied": 1 + 2, "unable": 2, "not_processed": 1, "other": 0 + 0 + 1, "carried_forward": 1,
        "disclosure_rate": Decimal("46.2"),  # (4 + 2) / 13 = 46.15 %
        "denial_rate": Decimal("23.1"),  # 3 / 13 = 23.08 %
        "unable_rate": Decimal("15.4"),  # 2 / 13 = 15.38 %
        "reviews": 3 + 1 + 0 + 1,
        "lawsuits": (1 + 0 + 1 + 0) + (0 + 1 + 0 + 0),  # the parts, not the misprinted 总计 0
        "corrected": 1 + 0 + 1,
        "decided": (3 + 1 + 0) + (1 + 0 + 1) + (0 + 1 + 0),
        "correction_rate": Decimal("28.6"),  # 2 / (4 + 2 + 1) decided = 28.57 %
        "on_time": False, "days_late": 3,  # department: 31 January 2025; published 3 February
        "sections": 5,  # 六 is blank
        "summary_length": 34,  # 17 + 17 characters, punctuation included
        "repeated_share": Decimal("50.0"),  # 3 of 6 sentences stand verbatim in the 2023 report
        "balanced": False, "errors": 1, "warnings": 2, "infos": 1,
        "regulations_made": 0, "regulations_repealed": 1, "regulations_in_force": 5,
        "normative_made": 3, "normative_repealed": 0, "normative_in_force": 12,
        "licensing": 100, "punishment": 20, "coercion": 2, "fees": Decimal("7730.28"),
    }
    assert v == expected
    assert "按六类申请人之和 2 计" in got.notes["denied"]
    assert "总计印为 0，与各项之和 2 不符" in got.notes["lawsuits"]
    assert "reviews" not in got.notes
    assert got.notes["days_late"] == "期限 2025-01-31，发布 2025-02-03"


@pytest.mark.parametrize(("level", "late"), [("department", 3), ("township", 3), ("county", 0), ("prefecture", 0),
                                             ("province", 0), (None, 3)])
def test_days_late_by_level(level, late):
    # 2025-02-03: three days after 31 January; before 20 February, 10 March, 31 March
    v = compute(hand_report(), [], level=level).values
    assert (v["days_late"], v["on_time"]) == (late, late == 0)


def test_blanks():
    r = Report(template="2021", year=2024)
    v = compute(r, []).values
    assert all(v[n] is None for n in NAMES if n not in ("balanced", "errors", "warnings", "infos")), v
    assert (v["balanced"], v["errors"]) == (True, 0)
    # closed 0: no rate; nothing published and no narrative: no lateness, sections or summary length
    _row(r, "total", 0)
    _row(r, "granted", 0)
    v = compute(r, []).values
    assert (v["closed"], v["granted"], v["disclosure_rate"]) == (0, 0, None)
    # every appeal cell blank but a printed 总计: the 总计 counts
    r.set("review.total", 4)
    assert compute(r, []).values["reviews"] == 4
    assert compute(r, []).values["correction_rate"] is None


def test_template_2019_table_2():
    r = Report(template="2019", year=2020)
    r.set("art20.regulations.new_made", 2)
    r.set("art20.regulations.total_published", 9)  # published, not in force: not taken
    r.set("art20.normative_documents.new_made", 6)
    r.set("art20.licensing.decisions", 40)
    v = compute(r, []).values
    assert (v["regulations_made"], v["regulations_in_force"], v["normative_made"], v["licensing"], v["fees"]) == \
        (2, None, 6, 40, None)


def test_display():
    assert display(None) == "—"
    assert display(Decimal("6.3"), "correction_rate") == "6.3%"
    assert display(True, "on_time") == "是" and display(False, "on_time", "en") == "no"
    assert len({i.zh for i in INDICATORS}) == len(INDICATORS)


@pytest.mark.corpus
def test_hongze_2023_reviews_and_suits_come_from_the_parts():
    truth = CORPUS / "hongze-2023.truth.json"
    if not truth.exists():
        pytest.skip("corpus absent")
    data = json.loads(truth.read_text(encoding="utf-8"))
    r = Report(template=data["template"], year=data["year"], agency=data["agency"])
    for key, value in data["cells"].items():
        r.set(key, value)
    got = compute(r, [])
    # printed: 行政复议 10 维持 + 1 纠正, 总计 0; 复议后起诉 5 维持, 总计 0; direct suits all 0
    assert (got["reviews"], got["lawsuits"], got["corrected"]) == (11, 5, 1)
    assert got["correction_rate"] == Decimal("6.3")  # 1 / (10 + 1 + 5) = 6.25 %
    assert "“行政复议”总计印为 0，与各项之和 11 不符" in got.notes["reviews"]
