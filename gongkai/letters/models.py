"""Stored letters, the office's templates and its letterhead.

* :class:`LetterSettings` — per agency: the office's name, address, the 复议机关 and court the
  remedy clause names, how fees are paid, the prefix of letter numbers.
* :class:`LetterTemplate` — per agency and kind: the text the office edits; absent, the shipped
  default (``gongkai/letters/defaults``) applies.
* :class:`Letter` — one generated document, kept with its application: the text, the field
  values it was made from, and the DOCX and PDF bytes. Letters are never deleted or changed;
  a corrected letter is a new one.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from . import render

KIND_CHOICES = tuple((k.slug, k.title) for k in render.KINDS.values())
# Letters to a consulted party are not the applicant's: never shown on the public status page.
PRIVATE_KINDS = frozenset({"consult_third_party", "consult_agency"})


class LetterSettings(models.Model):
    agency = models.OneToOneField("cases.Agency", on_delete=models.PROTECT, related_name="letter_settings")
    office = models.CharField("政府信息公开工作机构（落款）", max_length=200, blank=True,
                              help_text="留空则用机关名称")
    address = models.CharField("通讯地址", max_length=300, blank=True)
    phone = models.CharField("联系电话", max_length=60, blank=True)
    review_body = models.CharField("行政复议机关", max_length=200, blank=True,
                                   help_text="如：示范市人民政府")
    court = models.CharField("有管辖权的人民法院", max_length=200, blank=True)
    payment_method = models.CharField("信息处理费缴纳方式", max_length=300, blank=True)
    reference_prefix = models.CharField("文书编号前缀", max_length=40, blank=True, help_text="如：示环公")

    class Meta:
        verbose_name = verbose_name_plural = "文书落款与救济信息"

    def __str__(self) -> str:
        return f"{self.agency} 文书设置"

    @classmethod
    def for_agency(cls, agency) -> LetterSettings:
        obj = cls.objects.filter(agency=agency).first()
        return obj or cls(agency=agency)


class LetterTemplate(models.Model):
    agency = models.ForeignKey("cases.Agency", on_delete=models.PROTECT, related_name="letter_templates")
    kind = models.CharField("文书种类", max_length=40, choices=KIND_CHOICES)
    source = models.TextField("模板")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "文书模板"
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="letter_template_unique")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_kind_display()}"

    def clean(self) -> None:
        try:
            render.check_template(self.source, self.kind)
        except render.TemplateError as e:
            raise ValidationError({"source": e.message}) from None

    @staticmethod
    def source_for(agency, kind: str) -> str:
        """The agency's template of ``kind``, else the shipped default."""
        row = LetterTemplate.objects.filter(agency=agency, kind=kind).values_list("source", flat=True).first()
        return row if row is not None else render.default_template(kind)

    @staticmethod
    def seed(agency) -> int:
        """Store the shipped defaults for every kind the agency has no template of; the number stored."""
        have = set(LetterTemplate.objects.filter(agency=agency).values_list("kind", flat=True))
        new = [LetterTemplate(agency=agency, kind=k, source=render.default_template(k))
               for k in render.KINDS if k not in have]
        LetterTemplate.objects.bulk_create(new)
        return len(new)


class LetterQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionDenied("文书不可删除")

    def public(self):
        return self.exclude(kind__in=PRIVATE_KINDS)


class Letter(models.Model):
    agency = models.ForeignKey("cases.Agency", on_delete=models.PROTECT, related_name="letters")
    application = models.ForeignKey("cases.Application", on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField("文书种类", max_length=40, choices=KIND_CHOICES)
    title = models.CharField("标题", max_length=200)
    serial = models.PositiveIntegerField("年度序号")
    year = models.PositiveSmallIntegerField("年度")
    reference = models.CharField("文书编号", max_length=80)
    text = models.TextField("正文")
    values = models.JSONField("所用字段值", default=dict)
    docx = models.BinaryField("Word 文件", editable=False)
    pdf = models.BinaryField("PDF 文件", editable=False, null=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "答复文书"
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "serial"], name="letter_serial")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def delete(self, *args, **kwargs):
        raise PermissionDenied("文书不可删除")

    @property
    def is_public(self) -> bool:
        return self.kind not in PRIVATE_KINDS

    @property
    def has_pdf(self) -> bool:
        return bool(self.pdf)

    def filename(self, fmt: str) -> str:
        return f"{self.application.number}-{self.serial:04d}-{self.kind}.{fmt}"

    @staticmethod
    def next_serial(agency, year: int) -> int:
        """The agency's next serial for ``year``. Must run in the transaction that stores the letter:
        it takes the agency's lock, so two letters made at once never draw the same serial."""
        from gongkai.cases.models import lock_agency

        lock_agency(agency.pk)
        last = (Letter.objects.filter(agency=agency, year=year)
                .order_by("-serial").values_list("serial", flat=True).first())
        return (last or 0) + 1
