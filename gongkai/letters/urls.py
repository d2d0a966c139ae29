"""URLs of the letters: with an application, downloads (staff and applicant), templates, letterhead."""

from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    path("staff/a/<int:pk>/letters/", views.application_letters, name="application"),
    path("staff/a/<int:pk>/letters/new/", views.generate, name="generate"),
    path("staff/letters/<int:pk>.<str:fmt>", views.download, name="download"),
    path("track/<str:code>/letters/<int:pk>.<str:fmt>", views.public_download, name="public_download"),
    path("staff/<slug:slug>/letters/templates/", views.template_list, name="templates"),
    path("staff/<slug:slug>/letters/templates/<str:kind>/", views.template_edit, name="template"),
    path("staff/<slug:slug>/letters/templates/<str:kind>/preview/", views.template_preview, name="preview"),
    path("staff/<slug:slug>/letters/settings/", views.letter_settings, name="settings"),
]
