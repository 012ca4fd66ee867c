"""{{ someone|person_for:user }}: a person as the viewer may see them (championships.scoping.person_label)."""

from __future__ import annotations

from typing import Any

from django import template

from championships.scoping import AnyUser, person_label

register = template.Library()


@register.filter
def person_for(person: Any, viewer: AnyUser) -> str:
    return person_label(viewer, person)
