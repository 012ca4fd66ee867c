"""The worker renders a season's public standings pages and API bodies before they are served.

Called by the recalculation (services.recalculate_season) inside its transaction, after the new
rows and the new state are written and before they commit: the bodies are stored in the shared
cache under the keys visitors will compute (championships.http_caching), so the first visitor
of a new version gets a stored body instead of waiting on a render of hundreds of rows.

What is rendered: the page and the API body with no query string (the season's first table,
latest round), and every table (championship x class x cup) after the latest round, with the
query strings the page's own links carry (templates/results/standings.html) and the API's
documented parameters. Other rounds and other spellings are rendered on demand as before.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve, reverse

from championships.models import Season
from results.standings import selectors

logger = logging.getLogger(__name__)


def _q(value: str) -> str:
    # As the template's |urlencode filter writes it (quote with "/" kept).
    return quote(value, safe="/")


def season_urls(season: Season) -> list[str]:
    """The page and API addresses of the season whose bodies are rendered ahead."""
    page = reverse("standings", args=[season.series.code, season.name])
    api = reverse(
        "api_season_standings", kwargs={"version": "v1", "series_code": season.series.code, "season_name": season.name}
    )
    rounds = selectors.season_rounds(season)
    urls = [page, api]
    if not rounds:
        return urls
    last = rounds[-1]
    for table in selectors.season_tables(season):
        query = f"championship={_q(table.championship)}&class={_q(table.class_code)}&cup={_q(table.cup_code)}"
        urls.append(f"{page}?{query}&round={last}")
        urls.append(
            f"{api}?championship={_q(table.championship)}&class={_q(table.class_code)}"
            + (f"&cup={_q(table.cup_code)}" if table.cup_code else "")
        )
    return urls


def prerender_season(season_id: int) -> int:
    """Render and store every body of `season_urls`; returns how many were rendered.

    Never raises: a body that fails to render is logged and left to be rendered on demand.
    """
    started = time.perf_counter()
    season = Season.objects.select_related("series").get(pk=season_id)
    factory = RequestFactory()
    host = next((h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"), "localhost")
    rendered = 0
    for url in season_urls(season):
        request = factory.get(url, HTTP_HOST=host, HTTP_ACCEPT="application/json" if "/api/" in url else "text/html")
        request.user = AnonymousUser()
        match = resolve(request.path_info)
        try:
            response = match.func(request, *match.args, **match.kwargs)
            render_later = getattr(response, "render", None)
            if render_later is not None and not getattr(response, "is_rendered", True):
                render_later()
        except Exception:  # a body we cannot render ahead is rendered on demand, as before
            logger.exception("pre-rendering %s failed", url)
            continue
        rendered += response.status_code == 200
    logger.info(
        "pre-rendered %s bodies of season %s in %.0f ms", rendered, season_id, (time.perf_counter() - started) * 1000
    )
    return rendered
