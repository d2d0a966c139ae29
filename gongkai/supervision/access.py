"""Who may see what in the supervisor's workspace (Django): a supervisor sees the units under the
unit(s) they supervise, those units' reports and findings, and the files they uploaded that are not
matched yet; anything else answers 404, as if it did not exist."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Finding, Submission, Supervisor, Unit


def is_supervisor(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or Supervisor.objects.filter(user=user).exists())


def require_supervisor(user) -> None:
    if not is_supervisor(user):
        raise Http404("您不是监督人员")


def units(user):
    return Unit.objects.visible_to(user)


def submissions(user):
    if user.is_superuser:
        return Submission.objects.all()
    return Submission.objects.filter(Q(unit__in=units(user)) | Q(unit__isnull=True, created_by=user))


def unit(user, pk: int) -> Unit:
    return get_object_or_404(units(user), pk=pk)


def submission(user, pk: int) -> Submission:
    return get_object_or_404(submissions(user).select_related("unit", "batch"), pk=pk)


def finding(user, pk: int) -> Finding:
    return get_object_or_404(Finding.objects.filter(unit__in=units(user)), pk=pk)


def top_units(user):
    """The units the user supervises (the roots of what they see)."""
    if user.is_superuser:
        return Unit.objects.filter(parent__isnull=True)
    return Unit.objects.filter(supervisors__user=user)
