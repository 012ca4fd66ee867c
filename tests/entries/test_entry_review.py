"""The entry review page: the checks a steward relies on, and Accept / Reserve / Refuse on it."""

from __future__ import annotations

from typing import Any

import pytest

from championships.models import AuditEntry
from entries import lineup_services, services
from entries.models import Entry, EntryStatus
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def url(entry: Entry) -> str:
    return f"/admin/entries/entry/{entry.pk}/review/"


def valid(paddock: Any, number: str = "1", **kw: Any) -> Entry:
    """A submitted Pro-Am entry whose crew meets the seeded GTWC Asia rules."""
    entry = paddock.entry(number=number, status=EntryStatus.SUBMITTED, **kw)
    paddock.nominate(entry, paddock.driver("bronze", "JPN"), paddock.driver("gold", "GBR"))
    return entry


def checks(body: str) -> str:
    start = body.index('id="review-checks"')
    return body[start : body.index("</ul>", start)]


def test_it_shows_the_crews_categories_and_a_clean_bill(paddock: Any) -> None:
    paddock.car.class_codes = "GT3"
    paddock.car.save()
    entry = valid(paddock)
    body = client_for(paddock.world.sro_staff).get(url(entry)).content.decode()
    assert "(JPN, Bronze)" in body and "(GBR, Gold)" in body
    assert "✓ Line-ups within the rules" in checks(body)


def test_it_flags_a_crew_against_the_lineup_rules(paddock: Any) -> None:
    entry = paddock.entry(number="7", status=EntryStatus.SUBMITTED)
    paddock.nominate(entry, paddock.driver("gold", "JPN"), paddock.driver("gold", "GBR"))
    found = checks(client_for(paddock.world.sro_staff).get(url(entry)).content.decode())
    assert 'data-kind="lineup"' in found and "At Sepang:" in found and "Bronze" in found


def test_it_flags_a_driver_in_two_cars_at_the_same_event(paddock: Any) -> None:
    entry = valid(paddock, "1")
    other = paddock.entry(team=paddock.team_b, number="2", status=EntryStatus.SUBMITTED)
    shared = entry.nominations.first().driver
    paddock.nominate(other, shared)
    found = checks(client_for(paddock.world.sro_staff).get(url(entry)).content.decode())
    assert f"{shared} is also nominated for car #2 (Team Bee) at Sepang" in found
    assert 'data-kind="double_duty"' in found


def test_it_flags_a_car_model_not_eligible_for_the_class(paddock: Any) -> None:
    paddock.car.class_codes = "GT4, GTC"
    paddock.car.save()
    found = checks(client_for(paddock.world.sro_staff).get(url(valid(paddock))).content.decode())
    assert "The Porsche 911 GT3 R is eligible for GT4, GTC, not GT3." in found


def test_it_lists_what_changed_after_submission(paddock: Any) -> None:
    entry = paddock.entry(number="9")
    paddock.nominate(entry, paddock.driver("bronze", "JPN"), paddock.driver("gold", "GBR"))
    services.entry_submit(actor=paddock.manager_a, entry=entry)
    late = paddock.driver("silver", "JPN", last_name="Latecomer")
    lineup_services.nomination_add(actor=paddock.manager_a, entry=entry, event=paddock.suzuka, driver=late)
    body = client_for(paddock.world.sro_staff).get(url(entry)).content.decode()
    assert 'data-kind="changed"' in checks(body)
    assert f"{late} nominated for Suzuka" in body[body.index('id="review-changes"') :]


def test_it_refuses_without_a_reason_then_with_one_on_the_page(paddock: Any) -> None:
    entry = valid(paddock)
    staff = client_for(paddock.world.sro_staff)
    response = staff.post(url(entry), {"decision": "rejected", "reason": ""})
    assert response.status_code == 400 and "reason" in response.content.decode().lower()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    assert staff.post(url(entry), {"decision": "rejected", "reason": "Grid full"}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REJECTED and entry.status_reason == "Grid full"
    assert AuditEntry.objects.filter(action="entries.entry.rejected", reason="Grid full").exists()


def test_it_accepts_and_reserves_on_the_page(paddock: Any) -> None:
    staff = client_for(paddock.world.sro_staff)
    first, second = valid(paddock, "1"), valid(paddock, "2", team=paddock.team_b)
    page = staff.get(url(first)).content.decode()
    assert 'id="decide-accepted"' in page and 'id="decide-reserved"' in page and 'id="decide-rejected"' in page
    followed = staff.post(url(first), {"decision": "accepted"}, follow=True).content.decode()
    assert "#1 Absolute Racing: accepted." in followed and 'id="decide-accepted"' not in followed
    staff.post(url(second), {"decision": "reserved", "reason": "Waiting list"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (EntryStatus.ACCEPTED, EntryStatus.RESERVE)


def test_it_refuses_to_accept_a_crew_that_breaks_the_rules(paddock: Any) -> None:
    entry = paddock.entry(number="7", status=EntryStatus.SUBMITTED)
    paddock.nominate(entry, paddock.driver("gold", "JPN"), paddock.driver("gold", "GBR"))
    response = client_for(paddock.world.sro_staff).post(url(entry), {"decision": "accepted"})
    assert response.status_code == 400 and "At Sepang" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_it_keeps_the_review_to_the_series_staff(paddock: Any) -> None:
    entry = valid(paddock)
    assert client_for(paddock.world.aco_staff).get(url(entry)).status_code == 404
    assert client_for(paddock.manager_a).get(url(entry)).status_code == 302  # to the admin login
    steward = client_for(paddock.sro_steward)
    page = steward.get(url(entry))
    assert page.status_code == 200 and 'id="decide-accepted"' not in page.content.decode()
    assert steward.post(url(entry), {"decision": "accepted"}).status_code == 403
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_it_links_the_dashboard_to_the_review(paddock: Any) -> None:
    entry = valid(paddock)
    assert f'href="{url(entry)}"' in client_for(paddock.world.sro_staff).get("/admin/").content.decode()
