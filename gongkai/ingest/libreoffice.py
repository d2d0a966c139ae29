"""LibreOffice headless, the converter of the office binaries (.doc/.wps → .docx, .xls/.et →
.xlsx) where it is installed; a clear error naming it where it is not."""

from __future__ import annotations

import os
import pathlib
import shutil
import signal
import subprocess
import tempfile

from ..errors import ReadError, UnsupportedFormat
from . import limits, ole2


def soffice() -> str | None:
    """The LibreOffice executable: ``$GONGKAI_SOFFICE`` if set, else ``soffice``/``libreoffice`` on PATH."""
    return os.environ.get("GONGKAI_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


# target → (what the input must hold, its name for LibreOffice's type detection, the export filter)
_CONVERSIONS = {"docx": ("doc", "input.doc", "docx:MS Word 2007 XML"),
                "xlsx": ("xls", "input.xls", "xlsx:Calc MS Excel 2007 XML")}


def convert(data: bytes, target: str, kind: str) -> bytes:
    """Convert an office binary to ``target`` (``docx``/``xlsx``) with LibreOffice headless.

    The input is checked first: a damaged, encrypted or other kind of compound file is refused
    without starting LibreOffice (:func:`ole2.check`). A .wps holds Word's binary format and
    is handed over as a .doc, a .et as a .xls. Each conversion runs in its own temporary directory
    with its own throwaway LibreOffice profile (so concurrent conversions never share one), in its
    own process group, which is killed when it overruns :data:`limits.CONVERT_SECONDS`; the
    directory is removed afterwards.
    """
    want, name, export = _CONVERSIONS[target]
    cf = ole2.compound(data)
    if cf is not None:
        ole2.check(cf, want)  # encrypted, or the other kind: said even where LibreOffice is missing
    exe = soffice()
    if exe is None:
        raise UnsupportedFormat(
            f"这是{kind}，需要 LibreOffice（soffice）转换为 .{target}，但本机未安装 LibreOffice；"
            f"请安装 LibreOffice（Debian：apt-get install libreoffice-writer-nogui libreoffice-calc-nogui），"
            f"或将文件另存为 .{target} 后再读取")
    if cf is None:
        raise ReadError(ole2.DAMAGED)
    seconds = limits.CONVERT_SECONDS
    with tempfile.TemporaryDirectory(prefix="gongkai-soffice-") as tmp:
        src, outdir = os.path.join(tmp, name), os.path.join(tmp, "out")
        with open(src, "wb") as f:
            f.write(data)
        profile = pathlib.Path(tmp, "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--nologo", "--norestore",
               "--nolockcheck", "--nodefault", "--convert-to", export, "--outdir", outdir, src]
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, start_new_session=True, cwd=tmp)
        except OSError as e:
            raise UnsupportedFormat(
                f"无法运行 LibreOffice（{exe}）：{e.strerror}；需要 LibreOffice 转换{kind}") from None
        try:
            _, err = proc.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise limits.Timeout(f"LibreOffice（soffice）转换超时（超过 {seconds:g} 秒），已终止转换") from None
        finally:
            if proc.returncode is None:  # interrupted: leave no converter behind
                _kill(proc)
        out = os.path.join(outdir, os.path.splitext(name)[0] + "." + target)
        if not os.path.isfile(out) or os.path.getsize(out) == 0:
            said = [line for line in err.decode("utf-8", "replace").splitlines()
                    if line.strip() and "javaldx" not in line]
            detail = f"；LibreOffice 输出：{said[-1].strip()[:200]}" if said else ""
            raise ReadError(f"LibreOffice（soffice）未能转换此文件，没有生成 .{target}"
                            f"（退出码 {proc.returncode}{detail}）；文件可能已损坏或加密")
        if os.path.getsize(out) > limits.MAX_DECOMPRESSED:
            raise ReadError("转换后的文件过大")
        with open(out, "rb") as f:
            return f.read()


def _kill(proc: subprocess.Popen) -> None:
    """Kill the converter and everything it started (its process group), and reap it."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:  # a grandchild left the group and holds the pipe open
        proc.kill()
        proc.wait()
