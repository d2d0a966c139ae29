"""URLs of the region pages (``/supervision/region/``)."""

from django.urls import path

from . import region_files as f
from . import region_views as v

app_name = "supervision_region"
urlpatterns = [
    path("", v.home, name="home"),
    path("<int:unit_id>/", v.region_page, name="region"),
    path("<int:unit_id>/years/", v.unit_years, name="unit"),
    path("<int:unit_id>/ranking/", v.ranking_page, name="ranking"),
    path("<int:unit_id>/charts/", v.charts_page, name="charts"),
    path("<int:unit_id>/assessment/", f.assessment_page, name="assessment"),
    path("<int:unit_id>/data/<str:kind>.json", v.chart_json, name="chart_json"),
    path("<int:unit_id>/table.<str:fmt>", f.table_download, name="table_download"),
    path("<int:unit_id>/cells.<str:fmt>", f.cells_download, name="cells_download"),
]
