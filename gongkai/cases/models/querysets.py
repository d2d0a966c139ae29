"""Querysets that keep records: no bulk deletion, and no bulk update of the audit trail."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models


class NoDeletion(models.QuerySet):
    """A queryset that refuses bulk deletion: records are kept, never hard-deleted."""

    def delete(self):  # noqa: D401
        raise PermissionDenied("记录不可删除")


class AppendOnly(NoDeletion):
    def update(self, **kwargs):
        raise PermissionDenied("审计记录不可修改")
