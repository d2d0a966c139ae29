"""The annual report as the agency writes it: a draft per year, its approval, its published versions.

Tables 2–4 are never typed: until sign-off they are computed from the registers
(:mod:`gongkai.registers.table2`) and the case records (:mod:`gongkai.cases.annual_report`) each
time the report is shown; at sign-off they are frozen into the version with the text. A
correction after publication is a new version of the same year; every published version stays
visible with its date (《条例》第五十条：年度报告应当包括……; 国办公开办函〔2021〕30号).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from gongkai.cases import models as cm
from gongkai.report import cells as C
from gongkai.report import levels
from gongkai.report.model import Report

from . import rules

LEVELS = tuple((k, levels.LEVEL_NAMES[k]) for k in reversed(levels.LEVELS))


class ReportProfile(models.Model):
    """What an agency's report needs beyond the case platform's :class:`~gongkai.cases.models.Agency`."""

    agency = models.OneToOneField(cm.Agency, on_delete=models.PROTECT, related_name="report_profile")
    level = models.CharField("报告主体层级", max_length=20, choices=LEVELS, default="department",
                             help_text="决定年度报告的发布期限")

    class Meta:
        verbose_name = verbose_name_plural = "年度报告设置"

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_level_display()}"


def level_of(agency: cm.Agency) -> str:
    p = ReportProfile.objects.filter(agency=agency).values_list("level", flat=True).first()
    return p or "department"


class AnnualReport(models.Model):
    """One version of one agency's report for one year."""

    agency = models.ForeignKey(cm.Agency, on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    state = models.CharField("状态", max_length=20, choices=list(rules.STATES.items()), default=rules.DRAFTED)
    sections = models.JSONField("正文", default=dict)
    cells = models.JSONField("表格（签发时固定）", null=True, blank=True)
    template = models.CharField("模板", max_length=4, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    signed_off_at = models.DateTimeField("签发时间", null=True, blank=True)
    correction_note = models.TextField("更正说明", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=0)  # bumped on every save of the text: lost updates refused

    objects = cm.NoDeletion.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "年度报告"
        ordering = ["-year", "-version"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "version"], name="annual_report_version")]

    def __str__(self) -> str:
        v = f"（第{self.version}版）" if self.version > 1 else ""
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告{v}"

    def delete(self, *args, **kwargs):
        raise PermissionDenied("年度报告不可删除")

    # --- state ------------------------------------------------------------------------------
    @property
    def state_label(self) -> str:
        return rules.STATES[self.state]

    @property
    def frozen(self) -> bool:
        return self.state in (rules.SIGNED_OFF, rules.PUBLISHED)

    @property
    def editable(self) -> bool:
        return self.state == rules.DRAFTED

    # --- content ----------------------------------------------------------------------------
    def compute(self) -> Report:
        """Tables 2–4 as they stand now, from the registers and the records (no text)."""
        from .build import tables

        return tables(self.agency, self.year)

    def to_core_report(self) -> Report:
        """This version as a core :class:`gongkai.report.model.Report`: cells, six sections, agency, year, published.

        Frozen versions give the cells fixed at sign-off; drafts give the tables as they stand.
        """
        from gongkai.report.jsonio import cell_from_json

        if self.cells is not None:
            report = Report(template=self.template or C.template_for_year(self.year).version, year=self.year,
                            agency=self.agency.name)
            for key, value in self.cells.items():
                report.set(key, cell_from_json(key, value))
        else:
            report = self.compute()
        report.sections = {k: self.sections.get(k, "") for k in C.SECTION_KEYS}
        report.published = self.published_on
        report.summary = level_of(self.agency) in ("county", "prefecture", "province")
        return report

    def previous_report(self) -> Report | None:
        """Last year's latest published version, for the cross-year checks and 年年雷同."""
        prev = (AnnualReport.objects.filter(agency=self.agency, year=self.year - 1, state=rules.PUBLISHED)
                .order_by("-version").first())
        return prev.to_core_report() if prev else None

    # --- the steps --------------------------------------------------------------------------
    def _log(self, action: str, by, comment: str = "", from_state: str = "", detail: dict | None = None):
        return ReportEvent.objects.create(
            report=self, actor=by if getattr(by, "is_authenticated", False) else None,
            actor_label=cm._actor_label(by), action=action, from_state=from_state, to_state=self.state,
            comment=comment, detail=cm._jsonable(detail or {}))

    @transaction.atomic
    def save_text(self, by, sections: dict[str, str], revision: int | None = None) -> None:
        """Save the narrative of a draft. ``revision`` (what the editor loaded) refuses a lost update."""
        locked = AnnualReport.objects.select_for_update().get(pk=self.pk)
        if not locked.editable:
            hint = "；如需更正请生成新版本" if locked.frozen else ""
            raise ValidationError(f"报告{locked.state_label}，正文不能修改{hint}")
        if revision is not None and revision != locked.revision:
            raise ValidationError("他人已修改了这份草稿，请刷新页面后再改（您的修改未保存）")
        clean = {k: (sections.get(k) if sections.get(k) is not None else locked.sections.get(k, ""))
                 for k in C.SECTION_KEYS}
        changed = [k for k in C.SECTION_KEYS if clean[k] != locked.sections.get(k, "")]
        for k in C.SECTION_KEYS:
            if len(clean[k]) > 50_000:
                raise ValidationError(f"“{dict(C.SECTIONS)[k]}”过长（{len(clean[k])} 字，上限 50000 字）")
        locked.sections = clean
        locked.revision += 1
        locked.save(update_fields=["sections", "revision", "updated_at"])
        self.sections, self.revision = locked.sections, locked.revision
        if changed:
            locked._log("edit", by, from_state=locked.state, detail={"sections": changed})

    @transaction.atomic
    def step(self, name: str, by, roles: set[str], comment: str = "", on: dt.date | None = None) -> AnnualReport:
        """Take one step of :data:`rules.STEPS`; returns the report now current (a new version for ``correct``)."""
        s = rules.STEPS.get(name)
        if s is None:
            raise ValidationError(f"未知的操作：{name}")
        locked = AnnualReport.objects.select_for_update().get(pk=self.pk)
        if locked.state not in s.sources:
            raise ValidationError(f"报告{locked.state_label}，不能“{s.label}”")
        if not roles & set(s.roles):
            raise PermissionDenied(f"您没有“{s.label}”的权限")
        comment = (comment or "").strip()
        if s.needs_comment and not comment:
            raise ValidationError(f"“{s.label}”须写明意见或理由")
        before = locked.state
        if name == "correct":
            new = locked.new_version(by, comment)
            self.refresh_from_db()
            return new
        if name == "sign_off":
            core = locked.compute()
            from gongkai.report.jsonio import cell_to_json

            locked.cells = {k: cell_to_json(c) for k, c in core.cells.items()}
            locked.template = core.template
            locked.signed_off_at = timezone.now()
        if name == "publish":
            on = on or cm.dates.today()
            if on < dt.date(locked.year + 1, 1, 1):
                raise ValidationError(f"{locked.year}年尚未结束，年度报告应在次年发布")
            locked.published_on = on
        if s.target:
            locked.state = s.target
        locked.save()
        locked._log(name, by, comment, before, {"published_on": locked.published_on} if name == "publish" else None)
        self.refresh_from_db()
        return locked

    def new_version(self, by, note: str) -> AnnualReport:
        """A correction: the next version, drafted again with this version's text."""
        last = AnnualReport.objects.filter(agency=self.agency, year=self.year).order_by("-version").first()
        if last.state != rules.PUBLISHED or last.pk != self.pk:
            raise ValidationError(f"第{last.version}版尚在办理中，请在该版本上修改")
        new = AnnualReport.objects.create(agency=self.agency, year=self.year, version=last.version + 1,
                                          sections=dict(self.sections), correction_note=note)
        new._log("correct", by, note, "", {"from_version": self.version})
        self._log("comment", by, f"已生成第{new.version}版用于更正：{note}", self.state)
        return new


class ReportEvent(models.Model):
    """One step in a report's life, kept for good: the audit trail of the report."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间", default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    actor_label = models.CharField("操作人", max_length=150)
    action = models.CharField("操作", max_length=20)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    comment = models.TextField("意见", blank=True)
    detail = models.JSONField(default=dict)

    objects = cm.AppendOnly.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "年度报告审计记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action_label}"

    @property
    def action_label(self) -> str:
        return rules.ACTIONS.get(self.action, self.action)

    @property
    def to_label(self) -> str:
        return rules.STATES.get(self.to_state, self.to_state)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("审计记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("审计记录不可删除")


def current(agency: cm.Agency, year: int) -> AnnualReport | None:
    """The latest version of ``agency``'s report for ``year`` (the one being worked on or last published)."""
    return AnnualReport.objects.filter(agency=agency, year=year).order_by("-version").first()


def published_versions(agency: cm.Agency, year: int | None = None):
    qs = AnnualReport.objects.filter(agency=agency, state=rules.PUBLISHED).order_by("-year", "-version")
    return qs.filter(year=year) if year is not None else qs


@transaction.atomic
def start(agency: cm.Agency, year: int, by) -> AnnualReport:
    """The year's report, created with the prefilled narrative when it does not exist yet."""
    cm.Agency.objects.select_for_update().get(pk=agency.pk)  # one creator wins
    existing = current(agency, year)
    if existing is not None:
        return existing
    from .prefill import prefill

    r = AnnualReport.objects.create(agency=agency, year=year, sections=prefill(agency, year))
    r._log("create", by)
    return r
