"""Line-ups: drivers, their FIA category per season, nominations that keep their history."""

from __future__ import annotations

from typing import Any

import pytest

from championships.models import AuditEntry
from entries import services
from entries.errors import EntryRefused, NotAllowed
from entries.models import DriverCategory, EntryStatus, Nomination

pytestmark = pytest.mark.django_db


def test_it_creates_a_driver_once_and_reuses_it(paddock: Any) -> None:
    first = services.driver_create(actor=paddock.manager_a, first_name="Kei", last_name="Cozzolino", nationality="jpn")
    again = services.driver_create(actor=paddock.manager_a, first_name="kei", last_name="COZZOLINO", nationality="JPN")
    assert first.pk == again.pk and first.nationality == "JPN"
    assert AuditEntry.objects.filter(action="entries.driver.created").count() == 1


def test_it_refuses_a_bad_nationality(paddock: Any) -> None:
    with pytest.raises(EntryRefused) as exc:
        services.driver_create(actor=paddock.manager_a, first_name="A", last_name="B", nationality="Japan")
    assert exc.value.messages == ["'JAPAN' is not a nationality: use the ISO alpha-3 code, e.g. JPN, GBR, FRA."]


def test_it_nominates_with_the_category_for_the_season(paddock: Any) -> None:
    entry = paddock.entry()
    driver = services.driver_create(actor=paddock.manager_a, first_name="Ann", last_name="Lee", nationality="SGP")
    with pytest.raises(EntryRefused, match="Give Ann Lee's FIA category for GT World Challenge Asia 2022."):
        services.nomination_add(actor=paddock.manager_a, entry=entry, event=paddock.sepang, driver=driver)
    nomination = services.nomination_add(
        actor=paddock.manager_a, entry=entry, event=paddock.sepang, driver=driver, category="bronze"
    )
    assert nomination.added_by == paddock.manager_a
    assert DriverCategory.objects.get(driver=driver, season=paddock.season).category == "bronze"
    assert AuditEntry.objects.filter(action="entries.nomination.added").count() == 1


def test_it_refuses_a_team_manager_changing_an_existing_category(paddock: Any) -> None:
    entry = paddock.entry()
    driver = paddock.driver("gold")
    with pytest.raises(NotAllowed, match="Only the staff of GT World Challenge Asia can change a driver's FIA"):
        services.nomination_add(
            actor=paddock.manager_a,
            entry=entry,
            event=paddock.sepang,
            driver=driver,
            category="bronze",
        )
    assert not Nomination.objects.exists()


def test_it_lets_a_driver_race_two_cars_at_one_event_by_default(paddock: Any) -> None:
    driver = paddock.driver("bronze")
    paddock.nominate(paddock.entry(team=paddock.team_b), driver)
    second = services.nomination_add(
        actor=paddock.manager_a, entry=paddock.entry(), event=paddock.sepang, driver=driver
    )
    assert Nomination.objects.filter(driver=driver, event=paddock.sepang, removed_at__isnull=True).count() == 2
    assert second.entry.team == paddock.team_a


def test_it_refuses_double_duty_when_the_season_forbids_it_naming_the_other_car(paddock: Any) -> None:
    from championships.models import PointsRules

    PointsRules.objects.create(season=paddock.season, double_duty_allowed=False)
    driver = paddock.driver("bronze")
    other = paddock.entry(team=paddock.team_b)
    paddock.nominate(other, driver)
    with pytest.raises(EntryRefused) as exc:
        services.nomination_add(actor=paddock.manager_a, entry=paddock.entry(), event=paddock.sepang, driver=driver)
    assert exc.value.messages == [
        f"{driver} is already nominated for car #{other.number} ({paddock.team_b.name}) at Sepang, "
        f"and {paddock.season} does not allow double duty."
    ]
    # Another event is not double duty.
    services.nomination_add(actor=paddock.manager_a, entry=paddock.entry(), event=paddock.suzuka, driver=driver)


def test_it_refuses_a_driver_twice_in_one_line_up(paddock: Any) -> None:
    driver = paddock.driver("bronze")
    entry = paddock.entry()
    paddock.nominate(entry, driver)
    with pytest.raises(EntryRefused, match="is already nominated in this line-up at Sepang."):
        services.nomination_add(actor=paddock.manager_a, entry=entry, event=paddock.sepang, driver=driver)


def test_it_refuses_an_event_of_another_season_or_cancelled(paddock: Any) -> None:
    from tests import factories

    entry = paddock.entry()
    other = factories.EventFactory(season=paddock.aslms, name="4 Hours of Dubai")
    with pytest.raises(EntryRefused, match="4 Hours of Dubai is not an event of GT World Challenge Asia 2022."):
        services.nomination_add(actor=paddock.manager_a, entry=entry, event=other, driver=paddock.driver("bronze"))
    paddock.suzuka.cancelled = True
    paddock.suzuka.save()
    with pytest.raises(EntryRefused, match="Suzuka is cancelled"):
        services.nomination_add(
            actor=paddock.manager_a,
            entry=entry,
            event=paddock.suzuka,
            driver=paddock.driver("bronze"),
        )


def test_it_keeps_a_removed_nomination_as_history(paddock: Any) -> None:
    entry = paddock.entry()
    [nomination] = paddock.nominate(entry, paddock.driver("bronze"))
    services.nomination_remove(actor=paddock.manager_a, nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.removed_at is not None and nomination.removed_by == paddock.manager_a
    with pytest.raises(EntryRefused, match="was already removed"):
        services.nomination_remove(actor=paddock.manager_a, nomination=nomination)
    # The same driver may be nominated again.
    services.nomination_add(actor=paddock.manager_a, entry=entry, event=paddock.sepang, driver=nomination.driver)
    assert Nomination.objects.filter(entry=entry).count() == 2


def test_it_checks_every_line_up_change_of_an_accepted_entry(paddock: Any) -> None:
    entry = paddock.entry(status=EntryStatus.ACCEPTED, cup="PRO-AM")
    bronze, gold = paddock.driver("bronze", "JPN"), paddock.driver("gold", "GBR")
    # A crew being built one driver at a time is fine...
    services.nomination_add(actor=paddock.manager_a, entry=entry, event=paddock.suzuka, driver=gold)
    # ...but a complete crew must meet the rules.
    with pytest.raises(EntryRefused) as exc:
        services.nomination_add(
            actor=paddock.manager_a,
            entry=entry,
            event=paddock.suzuka,
            driver=paddock.driver("silver", "JPN"),
        )
    assert exc.value.messages == [
        "At Suzuka: GT3 Pro-Am needs one Bronze driver; this line-up has none.",
        "At Suzuka: GT3 Pro-Am allows at most one Platinum, Gold or Silver driver; this line-up has two.",
    ]
    services.nomination_add(actor=paddock.manager_a, entry=entry, event=paddock.suzuka, driver=bronze)
    assert Nomination.objects.filter(entry=entry, removed_at__isnull=True).count() == 2


def test_it_refuses_line_up_changes_to_other_teams_and_closed_entries(paddock: Any) -> None:
    entry = paddock.entry(team=paddock.team_b)
    with pytest.raises(NotAllowed, match="You do not manage Team Bee."):
        services.nomination_add(
            actor=paddock.manager_a,
            entry=entry,
            event=paddock.sepang,
            driver=paddock.driver("bronze"),
        )
    closed = paddock.entry(status=EntryStatus.WITHDRAWN)
    with pytest.raises(NotAllowed, match="is withdrawn: its line-up is closed."):
        services.nomination_add(
            actor=paddock.manager_a,
            entry=closed,
            event=paddock.sepang,
            driver=paddock.driver("bronze"),
        )


def test_it_finds_the_same_driver_whatever_the_accents_hyphens_and_capitals(paddock: Any) -> None:
    first = services.driver_create(
        actor=paddock.manager_a, first_name="Paul-Loup", last_name="Chatin", nationality="FRA"
    )
    again = services.driver_create(
        actor=paddock.manager_a, first_name="Paul Loup", last_name="CHATIN", nationality="fra"
    )
    accented = services.driver_create(
        actor=paddock.manager_a, first_name="Louis", last_name="Delétraz", nationality="CHE"
    )
    plain = services.driver_create(actor=paddock.manager_a, first_name="Louis", last_name="DELETRAZ", nationality="CHE")
    assert first.pk == again.pk and accented.pk == plain.pk
