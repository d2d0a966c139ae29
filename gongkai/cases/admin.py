"""Django admin: agencies, people and roles, the holiday schedule. Records are read-only here.

Applications change only through their own methods (so every change is audited); the admin
shows them and the audit trail but cannot edit or delete them.
"""

from django.contrib import admin

from . import models as m


@admin.register(m.Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "requires_close_approval", "accepts_online")
    prepopulated_fields = {"slug": ("name",)}

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "role")
    list_filter = ("agency", "role")


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
