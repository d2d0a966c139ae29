"""URLs of the supervisor's workspace, under /supervision/."""

from django.urls import path

from .views import intake, review, rollups, workspace

app_name = "supervision"

urlpatterns = [
    path("", workspace.home, name="home"),
    path("units/", workspace.unit_list, name="units"),
    path("units/import/", workspace.unit_import, name="unit_import"),
    path("units/<int:pk>/", workspace.unit_detail, name="unit"),
    path("units/<int:parent>/new/", workspace.unit_new, name="unit_new"),
    path("upload/", intake.upload, name="upload"),
    path("batches/<int:pk>/", intake.batch, name="batch"),
    path("unmatched/", intake.unmatched, name="unmatched"),
    path("reports/<int:pk>/", review.report, name="report"),
    path("reports/<int:pk>/page/<int:page>.png", review.page_image, name="page_image"),
    path("reports/<int:pk>/confirm/", intake.confirm, name="confirm"),
    path("reports/<int:pk>/return/", review.return_report, name="return"),
    path("findings/<int:pk>/decide/", review.decide, name="decide"),
    path("rollup/<int:pk>/", rollups.rollup, name="rollup_current"),
    path("rollup/<int:pk>/<int:year>/", rollups.rollup, name="rollup"),
    path("rollup/<int:pk>/<int:year>/draft.<str:fmt>", rollups.draft, name="draft"),
]
