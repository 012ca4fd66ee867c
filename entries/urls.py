"""Entries URLs: team manager pages and public entry lists."""

from django.urls import path

from entries import onboarding_views, public_views, views

app_name = "entries"
urlpatterns = [
    path("my/teams/", views.my_teams, name="my_teams"),
    path("my/teams/join/", onboarding_views.team_join, name="team_join"),
    path("my/teams/register/", onboarding_views.team_register, name="team_register"),
    path("staff/requests/", onboarding_views.staff_requests, name="staff_requests"),
    path("staff/requests/<int:pk>/decide/", onboarding_views.staff_request_decide, name="staff_request_decide"),
    path("my/entries/", views.my_entries, name="my_entries"),
    path("my/entries/new/", views.entry_create, name="my_entry_create"),
    path("my/entries/<int:pk>/", views.entry_detail, name="my_entry"),
    path("my/entries/<int:pk>/edit/", views.entry_edit, name="my_entry_edit"),
    path("my/entries/<int:pk>/submit/", views.entry_submit, name="my_entry_submit"),
    path("my/entries/<int:pk>/withdraw/", views.entry_withdraw, name="my_entry_withdraw"),
    path("my/entries/<int:pk>/lineups/", views.season_lineups, name="my_entry_lineups"),
    path("my/entries/<int:pk>/nominate/", views.nomination_add, name="my_nomination_add"),
    path("my/nominations/<int:pk>/remove/", views.nomination_remove, name="my_nomination_remove"),
    path(
        "seasons/<slug:series_code>/<str:season_name>/entries/",
        public_views.season_entries,
        name="season_entries",
    ),
    path("events/<int:event_id>/entries/", public_views.event_entries, name="event_entries"),
]
