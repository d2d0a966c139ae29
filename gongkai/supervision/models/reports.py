"""Reports received from units: each file or platform filing is a :class:`Submission`, read in the
background (states in :data:`READING`), matched to its unit, and kept in every version."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from .units import Unit

SOURCES = [("platform", "平台报送"), ("upload", "网页上传"), ("import", "命令行导入")]

# Reading: the one table of transitions the model, the worker, the views and the API read.
READING = {
    "queued": ("排队中", ("reading",)),
    "reading": ("读取中", ("read", "unreadable", "queued")),  # back to queued when its worker died
    "read": ("已读取", ()),
    "unreadable": ("无法读取", ()),
}
STATE_CHOICES = [(k, v[0]) for k, v in READING.items()]

# Matching to a unit: automatic (name, alias or place name), confirmed by a person, or waiting for one.
MATCH_CHOICES = [
    ("pending", "待读取"),
    ("auto", "已自动匹配"),
    ("confirmed", "已人工确认"),
    ("unmatched", "待确认"),
]


class Batch(models.Model):
    """Files received together (one upload, one zip, one ``gongkai import``), for progress."""

    source = models.CharField("来源", max_length=20, choices=SOURCES)
    label = models.CharField("说明", max_length=300, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "报送批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label or f"批次 {self.pk}"

    def progress(self) -> dict[str, int]:
        """How many of the batch's files are in each reading state, and the total."""
        counts = dict(self.submissions.values_list("state").annotate(n=models.Count("id")))
        out = {k: counts.get(k, 0) for k in READING}
        out["total"] = sum(out.values())
        out["done"] = out["read"] + out["unreadable"]
        return out


class Submission(models.Model):
    """One version of one unit's annual report for one year, as received.

    ``report`` holds the report in gongkai's JSON (:func:`gongkai.report.jsonio.to_json`, with each
    cell's provenance); ``cells`` the same numbers flat, ``{key: number or null}``, for roll-ups.
    ``current`` marks the version that counts; earlier versions (returned, then corrected) stay.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="submissions",
                             verbose_name="单位")
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True, db_index=True)
    version = models.PositiveSmallIntegerField("版本", default=1)
    current = models.BooleanField("现行版本", default=True)
    source = models.CharField("来源", max_length=20, choices=SOURCES)
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, null=True, blank=True, related_name="submissions")
    file = models.FileField("文件", upload_to="supervision/%Y/%m/", blank=True)
    original_name = models.CharField("文件名", max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    # What the platform filed (e.g. "annual:42", an annual.AnnualReport): filed once.
    platform_ref = models.CharField(max_length=40, blank=True, db_index=True)
    size = models.PositiveBigIntegerField(default=0)

    state = models.CharField("读取状态", max_length=20, choices=STATE_CHOICES, default="queued", db_index=True)
    error = models.TextField("无法读取的原因", blank=True)
    match = models.CharField("匹配", max_length=20, choices=MATCH_CHOICES, default="pending")
    match_how = models.CharField("匹配方式", max_length=20, blank=True)  # name, alias, place, person
    candidates = models.JSONField("候选单位", default=list, blank=True)

    agency_name = models.CharField("报告所载机关", max_length=300, blank=True)
    template = models.CharField("格式", max_length=4, blank=True)
    published = models.DateField("发布日期", null=True, blank=True)
    report = models.JSONField("报告", null=True, blank=True)
    cells = models.JSONField("单元格", default=dict, blank=True)

    attempts = models.PositiveSmallIntegerField("读取次数", default=0)
    claimed_by = models.CharField(max_length=80, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    read_by = models.CharField(max_length=80, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "收到的报告"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "year", "current"], name="submission_unit_year")]

    def __str__(self) -> str:
        who = self.unit.name if self.unit_id else (self.agency_name or self.original_name or "（机关不详）")
        return f"{who} {self.year or ''} 年度（第 {self.version} 版）"

    # --- reading -------------------------------------------------------------
    def can_move(self, to: str) -> bool:
        return to in READING[self.state][1]

    @property
    def done(self) -> bool:
        return not READING[self.state][1]

    def core_report(self):
        """The core :class:`gongkai.report.Report` (None until read)."""
        if not self.report:
            return None
        from ...report import jsonio
        return jsonio.from_json(self.report, path=self.original_name or str(self.pk))

    def is_pdf(self) -> bool:
        return (self.original_name or self.file.name or "").lower().endswith(".pdf")

    IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
                   ".bmp": "image/bmp", ".tif": "image/tiff", ".tiff": "image/tiff", ".webp": "image/webp"}

    def image_type(self) -> str | None:
        """The content type of a scan sent as a picture (None for any other file)."""
        name = (self.original_name or self.file.name or "").lower()
        return next((t for ext, t in self.IMAGE_TYPES.items() if name.endswith(ext)), None)

    def has_pages(self) -> bool:
        """Whether the review page can show the document's page beside a cell."""
        return bool(self.file) and (self.is_pdf() or self.image_type() is not None)

    def days_late(self) -> int | None:
        from ...report.levels import publication_deadline
        if not (self.year and self.published and self.unit_id):
            return None
        return max(0, (self.published - publication_deadline(self.year, self.unit.level)).days)

    def previous_version(self) -> Submission | None:
        if not self.unit_id:
            return None
        return (Submission.objects.filter(unit_id=self.unit_id, year=self.year, version__lt=self.version)
                .order_by("-version").first())


def current_submissions(year: int, units=None):
    """The version that counts of each unit's report for ``year`` (read, matched)."""
    qs = Submission.objects.filter(year=year, current=True, unit__isnull=False)
    if units is not None:
        qs = qs.filter(unit__in=units)
    return qs


def today() -> dt.date:
    from django.utils import timezone
    return timezone.localdate()
