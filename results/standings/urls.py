"""Public standings URLs, and the stewards' qualifying upload (the poles of an event's races)."""

from django.urls import path

from results.standings import steward_views, views

urlpatterns = [
    path("seasons/<slug:series_code>/<str:season_name>/standings/", views.standings, name="standings"),
    path("steward/events/<int:event_id>/qualifying/", steward_views.steward_qualifying, name="steward_qualifying"),
    path(
        "steward/events/<int:event_id>/qualifying/upload/",
        steward_views.steward_qualifying_upload,
        name="steward_qualifying_upload",
    ),
    path(
        "steward/events/<int:event_id>/qualifying/confirm/",
        steward_views.steward_qualifying_confirm,
        name="steward_qualifying_confirm",
    ),
]
