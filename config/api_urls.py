"""The public read-only JSON API, versioned by URL (/api/v1/...)."""

from __future__ import annotations

from django.urls import path, re_path
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView

from championships.api import EventList, SeasonDetail, SeriesDetail, SeriesList
from championships.api_common import NotFoundView
from championships.http_caching import CachedResponseMixin
from entries.api import EntryList
from results.classifications.api import ClassificationView
from results.classifications.qualifying_api import QualifyingView
from results.classifications.race_analysis_api import RaceAnalysisView
from results.standings.api import StandingsView


class SchemaView(CachedResponseMixin, SpectacularAPIView):
    """The OpenAPI document of this API version: JSON by default, YAML with ?format=yaml."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]


SEASON = "series/<slug:series_code>/seasons/<slug:season_name>/"

urlpatterns = [
    path("series/", SeriesList.as_view(), name="api_series_list"),
    path("series/<slug:series_code>/", SeriesDetail.as_view(), name="api_series_detail"),
    path(SEASON, SeasonDetail.as_view(), name="api_season_detail"),
    path(SEASON + "events/", EventList.as_view(), name="api_season_events"),
    path(SEASON + "entries/", EntryList.as_view(), name="api_season_entries"),
    path(SEASON + "standings/", StandingsView.as_view(), name="api_season_standings"),
    path("races/<int:race_id>/classification/", ClassificationView.as_view(), name="api_race_classification"),
    path("races/<int:race_id>/qualifying/", QualifyingView.as_view(), name="api_race_qualifying"),
    path("races/<int:race_id>/analysis/", RaceAnalysisView.as_view(), name="api_race_analysis"),
    path("schema/", SchemaView.as_view(), name="api_schema"),
    # Why: any other path ending in '/' is a JSON 404, not the site's HTML page; paths without the
    # slash still reach APPEND_SLASH's redirect first.
    re_path(r"^(?:.*/)?$", NotFoundView.as_view(), name="api_not_found"),
]
