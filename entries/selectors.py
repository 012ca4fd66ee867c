"""Read queries of entries: team manager pages, line-ups and the rules that apply to them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from championships import scoping
from championships.models import Event, Race, Season
from championships.scoping import AnyUser
from entries import lineup_rules, permissions
from entries.models import (
    NUMBER_HOLDING_STATUSES,
    Driver,
    DriverCategory,
    Entry,
    EntryKind,
    EntryStatus,
    LineupRule,
    Nomination,
    Team,
)
from entries.names import name_key


def accepted_entries(season_id: int) -> QuerySet[Entry]:
    """The season's accepted entries: the only ones that race, are classified and appear in rankings."""
    return Entry.objects.filter(season_id=season_id, status=EntryStatus.ACCEPTED)


def race_entries(race: Race) -> QuerySet[Entry]:
    """The entries of a race: accepted full-season entries, and accepted guests entered at its event."""
    # Why: the one definition used by the upload check, the derivation and the steward pages,
    # so a car accepted on the entry list is the same car everywhere in the results.
    guests_here = Q(kind=EntryKind.GUEST, events=race.event_id)
    return accepted_entries(race.season_id).filter(Q(kind=EntryKind.FULL_SEASON) | guests_here).distinct()


def my_teams(user: AnyUser) -> QuerySet[Team]:
    """Teams the user manages, with their entries."""
    entries = Prefetch("entries", queryset=Entry.objects.select_related("season__series", "racing_class", "cup"))
    return permissions.managed_teams(user).prefetch_related(entries)


def my_entries(user: AnyUser) -> QuerySet[Entry]:
    """Entries of the user's teams, newest season first."""
    return (
        permissions.team_entries(user)
        .select_related("season__series", "team", "racing_class", "cup", "car_model__manufacturer")
        .order_by("-season__name", "season__series__name", "number")
    )


def my_entry_get(user: AnyUser, pk: int) -> Entry | None:
    """One entry of the user's teams, or None (the caller answers 404 either way)."""
    return my_entries(user).filter(pk=pk).first()


def season_from_query(raw: str) -> Season | None:
    """The season chosen first on the new-entry page (?season=<id>), or None."""
    return Season.objects.select_related("series").filter(pk=int(raw)).first() if raw.isdecimal() else None


def registration_seasons(user: AnyUser) -> list[Season]:
    """Seasons offered on the new-entry page's season selector, newest first: those whose
    registration is not closed, and every season of the series the user is staff of."""
    now = timezone.now()
    # A draft season is not open for entries: nobody outside its officials knows of it yet.
    seasons = Season.objects.filter(published=True).select_related("series").order_by("-name", "series__name")
    return [s for s in seasons if not s.registration_closed(now) or scoping.can_manage(user, s.series_id)]


def driver_by_name(first_name: str, last_name: str, nationality: str) -> Driver | None:
    """The driver of that name and nationality, however the name is written (entries.names.name_key):
    "Sébastien Crubilé" and "Sebastien CRUBILE" are one driver."""
    key = name_key(f"{first_name} {last_name}")
    same_nationality = Driver.objects.filter(nationality=nationality).order_by("pk")
    return next((d for d in same_nationality if name_key(f"{d.first_name} {d.last_name}") == key), None)


def current_nominations(entry: Entry, event: Event | None = None) -> QuerySet[Nomination]:
    """Nominations not removed, for one event or all."""
    qs = entry.nominations.filter(removed_at__isnull=True).select_related("driver", "event")
    return qs.filter(event=event) if event is not None else qs


def entry_events(entry: Entry) -> QuerySet[Event]:
    """Events a line-up can be nominated for: the season's events that are not cancelled."""
    return entry.season.events.filter(cancelled=False).order_by("start_date")


def categories_for(season: Season, driver_ids: Iterable[int]) -> dict[int, str]:
    """driver id → FIA category for the season."""
    rows = DriverCategory.objects.filter(season=season, driver_id__in=list(driver_ids))
    return dict(rows.values_list("driver_id", "category"))


def category_of(driver: Driver, season: Season) -> str | None:
    """A driver's FIA category for the season, if set."""
    return categories_for(season, [driver.pk]).get(driver.pk)


def rules_for(season: Season, racing_class_id: int | None, cup_id: int | None) -> list[lineup_rules.Rule]:
    """Line-up rules of a class/cup of a season (rules for any class or any cup included)."""
    qs = (
        LineupRule.objects.filter(season=season)
        .filter(Q(racing_class__isnull=True) | Q(racing_class_id=racing_class_id))
        .filter(Q(cup__isnull=True) | Q(cup_id=cup_id))
        .select_related("nationality_group")
        .prefetch_related("requirements")
        .order_by("name")
    )
    return [rule.to_spec() for rule in qs]


def crew_of(season: Season, drivers: Iterable[Driver]) -> list[lineup_rules.Crewman]:
    """Plain crew data for the pure checker."""
    drivers = list(drivers)
    categories = categories_for(season, [d.pk for d in drivers])
    return [lineup_rules.Crewman(str(d), categories.get(d.pk), d.nationality) for d in drivers]


def lineup_problems(entry: Entry, *, final: bool = True) -> list[str]:
    """Messages for every event whose current line-up breaks a rule ("At Sepang: ...")."""
    rules = rules_for(entry.season, entry.racing_class_id, entry.cup_id)
    by_event: dict[Event, list[Driver]] = {}
    for nomination in current_nominations(entry).order_by("event__start_date", "added_at"):
        by_event.setdefault(nomination.event, []).append(nomination.driver)
    messages = []
    for event, drivers in by_event.items():
        messages += [
            f"At {event.name}: {m}"
            for m in lineup_rules.check_lineup(crew_of(entry.season, drivers), rules, final=final)
        ]
    return messages


def number_holder(season: Season, number: str, exclude_pk: int | None = None) -> Entry | None:
    """The submitted, accepted or reserve entry holding a car number in a season, if any (drafts hold none)."""
    qs = Entry.objects.filter(season=season, number=number, status__in=NUMBER_HOLDING_STATUSES)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def driver_label(driver: Driver) -> str:
    """How a driver is shown in pickers and typed back: 'LAST First (NAT)'."""
    return f"{driver.last_name.upper()} {driver.first_name} ({driver.nationality})".replace("  ", " ")


def pickable_drivers(entry: Entry) -> QuerySet[Driver]:
    """Every driver the entry's crews may be picked from: the shared ones and the team's own new
    ones; never another team's draft drivers (the pages offer and accept exactly these)."""
    return permissions.drivers_for_team(entry.team).order_by("last_name", "first_name")


def lineup_drivers(entry: Entry) -> QuerySet[Driver]:
    """The drivers offered when nominating a season's crews: categorised for the season, or
    nominated in it or for the team before (the known drivers; new ones are added by name)."""
    # Why other seasons too: a driver categorised or nominated before is typed by name again.
    known = (
        Q(categories__season=entry.season)
        | Q(nominations__entry__season=entry.season)
        | Q(nominations__entry__team=entry.team)
        | Q(categories__isnull=False)
        | Q(nominations__isnull=False)
    )
    # Why through the team's visible drivers: another team's draft drivers are none of its business.
    return pickable_drivers(entry).filter(known).distinct()


def lineup_driver_options(entry: Entry) -> list[tuple[str, str]]:
    """(label, 'Gold' or 'no category yet') of the drivers offered in the crew pickers."""
    drivers = list(lineup_drivers(entry))
    categories = categories_for(entry.season, [d.pk for d in drivers])
    return [
        (driver_label(d), categories[d.pk].capitalize() if d.pk in categories else "no FIA category yet")
        for d in drivers
    ]


def driver_from_label(label: str, among: QuerySet[Driver]) -> Driver | None:
    """The driver a picker text names ('LAST First (NAT)', any case) among `among` (the drivers the
    page offers), or None."""
    text = " ".join((label or "").split())
    if not text.endswith(")") or "(" not in text:
        return None
    nationality = text.rsplit("(", 1)[1].rstrip(")").strip().upper()
    wanted = text.casefold()
    candidates = among.filter(nationality=nationality).order_by("pk")
    return next((d for d in candidates if driver_label(d).casefold() == wanted), None)


def drivers_matching(text: str, among: QuerySet[Driver]) -> list[Driver]:
    """The drivers among `among` a person means by `text`: the picker's 'LAST First (NAT)', or a name
    as people write it ("Rui Carvalho", "carvalho rui", with or without "(POR)", accents or capitals)."""
    labelled = driver_from_label(text, among)
    if labelled is not None:
        return [labelled]
    raw = " ".join((text or "").split())
    nationality = ""
    if raw.endswith(")") and "(" in raw:
        raw, _, rest = raw.rpartition("(")
        raw, nationality = raw.strip(), rest.rstrip(")").strip().upper()
    words = [word for word in raw.replace(",", " ").split() if len(word) > 1]
    if not words:
        return []
    key = name_key(raw)
    near = Q()
    for word in words:
        near |= Q(last_name__icontains=word) | Q(first_name__icontains=word)
    candidates = among.filter(near)
    if nationality:
        candidates = candidates.filter(nationality=nationality)
    return [
        d
        for d in candidates.order_by("pk")[:200]
        if key in (name_key(f"{d.first_name} {d.last_name}"), name_key(f"{d.last_name} {d.first_name}"))
    ]


def lineup_slots(entry: Entry, at_least: int = 0) -> int:
    """How many driver rows a crew form offers: the most drivers every rule allows (4 without a
    maximum), and never fewer than a crew already nominated (`at_least`)."""
    rules = rules_for(entry.season, entry.racing_class_id, entry.cup_id)
    maxima = [r.max_drivers for r in rules if r.max_drivers]
    return max(min(maxima) if maxima else 4, at_least)


def season_crews(entry: Entry) -> dict[int, list[tuple[Driver, str | None]]]:
    """event id → the entry's current crew there (driver, FIA category), in nomination order."""
    nominations = list(current_nominations(entry).order_by("added_at"))
    categories = categories_for(entry.season, {n.driver_id for n in nominations})
    crews: dict[int, list[tuple[Driver, str | None]]] = {}
    for nomination in nominations:
        crews.setdefault(nomination.event_id, []).append((nomination.driver, categories.get(nomination.driver_id)))
    return crews


class EventLineup:
    """One event of an entry: current crew (with categories), removed nominations and problems."""

    def __init__(
        self,
        event: Event,
        current: list[tuple[Nomination, str | None]],
        removed: list[Nomination],
        problems: list[str],
    ) -> None:
        self.event, self.current, self.removed, self.problems = event, current, removed, problems


def entry_lineups(entry: Entry) -> list[EventLineup]:
    """Every non-cancelled event of the season with the entry's crew and its rule problems."""
    nominations = list(entry.nominations.select_related("driver", "event").order_by("added_at"))
    categories = categories_for(entry.season, {n.driver_id for n in nominations})
    rules = rules_for(entry.season, entry.racing_class_id, entry.cup_id)
    result = []
    for event in entry_events(entry):
        current = [n for n in nominations if n.event_id == event.pk and n.removed_at is None]
        removed = [n for n in nominations if n.event_id == event.pk and n.removed_at is not None]
        crew = [lineup_rules.Crewman(str(n.driver), categories.get(n.driver_id), n.driver.nationality) for n in current]
        problems = lineup_rules.check_lineup(crew, rules) if crew else []
        result.append(EventLineup(event, [(n, categories.get(n.driver_id)) for n in current], removed, problems))
    return result
