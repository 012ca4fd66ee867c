"""Public standings pages: tables per class/cup after any round, invitations, combined rankings."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render

from championships.selectors import season_get
from results import standings_selectors as selectors
from results.charts import Line, progression_svg
from results.models import CombinedRanking
from results.rankings import combined_ranking_rows, invitation_lines
from results.standings_export import standings_csv


class BadQuery(ValueError):
    pass


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise BadQuery(f"'{name}' must be a whole number, not '{raw}'")
    return int(raw)


def standings(request: HttpRequest, series_code: str, season_name: str) -> HttpResponse:
    season = season_get(series_code, season_name)
    try:
        requested_round = _int_param(request, "round")
    except BadQuery as exc:
        return HttpResponseBadRequest(str(exc))
    choice = selectors.table_choice(season, request.GET, requested_round)
    if request.GET.get("format") == "csv":
        rows = selectors.table_rows(season, choice) if choice else []
        response = HttpResponse(standings_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{season.code}-standings.csv"'
        return response
    chart = ""
    if choice:
        lines, rounds = selectors.progression(season, choice)
        chart = progression_svg(
            [Line(label, tuple(points)) for label, points in lines],
            rounds,
            title=f"{choice.championship} {choice.class_code} {choice.cup_code}: points after each round",
        )
    return render(
        request,
        "results/standings.html",
        {
            "season": season,
            "choice": choice,
            "chart": chart,
            "rows": selectors.table_rows(season, choice) if choice else [],
            "tables": selectors.season_tables(season),
            "rounds": selectors.season_rounds(season),
            "state": selectors.standings_state(season),
        },
    )


def invitations(request: HttpRequest, series_code: str, season_name: str) -> HttpResponse:
    season = season_get(series_code, season_name)
    rules = list(season.invitation_rules.select_related("combined_ranking").prefetch_related("awards"))
    return render(
        request,
        "results/invitations.html",
        {"season": season, "rules": [(rule, invitation_lines(rule), list(rule.awards.all())) for rule in rules]},
    )


def combined_ranking(request: HttpRequest, code: str) -> HttpResponse:
    ranking = get_object_or_404(CombinedRanking, code=code)
    components = list(ranking.components.select_related("season__series"))
    return render(
        request,
        "results/combined_ranking.html",
        {"ranking": ranking, "components": components, "rows": combined_ranking_rows(ranking)},
    )
