"""URLs: the public pages and staff workbench (gongkai.cases), login, and Django's admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .login import LoginView

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("gongkai.api.urls")),
    path("supervision/region/", include("gongkai.supervision.region_urls")),
    path("supervision/", include("gongkai.supervision.urls")),
    path("", include("gongkai.annual.urls")),  # before cases: the report pages replace its tables-only page
    path("", include("gongkai.registers.urls")),
    path("", include("gongkai.letters.urls")),
    path("", include("gongkai.decisions.urls")),
    path("", include("gongkai.cases.urls")),
]
