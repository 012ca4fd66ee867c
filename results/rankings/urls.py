"""Public URLs of invitations and combined rankings."""

from django.urls import path

from results.rankings import views

urlpatterns = [
    path("seasons/<slug:series_code>/<str:season_name>/invitations/", views.invitations, name="invitations"),
    path("rankings/<slug:code>/", views.combined_ranking, name="combined_ranking"),
]
