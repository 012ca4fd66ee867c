"""Public standings URLs."""

from django.urls import path

from results import views_standings as views

urlpatterns = [
    path("seasons/<slug:series_code>/<str:season_name>/standings/", views.standings, name="standings"),
    path("seasons/<slug:series_code>/<str:season_name>/invitations/", views.invitations, name="invitations"),
    path("rankings/<slug:code>/", views.combined_ranking, name="combined_ranking"),
]
