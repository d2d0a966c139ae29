"""Agencies and the people who work in them: who holds which role (:data:`.choices.ROLES`) where."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models

from .choices import ROLES
from .querysets import NoDeletion


class Agency(models.Model):
    """An administrative agency (行政机关) whose disclosure office uses the platform."""

    slug = models.SlugField("标识", unique=True)
    name = models.CharField("机关名称", max_length=200)
    requires_close_approval = models.BooleanField("办结需机构负责人审批", default=False)
    accepts_online = models.BooleanField("接受网上申请", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NoDeletion.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "机关"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def delete(self, *args, **kwargs):
        raise PermissionDenied("机关记录不可删除")


class Membership(models.Model):
    """A user's role at one agency. A supervisor holds one read-only membership per agency read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("角色", max_length=20, choices=ROLES)

    class Meta:
        verbose_name = verbose_name_plural = "人员角色"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


def roles_of(user, agency: Agency) -> set[str]:
    """The roles ``user`` holds at ``agency`` (empty for strangers and anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_gongkai_roles", None)
    if cache is None:
        cache = {}
        for agency_id, role in Membership.objects.filter(user=user).values_list("agency_id", "role"):
            cache.setdefault(agency_id, set()).add(role)
        user._gongkai_roles = cache
    return set(cache.get(agency.pk, ()))


def agencies_of(user):
    """The agencies ``user`` may read."""
    return Agency.objects.filter(memberships__user=user).distinct().order_by("name")
