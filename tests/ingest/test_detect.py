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
        decode_text(data)
    assert "截断" in str(e.value) and "第 6 字节" in str(e.value)


def test_random_binary_is_refused():
    with pytest.raises(ReadError):
        detect(bytes(range(256)) * 4, "x.txt")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("layout", ["tabbed", "piped", "markdown", "html"])
def test_utf16_without_bom_reads_every_cell(codec, layout, tmp_path):
    # Chinese text in UTF-16 has NUL bytes only in its ASCII (digits, line breaks): it was refused as binary.
    from gongkai.ingest import read
    from tests import docgen

    doc = docgen.generate(41, layout, template="2021")
    path = tmp_path / f"report{doc.suffix}"
    text = doc.data.decode("utf-8")
    if layout == "html":  # a page that declares UTF-8 but is saved as UTF-16 (as Windows Notepad does)
        text = text.replace('charset="utf-8"', "").replace("charset=utf-8", "")
    path.write_bytes(text.encode(codec))
    assert not path.read_bytes().startswith((b"\xff\xfe", b"\xfe\xff"))
    assert decode_text(path.read_bytes()) == text
    assert read(str(path)).plain_cells() == docgen.truth(doc.report)["cells"]


# Traditional characters, written here: 政府資訊公開 / 總體情況 / 申請 / 答覆 / 許可
BIG5_TEXT = ("2023年青嵐市教育局政府資訊公開工作年度報告\n一、總體情況\n"
             "全年共收到政府資訊公開申請12件，均依法答覆。\n（一）主動公開\n行政許可\t0\n")


@pytest.mark.parametrize("codec", ["big5", "cp950"])
def test_big5_is_decoded_not_read_as_gbk(codec):
    data = (BIG5_TEXT * 4).encode(codec)
    assert data.decode("gb18030", errors="replace") != BIG5_TEXT * 4  # what it used to be read as
    assert decode_text(data) == BIG5_TEXT * 4
    assert detect(data, "x.txt") == "text"


def test_gbk_text_with_a_few_rare_characters_stays_gbk():
    s = "本机关共收到申请12件，其中涉及堃、珺、喆等姓名的申请3件。" * 20
    assert decode_text(s.encode("gb18030")) == s
