"""Files attached to an application, and which uploads are accepted."""

from __future__ import annotations

import os
import secrets

from django.core.exceptions import PermissionDenied
from django.db import models

from .querysets import NoDeletion

ATTACHMENT_KINDS = (
    ("request", "申请材料"),
    ("power_of_attorney", "授权委托书"),
    ("identity", "身份证明"),
    ("supplement", "补正材料"),
    ("other", "其他"),
)
# Types accepted for upload: extension → the content sniffed from the file's first bytes.
UPLOAD_TYPES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".ofd": (b"PK\x03\x04",),
}


def short_name(name: str, limit: int = 200) -> str:
    """The applicant's file name as kept (at most ``limit`` characters, the extension kept)."""
    if len(name) <= limit:
        return name
    stem, ext = os.path.splitext(name)
    ext = ext[:20]
    return stem[:limit - len(ext) - 1] + "…" + ext


def _upload_to(instance, filename: str) -> str:
    """The stored path: a random name with the checked extension only. The name the applicant gave, of any
    length and script, is kept in ``Attachment.name`` (a file system allows 255 bytes a name: 85 Chinese
    characters in UTF-8)."""
    ext = os.path.splitext(filename)[1].lower()
    ext = ext if ext in UPLOAD_TYPES else ""
    return f"applications/{instance.application.agency_id}/{instance.application_id}/{secrets.token_hex(8)}{ext}"


class Attachment(models.Model):
    """A file attached to an application (the request, a power of attorney, a supplement …)."""

    application = models.ForeignKey("Application", on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField("类型", max_length=30, choices=ATTACHMENT_KINDS)
    file = models.FileField(upload_to=_upload_to, max_length=300)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = NoDeletion.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "附件"

    def delete(self, *args, **kwargs):
        raise PermissionDenied("记录不可删除")
