"""Format detection from content, and text decoding."""

import io
import zipfile

import pytest

from gongkai.errors import ReadError
from gongkai.ingest.detect import decode_text, detect, meta_charset


def _zip(names):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in names:
            z.writestr(n, "<x/>")
    return buf.getvalue()


def test_binary_containers():
    assert detect(b"%PDF-1.7\n...", "a.txt") == "pdf"
    assert detect(_zip(["[Content_Types].xml", "word/document.xml"]), "a.bin") == "docx"
    assert detect(_zip(["[Content_Types].xml", "xl/workbook.xml"]), "a.docx") == "xlsx"
    assert detect(b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "x") == "image"
    assert detect(b"\xff\xd8\xff\xe0" + b"\0" * 20, "x") == "image"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
    assert detect(ole, "a.wps") == "wps" and detect(ole, "a.doc") == "doc"


def test_zip_that_is_no_office_file():
    with pytest.raises(ReadError):
        detect(_zip(["a.txt"]), "a.zip")


def test_text_kinds():
    assert detect("<p>一、总体情况</p><table><tr><td>1</td></tr></table>".encode(), "a.txt") == "html"
    assert detect("# 报告\n\n| a | b |\n|---|---|\n| 1 | 2 |\n".encode(), "a.txt") == "markdown"
    assert detect("一、总体情况\n本机关……\n".encode("gb18030"), "a.txt") == "text"
    assert detect(b'{"template": "2021"}', "a.json") == "json"


def test_decodings():
    s = "政府信息公开工作年度报告"
    assert decode_text(s.encode("utf-8")) == s
    assert decode_text(s.encode("gb18030")) == s
    assert decode_text(s.encode("utf-16")) == s
    mixed = "2024年度报告\n一、总体情况 12 件\n"
    assert decode_text(mixed.encode("utf-16-le")) == mixed
    assert decode_text(b"\xef\xbb\xbf" + s.encode()) == s


def test_meta_charset_is_honoured():
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
    assert meta_charset(page.encode()) == "gb18030"
    assert meta_charset(b"<meta charset='utf-8'>") == "utf-8"


def test_truncated_utf8_names_the_place():
    data = "报告".encode() + "表".encode()[:2]
    with pytest.raises(ReadError) as e:
        decode_text(data, "x.txt")
    assert "截断" in str(e.value) and "x.txt" in str(e.value)


def test_random_binary_is_refused():
    with pytest.raises(ReadError):
        detect(bytes(range(256)) * 4, "x.txt")
