"""The "Copy to a new season" action on the admin's season list (results.season_copy).

Why here and not in championships/admin.py: the copy takes invitation rules (results) and
line-up rules (entries) along, and championships may not import them; the season admin is
extended with the action from this layer instead.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from championships.admin import SeasonAdmin
from championships.models import Season
from results.season_copy import season_copy

SAME_WEEKDAY_NEXT_YEAR = 364  # 52 weeks: a Saturday race stays on a Saturday


def _next_name(name: str) -> str:
    """'2024-25' → '2025-26', '2024' → '2025'; anything else is left for staff to type."""
    parts = name.split("-")
    if all(part.isdecimal() for part in parts):
        return "-".join(str(int(part) + 1).zfill(len(part)) for part in parts)
    return ""


@admin.action(description="Copy to a new season (classes, cups, rules, calendar)")
def copy_season(modeladmin: admin.ModelAdmin[Season], request: HttpRequest, queryset: models.QuerySet[Season]) -> Any:
    seasons = list(queryset.select_related("series")[:2])
    if len(seasons) != 1:
        modeladmin.message_user(request, "Select exactly one season to copy.", level=messages.WARNING)
        return None
    source = seasons[0]
    form = {"name": _next_name(source.name), "offset_days": str(SAME_WEEKDAY_NEXT_YEAR)}
    errors: list[str] = []
    if request.POST.get("confirm") == "yes":
        form = {"name": request.POST.get("name", ""), "offset_days": request.POST.get("offset_days", "")}
        try:
            offset = int(form["offset_days"])
        except ValueError:
            errors.append(f"Date offset: a whole number of days, not '{form['offset_days']}'.")
        else:
            try:
                copied = season_copy(actor=request.user, source=source, name=form["name"], offset_days=offset)
            except (ValidationError, PermissionDenied) as exc:
                errors.extend(exc.messages if isinstance(exc, ValidationError) else [str(exc)])
            else:
                summary = ", ".join(f"{count} {kind}" for kind, count in copied.copied.items())
                modeladmin.message_user(request, f"{copied.season} created as a draft from {source}: {summary}.")
                for note in copied.left_out:
                    modeladmin.message_user(request, f"Not copied: {note}.", level=messages.WARNING)
                url = reverse("admin:championships_season_change", args=[copied.season.pk])
                return HttpResponseRedirect(url)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Copy {source} to a new season",
        "source": source,
        "form": form,
        "errors": errors,
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/championships/season_copy.html", context)


class SeasonCopyAdmin(SeasonAdmin):
    actions = [*SeasonAdmin.actions, copy_season]


admin.site.unregister(Season)
admin.site.register(Season, SeasonCopyAdmin)
