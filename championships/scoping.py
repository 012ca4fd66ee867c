"""Who may see and change what: the one place where governance scope is decided.

An organisation's roles reach only the series it governs. Every queryset shown to a signed-in
user outside the public pages goes through `scope_queryset`, and every write is checked with
`can_manage` / `can_steward`. Superusers see everything.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from championships.models import Role, Season, Series

AnyUser = User | AnonymousUser

STAFF_ROLES = (Role.SERIES_STAFF,)
OFFICIAL_ROLES = (Role.SERIES_STAFF, Role.STEWARD)


def series_path(model: type[models.Model]) -> str:
    """The ORM path from `model` to its Series ("" for Series itself), declared on the model."""
    if model is Series:
        return ""
    path = getattr(model, "SERIES_PATH", None)
    if path is None:
        raise TypeError(f"{model.__name__} declares no SERIES_PATH; it cannot be scoped")
    return path


def governed_series_ids(user: AnyUser, roles: Iterable[str] = OFFICIAL_ROLES) -> set[int] | None:
    """Ids of the series the user's roles reach; None means every series (superuser)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    cache_key = f"_paddock_series_{'-'.join(sorted(roles))}"
    cached = getattr(user, cache_key, None)
    if cached is None:
        cached = set(
            Series.objects.filter(
                governing_bodies__memberships__user=user,
                governing_bodies__memberships__role__in=list(roles),
            ).values_list("id", flat=True)
        )
        setattr(user, cache_key, cached)
    return cached


def scope_queryset[M: models.Model](
    qs: models.QuerySet[M], user: AnyUser, roles: Iterable[str] = OFFICIAL_ROLES
) -> models.QuerySet[M]:
    """Restrict `qs` to rows of the series the user's roles reach."""
    ids = governed_series_ids(user, roles)
    if ids is None:
        return qs
    path = series_path(qs.model)
    lookup = f"{path}__in" if path else "id__in"
    return qs.filter(**{lookup: ids}).distinct() if "__" in path else qs.filter(**{lookup: ids})


def series_id_of(obj: models.Model) -> int | None:
    """Follow SERIES_PATH on an instance to find its series id."""
    path = series_path(type(obj))
    target: object = obj
    for part in path.split("__") if path else []:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, "id", None)


def _has_role(user: AnyUser, series_id: int | None, roles: Iterable[str]) -> bool:
    ids = governed_series_ids(user, roles)
    if ids is None:
        return True
    return series_id is not None and series_id in ids


def can_manage(user: AnyUser, series_id: int | None) -> bool:
    """Series staff (or superuser) of this series: seasons, rules, entries, official results."""
    return _has_role(user, series_id, STAFF_ROLES)


def can_steward(user: AnyUser, series_id: int | None) -> bool:
    """Steward or series staff of this series: uploads, decisions, provisional results."""
    return _has_role(user, series_id, OFFICIAL_ROLES)


def is_official(user: AnyUser) -> bool:
    """Has any staff or steward role anywhere (may enter the admin, read-only at least)."""
    ids = governed_series_ids(user, OFFICIAL_ROLES)
    return ids is None or bool(ids)


def shares_organisation(viewer: AnyUser, person: User) -> bool:
    """The viewer and the person hold a role in the same organisation (or it is the viewer)."""
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    if viewer.is_superuser or viewer.pk == person.pk:
        return True
    from championships.models import Membership

    mine = Membership.objects.filter(user=viewer).values("organisation_id")
    return Membership.objects.filter(user=person, organisation_id__in=mine).exists()


def person_label(viewer: AnyUser, person: User | None) -> str:
    """How an official is shown to another: by name; the e-mail only inside their own organisation.

    Why: an address is personal data given to one's organisation; officials of another body
    sharing a series need to know who acted, not how to write to them.
    """
    if person is None:
        return "—"
    name = person.get_full_name().strip() or person.username
    if shares_organisation(viewer, person) and person.email:
        return f"{name} <{person.email}>" if name != person.email else person.email
    return name


def visible_seasons(user: AnyUser | None) -> models.QuerySet[Season]:
    """The seasons a visitor may open: every published one, and the drafts of the series the
    user is an official of (their preview of what the public will see once published).
    ``None``: the public (the API and the calendar feed, whose bodies are shared)."""
    if user is None:
        return Season.objects.filter(published=True)
    ids = governed_series_ids(user, OFFICIAL_ROLES)
    if ids is None:
        return Season.objects.all()
    return Season.objects.filter(models.Q(published=True) | models.Q(series_id__in=ids))
