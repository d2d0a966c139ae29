from django.urls import path

from . import views

app_name = "registers"

urlpatterns = [
    path("staff/<slug:slug>/registers/", views.documents, name="documents"),
    path("staff/<slug:slug>/registers/documents/<int:pk>/", views.document, name="document"),
    path("staff/<slug:slug>/registers/figures/", views.figures, name="figures_current"),
    path("staff/<slug:slug>/registers/figures/<int:year>/", views.figures, name="figures"),
    path("staff/<slug:slug>/registers/catalogue/", views.catalogue, name="catalogue"),
    path("staff/<slug:slug>/registers/catalogue/<int:pk>/", views.catalogue_item, name="catalogue_item"),
    path("staff/<slug:slug>/registers/import/", views.import_file, name="import"),
    path("staff/<slug:slug>/registers/art26/", views.art26_queue, name="art26"),
]
