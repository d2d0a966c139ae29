"""The 主动公开 registers: what table 2 of the annual report counts, kept where the work happens.

* :class:`Document` — the agency's 规章 and 行政规范性文件: signed, published, in force, repealed
  or expired (and by what), review due. Table 2's 本年制发 / 本年废止 / 现行有效 (2021 template)
  and 本年新制作 / 本年新公开 / 对外公开总数量 (2019 template) are counted from it.
* :class:`MonthlyFigure` — 行政许可, 行政处罚, 行政强制 decisions (counts) and 行政事业性收费
  (amounts in 万元, decimals kept as entered) by month. Rows are only inserted: a correction is
  a new row, the latest row of a month counts, and who entered what and when stays visible.
* :class:`CatalogueItem` — other items of the agency's 主动公开目录 (条例第二十二条) with their dates.

Every document and catalogue item carries the Article 26 clock (:mod:`.art26`): 属于主动公开范围的
政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone

from gongkai.cases.models import Agency, AppendOnly, Event, NoDeletion

EVENT_ACTIONS = {
    "register_document": "登记规章或规范性文件",
    "edit_document": "修改规章或规范性文件登记",
    "register_figure": "录入许可、处罚、强制、收费数据",
    "register_catalogue": "登记主动公开目录事项",
    "edit_catalogue": "修改主动公开目录事项",
    "register_import": "导入登记表",
}


def log(agency: Agency, by, action: str, detail: dict) -> None:
    """One line in the agency's audit trail (:class:`gongkai.cases.models.Event`)."""
    label = "系统" if by is None else (by.get_full_name() or by.get_username())
    Event.objects.create(agency=agency, actor=by if getattr(by, "is_authenticated", False) else None,
                         actor_label=label, action=action, detail=detail)


class Art26Mixin:
    """An entry with the Article 26 clock: 20 working days from formed or changed to published."""

    @property
    def clock_start(self) -> dt.date:
        changed = getattr(self, "changed_on", None)
        return changed or self.formed_on  # type: ignore[attr-defined]

    def art26(self):
        from .art26 import clock_for

        return clock_for(self.clock_start, self.published_on)  # type: ignore[attr-defined]


class Document(Art26Mixin, models.Model):
    """A 规章 or 行政规范性文件 the agency made."""

    KINDS = (("regulation", "规章"), ("normative", "行政规范性文件"))
    END_KINDS = (("", "—"), ("repealed", "废止"), ("expired", "失效"))

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="register_documents")
    kind = models.CharField("类别", max_length=20, choices=KINDS)
    title = models.CharField("标题", max_length=300)
    number = models.CharField("文号", max_length=100, blank=True)
    signed_on = models.DateField("签发（制发）日期")
    published_on = models.DateField("公开日期", null=True, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    changed_on = models.DateField("最近修改日期", null=True, blank=True,
                                  help_text="修改后须在20个工作日内重新公开（条例第二十六条）")
    ended_on = models.DateField("废止或失效日期", null=True, blank=True)
    end_kind = models.CharField("废止或失效", max_length=10, choices=END_KINDS, blank=True)
    ended_by = models.CharField("由何废止（文件名称、文号）", max_length=300, blank=True)
    review_due = models.DateField("评估清理期限", null=True, blank=True)
    source = models.CharField("来源", max_length=200, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    entered_at = models.DateTimeField("录入时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = NoDeletion.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "规章和行政规范性文件"
        ordering = ["-signed_on", "id"]
        indexes = [models.Index(fields=["agency", "kind", "signed_on"], name="registers_doc_signed"),
                   models.Index(fields=["agency", "published_on"], name="registers_doc_published")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F(
                "signed_on")), name="registers_doc_end_after_signed"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）" if self.number else self.title

    def delete(self, *args, **kwargs):
        raise PermissionDenied("登记记录不可删除；废止或失效请填写废止日期")

    @property
    def formed_on(self) -> dt.date:
        return self.signed_on

    def clean(self) -> None:
        errors = {}
        if self.ended_on and self.ended_on < self.signed_on:
            errors["ended_on"] = "废止或失效日期不能早于签发日期"
        if self.ended_on and not self.end_kind:
            errors["end_kind"] = "请选择“废止”或“失效”"
        if self.end_kind and not self.ended_on:
            errors["ended_on"] = "请填写废止或失效日期"
        if self.published_on and self.published_on < self.signed_on:
            errors["published_on"] = "公开日期不能早于签发日期"
        if errors:
            raise ValidationError(errors)

    def in_force_on(self, day: dt.date) -> bool:
        return self.signed_on <= day and (self.ended_on is None or self.ended_on > day)


CATEGORIES = (
    ("licensing", "行政许可"),
    ("punishment", "行政处罚"),
    ("coercion", "行政强制"),
    ("fees", "行政事业性收费"),
)
AMOUNT_CATEGORIES = ("fees",)


def parse_amount(text: str) -> Decimal:
    """An amount in 万元 as printed: decimals kept exactly (``"12.30"`` stays ``12.30``)."""
    t = (text or "").strip().replace(",", "").replace("，", "")
    if t.endswith("万元"):
        t = t[:-2].strip()
    try:
        d = Decimal(t)
    except InvalidOperation:
        raise ValidationError(f"金额“{text}”不是数字（单位：万元，如 12.35）") from None
    if not d.is_finite() or d < 0:
        raise ValidationError(f"金额“{text}”应为不小于0的数字（单位：万元）")
    if -d.as_tuple().exponent > 6 or len(t) > 20:  # type: ignore[operator]
        raise ValidationError(f"金额“{text}”位数过多（单位：万元，最多6位小数）")
    return d


class MonthlyFigure(models.Model):
    """One month's count (or fee amount) of one category, as entered. Later rows replace earlier ones."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="register_figures")
    category = models.CharField("类别", max_length=20, choices=CATEGORIES)
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月")
    count = models.PositiveIntegerField("处理决定数量", null=True, blank=True)
    amount = models.CharField("收费金额（万元）", max_length=24, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    source = models.CharField("来源", max_length=200, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    entered_at = models.DateTimeField("录入时间", default=timezone.now)

    objects = AppendOnly.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "许可、处罚、强制、收费月度数据"
        ordering = ["year", "month", "category", "entered_at", "id"]
        indexes = [models.Index(fields=["agency", "year", "category", "month", "id"], name="registers_fig_month")]
        constraints = [models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12),
                                              name="registers_fig_month_range")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("已录入的数据不可修改；请录入新的一行更正")
        self.full_clean()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("已录入的数据不可删除")

    def clean(self) -> None:
        if self.category in AMOUNT_CATEGORIES:
            if not self.amount:
                raise ValidationError({"amount": "请填写收费金额（单位：万元）"})
            parse_amount(self.amount)
            if self.count is not None:
                raise ValidationError({"count": "行政事业性收费只填金额"})
        else:
            if self.count is None:
                raise ValidationError({"count": "请填写处理决定数量"})
            if self.amount:
                raise ValidationError({"amount": "许可、处罚、强制只填数量"})

    @property
    def value(self):
        return parse_amount(self.amount) if self.category in AMOUNT_CATEGORIES else self.count


def current_figures(agency: Agency, year: int) -> dict[tuple[str, int], MonthlyFigure]:
    """The figure that counts for each (category, month) of ``year``: the latest entered."""
    out: dict[tuple[str, int], MonthlyFigure] = {}
    for f in MonthlyFigure.objects.filter(agency=agency, year=year).order_by("entered_at", "id"):
        out[(f.category, f.month)] = f
    return out


class CatalogueItem(Art26Mixin, models.Model):
    """An item of the agency's 主动公开目录 (条例第二十二条) beyond the documents register."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="register_catalogue")
    title = models.CharField("信息名称", max_length=300)
    category = models.CharField("目录类别", max_length=100)
    formed_on = models.DateField("形成日期")
    changed_on = models.DateField("变更日期", null=True, blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    location = models.CharField("公开方式或网址", max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    entered_at = models.DateTimeField("录入时间", default=timezone.now)

    objects = NoDeletion.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "主动公开目录事项"
        ordering = ["-formed_on", "id"]
        indexes = [models.Index(fields=["agency", "published_on"], name="registers_cat_published")]

    def __str__(self) -> str:
        return self.title

    def delete(self, *args, **kwargs):
        raise PermissionDenied("目录事项不可删除")

    def clean(self) -> None:
        if self.published_on and self.published_on < self.formed_on:
            raise ValidationError({"published_on": "公开日期不能早于形成日期"})
        if self.changed_on and self.changed_on < self.formed_on:
            raise ValidationError({"changed_on": "变更日期不能早于形成日期"})
