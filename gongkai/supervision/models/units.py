"""Units of a region (省 → 市 → 县 → 乡镇, departments under each government) and who supervises them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from .. import units as U

LEVEL_CHOICES = [
    ("province", "省级人民政府"),
    ("prefecture", "地市级人民政府"),
    ("county", "县级人民政府"),
    ("township", "乡镇人民政府"),
    ("department", "部门"),
]


class UnitQuerySet(models.QuerySet):
    def governments(self):
        return self.filter(level__in=U.GOVERNMENT_LEVELS)

    def visible_to(self, user):
        """Units ``user`` may see: each unit they supervise and everything below it; all for superusers."""
        if getattr(user, "is_superuser", False):
            return self
        paths = list(Supervisor.objects.filter(user=user).values_list("unit__path", flat=True))
        if not paths:
            return self.none()
        q = models.Q()
        for p in paths:
            q |= models.Q(path__startswith=p)
        return self.filter(q)


class Unit(models.Model):
    """A unit that files an annual report. ``path`` ("/1/7/42/") lists its ancestors' ids and its own,
    so a subtree is one indexed prefix query."""

    name = models.CharField("单位名称", max_length=200, unique=True)
    level = models.CharField("层级", max_length=20, choices=LEVEL_CHOICES)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name="上级")
    aliases = models.TextField("别名（以 | 分隔）", blank=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    agency = models.OneToOneField("cases.Agency", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="unit", verbose_name="平台上的机关")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_government(self) -> bool:
        return self.level in U.GOVERNMENT_LEVELS

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.split("|") if a.strip()]

    def depth(self) -> int:
        return self.path.count("/") - 2

    def subtree(self):
        """This unit and every unit below it."""
        return Unit.objects.filter(path__startswith=self.path)

    def ancestors(self) -> list[Unit]:
        ids = [int(i) for i in self.path.strip("/").split("/")[:-1] if i]
        by_id = Unit.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def clean(self) -> None:
        plevel = self.parent.level if self.parent else None
        if plevel not in U.ALLOWED_PARENTS.get(self.level, ()):
            raise ValidationError({"parent": f"{self.get_level_display()}不能设在"
                                             f"{self.parent.get_level_display() if self.parent else '最上级'}之下"})
        if self.parent and self.pk and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": "上级不能是本单位或其下级"})

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            old_path = self.path
            if not self.pk:
                super().save(*args, **kwargs)
                kwargs.pop("force_insert", None)
            new_path = (self.parent.path if self.parent else "/") + f"{self.pk}/"
            self.path = new_path
            super().save(*args, **{k: v for k, v in kwargs.items() if k != "force_insert"})
            if old_path and old_path != new_path:  # moved: carry the subtree along
                for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.path = new_path + child.path[len(old_path):]
                    Unit.objects.filter(pk=child.pk).update(path=child.path)


class Supervisor(models.Model):
    """A user who supervises ``unit``: sees it and every unit below it, nothing else."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervises")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="supervisors")

    class Meta:
        verbose_name = verbose_name_plural = "监督人员"
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="supervisor_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit}"
