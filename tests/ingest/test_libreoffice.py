"""Legacy Office files through LibreOffice: .doc, .wps, .xls and .et read back cell for cell.

The documents are our own: a report from :mod:`tests.docgen` rendered as .docx/.xlsx and
saved by LibreOffice as Word 97 (.doc) and Excel 97 (.xls). Tests that need LibreOffice skip
when ``soffice`` is not installed; the others (missing or failing converter, timeouts,
damaged and encrypted files, detection by content) run everywhere, on compound files built
here byte by byte.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import struct
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.cli import main
from gongkai.errors import GongkaiError, ReadError, UnsupportedFormat
from gongkai.ingest import detect, libreoffice, limits, ole2, read, read_document, spreadsheet, word
from tests import docgen
from tests.ingest.test_roundtrip import assert_reads_back

needs_soffice = pytest.mark.skipif(libreoffice.soffice() is None, reason="LibreOffice (soffice) is not installed")


# --- compound files built by hand (MS-CFB version 3, 512-byte sectors) ---------------------

def cfb(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file holding ``streams`` (at most 3, each padded to 4 KB or more)."""
    end, fat_sector, free = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat, body, entries = [fat_sector, end], b"", []
    for i, (name, content) in enumerate(streams.items()):
        content = content.ljust(max(4096, -(-len(content) // 512) * 512), b"\0")
        start, n = 2 + len(body) // 512, len(content) // 512
        fat += [start + k + 1 for k in range(n - 1)] + [end]
        body += content
        right = i + 2 if i + 1 < len(streams) else free
        entries.append(_entry(name, 2, free, right, free, start, len(content)))
    root = _entry("Root Entry", 5, free, free, 1 if streams else free, end, 0)
    directory = b"".join([root, *entries]).ljust(512, b"\0")
    header = bytearray(512)
    header[:8] = ole2.MAGIC
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x2C, 1, 1, 0, 4096, end, 0, end, 0, 0)
    difat = [0] + [free] * 108
    struct.pack_into("<109I", header, 0x4C, *difat)
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    return bytes(header) + fat_bytes + directory + body


def _entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
    raw = (name + "\0").encode("utf-16-le")
    e = bytearray(128)
    e[:len(raw)] = raw
    struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
    struct.pack_into("<III", e, 68, left, right, child)
    struct.pack_into("<IQ", e, 116, start, size)
    return bytes(e)


def fib(encrypted: bool = False) -> bytes:
    """The start of a Word 97 WordDocument stream: wIdent, nFib, …, the flags (fEncrypted)."""
    return struct.pack("<HHHHHH", 0xA5EC, 0x00C1, 0, 0x0804, 0, 0x0100 if encrypted else 0)


def biff(encrypted: bool = False) -> bytes:
    """The start of a Workbook stream: BOF, then FILEPASS where the workbook is encrypted."""
    bof = struct.pack("<HH", 0x0809, 16) + struct.pack("<HHHHII", 0x0600, 5, 0, 0, 0, 0)
    filepass = struct.pack("<HH", 0x002F, 6) + b"\x01\x00" * 3 if encrypted else b""
    return bof + filepass + struct.pack("<HH", 0x000A, 0)


def test_compound_files_are_told_apart_by_content():
    word_file, book = cfb({"WordDocument": fib(), "1Table": b""}), cfb({"Workbook": biff()})
    assert ole2.compound(word_file).names.keys() == {"WordDocument", "1Table"}
    assert detect.detect(word_file, "report.xls") == "doc"
    assert detect.detect(word_file, "report") == "doc"
    assert detect.detect(word_file, "report.wps") == "wps"  # WPS writes Word's binary format
    assert detect.detect(book, "report.doc") == "xls"
    assert detect.detect(book, "report.et") == "xls"
    assert detect.detect(cfb({"Book": biff()}), "old.bin") == "xls"  # Excel 5/95
    with pytest.raises(UnsupportedFormat, match="不是 Word 或 Excel"):
        detect.detect(cfb({"PowerPoint Document": b"x"}), "slides.doc")
    # A damaged container: the extension decides which reader says what is wrong.
    stub = ole2.MAGIC + b"\0" * 504
    assert detect.detect(stub, "a.doc") == "doc" and detect.detect(stub, "a.et") == "xls"
    with pytest.raises(ReadError, match="损坏"):
        detect.detect(stub, "a.bin")


def test_encrypted_files_are_named_before_any_conversion(tmp_path):
    cases = {"locked.doc": cfb({"WordDocument": fib(encrypted=True)}),
             "locked.wps": cfb({"WordDocument": fib(encrypted=True)}),
             "locked.xls": cfb({"Workbook": biff(encrypted=True)}),
             "locked.docx": cfb({"EncryptionInfo": b"\4\0\4\0", "EncryptedPackage": b"x"})}  # a locked .docx
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ReadError, match=f"{name}.*已加密"):
            read(str(tmp_path / name))


@pytest.mark.parametrize("layout", ["docx", "xlsx"])
def test_files_locked_with_a_password_by_office_are_refused(layout, tmp_path):
    """Really encrypted (ECMA-376 agile encryption, AES-256, as Word and Excel 2010+ and WPS
    save a file with an open password), by msoffcrypto-tool — not markers set by hand."""
    import io

    OOXMLFile = pytest.importorskip("msoffcrypto.format.ooxml").OOXMLFile

    plain = docgen.generate(7, layout).data
    locked = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt("密码123", locked)
    path = tmp_path / f"locked.{layout}"
    path.write_bytes(locked.getvalue())
    assert locked.getvalue()[:8] == ole2.MAGIC  # an encrypted package is a compound file, not a zip
    with pytest.raises(ReadError, match=f"locked.{layout}.*已加密"):
        read(str(path))
    assert main(["parse", str(path)]) == 2


def test_the_other_kind_of_document_is_named():
    with pytest.raises(ReadError, match="Word 文档，不是 Excel"):
        spreadsheet.read_document(cfb({"WordDocument": fib()}))
    with pytest.raises(ReadError, match="letter.doc.*Excel 工作簿，不是 Word"):
        word.read_document(cfb({"Workbook": biff()}), "letter.doc")


@settings(max_examples=int(os.environ.get("GONGKAI_FUZZ_EXAMPLES", "150")), deadline=None, derandomize=True)
@given(st.data())
def test_damaged_compound_files_raise_only_gongkai_errors(data):
    files = [cfb({"WordDocument": fib(), "1Table": b"t" * 5000}), cfb({"Workbook": biff(True), "x": b"y"})]
    buf = bytearray(data.draw(st.sampled_from(files)))
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, min(len(buf), 2048) - 1))  # header, FAT, directory: the structure
        if data.draw(st.booleans()):
            buf[pos] = data.draw(st.integers(0, 255))
        else:
            del buf[pos:]
            if not buf:
                return
    for name, want in (("x.doc", "doc"), ("x.xls", "xls"), ("x", None)):
        try:
            detect.detect(bytes(buf), name)
            if want:
                ole2.check(ole2.compound(bytes(buf)), want)
        except GongkaiError as e:  # gongkai's own error, with its message (the file is named by ingest.read)
            assert str(e)


# --- the converter: missing, failing, too slow ----------------------------------------------

def test_missing_libreoffice_is_named(tmp_path, monkeypatch):
    monkeypatch.delenv("GONGKAI_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on it
    assert libreoffice.soffice() is None
    for name in ("old.doc", "old.wps", "old.xls", "old.et"):
        path = tmp_path / name
        path.write_bytes(cfb({"Workbook": biff()} if name.endswith(("xls", "et")) else {"WordDocument": fib()}))
        with pytest.raises(UnsupportedFormat) as e:
            read(str(path))
        assert "LibreOffice" in str(e.value) and "soffice" in str(e.value) and name in str(e.value)
    (tmp_path / "stub.doc").write_bytes(ole2.MAGIC + b"\0" * 504)
    with pytest.raises(UnsupportedFormat, match="stub.doc.*LibreOffice"):
        read(str(tmp_path / "stub.doc"))


def test_converter_that_cannot_run_or_produces_nothing(tmp_path, monkeypatch):
    data = cfb({"WordDocument": fib()})
    monkeypatch.setenv("GONGKAI_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(UnsupportedFormat, match="report.doc.*无法运行 LibreOffice"):
        word.read_document(data, "report.doc")
    false = shutil.which("false")
    if false is None:
        pytest.skip("no `false` command")
    monkeypatch.setenv("GONGKAI_SOFFICE", false)  # runs, says nothing, writes nothing
    with pytest.raises(ReadError, match="report.doc.*未能转换此文件，没有生成 .docx"):
        word.read_document(data, "report.doc")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc") or not hasattr(os, "killpg"), reason="needs POSIX and /proc")
def test_timeout_kills_the_converter_and_what_it_started(tmp_path, monkeypatch):
    # A converter that starts a helper and hangs, as soffice starts soffice.bin.
    script = tmp_path / "hanging-soffice"
    pids = tmp_path / "pids"
    script.write_text(f"#!/bin/sh\nsleep 300 &\necho $$ $! > {pids}\nwait\n")
    script.chmod(0o755)
    monkeypatch.setenv("GONGKAI_SOFFICE", str(script))
    monkeypatch.setattr(limits, "CONVERT_SECONDS", 1.0)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(limits.Timeout, match="slow.doc.*转换超时"):
        word.read_document(cfb({"WordDocument": fib()}), "slow.doc")
    for pid in map(int, pids.read_text().split()):
        for _ in range(50):  # SIGKILL is delivered at once; reaping by init may take a moment
            if not _alive(pid):
                break
            time.sleep(0.1)
        assert not _alive(pid), f"process {pid} survived the timeout"
    assert not list(tmp_path.glob("gongkai-soffice-*")), "the conversion's directory was left behind"


# --- real conversions -----------------------------------------------------------------------

def _save_as(data: bytes, suffix: str, target: str, tmp) -> bytes:
    """``data`` (a .docx/.xlsx) saved by LibreOffice in the ``target`` format (doc, xls)."""
    src = tmp / f"source{suffix}"
    src.write_bytes(data)
    subprocess.run([libreoffice.soffice(), f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", target, "--outdir", str(tmp / "out"), str(src)],
                   check=True, timeout=300, capture_output=True)
    return (tmp / "out" / f"source.{target}").read_bytes()


@pytest.fixture(scope="module")
def legacy(tmp_path_factory) -> dict[str, docgen.Generated]:
    """Generated reports as .doc, .wps, .xls and .et (and a .xls named .doc)."""
    if libreoffice.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp = tmp_path_factory.mktemp("legacy")
    docx = docgen.generate(41, "docx", template="2021")
    xlsx = docgen.generate(42, "xlsx", template="2019")
    doc = _save_as(docx.data, ".docx", "doc", tmp)
    xls = _save_as(xlsx.data, ".xlsx", "xls", tmp)
    # LibreOffice has no WPS writer (--convert-to wps writes with its "MS Word 97" filter): a
    # .wps from WPS Office holds the same Word binary format, as a .et holds Excel's, so the
    # .doc and .xls renamed stand for them.
    return {"doc": dataclasses.replace(docx, suffix=".doc", data=doc),
            "wps": dataclasses.replace(docx, suffix=".wps", data=doc),
            "xls": dataclasses.replace(xlsx, suffix=".xls", data=xls),
            "et": dataclasses.replace(xlsx, suffix=".et", data=xls),
            "xls_named_doc": dataclasses.replace(xlsx, suffix=".doc", data=xls)}


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("kind", ["doc", "wps", "xls", "et", "xls_named_doc"])
def test_reads_back_every_cell(legacy, kind, tmp_path):
    assert_reads_back(legacy[kind], tmp_path)


@pytest.mark.slow
@needs_soffice
def test_merged_cells_survive_the_doc_format(tmp_path):
    # test_word's document (merged cells, body order) saved as Word 97 and read back.
    from tests.ingest.test_word import build_docx, texts

    doc = word.read_document(_save_as(build_docx(), ".docx", "doc", tmp_path), "report.doc")
    assert texts(doc.tables[0])[3] == ["行政规范性文件", "8", "26", "66"]


@pytest.mark.slow
@needs_soffice
def test_damaged_doc_names_the_file(legacy):
    data = legacy["doc"].data
    with pytest.raises(ReadError, match="cut.doc.*损坏"):  # refused before LibreOffice starts
        word.read_document(data[: len(data) // 2], "cut.doc")
    cf = ole2.compound(data)
    start = struct.unpack_from("<I", cf.entries[cf.names["WordDocument"]], 116)[0]
    fib_at = (start + 1) * 512
    zeroed = data[:fib_at] + b"\0" * 512 + data[fib_at + 512:]  # the container holds; the FIB is gone
    with pytest.raises(ReadError, match="zeroed.doc.*未能转换"):
        word.read_document(zeroed, "zeroed.doc")


@pytest.mark.slow
@needs_soffice
def test_parallel_conversions_do_not_collide(legacy):
    jobs = [(word.read_document, legacy["doc"].data, "a.doc"),
            (lambda data, path: read_document(data, path, "xls"), legacy["xls"].data, "b.xls"),
            (word.read_document, legacy["wps"].data, "c.wps")]
    with ThreadPoolExecutor(len(jobs)) as pool:
        docs = list(pool.map(lambda job: job[0](job[1], job[2]), jobs))
    assert [d.meta["converted_by"] for d in docs] == ["LibreOffice"] * 3
    assert all(d.tables for d in docs)


@pytest.mark.slow
@needs_soffice
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc")
def test_real_conversion_timeout_leaves_nothing_behind(legacy, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "CONVERT_SECONDS", 0.5)  # LibreOffice needs seconds to start
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(limits.Timeout, match="slow.doc"):
        word.read_document(legacy["doc"].data, "slow.doc")
    assert not list(tmp_path.glob("gongkai-soffice-*"))
    for _ in range(50):
        left = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if str(tmp_path).encode() in f.read() and _alive(int(pid)):
                        left.append(pid)
            except OSError:
                pass
        if not left:
            break
        time.sleep(0.1)
    assert not left, f"LibreOffice processes left running: {left}"


@pytest.mark.slow
@needs_soffice
def test_cli_parse_and_check(legacy, tmp_path, capsys):
    doc, xls = tmp_path / "report.doc", tmp_path / "report.xls"
    doc.write_bytes(legacy["doc"].data)
    xls.write_bytes(legacy["xls"].data)
    assert main(["parse", str(doc), str(xls)]) == 0
    out = capsys.readouterr().out
    assert str(doc) in out and str(xls) in out
    assert main(["check", str(doc)]) == 0
    broken = tmp_path / "broken.doc"
    broken.write_bytes(legacy["doc"].data[:3000])
    assert main(["check", str(broken)]) == 2
    assert "broken.doc" in capsys.readouterr().err
