"""URLs of the case platform: public pages, then the staff workbench under /staff/."""

from django.urls import path

from . import schedule_views, views

app_name = "cases"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("apply/<slug:slug>/", views.apply, name="apply"),
    path("receipt/<str:code>/", views.receipt, name="receipt"),
    path("track/", views.lookup, name="lookup"),
    path("track/<str:code>/", views.track, name="track"),
    path("holidays/", schedule_views.holidays, name="holidays"),
    path("holidays/day/<int:pk>/", schedule_views.holiday_day, name="holiday_day"),
    path("holidays/day/<int:pk>/delete/", schedule_views.holiday_day_delete, name="holiday_day_delete"),
    path("staff/", views.workbench, name="workbench"),
    path("staff/a/<int:pk>/", views.detail, name="detail"),
    path("staff/a/<int:pk>/do/<str:name>/", views.action, name="action"),
    path("staff/a/<int:pk>/file/<int:att>/", views.attachment, name="attachment"),
    path("staff/<slug:slug>/", views.agency_workbench, name="agency"),
    path("staff/<slug:slug>/register/", views.register, name="register"),
    path("staff/<slug:slug>/report/", views.annual_report, name="report_current"),
    path("staff/<slug:slug>/report/<int:year>/", views.annual_report, name="report"),
    path("staff/<slug:slug>/settings/", views.agency_settings, name="settings"),
    path("staff/<slug:slug>/schedule/", views.schedule, name="schedule"),
]
