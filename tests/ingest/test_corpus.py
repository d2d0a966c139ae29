"""The real corpus in ../shared: every cell of every document right; no false errors from the checks."""

import importlib.util
import json
from pathlib import Path

import pytest

from gongkai.ingest import read
from gongkai.ingest.evaluate import evaluate, resolve
from gongkai.report import check

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus"
TRUTHS = sorted(CORPUS.glob("*.truth.json")) if CORPUS.is_dir() else []
pytestmark = pytest.mark.corpus

# Documents whose real printed errors the checks must flag (truth `findings`), naming the cells.
REAL_ERRORS = {
    "seed-000": {"apps.total.total"},
    "hongze-2023": {"review.total", "litigation_after_review.total"},
}


def _needs(truth: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    doc = json.loads(truth.read_text(encoding="utf-8"))["document"]
    if doc.endswith(".pdf") and importlib.util.find_spec("gongkai.ingest.pdf") is None:
        pytest.skip("gongkai.ingest.pdf is not available yet")


@pytest.mark.parametrize("truth", TRUTHS or [None], ids=lambda p: p.name if p else "absent")
def test_every_cell_right(truth):
    if truth is None:
        pytest.skip("../shared/corpus is absent")
    _needs(truth)
    r = evaluate(truth)
    assert r.error is None, r.error
    wrong = [(d.key, d.expected, d.got_text()) for d in r.diffs]
    assert not wrong, f"{r.name}: {len(wrong)} cells wrong: {wrong[:10]}"
    assert r.template_ok and r.year_ok


@pytest.mark.parametrize("truth", TRUTHS or [None], ids=lambda p: p.name if p else "absent")
def test_checks_raise_no_false_errors(truth):
    if truth is None:
        pytest.skip("../shared/corpus is absent")
    _needs(truth)
    data = json.loads(truth.read_text(encoding="utf-8"))
    report = read(str(resolve(truth, data["document"])))
    errors = [f for f in check(report) if f.severity == "error"]
    name = truth.name.removesuffix(".truth.json")
    expected = REAL_ERRORS.get(name, set())
    if not expected:
        assert not errors, [f.message for f in errors]
    else:
        named = {k for f in errors for k in f.keys}
        assert expected <= named, (name, [f.message for f in errors])
