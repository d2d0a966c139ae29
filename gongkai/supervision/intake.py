"""How reports arrive (Django): (1) filed on the platform as a core Report — :func:`file_report`;
(2) uploaded on the web, one file, many, or a zip — :func:`receive_files`; (3) ``gongkai import
DIR`` — :func:`import_paths`. Files are stored, then read in the background (:mod:`.reading`)."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction

from ..errors import GongkaiError
from ..report import Report
from .models import Batch, Submission, Unit

MAX_ZIP_FILES = 2000
MAX_ZIP_BYTES = 500 * 1024 * 1024  # all members of one zip, uncompressed
SKIPPED = (".truth.json",)


@dataclass
class Incoming:
    name: str
    data: bytes


def file_report(unit: Unit, report: Report, *, source: str = "platform", user=None,
                original_name: str = "", platform_ref: str = "") -> Submission:
    """File a report already held as data (the platform's approved report): no reading needed.

    It becomes the unit's current version for its year; an earlier version stays, not current.
    """
    from . import reading

    if report.year is None:
        raise GongkaiError("报告未载明年度，无法报送", path=original_name or unit.name)
    with transaction.atomic():
        sub = Submission.objects.create(unit=unit, year=report.year, source=source, state="reading",
                                        match="confirmed", match_how="platform", created_by=user,
                                        platform_ref=platform_ref,
                                        original_name=original_name or f"{unit.name} {report.year} 年度报告")
        reading.store_result(sub, report, worker="platform")
    return sub


def expand_zip(name: str, data: bytes) -> list[Incoming]:
    """The documents a zip holds (folders flattened, hidden and ground-truth files left out)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise GongkaiError("压缩包已损坏，无法打开", path=name) from e
    members = [m for m in zf.infolist() if not m.is_dir()]
    if len(members) > MAX_ZIP_FILES:
        raise GongkaiError(f"压缩包内文件超过 {MAX_ZIP_FILES} 个", path=name)
    if sum(m.file_size for m in members) > MAX_ZIP_BYTES:
        raise GongkaiError(f"压缩包解压后超过 {MAX_ZIP_BYTES // 1024 // 1024} MB", path=name)
    out = []
    for m in members:
        base = _member_name(m)
        if base.startswith(".") or base.endswith(SKIPPED) or "__MACOSX" in m.filename:
            continue
        out.append(Incoming(f"{name}/{base}", zf.read(m)))
    return out


def _member_name(m: zipfile.ZipInfo) -> str:
    name = m.filename
    if not m.flag_bits & 0x800:  # not flagged UTF-8: Chinese Windows zips are GBK
        try:
            name = name.encode("cp437").decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name.rsplit("/", 1)[-1]


def receive_files(files: list[Incoming], *, source: str = "upload", user=None, label: str = "",
                  year: int | None = None) -> Batch:
    """Store files (zips opened) as submissions waiting to be read, and queue them."""
    from . import reading

    flat: list[Incoming] = []
    for f in files:
        flat += expand_zip(f.name, f.data) if f.name.lower().endswith(".zip") else [f]
    with transaction.atomic():
        batch = Batch.objects.create(source=source, label=label or f"{len(flat)} 个文件", year=year,
                                     created_by=user)
        subs = []
        for f in flat:
            sub = Submission(source=source, batch=batch, original_name=f.name[-300:], size=len(f.data),
                             sha256=hashlib.sha256(f.data).hexdigest(), created_by=user, year=year)
            sub.file.save(os.path.basename(f.name)[-100:] or "report", ContentFile(f.data), save=False)
            sub.save()
            subs.append(sub.pk)
        transaction.on_commit(lambda: [reading.enqueue(pk) for pk in subs])
    return batch


def import_paths(paths: list[str], *, label: str = "", year: int | None = None) -> Batch:
    """``gongkai import DIR``: every document under the folders (and files) named."""
    from ..ingest.batch import expand

    files = [p for p in expand(paths) if not p.endswith(SKIPPED)]
    if not files:
        raise GongkaiError("没有找到可导入的报告文件", path=" ".join(paths))
    incoming = []
    for p in files:
        with open(p, "rb") as fh:
            incoming.append(Incoming(p, fh.read()))
    return receive_files(incoming, source="import", label=label or f"导入 {' '.join(paths)}", year=year)


def open_returns(agency):
    """Returns of an agency's reports not yet answered by a corrected version, newest first: what
    the agency's page on the platform shows (its next :func:`file_report` answers them)."""
    from .models import ReportReturn

    return (ReportReturn.objects.filter(submission__unit__agency=agency, corrected_by__isnull=True)
            .select_related("submission", "returned_by").order_by("-returned_at"))
