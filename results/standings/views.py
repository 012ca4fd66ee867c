"""Public standings pages: tables per class/cup after any round (HTML, CSV, XLSX)."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from championships.http_caching import ContentVersion, cached_page
from championships.models import Season
from championships.selectors import season_get
from results.classifications import selectors as classification_selectors
from results.standings import selectors
from results.standings.charts import Line, progression_svg
from results.standings.export import XLSX_CONTENT_TYPE, standings_csv, standings_xlsx

FORMATS = ("html", "csv", "xlsx")


class BadQuery(ValueError):
    pass


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdecimal()):
        raise BadQuery(f"'{name}' must be a whole number, not '{raw[:40]}'")
    # Why before int(): int() of thousands of digits fails (a long but readable number is just
    # a round that does not exist: 404 further on).
    if len(raw) > 50:
        raise BadQuery(f"'{name}' is too large ({len(raw)} digits)")
    return int(raw)


def _download(season: Season, choice: selectors.TableChoice | None, fmt: str) -> HttpResponse:
    rows = list(selectors.table_rows(season, choice)) if choice else []
    if fmt == "xlsx":
        response = HttpResponse(standings_xlsx(rows), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(standings_csv(rows), content_type="text/csv; charset=utf-8")
    parts = [season.code, "standings"]
    if choice:
        parts += [choice.championship, choice.class_code, choice.cup_code, f"r{choice.after_round}"]
    # Why: class and cup codes are free text; keep the header's file name plain.
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", "-".join(p for p in parts if p))
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _standings_version(request: HttpRequest, series_code: str, season_name: str) -> ContentVersion | None:
    return selectors.standings_version(series_code, season_name)


@cached_page(_standings_version)
def standings(request: HttpRequest, series_code: str, season_name: str) -> HttpResponse:
    """One table (championship, class, cup) after one round; ?format=csv|xlsx downloads it."""
    season = season_get(series_code, season_name, request.user)
    fmt = request.GET.get("format") or "html"
    if fmt not in FORMATS:
        return HttpResponseBadRequest(f"'format' must be one of {', '.join(FORMATS)}, not '{fmt}'")
    try:
        requested_round = _int_param(request, "round")
    except BadQuery as exc:
        return HttpResponseBadRequest(str(exc))
    tables = selectors.season_tables(season)
    rounds = selectors.season_rounds(season) if tables else []
    choice = selectors.table_choice(request.GET, requested_round, tables, rounds)
    if fmt != "html":
        return _download(season, choice, fmt)
    context: dict[str, object] = {"season": season, "choice": choice, "rounds": rounds, "chart": "", "rows": []}
    if choice:
        extras = selectors.table_extras(season, tables)
        extra = extras.get(choice.championship)
        # Who competes (the name column's heading) and what the table is called.
        context["competitors"] = extra.competitors if extra else choice.championship
        context["extra"] = extra
        table_name = choice.championship if extra else f"{choice.championship.capitalize()} {choice.class_code}"
        # Why 30: crews of one car share a line in the chart, which draws the first ten lines.
        lines, chart_rounds = selectors.progression(season, choice, top=30)
        context["chart"] = progression_svg(
            [Line(label, tuple(points)) for label, points in lines],
            chart_rounds,
            title=f"{table_name} {choice.cup_code}".strip() + ": points after each round",
        )
        rows = list(selectors.table_rows(season, choice))
        context["rows"] = rows
        context["title"] = selectors.title_summary(rows)
        context["championship_links"] = selectors.championship_links(tables, choice, list(extras))
        names = selectors.table_names(season)
        context["table_links"] = selectors.table_links(tables, choice, names)
        context["table_label"] = names.label(choice.class_code, choice.cup_code)
        # Why: a table built on provisional results can still change; the reader must know which rounds.
        context["provisional_rounds"] = classification_selectors.provisional_rounds(season.pk, choice.after_round)
    context["state"] = selectors.standings_state(season)
    return render(request, "results/standings.html", context)
