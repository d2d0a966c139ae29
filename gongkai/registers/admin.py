from django.contrib import admin

from .models import CatalogueItem, Document, MonthlyFigure


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "number", "kind", "agency", "signed_on", "published_on", "ended_on")
    list_filter = ("kind", "agency")
    search_fields = ("title", "number")


@admin.register(MonthlyFigure)
class MonthlyFigureAdmin(admin.ModelAdmin):
    list_display = ("agency", "category", "year", "month", "count", "amount", "entered_by", "entered_at")
    list_filter = ("category", "agency", "year")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CatalogueItem)
class CatalogueItemAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "agency", "formed_on", "published_on")
