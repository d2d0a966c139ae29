"""The keys follow ../shared/spec/report-cells.md exactly."""

import re
from pathlib import Path

import pytest

from gongkai.report import cells as C

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "report-cells.md"


def test_template_key_counts():
    t19, t21 = C.template("2019"), C.template("2021")
    # table 2: 22 cells (2019) and 10 (2021); table 3: 23 rows × 7 (2019, one （六） row)
    # and 25 rows × 7 (2021, three （六） rows); table 4: 3 × 5.
    assert len(t19.keys()) == 22 + 23 * 7 + 15 == 198
    assert len(t21.keys()) == 10 + 25 * 7 + 15 == 200
    assert len(set(t21.keys())) == len(t21.keys())


def test_template_for_year():
    assert C.template_for_year(2019).version == "2019"
    assert C.template_for_year(2020).version == "2019"
    assert C.template_for_year(2021).version == "2021"
    with pytest.raises(ValueError):
        C.template("2018")


def test_labels_are_the_templates_words():
    assert C.label("apps.new_received.natural_person") == "一、本年新收政府信息公开申请数量·自然人"
    assert "结果纠正" in C.label("review.corrected")
    assert C.label("art20.fees.amount").startswith("第二十条 行政事业性收费")
    assert C.split_app_key("apps.denied.state_secret.total") == ("denied.state_secret", "total")


def test_every_spec_key_is_known_and_every_known_key_is_in_the_spec():
    if not SPEC.exists():
        pytest.skip("../shared/spec is absent")
    text = SPEC.read_text(encoding="utf-8")
    art20 = set(re.findall(r"`(art20\.[a-z_.]+)`", text))
    rows = set(re.findall(r"^\| `([a-z_.]+)` \| [一二三四]", text, re.M))
    columns = {"natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"}
    spec_keys = art20 | {f"apps.{r}.{c}" for r in rows for c in columns}
    for g in ("review", "litigation_direct", "litigation_after_review"):
        for c in ("upheld", "corrected", "other", "pending", "total"):
            spec_keys.add(f"{g}.{c}")
    assert spec_keys == set(C.ALL_KEYS)
