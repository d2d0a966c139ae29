"""Django admin: agencies, people and roles, the holiday schedule. Records are read-only here.

Applications change only through their own methods (so every change is audited); the admin
shows them and the audit trail but cannot edit or delete them.
"""

from django.contrib import admin
from django.db import transaction

from . import models as m


@admin.register(m.Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "requires_close_approval", "accepts_online")
    prepopulated_fields = {"slug": ("name",)}

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """A change made here is audited like one made on the agency's settings page."""
        with transaction.atomic():
            fields = ["name", "requires_close_approval", "accepts_online"]
            before = ({k: getattr(m.Agency.objects.select_for_update().get(pk=obj.pk), k) for k in fields}
                      if change else {})
            super().save_model(request, obj, form, change)
            m.Event.objects.create(agency=obj, actor=request.user, actor_label=request.user.get_username(),
                                   action="agency_settings", detail={"before": before, "via": "admin",
                                                                     "after": {k: getattr(obj, k) for k in fields}})


def audit_membership(request, obj: m.Membership, what: str) -> None:
    """One audit event in the membership's agency for a role granted, changed or withdrawn."""
    m.Event.objects.create(agency_id=obj.agency_id, actor=request.user, actor_label=request.user.get_username(),
                           action="membership", detail={"what": what, "user": obj.user.get_username(),
                                                        "role": obj.role, "via": "admin"})


@admin.register(m.Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Roles granted and withdrawn here are audited, each in the transaction that makes the change."""

    list_display = ("user", "agency", "role")
    list_filter = ("agency", "role")

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            if change:
                old = m.Membership.objects.select_related("user").get(pk=obj.pk)
                if old.agency_id != obj.agency_id:
                    audit_membership(request, old, "withdrawn")
            super().save_model(request, obj, form, change)
            audit_membership(request, obj, "changed" if change else "granted")

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_membership(request, obj, "withdrawn")
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset.select_related("user"):
                audit_membership(request, obj, "withdrawn")
            super().delete_queryset(request, queryset)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The holiday schedule changes only on its own page (/holidays/), where each change is audited and
# the open applications' dates are recomputed; here it is read-only.
@admin.register(m.ScheduleDay)
class ScheduleDayAdmin(ReadOnly):
    list_display = ("date", "is_workday", "note", "entered_by")
    list_filter = ("is_workday",)


@admin.register(m.ScheduleYear)
class ScheduleYearAdmin(ReadOnly):
    list_display = ("year", "source", "entered_by")


@admin.register(m.ScheduleEvent)
class ScheduleEventAdmin(ReadOnly):
    list_display = ("at", "actor_label", "action", "year")


@admin.register(m.Application)
class ApplicationAdmin(ReadOnly):
    list_display = ("number", "agency", "applicant_type", "status", "received_on", "due_on", "closed_on", "outcome")
    list_filter = ("agency", "status", "applicant_type", "outcome")
    search_fields = ("number", "applicant_name", "tracking_code")
    exclude = ("id_number", "agent_id_number")


@admin.register(m.Event)
class EventAdmin(ReadOnly):
    list_display = ("at", "agency", "application", "actor_label", "action", "from_status", "to_status")
    list_filter = ("agency", "action")


@admin.register(m.Appeal)
class AppealAdmin(ReadOnly):
    list_display = ("application", "kind", "filed_on", "result", "decided_on")
