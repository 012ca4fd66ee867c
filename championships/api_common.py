"""Shared pieces of the public API views: strict pagination, query parameter parsing, base view."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.versioning import URLPathVersioning
from rest_framework.views import APIView

from championships.http_caching import CachedResponseMixin
from championships.numbers import format_points

# Why: nine digits keep every number far inside the database's integer range (no overflow → 500).
MAX_DIGITS = 9


def latest_moment(*moments: datetime | None) -> datetime | None:
    """The latest of the known moments (None when none is known): a body's Last-Modified."""
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def whole_number(raw: str, name: str, minimum: int = 0) -> int:
    """Parse a query parameter as a whole number, or a 400 naming the parameter."""
    text = raw.strip()
    # Why: str.isdigit() alone accepts '²' and other Unicode digits that int() refuses.
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_DIGITS or int(text) < minimum:
        kind = "a positive whole number" if minimum >= 1 else "a whole number"
        raise ValidationError({name: [f"'{name}' must be {kind}, not '{raw[:40]}'."]})
    return int(text)


def optional_whole_number(request: Request, name: str, minimum: int = 0) -> int | None:
    raw = request.query_params.get(name, "")
    return whole_number(raw, name, minimum) if raw.strip() else None


@extend_schema_field(OpenApiTypes.DECIMAL)
class ExactDecimalField(serializers.Field):
    """A decimal as its shortest exact text ("62.5", "25", "0.25"), never a float and never "25.00"."""

    def to_representation(self, value: Decimal) -> str:
        return format_points(value)


class StrictLimitOffsetPagination(LimitOffsetPagination):
    """LimitOffsetPagination that refuses malformed `limit`/`offset` with a 400 instead of ignoring them."""

    default_limit = 50
    max_limit = 500

    def get_limit(self, request: Request) -> int:
        limit = optional_whole_number(request, self.limit_query_param, minimum=1)
        return self.default_limit if limit is None else min(limit, self.max_limit)

    def get_offset(self, request: Request) -> int:
        return optional_whole_number(request, self.offset_query_param) or 0


class PathVersioning(URLPathVersioning):
    """The version comes from the URL (/api/v1/); v1 is the default so schema generation without
    `--api-version` (manage.py spectacular) still lists the paths."""

    default_version = "v1"


class PublicAPIMixin(CachedResponseMixin):
    """Read-only, anonymous, cached, strictly paginated: what every public API view shares."""

    versioning_class = PathVersioning
    pagination_class: type[StrictLimitOffsetPagination] | None = StrictLimitOffsetPagination
    http_method_names = ["get", "head", "options"]


@extend_schema(exclude=True)
class NotFoundView(PublicAPIMixin, APIView):
    """Any other path under /api/<version>/: a JSON 404 rather than the site's HTML page."""

    http_method_names = ["get", "head", "options", "post", "put", "patch", "delete"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        raise NotFound("No such API endpoint.")
