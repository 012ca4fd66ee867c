"""URL configuration."""

from typing import Any

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import include, path

from championships import views as championship_views
from config import health, home, pages, people
from config.dashboard import dashboard_context

# Why: the admin login goes through allauth so e-mail verification, MFA and rate limits apply.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Paddock administration"
admin.site.site_title = "Paddock"
_admin_index = admin.site.index


def _admin_index_with_dashboard(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> TemplateResponse:
    """The admin index plus the staff dashboard (templates/admin/index.html) for the user's series."""
    return _admin_index(request, extra_context={**(extra_context or {}), "dashboard": dashboard_context(request.user)})


# Why before `admin.site.urls` is read: get_urls() wraps whatever `index` is at that moment.
admin.site.index = _admin_index_with_dashboard  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/<str:version>/", include("config.api_urls")),
    path("", pages.home, name="home"),
    path("home/", home.role_home, name="role_home"),
    path("staff/people/", people.staff_people, name="staff_people"),
    path("staff/people/notices/", people.staff_notices, name="staff_notices"),
    path("staff/people/roles/<int:pk>/revoke/", people.staff_role_revoke, name="staff_role_revoke"),
    path(
        "staff/people/teams/<int:team_id>/managers/<int:user_id>/revoke/",
        people.staff_team_manager_revoke,
        name="staff_team_manager_revoke",
    ),
    path("", include("entries.urls")),
    path("", include("results.classifications.urls")),
    path("", include("results.classifications.qualifying_urls")),
    path("", include("results.standings.urls")),
    path("", include("results.rankings.urls")),
    path("series/<slug:series_code>/", championship_views.series_detail, name="series_detail"),
    path("seasons/<slug:series_code>/<str:season_name>/", pages.season_detail, name="season_detail"),
    path(
        "seasons/<slug:series_code>/<str:season_name>/calendar.ics",
        championship_views.season_calendar_ics,
        name="season_calendar_ics",
    ),
]
