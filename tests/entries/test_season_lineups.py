"""A whole season's crews in one form (/my/entries/<id>/lineups/): same crew for every event,
then one event changed; every problem shown at once, nothing saved when one is wrong."""

from __future__ import annotations

from typing import Any

import pytest

from entries import selectors
from entries.models import Entry, EntryStatus, Nomination
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def _crew(entry: Entry) -> dict[str, list[str]]:
    crews: dict[str, list[str]] = {}
    for n in Nomination.objects.filter(entry=entry, removed_at__isnull=True).order_by("event__start_date", "added_at"):
        crews.setdefault(n.event.name, []).append(n.driver.last_name)
    return crews


def _label(driver: Any) -> str:
    return selectors.driver_label(driver)


def test_it_nominates_the_same_crew_for_every_event_in_one_post(paddock: Any) -> None:
    entry = paddock.entry(cup="PRO-AM")
    bronze, gold = paddock.driver("bronze", "JPN", last_name="Arakawa"), paddock.driver("gold", last_name="Lulham")
    client = client_for(paddock.manager_a)
    page = client.get(f"/my/entries/{entry.pk}/lineups/").content.decode()
    assert 'list="lineup-drivers"' in page and _label(bronze) in page and "checked" in page

    response = client.post(
        f"/my/entries/{entry.pk}/lineups/",
        {"same_crew": "on", "all-1-driver": _label(bronze), "all-2-driver": _label(gold).lower()},
    )

    assert response.status_code == 302 and response["Location"] == f"/my/entries/{entry.pk}/"
    assert _crew(entry) == {"Sepang": ["Arakawa", "Lulham"], "Suzuka": ["Arakawa", "Lulham"]}


def test_it_changes_one_events_crew_and_keeps_the_others(paddock: Any) -> None:
    entry = paddock.entry(cup="PRO-AM")
    bronze, gold, silver = (
        paddock.driver("bronze", "JPN", last_name="Arakawa"),
        paddock.driver("gold", last_name="Lulham"),
        paddock.driver("silver", "GBR", last_name="Reserve"),
    )
    paddock.nominate(entry, bronze, gold, event=paddock.sepang)
    paddock.nominate(entry, bronze, gold, event=paddock.suzuka)
    client = client_for(paddock.manager_a)
    s, z = paddock.sepang.pk, paddock.suzuka.pk

    response = client.post(
        f"/my/entries/{entry.pk}/lineups/",
        {
            f"e{s}-1-driver": _label(bronze),
            f"e{s}-2-driver": _label(gold),
            f"e{z}-1-driver": _label(bronze),
            f"e{z}-2-driver": _label(silver),
        },
    )

    assert response.status_code == 302
    assert _crew(entry) == {"Sepang": ["Arakawa", "Lulham"], "Suzuka": ["Arakawa", "Reserve"]}
    removed = Nomination.objects.get(entry=entry, event=paddock.suzuka, driver=gold)
    assert removed.removed_at is not None and removed.removed_by == paddock.manager_a
    page = client.get(f"/my/entries/{entry.pk}/lineups/").content.decode()
    assert 'name="same_crew"' in page and 'name="same_crew" checked' not in page


def test_it_shows_every_problem_at_once_and_saves_nothing(paddock: Any) -> None:
    entry = paddock.entry(cup="PRO-AM", status=EntryStatus.SUBMITTED)
    bronze, gold = paddock.driver("bronze", "JPN", last_name="Arakawa"), paddock.driver("gold", last_name="Lulham")
    paddock.nominate(entry, bronze, gold, event=paddock.sepang)
    paddock.nominate(entry, bronze, gold, event=paddock.suzuka)
    newcomer = factories.DriverFactory(first_name="Nao", last_name="Newcomer", nationality="JPN")
    other_gold = paddock.driver("gold", "GBR", last_name="Goldie")
    s, z = paddock.sepang.pk, paddock.suzuka.pk

    response = client_for(paddock.manager_a).post(
        f"/my/entries/{entry.pk}/lineups/",
        {
            f"e{s}-1-driver": _label(gold),
            f"e{s}-2-driver": _label(other_gold),
            f"e{z}-1-driver": _label(bronze),
            f"e{z}-2-driver": _label(newcomer),
        },
    )

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "At Sepang: GT3 Pro-Am needs one Bronze driver; this line-up has none.",
        "At Sepang: GT3 Pro-Am allows at most one Platinum, Gold or Silver driver; this line-up has two.",
        "At Suzuka, driver 2 (Nao Newcomer): give the driver's FIA category for GT World Challenge Asia 2022.",
    ]
    assert _crew(entry) == {"Sepang": ["Arakawa", "Lulham"], "Suzuka": ["Arakawa", "Lulham"]}


def test_it_names_the_row_of_an_unknown_driver(paddock: Any) -> None:
    entry = paddock.entry()
    response = client_for(paddock.manager_a).post(
        f"/my/entries/{entry.pk}/lineups/", {"same_crew": "on", "all-1-driver": "NOBODY Known (XXX)"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["all-1-driver"] == [
        "No driver 'NOBODY Known (XXX)' is known: pick one from the list (LAST First (NAT)), "
        "or add the driver below first."
    ]
    assert not Nomination.objects.exists()


def test_it_adds_a_new_driver_to_the_picker_with_the_seasons_category(paddock: Any) -> None:
    entry = paddock.entry()
    client = client_for(paddock.manager_a)
    response = client.post(
        f"/my/entries/{entry.pk}/lineups/",
        {"add_driver": "1", "first_name": "Kenji", "last_name": "Arakawa", "nationality": "jpn", "category": "bronze"},
        follow=True,
    )
    assert "ARAKAWA Kenji (JPN) can now be picked." in response.content.decode()
    assert '<option value="ARAKAWA Kenji (JPN)">Bronze</option>' in response.content.decode()


def test_it_keeps_another_team_out_of_the_season_form(paddock: Any) -> None:
    entry = paddock.entry(team=paddock.team_b)
    client = client_for(paddock.manager_a)
    assert client.get(f"/my/entries/{entry.pk}/lineups/").status_code == 404
    assert client.post(f"/my/entries/{entry.pk}/lineups/", {"same_crew": "on"}).status_code == 404


def test_it_saves_all_events_or_none_when_a_write_fails_midway(paddock: Any, monkeypatch: Any) -> None:
    from entries import season_lineups
    from entries.errors import EntryRefused

    entry = paddock.entry(cup="PRO-AM")
    bronze, gold = paddock.driver("bronze", "JPN", last_name="Arakawa"), paddock.driver("gold", last_name="Lulham")
    real_add = season_lineups.nomination_add

    def add_failing_at_suzuka(**kwargs: Any) -> Any:
        # As if another car had just taken the driver at Suzuka (a race the checks cannot see).
        if kwargs["event"] == paddock.suzuka:
            raise EntryRefused("At Suzuka: taken a moment ago.")
        return real_add(**kwargs)

    monkeypatch.setattr(season_lineups, "nomination_add", add_failing_at_suzuka)
    response = client_for(paddock.manager_a).post(
        f"/my/entries/{entry.pk}/lineups/",
        {"same_crew": "on", "all-1-driver": _label(bronze), "all-2-driver": _label(gold)},
    )

    assert response.status_code == 400
    assert "At Suzuka: taken a moment ago." in response.content.decode()
    assert _crew(entry) == {}


def test_it_offers_the_new_entry_form_for_one_season_with_the_team_preselected(paddock: Any) -> None:
    client = client_for(paddock.manager_a)
    first = client.get("/my/entries/new/")
    assert first.context["chosen_team"] == paddock.team_a
    assert 'id="id_racing_class"' not in first.content.decode()

    page = client.get(f"/my/entries/new/?season={paddock.season.pk}&team={paddock.team_a.pk}")

    form = page.context["form"]
    assert {c.season for c in form.fields["racing_class"].queryset} == {paddock.season}
    assert {c.season for c in form.fields["cup"].queryset} == {paddock.season}
    labels = [label for _, label in form.fields["cup"].choices]
    assert "PRO-AM (GT3)" in labels and not any("Asian Le Mans" in label for label in labels)
    assert form.initial["team"] == paddock.team_a
