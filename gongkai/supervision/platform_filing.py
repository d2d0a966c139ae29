"""Arrival way (1): a report the agency publishes on the platform (``gongkai.annual``) is filed
into the supervisor's workspace at once — structured, no reading — when the agency is a unit
(``Unit.agency``). Each published version is filed once; a correction (a new version) becomes the
unit's next version and answers a return."""

from __future__ import annotations

from django.db import transaction

from .models import Submission, Unit


def file_published(annual_report) -> Submission | None:
    """File a published ``annual.AnnualReport`` version (None: the agency is no unit, or it was filed)."""
    from . import intake

    unit = Unit.objects.filter(agency_id=annual_report.agency_id).first()
    if unit is None:
        return None
    ref = f"annual:{annual_report.pk}"
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one filing per version, whoever saves
        if Submission.objects.filter(platform_ref=ref).exists():
            return None
        return intake.file_report(unit, annual_report.to_core_report(), source="platform",
                                  original_name=f"{annual_report}（平台发布）", platform_ref=ref)


def on_annual_report_saved(sender, instance, **kwargs) -> None:
    from ..annual import rules

    if instance.state == rules.PUBLISHED:
        transaction.on_commit(lambda: file_published(instance))


def tell_agency(sub: Submission, comments: str, user) -> bool:
    """A report filed from the platform was returned: say so in that report's own record on the
    platform (its audit trail, shown on the agency's report page), so the agency sees the comments
    and files a corrected version. False when the report did not come from the platform."""
    if not sub.platform_ref.startswith("annual:"):
        return False
    from ..annual.models import AnnualReport

    ar = AnnualReport.objects.filter(pk=int(sub.platform_ref.split(":", 1)[1])).first()
    if ar is None:
        return False
    ar._log("comment", user, f"上级政府信息公开工作主管部门退回：{comments}", ar.state, {"supervision_return": sub.pk})
    return True
