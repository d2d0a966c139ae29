"""/api/: the OpenAPI document, a token endpoint, the resources, and the actions on an application."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from ..supervision import api as supervision
from . import views
from .token import obtain_token

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("token/", obtain_token, name="token"),
    path("agencies/", views.AgencyList.as_view(), name="agencies"),
    path("agencies/<slug:slug>/report/<int:year>/", views.AnnualReport.as_view(), name="report"),
    path("applications/", views.ApplicationList.as_view(), name="applications"),
    path("applications/<int:pk>/", views.ApplicationDetail.as_view(), name="application"),
    path("applications/<int:pk>/events/", views.EventList.as_view(), name="events"),
    path("applications/<int:pk>/actions/", views.ApplicationActions.as_view(), name="actions"),
    path("applications/<int:pk>/actions/<str:name>/", views.ApplicationAction.as_view(), name="action"),
    path("applications/<int:pk>/letters/", views.LetterList.as_view(), name="letters"),
    path("letters/<int:pk>/", views.LetterDetail.as_view(), name="letter"),
    path("letters/<int:pk>/<str:fmt>/", views.LetterFile.as_view(), name="letter-file"),
    path("supervision/units/", supervision.UnitList.as_view(), name="sv-units"),
    path("supervision/reports/", supervision.SubmissionList.as_view(), name="sv-reports"),
    path("supervision/reports/<int:pk>/", supervision.SubmissionDetail.as_view(), name="sv-report"),
    path("supervision/reports/<int:pk>/confirm/", supervision.ConfirmUnit.as_view(), name="sv-confirm"),
    path("supervision/reports/<int:pk>/return/", supervision.ReturnReport.as_view(), name="sv-return"),
    path("supervision/batches/<int:pk>/", supervision.BatchDetail.as_view(), name="sv-batch"),
    path("supervision/findings/", supervision.FindingList.as_view(), name="sv-findings"),
    path("supervision/findings/<int:pk>/decide/", supervision.DecideFinding.as_view(), name="sv-decide"),
    path("supervision/rollup/<int:pk>/<int:year>/", supervision.RollupView.as_view(), name="sv-rollup"),
]
