"""URLs of the fee calculator and the evidence panel (filled in below as they land)."""

from django.urls import path  # noqa: F401

app_name = "decisions"

urlpatterns: list = []
