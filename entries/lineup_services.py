"""Writes of line-ups: drivers, their FIA category per season, nominations per event."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from championships.audit import audit_record
from championships.models import Event, PointsRules, Season
from championships.scoping import AnyUser
from entries import lineup_rules, notifications, permissions, selectors
from entries.errors import EntryRefused
from entries.models import Driver, DriverCategory, Entry, EntryStatus, FiaCategory, Nomination

NATIONALITY_RE = re.compile(r"^[A-Z]{3}$")


def driver_create(
    *, actor: AnyUser, first_name: str, last_name: str, nationality: str, created_for: Entry | None = None
) -> Driver:
    """A driver (or the existing one with the same name and nationality: drivers are shared).

    `created_for`: the draft a team adds the driver for (seen only by that team and the series'
    officials until the draft is submitted: entries.permissions.visible_drivers).
    """
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    nationality = (nationality or "").strip().upper()
    errors = []
    if not last_name:
        errors.append("Give the driver's last name.")
    if not NATIONALITY_RE.match(nationality):
        errors.append(f"'{nationality}' is not a nationality: use the ISO alpha-3 code, e.g. JPN, GBR, FRA.")
    if errors:
        raise EntryRefused(errors)
    return _driver_get_or_create(actor, first_name, last_name, nationality, created_for=created_for)


def driver_create_from_results(*, actor: AnyUser, first_name: str, last_name: str) -> Driver:
    """A driver known only by the name in a results file (season imports): nationality left empty."""
    # Why: timing files of past seasons carry names only; staff complete the nationality later,
    # and the web pages (driver_create) keep requiring it.
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    if not last_name:
        raise EntryRefused("Give the driver's last name.")
    return _driver_get_or_create(actor, first_name, last_name, "", reason="Named in a results file")


def _driver_get_or_create(
    actor: AnyUser,
    first_name: str,
    last_name: str,
    nationality: str,
    reason: str = "",
    created_for: Entry | None = None,
) -> Driver:
    existing = selectors.driver_by_name(first_name, last_name, nationality)
    if existing is not None:
        return existing
    with transaction.atomic():
        driver = Driver.objects.create(
            first_name=first_name,
            last_name=last_name,
            nationality=nationality,
            created_by=permissions.as_user(actor),
            created_for=created_for,
        )
        audit_record(
            action="entries.driver.created",
            actor=actor,
            obj=driver,
            after={"first_name": first_name, "last_name": last_name, "nationality": nationality},
            reason=reason,
        )
    return driver


DRIVER_FIELDS = ("first_name", "last_name", "nationality")


def driver_update(*, actor: AnyUser, driver: Driver, first_name: str, last_name: str, nationality: str) -> Driver:
    """Rename a driver (or correct the nationality): staff of a series the driver races in.

    `driver` is the stored row; the change is audited with the fields before and after.
    """
    permissions.ensure_can_change_driver(actor, driver)
    wanted = {
        "first_name": (first_name or "").strip(),
        "last_name": (last_name or "").strip(),
        "nationality": (nationality or "").strip().upper(),
    }
    if not wanted["last_name"]:
        raise EntryRefused("Give the driver's last name.")
    with transaction.atomic():
        locked = Driver.objects.select_for_update().get(pk=driver.pk)
        before = {name: getattr(locked, name) for name in DRIVER_FIELDS}
        changed = [name for name in DRIVER_FIELDS if before[name] != wanted[name]]
        if not changed:
            return locked
        for name in changed:
            setattr(locked, name, wanted[name])
        locked.save(update_fields=changed)
        audit_record(
            action="entries.driver.updated",
            actor=actor,
            obj=locked,
            before={name: before[name] for name in changed},
            after={name: wanted[name] for name in changed},
        )
    return locked


def driver_category_set(*, actor: AnyUser, driver: Driver, season: Season, category: str) -> DriverCategory:
    """Set a driver's FIA category for a season; changing an existing one is for series staff."""
    if category not in FiaCategory.values:
        raise EntryRefused(f"'{category}' is not an FIA category (Platinum, Gold, Silver or Bronze).")
    with transaction.atomic():
        row = DriverCategory.objects.select_for_update(of=("self",)).filter(driver=driver, season=season).first()
        if row is not None and row.category == category:
            return row
        if row is not None:
            permissions.ensure_can_categorise(actor, season)
            before = {"category": row.category}
            row.category = category
            row.save(update_fields=["category"])
        else:
            before = {}
            row = DriverCategory.objects.create(driver=driver, season=season, category=category)
        audit_record(
            action="entries.driver.categorised",
            actor=actor,
            obj=row,
            series=season.series_id,
            before=before,
            after={"category": category},
        )
    return row


def driver_category_delete(*, actor: AnyUser, row: DriverCategory) -> None:
    """Remove a driver's FIA category for a season (series staff only)."""
    permissions.ensure_can_categorise(actor, row.season)
    with transaction.atomic():
        audit_record(
            action="entries.driver.uncategorised",
            actor=actor,
            obj=row,
            series=row.season.series_id,
            before={"category": row.category},
        )
        DriverCategory.objects.filter(pk=row.pk).delete()


def _lock_entry(entry: Entry) -> Entry:
    return Entry.objects.select_for_update(of=("self",)).select_related("season__series", "team").get(pk=entry.pk)


def _check_event_lineup(entry: Entry, event: Event) -> None:
    """A line-up change of a submitted/accepted entry keeps the event's crew within the rules."""
    if entry.status == EntryStatus.DRAFT:
        return  # drafts are checked in full on submit
    drivers = [n.driver for n in selectors.current_nominations(entry, event).order_by("added_at")]
    if not drivers:
        return
    rules = selectors.rules_for(entry.season, entry.racing_class_id, entry.cup_id)
    # Why: a crew smaller than the minimum is still being built (one driver at a time), so only
    # what adding drivers cannot fix is refused then.
    problems = lineup_rules.check_lineup(selectors.crew_of(entry.season, drivers), rules, final=False)
    if problems:
        raise EntryRefused([f"At {event.name}: {m}" for m in problems])


def double_duty_allowed(season: Season) -> bool:
    """The season's rule (PointsRules.double_duty_allowed); allowed when the season has no rules yet."""
    rules = PointsRules.objects.filter(season=season, race__isnull=True).only("double_duty_allowed").first()
    return rules.double_duty_allowed if rules is not None else True


def _check_double_duty(entry: Entry, event: Event, driver: Driver) -> None:
    """Refuse a driver already in this line-up, or in another car when the season forbids double duty."""
    current = Nomination.objects.filter(event=event, driver=driver, removed_at__isnull=True).select_related(
        "entry__team"
    )
    if current.filter(entry=entry).exists():
        raise EntryRefused(f"{driver} is already nominated in this line-up at {event.name}.")
    if double_duty_allowed(entry.season):
        return
    # Why the lock on the driver: two cars nominating the same driver at once would both see
    # "no other car" and both succeed; the second now waits and sees the first.
    Driver.objects.select_for_update().filter(pk=driver.pk).first()
    other = current.exclude(entry=entry).first()
    if other is not None:
        raise EntryRefused(
            f"{driver} is already nominated for car #{other.entry.number} ({other.entry.team.name}) at "
            f"{event.name}, and {entry.season} does not allow double duty."
        )


def nomination_add(
    *,
    actor: AnyUser,
    entry: Entry,
    event: Event,
    driver: Driver,
    category: str | None = None,
    check_lineups: bool = True,
) -> Nomination:
    """Nominate a driver for an event (with their FIA category for the season if not known yet).

    Season imports pass ``check_lineups=False``: results files of past seasons name the drivers
    but carry no FIA categories, so neither the category nor the line-up rules can be checked.
    """
    return _nominate(
        actor=actor,
        entry=entry,
        event=event,
        driver=driver,
        category=category,
        check_lineups=check_lineups,
        ensure=permissions.ensure_can_change_lineup,
        action="entries.nomination.added",
    )


def late_nomination_add(
    *, actor: AnyUser, entry: Entry, event: Event, driver: Driver, category: str | None = None, reason: str
) -> Nomination:
    """A late driver change seen in a timing file: the driver nominated for this event only.

    The same rules as nomination_add (FIA category, line-up rules, double duty); recorded by a
    steward or staff of the series, audited as a late change with its reason.
    """
    return _nominate(
        actor=actor,
        entry=entry,
        event=event,
        driver=driver,
        category=category,
        check_lineups=True,
        ensure=permissions.ensure_can_record_late_change,
        action="entries.nomination.late_added",
        reason=reason,
    )


def _nominate(
    *,
    actor: AnyUser,
    entry: Entry,
    event: Event,
    driver: Driver,
    category: str | None,
    check_lineups: bool,
    ensure: Callable[[AnyUser, Entry], None],
    action: str,
    reason: str = "",
) -> Nomination:
    with transaction.atomic():
        locked = _lock_entry(entry)
        ensure(actor, locked)
        if event.season_id != locked.season_id:
            raise EntryRefused(f"{event.name} is not an event of {locked.season}.")
        if event.cancelled:
            raise EntryRefused(f"{event.name} is cancelled: no line-up can be nominated for it.")
        _check_double_duty(locked, event, driver)
        known = selectors.category_of(driver, locked.season)
        if category and category != known:
            driver_category_set(actor=actor, driver=driver, season=locked.season, category=category)
        elif not known and check_lineups:
            raise EntryRefused(f"Give {driver}'s FIA category for {locked.season}.")
        try:
            with transaction.atomic():
                nomination = Nomination.objects.create(
                    entry=locked,
                    event=event,
                    driver=driver,
                    added_by=permissions.as_user(actor),
                )
        except IntegrityError as exc:
            raise EntryRefused(f"{driver} is already nominated in this line-up at {event.name}.") from exc
        if check_lineups:
            _check_event_lineup(locked, event)
        audit_record(
            action=action,
            actor=actor,
            obj=nomination,
            series=locked.season.series_id,
            after={"entry": locked.number, "event": event.name, "driver": str(driver)},
            reason=reason,
        )
        notifications.notify_crew_change(locked, event.name, driver, True, actor)
    return nomination


def nomination_add_new_driver(
    *,
    actor: AnyUser,
    entry: Entry,
    event: Event,
    first_name: str,
    last_name: str,
    nationality: str,
    category: str | None = None,
) -> Nomination:
    """Create (or find) a driver and nominate them: all or nothing, no orphan driver left behind."""
    with transaction.atomic():
        driver = driver_create(
            actor=actor, first_name=first_name, last_name=last_name, nationality=nationality, created_for=entry
        )
        return nomination_add(actor=actor, entry=entry, event=event, driver=driver, category=category)


def nomination_remove(*, actor: AnyUser, nomination: Nomination) -> Nomination:
    """Take a driver out of an event's line-up; the row stays as history (removed_at)."""
    with transaction.atomic():
        locked = _lock_entry(nomination.entry)
        permissions.ensure_can_change_lineup(actor, locked)
        row = Nomination.objects.select_for_update(of=("self",)).select_related("event", "driver").get(pk=nomination.pk)
        if row.removed_at is not None:
            raise EntryRefused(f"{row.driver} was already removed from this line-up.")
        row.removed_at = timezone.now()
        row.removed_by = permissions.as_user(actor)
        row.save(update_fields=["removed_at", "removed_by"])
        _check_event_lineup(locked, row.event)
        audit_record(
            action="entries.nomination.removed",
            actor=actor,
            obj=row,
            series=locked.season.series_id,
            before={"entry": locked.number, "event": row.event.name, "driver": str(row.driver)},
        )
        notifications.notify_crew_change(locked, row.event.name, row.driver, False, actor)
    nomination.removed_at, nomination.removed_by = row.removed_at, row.removed_by
    return row
