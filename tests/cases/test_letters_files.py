"""DOCX for editing and PDF for sending: both carry the letter's Chinese text."""

from __future__ import annotations

import pytest

from gongkai.letters.files import FontMissing, cjk_font, docx_text, pdf_available, pdf_text, to_docx, to_pdf
from gongkai.letters.render import KINDS, preview

needs_font = pytest.mark.skipif(not pdf_available(), reason="未安装可嵌入的中文字体（fonts-wqy-zenhei）")


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_docx_holds_every_paragraph(kind):
    letter = preview(kind)
    text = docx_text(to_docx(letter))
    for block in letter.blocks:
        for line in block.text.split("\n"):
            assert line in text


@needs_font
@pytest.mark.parametrize("kind", ["receipt", "correction", "fee_notice", "decision_denied", "decision_not_ours"])
def test_pdf_text_layer_reads_back_in_chinese(kind):
    letter = preview(kind)
    data = to_pdf(letter)
    assert data.startswith(b"%PDF")
    got = _squash(pdf_text(data))
    for block in letter.blocks:
        assert _squash(block.text) in got, block.text


@needs_font
def test_pdf_embeds_the_font_subset():
    data = to_pdf(preview("decision_denied"))
    assert b"/FontFile2" in data  # an embedded TrueType font program
    assert len(data) < 200_000  # a subset, not the whole 10 MB collection


def test_missing_font_is_a_clear_error(monkeypatch, tmp_path):
    cjk_font.cache_clear()
    monkeypatch.setenv("GONGKAI_CJK_FONT", str(tmp_path / "none.ttf"))
    monkeypatch.setattr("gongkai.letters.files.find_cjk_font", lambda: None)
    try:
        with pytest.raises(FontMissing, match="fonts-wqy-zenhei"):
            to_pdf(preview("receipt"))
    finally:
        cjk_font.cache_clear()


def test_line_breaking_follows_chinese_rules():
    from gongkai.report.render.cjk_lines import NO_LINE_END, NO_LINE_START, wrap_cjk

    text = ("经审查，所申请公开的信息涉及商业秘密、个人隐私等（含2026年12345678号文件），"
            "公开会对第三方合法权益造成损害。") * 3
    for width in range(5, 30):
        lines = wrap_cjk(text, width, len)
        assert "".join(lines) == text
        for i, line in enumerate(lines):
            if i:
                assert line[0] not in NO_LINE_START, (width, line)
            if i < len(lines) - 1:
                assert line[-1] not in NO_LINE_END, (width, line)
                body = line.rstrip("".join(NO_LINE_START))
                assert len(body) <= width or body.isascii(), (width, line)
        assert not any("1234" in a and "5678" in b for a, b in zip(lines, lines[1:], strict=False))
