"""URL configuration."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from championships import views as championship_views

# Why: the admin login goes through allauth so e-mail verification, MFA and rate limits apply.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Paddock administration"
admin.site.site_title = "Paddock"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/<str:version>/", include("config.api_urls")),
    path("", championship_views.home, name="home"),
    path("", include("entries.urls")),
    path("", include("results.urls")),
    path("", include("results.urls_standings")),
    path("series/<slug:series_code>/", championship_views.series_detail, name="series_detail"),
    path("seasons/<slug:series_code>/<str:season_name>/", championship_views.season_detail, name="season_detail"),
]
