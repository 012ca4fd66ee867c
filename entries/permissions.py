"""Who may see and change entries: the one place the governance scope of entries is decided.

- team manager: entries of the teams they manage (Team.managers); fields only before acceptance
- series staff of a governing organisation (championships.scoping.can_manage): the whole series
- steward of the series: read only, except late driver changes seen in a timing file
- deleting an entry: superusers only (withdraw / reject keep the history)
- teams (shared across series): changed (name, managers) only by staff of every series the team
  has entered, or by a superuser; their managers' e-mails are shown only to officials of a series
  the team has entered (and superusers)
- drivers added for a team's draft: seen only by that team and the officials of the series the
  draft enters, until it is submitted (visible_drivers, drivers_for_team)
- drivers, car models and makers (shared): changed by staff of a series they race in (any staff
  while they race nowhere: they are being set up), or by a superuser; deleted by superusers only
- anyone else: nothing
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from championships import scoping
from championships.models import Season
from championships.scoping import AnyUser
from entries.errors import NotAllowed
from entries.models import CarModel, Driver, Entry, EntryStatus, Manufacturer, Team, TeamRequest

# Why: once the series has decided on an entry, only its staff may change the entry's fields.
TEAM_EDITABLE_STATUSES = (EntryStatus.DRAFT, EntryStatus.SUBMITTED)
# Line-ups keep changing from event to event after acceptance; closed entries are frozen.
LINEUP_OPEN_STATUSES = (
    EntryStatus.DRAFT,
    EntryStatus.SUBMITTED,
    EntryStatus.ACCEPTED,
    EntryStatus.RESERVE,
)


def as_user(user: AnyUser) -> Any:
    """The signed-in user for *_by fields (None when anonymous)."""
    return user if user.is_authenticated else None


def manages_team(user: AnyUser, team: Team) -> bool:
    """The user is one of the team's managers."""
    if not user.is_authenticated or not user.is_active:
        return False
    return team.managers.filter(pk=user.pk).exists()


def is_series_staff(user: AnyUser, entry: Entry) -> bool:
    """Series staff of the entry's series (or superuser)."""
    return scoping.can_manage(user, entry.season.series_id)


def can_delete_entry(user: AnyUser) -> bool:
    """Superusers only (to undo a mistake)."""
    # Why: deleting would erase the entry's line-up history and break its audit trail; teams
    # withdraw and series staff reject instead, and both leave a record.
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def managed_teams(user: AnyUser) -> QuerySet[Team]:
    """Teams the user manages (none for anonymous users)."""
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    return Team.objects.filter(managers__pk=user.pk)


def team_entries(user: AnyUser) -> QuerySet[Entry]:
    """Entries (drafts included) of the teams the user manages: the /my/ pages see only these."""
    if not user.is_authenticated or not user.is_active:
        return Entry.objects.none()
    return Entry.objects.filter(team__managers__pk=user.pk)


def allowed(check: Callable[[AnyUser, Entry], None], user: AnyUser, entry: Entry) -> bool:
    """Whether an ensure_* check lets `user` act on `entry` (pages offer only what it allows)."""
    try:
        check(user, entry)
    except NotAllowed:
        return False
    return True


def _label(entry: Entry) -> str:
    return f"Entry #{entry.number}"


def ensure_can_create(user: AnyUser, team: Team, season: Season) -> None:
    """Team managers of the team, or staff of the season's series."""
    if manages_team(user, team) or scoping.can_manage(user, season.series_id):
        return
    raise NotAllowed(f"You do not manage {team.name}, so you cannot enter it in {season}.")


def ensure_registration_open(user: AnyUser, season: Season) -> None:
    """Teams add entries only while the season's registration is open; its staff at any time."""
    if scoping.can_manage(user, season.series_id) or not season.registration_closed(timezone.now()):
        return
    when = (
        season.registration_opens if season.registration_opens and timezone.now() < season.registration_opens else None
    )
    if when is not None:
        raise NotAllowed(f"Registration for {season} opens on {when:%d %B %Y, %H:%M} UTC.")
    raise NotAllowed(f"Registration for {season} is closed: only its series staff can add an entry now.")


def ensure_can_edit(user: AnyUser, entry: Entry) -> None:
    """Staff always; team managers until the series has decided on the entry."""
    if is_series_staff(user, entry):
        return
    if not manages_team(user, entry.team):
        raise NotAllowed(f"You do not manage {entry.team.name}.")
    if entry.status not in TEAM_EDITABLE_STATUSES:
        raise NotAllowed(
            f"{_label(entry)} is {entry.get_status_display().lower()}: only the series staff can change it now."
        )


def ensure_can_submit(user: AnyUser, entry: Entry) -> None:
    """The team (or staff on its behalf) submits."""
    if not (manages_team(user, entry.team) or is_series_staff(user, entry)):
        raise NotAllowed(f"You do not manage {entry.team.name}.")


def ensure_can_withdraw(user: AnyUser, entry: Entry) -> None:
    """The team withdraws its entry (staff may record a withdrawal for it)."""
    ensure_can_submit(user, entry)


def ensure_can_decide(user: AnyUser, entry: Entry) -> None:
    """Accept, reject and reserve are decisions of the series staff only."""
    if not is_series_staff(user, entry):
        raise NotAllowed(f"Only the staff of {entry.season.series} can accept, reject or put entries on reserve.")


def ensure_can_change_lineup(user: AnyUser, entry: Entry) -> None:
    """Team managers and staff, while the entry is alive (not rejected or withdrawn)."""
    if not (manages_team(user, entry.team) or is_series_staff(user, entry)):
        raise NotAllowed(f"You do not manage {entry.team.name}.")
    if entry.status not in LINEUP_OPEN_STATUSES:
        raise NotAllowed(f"{_label(entry)} is {entry.get_status_display().lower()}: its line-up is closed.")


def ensure_can_record_late_change(user: AnyUser, entry: Entry) -> None:
    """Stewards and staff of the series record the driver changes a timing file shows (live entries only)."""
    # Why stewards: a driver change made at the circuit reaches the portal through the race
    # file the stewards upload; the team is told by e-mail (entries.notifications).
    if not scoping.can_steward(user, entry.season.series_id):
        raise NotAllowed(f"Only the stewards and staff of {entry.season.series} can record a late driver change.")
    if entry.status not in LINEUP_OPEN_STATUSES:
        raise NotAllowed(f"{_label(entry)} is {entry.get_status_display().lower()}: its line-up is closed.")


def team_series_ids(team: Team) -> set[int]:
    """Series in which the team has (or had) an entry, whatever its status."""
    return set(Entry.objects.filter(team=team).values_list("season__series_id", flat=True).distinct())


def can_change_team(user: AnyUser, team: Team | None) -> bool:
    """Series staff of every series the team has entered (any staff for a team never entered)."""
    # Why: a team's managers see all its drafts in every series, so whoever sets them must govern
    # every series the team races in; otherwise staff of one organisation could make themselves
    # manager of another series' team. Teams of several organisations are left to superusers.
    staff_of = scoping.governed_series_ids(user, scoping.STAFF_ROLES)
    if staff_of is None:
        return True
    if not staff_of:
        return False
    return team is None or team_series_ids(team) <= staff_of


def ensure_can_change_team(user: AnyUser, team: Team) -> None:
    """Raise NotAllowed unless can_change_team."""
    if not can_change_team(user, team):
        raise NotAllowed(
            f"{team.name} races in series you are not staff of: ask a superuser to change it or its managers."
        )


def ensure_can_categorise(user: AnyUser, season: Season) -> None:
    """Changing a driver's existing FIA category is for the series staff."""
    if not scoping.can_manage(user, season.series_id):
        raise NotAllowed(f"Only the staff of {season.series} can change a driver's FIA category.")


def teams_with_visible_contacts(user: AnyUser) -> set[int] | None:
    """Ids of the teams whose managers' e-mails the user may see; None means every team (superuser).

    Officials (staff or stewards) of a series see the contacts of the teams that entered it.
    """
    # Why: a manager's address is personal data given to the series the team enters; the
    # staff of another organisation (and the public) have no business with it.
    official_of = scoping.governed_series_ids(user, scoping.OFFICIAL_ROLES)
    if official_of is None:
        return None
    if not official_of:
        return set()
    return set(Entry.objects.filter(season__series_id__in=official_of).values_list("team_id", flat=True).distinct())


def driver_series_ids(driver: Driver) -> set[int]:
    """Series in which the driver was nominated on an entry or appears in a result of one."""
    nominated = Entry.objects.filter(nominations__driver=driver)
    # Why: results is a later layer and is not imported here; the reverse relation of its
    # ResultRow.drivers ("result_rows") is enough to follow a result row to its entry's series.
    in_results = Entry.objects.filter(result_rows__drivers=driver)
    return {
        *nominated.values_list("season__series_id", flat=True).distinct(),
        *in_results.values_list("season__series_id", flat=True).distinct(),
    }


def _shared_driver() -> Q:
    """Drivers everybody may see: not added for a draft, or whose draft went further, or nominated
    on an entry past the draft stage."""
    return (
        Q(created_for__isnull=True)
        | ~Q(created_for__status=EntryStatus.DRAFT)
        | Q(nominations__entry__status__in=[s for s in EntryStatus.values if s != EntryStatus.DRAFT])
    )


def drivers_for_team(team: Team) -> QuerySet[Driver]:
    """Drivers a team's pages may show and pick: the shared ones and those of its own drafts."""
    mine = Q(created_for__team=team) | Q(nominations__entry__team=team)
    return Driver.objects.filter(pk__in=Driver.objects.filter(_shared_driver() | mine).values("pk"))


def visible_drivers(user: AnyUser) -> QuerySet[Driver]:
    """Drivers the user may see by name anywhere off the public pages.

    A driver added for a team's draft is seen only by that team's managers and the officials of
    the series the draft enters, until the entry is submitted (superusers see everyone).
    """
    official_of = scoping.governed_series_ids(user, scoping.OFFICIAL_ROLES)
    if official_of is None:
        return Driver.objects.all()
    visible = _shared_driver() | Q(created_for__season__series_id__in=official_of)
    if user.is_authenticated and user.is_active:
        visible |= Q(created_for__team__managers__pk=user.pk) | Q(nominations__entry__team__managers__pk=user.pk)
    return Driver.objects.filter(pk__in=Driver.objects.filter(visible).values("pk"))


def car_model_series_ids(car_model: CarModel) -> set[int]:
    """Series in which an entry uses the car."""
    return set(Entry.objects.filter(car_model=car_model).values_list("season__series_id", flat=True).distinct())


def manufacturer_series_ids(manufacturer: Manufacturer) -> set[int]:
    """Series in which an entry uses one of the maker's cars."""
    return set(
        Entry.objects.filter(car_model__manufacturer=manufacturer)
        .values_list("season__series_id", flat=True)
        .distinct()
    )


def _can_change_shared(user: AnyUser, races_in: Callable[[], set[int]]) -> bool:
    staff_of = scoping.governed_series_ids(user, scoping.STAFF_ROLES)
    if staff_of is None:
        return True
    if not staff_of:
        return False
    series = races_in()
    # Why: a row that races nowhere yet is being set up by whoever creates it; once it races,
    # only the organisations it races for may change what their results and pages show.
    return not series or bool(series & staff_of)


def can_change_driver(user: AnyUser, driver: Driver | None) -> bool:
    """Staff of a series the driver races in (any staff for a new driver, or one racing nowhere)."""
    return _can_change_shared(user, lambda: driver_series_ids(driver) if driver is not None else set())


def can_change_car_model(user: AnyUser, car_model: CarModel | None) -> bool:
    """Staff of a series an entry with this car races in (any staff while no entry uses it)."""
    return _can_change_shared(user, lambda: car_model_series_ids(car_model) if car_model is not None else set())


def can_change_manufacturer(user: AnyUser, manufacturer: Manufacturer | None) -> bool:
    """Staff of a series where one of the maker's cars races (any staff while none does)."""
    return _can_change_shared(
        user, lambda: manufacturer_series_ids(manufacturer) if manufacturer is not None else set()
    )


def ensure_can_change_driver(user: AnyUser, driver: Driver) -> None:
    """Raise NotAllowed unless can_change_driver."""
    if not can_change_driver(user, driver):
        raise NotAllowed(f"{driver} races only in series you are not staff of: ask their staff or a superuser.")


def ensure_can_change_shared(user: AnyUser, obj: CarModel | Manufacturer) -> None:
    """Raise NotAllowed unless the user may change this car model or maker."""
    allowed_ = can_change_car_model(user, obj) if isinstance(obj, CarModel) else can_change_manufacturer(user, obj)
    if not allowed_:
        raise NotAllowed(f"{obj} races only in series you are not staff of: ask their staff or a superuser.")


def team_request_series_ids(request: TeamRequest) -> set[int]:
    """The series whose staff decide a request: the season entered, and every series the team raced in."""
    series = team_series_ids(request.team)
    if request.season is not None:
        series.add(request.season.series_id)
    return series


def can_decide_team_request(user: AnyUser, request: TeamRequest) -> bool:
    """Staff of a series in which the team races or is entering (any staff for a team entered nowhere)."""
    staff_of = scoping.governed_series_ids(user, scoping.STAFF_ROLES)
    if staff_of is None:
        return True
    if not staff_of:
        return False
    series = team_request_series_ids(request)
    return not series or bool(series & staff_of)


def ensure_can_decide_team_request(user: AnyUser, request: TeamRequest) -> None:
    if not can_decide_team_request(user, request):
        raise NotAllowed(f"Only the staff of a series {request.team.name} races in or enters can decide this.")


def decidable_team_requests(user: AnyUser) -> QuerySet[TeamRequest]:
    """The requests the user's staff roles may decide (the staff requests page lists these)."""
    staff_of = scoping.governed_series_ids(user, scoping.STAFF_ROLES)
    if staff_of is None:
        return TeamRequest.objects.all()
    if not staff_of:
        return TeamRequest.objects.none()
    ours = Q(season__series_id__in=staff_of) | Q(team__entries__season__series_id__in=staff_of)
    nowhere = Q(season__isnull=True, team__entries__isnull=True)
    return TeamRequest.objects.filter(pk__in=TeamRequest.objects.filter(ours | nowhere).values("pk"))


def teams_staff_manage_people_of(user: AnyUser) -> QuerySet[Team]:
    """Teams whose managers the user may set: entered (any status) in a series they are staff of."""
    staff_of = scoping.governed_series_ids(user, scoping.STAFF_ROLES)
    if staff_of is None:
        return Team.objects.all()
    return Team.objects.filter(pk__in=Entry.objects.filter(season__series_id__in=staff_of).values("team_id"))


def ensure_can_manage_team_people(user: AnyUser, team: Team) -> None:
    if not teams_staff_manage_people_of(user).filter(pk=team.pk).exists():
        raise NotAllowed(f"Only the staff of a series {team.name} is entered in can change its managers.")
