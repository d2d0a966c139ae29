from django.contrib import admin

from .models import EvidenceRecord, FeeAssessment


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FeeAssessment)
class FeeAssessmentAdmin(_ReadOnly):
    list_display = ("application", "method", "quantity", "amount", "decided_by", "decided_at")
    list_filter = ("agency", "method")


@admin.register(EvidenceRecord)
class EvidenceRecordAdmin(_ReadOnly):
    list_display = ("application", "outcome", "recorded_by", "recorded_at")
    list_filter = ("agency", "outcome")
