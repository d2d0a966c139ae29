"""gongkai eval: truth files, cell-by-cell comparison, ambiguous keys, unreadable documents, exit codes."""

import json

from gongkai.cli import main
from tests.ingest import layouts as L


def _truth(tmp_path, name, document, cells, **extra):
    data = {"document": document, "template": "2021", "year": 2024, "agency": "青岚县教育局",
            "published": "2025-01-20", "cells": cells, **extra}
    (tmp_path / f"{name}.truth.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_all_right_exits_0(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(L.tab_text(0), encoding="utf-8")
    _truth(tmp_path, "a", "a.txt", L.expected_cells(0))
    assert main(["eval", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    total = len(L.expected_cells(0))
    assert f"TOTAL: {total}/{total} cells right on 1/1 documents" in out


def test_wrong_cell_is_listed_and_exits_1(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(L.tab_text(0), encoding="utf-8")
    cells = L.expected_cells(0)
    cells["apps.total.total"] += 1
    _truth(tmp_path, "a", "a.txt", cells)
    assert main(["eval", str(tmp_path), "--verbose"]) == 1
    out = capsys.readouterr().out
    assert "apps.total.total" in out and "第" in out  # provenance shown


def test_ambiguous_unread_with_warning_passes(tmp_path, capsys):
    (tmp_path / "f.txt").write_text(L.flattened_text(1), encoding="utf-8")
    ambiguous = [k for k in L.expected_cells(1) if k.startswith(("art20.regulations", "art20.normative"))]
    _truth(tmp_path, "f", "f.txt", L.expected_cells(1), ambiguous=ambiguous)
    assert main(["eval", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["documents"][0]["ambiguous_unread"]) == set(ambiguous)


def test_document_relative_to_parent_and_unreadable(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "s.txt").write_text(L.pipe_text(2), encoding="utf-8")
    _truth(corpus, "s", "seeds/s.txt", L.expected_cells(2))
    (corpus / "bad.txt").write_bytes(b"")
    _truth(corpus, "bad", "bad.txt", {"review.total": 0})
    assert main(["eval", str(corpus)]) == 1
    out = capsys.readouterr().out
    assert "无法读取" in out and "文件为空" in out
    assert "1/2 documents" in out
