"""The PDF renderer embeds a cut-down copy of the CJK font when it holds every character printed."""

from __future__ import annotations

import pytest

from gongkai.report.model import Report
from gongkai.report.render import fonts, pdf

pytestmark = pytest.mark.skipif(fonts.cjk_font() is None, reason="未安装中文 TrueType 字体")


def test_common_text_gets_the_small_copy_and_rare_characters_the_full_font(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path))
    fonts._reduced.cache_clear()
    small = fonts.pdf_font("示范市人民政府办公室2025年政府信息公开工作年度报告（一）“三安全一稳定”")
    assert small is not None and small.path.startswith(str(tmp_path)) and small != fonts.cjk_font()
    # 堃 and 𠀀 are outside GB2312: the full font is embedded.
    assert fonts.pdf_font("张堃") == fonts.cjk_font()
    assert fonts.pdf_font("𠀀") == fonts.cjk_font()
    monkeypatch.setenv("GONGKAI_FULL_FONT", "1")
    assert fonts.pdf_font("示范") == fonts.cjk_font()
    fonts._reduced.cache_clear()


def test_both_fonts_read_back(tmp_path, monkeypatch):
    from gongkai import ingest

    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path))
    fonts._reduced.cache_clear()
    for agency in ("示范市人民政府办公室", "示范市堃山区人民政府"):  # the second needs the full font
        r = Report.blank("2021", 2025, agency)
        r.set("apps.granted.natural_person", 7)
        path = tmp_path / f"{len(agency)}.pdf"
        path.write_bytes(pdf.render(r))
        back = ingest.read(str(path))
        assert back.agency == agency and back.get("apps.granted.natural_person") == 7
    fonts._reduced.cache_clear()
