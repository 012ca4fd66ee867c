"""Public standings URLs."""

from django.urls import path

from results.standings import views

urlpatterns = [
    path("seasons/<slug:series_code>/<str:season_name>/standings/", views.standings, name="standings"),
]
