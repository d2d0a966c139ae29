from django.contrib import admin

from .models import AnnualReport, ReportEvent, ReportProfile


@admin.register(ReportProfile)
class ReportProfileAdmin(admin.ModelAdmin):
    list_display = ("agency", "level")


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    """Read only: reports change through their steps (the staff pages), never here."""

    list_display = ("agency", "year", "version", "state", "published_on")
    list_filter = ("state", "year")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportEvent)
class ReportEventAdmin(admin.ModelAdmin):
    list_display = ("at", "report", "actor_label", "action", "to_state", "comment")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
