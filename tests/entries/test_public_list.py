"""Public entry lists: accepted (and reserve) entries only, drivers with category, CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from entries.models import EntryStatus
from entries.public_selectors import public_entry_list
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

URL = "/seasons/gtwc-asia/2022/entries/"


@pytest.fixture
def grid(paddock: Any) -> Any:
    accepted = paddock.entry(number="6", status=EntryStatus.ACCEPTED)
    lee, bronze = (
        paddock.driver("gold", "GBR", first_name="Chris", last_name="Lulham"),
        paddock.driver("bronze", "JPN", first_name="Hiro", last_name="Hamaguchi"),
    )
    paddock.nominate(accepted, lee, bronze)
    paddock.nominate(
        accepted,
        paddock.driver("silver", "THA", first_name="Suzuka", last_name="Only"),
        event=paddock.suzuka,
    )
    [gone] = paddock.nominate(
        accepted,
        paddock.driver("bronze", first_name="Gone", last_name="Driver"),
        event=paddock.suzuka,
    )
    from django.utils import timezone

    gone.removed_at = timezone.now()
    gone.save()
    reserve = paddock.entry(team=paddock.team_b, number="77", status=EntryStatus.RESERVE, cup="AM")
    paddock.entry(
        number="99",
        status=EntryStatus.DRAFT,
        team=factories.TeamFactory(name="Secret Draft Racing"),
    )
    paddock.entry(number="98", status=EntryStatus.SUBMITTED, team=factories.TeamFactory(name="Pending Racing"))
    paddock.entry(number="97", status=EntryStatus.REJECTED, team=factories.TeamFactory(name="Rejected Racing"))
    return {"accepted": accepted, "reserve": reserve}


def test_it_lists_accepted_and_reserve_entries_only(grid: Any) -> None:
    body = client_for(None).get(URL).content.decode()
    assert "Absolute Racing" in body and "Team Bee" in body and "reserve" in body
    for hidden in (
        "Secret Draft Racing",
        "Pending Racing",
        "Rejected Racing",
        "@example.test",
        "Gone Driver",
    ):
        assert hidden not in body
    assert "Chris Lulham" in body and "Gold" in body and "Suzuka Only" in body


def test_it_lists_the_drivers_of_one_event(grid: Any, paddock: Any) -> None:
    body = client_for(None).get(URL, {"event": paddock.sepang.pk}).content.decode()
    assert "Chris Lulham" in body and "Suzuka Only" not in body
    body = client_for(None).get(f"/events/{paddock.suzuka.pk}/entries/").content.decode()
    assert "Suzuka Only" in body and "Chris Lulham" not in body


def test_it_answers_404_and_400_for_bad_addresses(grid: Any, paddock: Any) -> None:
    client = client_for(None)
    assert client.get("/seasons/gtwc-asia/1999/entries/").status_code == 404
    assert client.get("/seasons/nope/2022/entries/").status_code == 404
    assert client.get(URL, {"event": "abc"}).status_code == 400
    assert client.get(URL, {"event": "999999"}).status_code == 404
    other = factories.EventFactory(season=paddock.aslms)
    assert client.get(URL, {"event": other.pk}).status_code == 404
    assert client.get("/events/999999/entries/").status_code == 404


def test_it_exports_csv_with_formulas_escaped(grid: Any, paddock: Any) -> None:
    evil = paddock.entry(
        number="13",
        status=EntryStatus.ACCEPTED,
        team=factories.TeamFactory(name='=HYPERLINK("http://x")'),
    )
    assert evil.pk
    response = client_for(None).get(URL, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["number", "status", "class", "cup", "team", "car", "entry", "drivers"]
    by_number = {r[0]: r for r in rows[1:]}
    assert set(by_number) == {"6", "13", "77"}
    assert by_number["6"][:6] == [
        "6",
        "accepted",
        "GT3",
        "PRO-AM",
        "Absolute Racing",
        "Porsche 911 GT3 R",
    ]
    assert by_number["6"][7] == ("Chris Lulham (GBR, Gold); Hiro Hamaguchi (JPN, Bronze); Suzuka Only (THA, Silver)")
    assert by_number["77"][1] == "reserve"
    assert by_number["13"][4] == '\'=HYPERLINK("http://x")'


def test_it_reads_the_list_in_a_fixed_number_of_queries(
    grid: Any, paddock: Any, django_assert_num_queries: Any
) -> None:
    for n in range(20, 30):
        entry = paddock.entry(number=str(n), status=EntryStatus.ACCEPTED, cup=None)
        paddock.nominate(entry, paddock.driver("bronze"), paddock.driver("gold"))
    # entries, nominations, categories, class changes
    with django_assert_num_queries(4):
        rows = public_entry_list(paddock.season)
    assert len(rows) == 12
    with django_assert_num_queries(4):
        public_entry_list(paddock.season, paddock.sepang)
