from django.urls import path

from . import views

app_name = "annual"

urlpatterns = [
    path("staff/<slug:slug>/report/", views.report_page, name="staff_current"),
    path("staff/<slug:slug>/report/<int:year>/", views.report_page, name="staff"),
    path("staff/<slug:slug>/report/<int:year>/create/", views.create, name="create"),
    path("staff/<slug:slug>/report/<int:year>/text/", views.save_text, name="text"),
    path("staff/<slug:slug>/report/<int:year>/check/", views.live_check, name="check"),
    path("staff/<slug:slug>/report/<int:year>/do/<str:name>/", views.step, name="step"),
    path("reports/<slug:slug>/", views.public_list, name="public_list"),
    path("reports/<slug:slug>/<int:year>/", views.public_report, name="public"),
    path("reports/<slug:slug>/<int:year>/v<int:version>/", views.public_report, name="public_version"),
    path("reports/<slug:slug>/<int:year>/v<int:version>.<str:fmt>", views.public_report, name="public_file"),
]
