from django.contrib import admin

from .models import Letter, LetterSettings, LetterTemplate


@admin.register(LetterSettings)
class LetterSettingsAdmin(admin.ModelAdmin):
    list_display = ("agency", "office", "review_body", "court", "reference_prefix")


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ("agency", "kind", "updated_by", "updated_at")
    list_filter = ("agency", "kind")


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "application", "created_at")
    list_filter = ("agency", "kind")
    readonly_fields = [f.name for f in Letter._meta.fields]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
