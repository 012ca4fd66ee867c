"""HTTP caching of public pages and API bodies: Cache-Control, Vary, ETag, Last-Modified, 304s,
and a shared body cache (the default cache: Redis in server mode, so every web worker shares it).

Two ways in:
- `public_page` / `CachedResponseMixin`: headers only; the ETag of an API body is the hash of its
  bytes, so the body is still built on every request.
- `cached_page(version_of)` / `PreValidatedMixin`: a cheap `ContentVersion` (one or two small
  queries: a season's standings generation, a race's published version and decisions) is read
  BEFORE rendering. Its hash is the ETag and the cache key: a matching If-None-Match gets a 304
  without rendering, and a known key gets the stored body. A change of what the body shows moves
  the version, hence a new key, a new ETag and a new Last-Modified; old entries simply age out.

Signed-in visitors (stewards, staff, team managers) see their own header links and messages:
they are never served from, nor stored into, the shared cache, and get `private, no-cache`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

MAX_AGE_SECONDS = 60
CACHE_PREFIX = "paddock:http:"
# Why not forever: the version covers what the body is about (standings, a classification), not
# every label around it (an event renamed); an entry is rebuilt after this long at the latest.
STORE_SECONDS = getattr(settings, "PADDOCK_PAGE_CACHE_SECONDS", 600)
# One renderer per missing body (see serve_versioned): the others wait up to RENDER_WAIT_SECONDS.
RENDER_LOCK_SECONDS = 30
RENDER_WAIT_SECONDS = 5.0
# Set on a request by the worker's pre-render (results.standings.prerender): render and store.
PRERENDER_ATTRIBUTE = "paddock_prerender"
# Headers of the view's response that belong to the body and are stored with it.
_BODY_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")

View = Callable[..., HttpResponseBase]


@dataclass(frozen=True)
class ContentVersion:
    """What a body depends on (`parts`, any repr-stable values) and when that last changed."""

    parts: tuple[Any, ...]
    last_modified: datetime | None


def body_etag(content: bytes) -> str:
    """A strong ETag from the response bytes: equal bodies, equal tags, whatever produced them."""
    return quote_etag(hashlib.sha256(content).hexdigest()[:32])


def is_personal(request: HttpRequest) -> bool:
    """Whether the page may differ from the anonymous one: a signed-in user, or a flash message waiting."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    # Why len(): it loads the waiting messages without marking them shown (the page still shows them).
    return bool(len(messages.get_messages(request)))


def _public_headers(response: HttpResponseBase, vary_cookie: bool) -> None:
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    patch_vary_headers(response, ["Cookie"] if vary_cookie else ["Accept"])


def _private_headers(response: HttpResponseBase) -> None:
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])


def public_page(view: View) -> View:
    """Cache-Control for a public HTML page without a cheap version: `public, max-age=60`, or
    `private, no-cache` for a signed-in visitor (the header shows who they are)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            if is_personal(request):
                _private_headers(response)
            else:
                _public_headers(response, vary_cookie=True)
        return response

    return wrapper


def public_file(view: View) -> View:
    """Cache-Control for a public download that is the same for everyone (the iCal feed)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
        return response

    return wrapper


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    # Why the cookie checks: a body that set a cookie (a CSRF token in a form) is one visitor's.
    return (
        response.status_code == 200
        and isinstance(response, HttpResponse)
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def serve_versioned(
    request: HttpRequest, name: str, version: ContentVersion, render: Callable[[], HttpResponseBase], vary_cookie: bool
) -> HttpResponseBase:
    """304, the stored body, or `render()` stored for the next visitor; with the caching headers."""
    if request.method not in ("GET", "HEAD"):
        return render()
    if vary_cookie and is_personal(request):
        response = render()
        _private_headers(response)
        return response
    digest = body_digest(name, request.path, request.META.get("QUERY_STRING", ""), version)
    etag = quote_etag(digest)
    timestamp = int(version.last_modified.timestamp()) if version.last_modified else None

    def finish(response: HttpResponseBase) -> HttpResponseBase:
        response["ETag"] = etag
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        _public_headers(response, vary_cookie)
        return response

    not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if not_modified is not None and not_modified.status_code == 304:
        return finish(not_modified)
    key = CACHE_PREFIX + digest
    # Why: the worker pre-rendering a season holds the render locks of its bodies already.
    prerendering = getattr(request, PRERENDER_ATTRIBUTE, False)
    stored = None if prerendering else cache.get(key)
    # Why the render lock: when a popular body is missing (a new version, an expired entry),
    # every visitor at that moment would render it at once (a dogpile); one renders, the others
    # wait for its body. The worker takes the same locks before a new version commits.
    if stored is None and not prerendering and not cache.add(render_lock(key), 1, RENDER_LOCK_SECONDS):
        stored = _wait_for(key)
    if stored is not None:
        response = HttpResponse(stored["content"])
        for header, value in stored["headers"]:
            response[header] = value
        return finish(response)
    try:
        response = render()
        if not _storable(request, response):
            return response
        render_later = getattr(response, "render", None)
        if render_later is not None:  # TemplateResponse, DRF Response
            render_later()
        assert isinstance(response, HttpResponse)
        headers = [(h, response[h]) for h in _BODY_HEADERS if h in response]
        cache.set(key, {"content": response.content, "headers": headers}, STORE_SECONDS)
    finally:
        cache.delete(render_lock(key))
    return finish(response)


def body_digest(name: str, path: str, query: str, version: ContentVersion) -> str:
    """The ETag and cache key of one body: view, path and query string (each table, round and
    format is its own body) and the version of what it shows."""
    material = repr((name, path, query, version.parts))
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def render_lock(key: str) -> str:
    return key + ":rendering"


def _wait_for(key: str) -> Any:
    """The body another process is rendering, once stored; None after RENDER_WAIT_SECONDS
    (that renderer died or is slow: render it here rather than wait longer)."""
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.02)
        stored = cache.get(key)
        if stored is not None:
            return stored
    return None


def cached_page(version_of: Callable[..., ContentVersion | None]) -> Callable[[View], View]:
    """For a public HTML view: `version_of(request, **url kwargs)` is read first; None (an unknown
    season or race) renders the view as is, which gives its own 404."""

    def decorator(view: View) -> View:
        name = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            version = version_of(request, *args, **kwargs) if request.method in ("GET", "HEAD") else None
            if version is None:
                return view(request, *args, **kwargs)
            return serve_versioned(request, name, version, lambda: view(request, *args, **kwargs), vary_cookie=True)

        return wrapper

    return decorator


def cache_and_validate(
    request: HttpRequest, response: HttpResponse, last_modified: datetime | None = None
) -> HttpResponse:
    """Add the caching headers; answer 304 when the client's copy (If-None-Match / -Modified-Since) is current."""
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    patch_vary_headers(response, ["Accept"])
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    # Why: DRF renders lazily, after the view returns; the ETag needs the final bytes now.
    render = getattr(response, "render", None)
    if render is not None:
        render()
    etag = body_etag(response.content)
    response["ETag"] = etag
    timestamp = None
    if last_modified is not None:
        timestamp = int(last_modified.timestamp())
        response["Last-Modified"] = http_date(timestamp)
    # Why the fallback: Django's stubs say None may come back; it never does when a response is given.
    return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response) or response


class CachedResponseMixin:
    """For DRF views: every response gets the caching headers; views set `last_modified` when they know it."""

    last_modified: datetime | None = None
    # Set by PreValidatedMixin: serve_versioned gives the headers, the ETag is not the body's hash.
    prevalidated = False

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if self.prevalidated and response.status_code == 200:
            return response
        return cache_and_validate(request, response, self.last_modified)


class PreValidatedMixin:
    """For a DRF view of CachedResponseMixin: `content_version(request, **url kwargs)` is read before
    the view runs (None: run it as usual, e.g. for its JSON 404); the body is then shared as in
    `cached_page`. The API does not read cookies, so its bodies vary on Accept only."""

    def content_version(self, request: HttpRequest, **kwargs: Any) -> ContentVersion | None:
        raise NotImplementedError

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        run = super().dispatch  # type: ignore[misc]
        version = self.content_version(request, **kwargs) if request.method in ("GET", "HEAD") else None
        if version is None:
            return run(request, *args, **kwargs)
        self.prevalidated = True
        name = f"{type(self).__module__}.{type(self).__qualname__}"
        return serve_versioned(request, name, version, lambda: run(request, *args, **kwargs), vary_cookie=False)
