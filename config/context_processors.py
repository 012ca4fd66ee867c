"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from config.roles import header_links


def nav_links(request: HttpRequest) -> dict[str, Any]:
    """The header links of the signed-in user (config.roles.header_links).

    Lazy: pages that do not render the site header (the admin, exports) run no query for it.
    """
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_links": []}
    return {"nav_links": SimpleLazyObject(lambda: header_links(user))}
