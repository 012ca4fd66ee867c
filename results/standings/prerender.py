"""The worker renders a season's public standings pages and API bodies; no visitor does.

In server mode the recalculation (services.recalculate_season) calls these inside its
transaction, after the new rows and state are written and before they commit:
`claim_season_bodies` takes the render lock of every body of the new version (so a visitor of
another process never renders one at the same time), `prerender_season` renders them through
the views (the worker's connection sees the new rows) and stores them in the shared cache under
the keys visitors will compute (championships.http_caching). When the new version commits, its
bodies are already there: the first visitor gets a stored body.
The price: a save that marks the same season dirty meanwhile waits for the state row until the
commit (the render of a season's bodies: about a second for 3 classes on a quiet machine).

What is rendered: the page and the API body with no query string (the season's first table,
latest round), and every table (championship x class x cup) after the latest round, with the
query strings the page's own links carry (templates/results/standings.html) and the API's
documented parameters. Other rounds and other spellings are rendered on demand as before.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import resolve, reverse

from championships import http_caching
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


def _view_name(func: Any) -> str:
    """The name serve_versioned keys a view's bodies by (the page function or the API class)."""
    view = getattr(func, "view_class", func)
    return f"{view.__module__}.{view.__qualname__}"


def claim_season_bodies(season_id: int) -> list[str]:
    """Take the render lock of every body of the season's current version; returns the URLs."""
    season = Season.objects.select_related("series").get(pk=season_id)
    version = selectors.standings_version(season.series.code, season.name)
    urls = season_urls(season)
    if version is None:
        return []
    for url in urls:
        path, _, query = url.partition("?")
        digest = http_caching.body_digest(_view_name(resolve(path).func), path, query, version)
        cache.add(http_caching.render_lock(http_caching.CACHE_PREFIX + digest), 1, http_caching.RENDER_LOCK_SECONDS)
    return urls


def prerender_season(urls: list[str]) -> int:
    """Render and store the bodies at `urls`; returns how many were stored.

    Never raises: a body that fails to render is logged and left to be rendered on demand.
    """
    started = time.perf_counter()
    factory = RequestFactory()
    host = next((h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"), "localhost")
    rendered = 0
    for url in urls:
        request = factory.get(url, HTTP_HOST=host, HTTP_ACCEPT="application/json" if "/api/" in url else "text/html")
        request.user = AnonymousUser()
        setattr(request, http_caching.PRERENDER_ATTRIBUTE, True)
        match = resolve(request.path_info)
        try:
            response = match.func(request, *match.args, **match.kwargs)
        except Exception:  # a body we cannot render ahead is rendered on demand, as before
            logger.exception("pre-rendering %s failed", url)
            continue
        rendered += response.status_code == 200
    logger.info("pre-rendered %s bodies in %.0f ms", rendered, (time.perf_counter() - started) * 1000)
    return rendered
