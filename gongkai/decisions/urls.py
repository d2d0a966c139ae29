"""URLs of the fee calculator, payment and lapse, and the evidence panel, with an application."""

from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("staff/a/<int:pk>/fee/", views.fee, name="fee"),
    path("staff/a/<int:pk>/fee/quote/", views.fee_quote, name="fee_quote"),
    path("staff/a/<int:pk>/fee/charge/", views.fee_charge, name="fee_charge"),
    path("staff/a/<int:pk>/fee/paid/", views.fee_paid, name="fee_paid"),
    path("staff/a/<int:pk>/fee/lapse/", views.fee_lapse, name="fee_lapse"),
    path("staff/a/<int:pk>/evidence/", views.evidence_panel, name="evidence"),
    path("staff/a/<int:pk>/evidence/record/", views.evidence_record, name="evidence_record"),
]
