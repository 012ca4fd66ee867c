"""HTTP caching for the public API: Cache-Control, Vary, ETag, Last-Modified and conditional GET."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

MAX_AGE_SECONDS = 60


def body_etag(content: bytes) -> str:
    """A strong ETag from the response bytes: equal bodies, equal tags, whatever produced them."""
    return quote_etag(hashlib.sha256(content).hexdigest()[:32])


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

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        return cache_and_validate(request, response, self.last_modified)
