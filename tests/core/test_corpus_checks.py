"""The checks on real reports (the ground truth of ../shared/corpus): right, with no false error."""

import json
from pathlib import Path

import pytest

from gongkai.report import check, jsonio

SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS = SHARED / "corpus"
TRUTHS = sorted(CORPUS.glob("*.truth.json")) if CORPUS.is_dir() else []

pytestmark = pytest.mark.corpus

# Reports whose printed tables really do not add up (see each truth file's findings).
REAL_ERRORS = {
    "seed-000.truth.json": {
        "apps.outcomes": {"apps.total.total", "apps.unable.not_held.total"},
        "apps.balance": {"apps.new_received.total", "apps.total.total"},
    },
    "hongze-2023.truth.json": {"appeals.total": {"review.total", "litigation_after_review.total"}},
}


def load(path: Path):
    return jsonio.from_json(json.loads(path.read_text(encoding="utf-8")), str(path))


@pytest.mark.skipif(not TRUTHS, reason="../shared/corpus is absent")
@pytest.mark.parametrize("truth", TRUTHS, ids=lambda p: p.name)
def test_no_false_errors_and_real_ones_named(truth):
    findings = check(load(truth))
    errors = [f for f in findings if f.severity == "error"]
    expected = REAL_ERRORS.get(truth.name, {})
    assert {f.code for f in errors} == set(expected)
    for code, keys in expected.items():
        named = set().union(*(f.keys for f in errors if f.code == code))
        assert keys <= named


@pytest.mark.skipif(not TRUTHS, reason="../shared/corpus is absent")
def test_cross_year_on_real_reports():
    by_year = {load(t).year: load(t) for t in TRUTHS if t.name.startswith("pingtan-")}
    if 2021 not in by_year or 2022 not in by_year:
        pytest.skip("pingtan 2021/2022 not in corpus")
    # 2021's 结转下年度 is 2022's 上年结转, and 665 + 88 − 55 = 698 現行有效 (truth notes).
    from gongkai.report.checks import check_years

    assert [f for f in check_years(by_year[2022], by_year[2021]) if f.severity != "info"] == []
