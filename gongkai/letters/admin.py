from django.contrib import admin
from django.db import transaction

from gongkai.cases.models import Event

from .models import Letter, LetterSettings, LetterTemplate


@admin.register(LetterSettings)
class LetterSettingsAdmin(admin.ModelAdmin):
    """Changes audited (as on the agency's page); not deleted here."""

    list_display = ("agency", "office", "review_body", "court", "reference_prefix")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            fields = [f for f in form.fields if f != "agency"]
            super().save_model(request, obj, form, change)
            Event.objects.create(agency_id=obj.agency_id, actor=request.user, actor_label=request.user.get_username(),
                                 action="letter_settings", detail={"via": "admin", "changed": form.changed_data,
                                                                   "after": {k: getattr(obj, k) for k in fields}})


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """Edited here or on the agency's page, a template change is audited; templates are not deleted here
    (the agency's page restores the default)."""

    list_display = ("agency", "kind", "updated_by", "updated_at")
    list_filter = ("agency", "kind")
    readonly_fields = ("updated_by",)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            obj.updated_by = request.user
            super().save_model(request, obj, form, change)
            Event.objects.create(agency_id=obj.agency_id, actor=request.user, actor_label=request.user.get_username(),
                                 action="letter_template", detail={"kind": obj.kind, "via": "admin",
                                                                   "length": len(obj.source)})


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "application", "created_at")
    list_filter = ("agency", "kind")
    readonly_fields = [f.name for f in Letter._meta.fields]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
