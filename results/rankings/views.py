"""Public pages: Le Mans invitations of a season and combined rankings across series."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from championships.http_caching import public_page
from championships.selectors import season_get
from results.classifications.selectors import provisional_rounds
from results.rankings.models import CombinedRanking
from results.rankings.selectors import combined_ranking_rows, component_labels, invitation_lines


@public_page
def invitations(request: HttpRequest, series_code: str, season_name: str) -> HttpResponse:
    season = season_get(series_code, season_name, request.user)
    rules = list(season.invitation_rules.select_related("combined_ranking").prefetch_related("awards"))
    return render(
        request,
        "results/invitations.html",
        {
            "season": season,
            "rules": [(rule, invitation_lines(rule), list(rule.awards.all())) for rule in rules],
            # Why: "earned by the current standings" may rest on results that can still change.
            "provisional_rounds": provisional_rounds(season.pk),
        },
    )


@public_page
def combined_ranking(request: HttpRequest, code: str) -> HttpResponse:
    ranking = get_object_or_404(CombinedRanking, code=code)
    components = list(ranking.components.select_related("season__series"))
    return render(
        request,
        "results/combined_ranking.html",
        {
            "ranking": ranking,
            "components": component_labels(components),
            "rows": combined_ranking_rows(ranking),
        },
    )
