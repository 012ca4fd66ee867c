"""Public entry lists: accepted entries (reserve marked); never drafts, never contact data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from championships.models import Event, Season
from entries.class_changes import class_at, season_class_changes
from entries.models import Entry, EntryStatus, Nomination
from entries.selectors import categories_for

PUBLIC_STATUSES = (EntryStatus.ACCEPTED, EntryStatus.RESERVE)


@dataclass(frozen=True)
class PublicDriver:
    name: str
    nationality: str
    category: str


@dataclass(frozen=True)
class PublicEntry:
    number: str
    reserve: bool
    racing_class: str
    cup: str
    team: str
    car: str
    kind: str
    drivers: tuple[PublicDriver, ...]
    # "LMP2 from R3": a car that changes class or cup mid-season (entries.class_changes).
    class_changes: tuple[str, ...] = ()


def entry_number_key(entry: Entry) -> tuple[int, int, str]:
    """Class order, then car number as a number (2 before 10), as on the printed entry list."""
    digits = int(entry.number) if entry.number.isdecimal() else 10_000
    return (entry.racing_class.order, digits, entry.number)


def public_entries(season: Season, event: Event | None = None) -> tuple[list[Entry], dict[int, str]]:
    """Accepted and reserve entries in list order, their current nominations prefetched as
    `public_nominations` (of `event`, or of any event), and driver id → FIA category this season.

    Three queries whatever the size of the grid: entries, nominations, categories (public_entry_list
    reads the class changes in a fourth).
    """
    nominations = (
        Nomination.objects.filter(removed_at__isnull=True)
        .select_related("driver")
        .order_by("event__start_date", "added_at")
    )
    if event is not None:
        nominations = nominations.filter(event=event)
    entries = list(
        Entry.objects.filter(season=season, status__in=PUBLIC_STATUSES)
        .select_related("team", "racing_class", "cup", "car_model__manufacturer")
        .prefetch_related(Prefetch("nominations", queryset=nominations, to_attr="public_nominations"))
    )
    driver_ids = {n.driver_id for e in entries for n in e.public_nominations}  # type: ignore[attr-defined]
    categories = categories_for(season, driver_ids) if driver_ids else {}
    # Why: a grid is a few dozen cars, so sorting numerically in Python beats a database cast.
    return sorted(entries, key=entry_number_key), categories


def public_entry_list(season: Season, event: Event | None = None) -> list[PublicEntry]:
    """The public entry list as plain rows (page and CSV)."""
    entries, categories = public_entries(season, event)
    changes = season_class_changes(season.pk)
    # An event's list shows each car in the class it races there; the season's list, where it started.
    first_round = (
        min(event.races.values_list("round", flat=True), default=None) if event is not None and changes else None
    )
    rows = []
    for entry in entries:
        own = (entry.racing_class.code, entry.cup.code if entry.cup else "")
        moves = changes.get(entry.pk, [])
        racing_class, cup = class_at(moves, first_round, *own) if moves and first_round is not None else own
        drivers: dict[int, PublicDriver] = {}
        for n in entry.public_nominations:  # type: ignore[attr-defined]
            category = categories.get(n.driver_id, "")
            drivers.setdefault(
                n.driver_id,
                PublicDriver(str(n.driver), n.driver.nationality, category.capitalize()),
            )
        rows.append(
            PublicEntry(
                number=entry.number,
                reserve=entry.status == EntryStatus.RESERVE,
                racing_class=racing_class,
                cup=str(entry.cup) if entry.cup and cup == own[1] else cup,
                team=entry.team.name,
                car=str(entry.car_model) if entry.car_model else "",
                kind=entry.get_kind_display(),
                drivers=tuple(drivers.values()),
                class_changes=tuple(
                    f"{'/'.join(p for p in (m.class_code, m.cup_code) if p)} from R{m.from_round}" for m in moves
                ),
            )
        )
    return rows
