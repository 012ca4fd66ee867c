"""Import of line-ups: existing drivers only, through the nomination service, all or nothing."""

from __future__ import annotations

from typing import Any

import pytest
import tablib

from entries.lineup_resources import COLUMNS, NominationResource
from entries.models import EntryStatus, Nomination
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def import_rows(user: Any, *rows: list[str]) -> Any:
    data = tablib.Dataset(*rows, headers=list(COLUMNS))
    return NominationResource(user=user).import_data(data, dry_run=False)


def test_it_imports_a_line_up_of_existing_drivers(paddock: Any) -> None:
    entry = paddock.entry(number="6")
    paddock.driver("gold", "GBR", first_name="Chris", last_name="Lulham")
    paddock.driver("bronze", "JPN", first_name="Kenji", last_name="Arakawa")
    result = import_rows(
        paddock.world.sro_staff,
        ["gtwc-asia-2022", "6", "Sepang", "Chris", "Lulham", "GBR", ""],
        ["gtwc-asia-2022", "6", "sepang", "kenji", "ARAKAWA", "jpn", "bronze"],
    )
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert Nomination.objects.filter(entry=entry, event=paddock.sepang).count() == 2


def test_it_saves_nothing_when_a_driver_or_event_is_unknown(paddock: Any) -> None:
    paddock.entry(number="6")
    paddock.driver("gold", "GBR", first_name="Chris", last_name="Lulham")
    result = import_rows(
        paddock.world.sro_staff,
        ["gtwc-asia-2022", "6", "Sepang", "Chris", "Lulham", "GBR", ""],
        ["gtwc-asia-2022", "6", "Monza", "Nobody", "Known", "ITA", ""],
        ["gtwc-asia-2022", "404", "Sepang", "Chris", "Lulham", "GBR", ""],
    )
    assert [(r.number, r.error_dict) for r in result.invalid_rows] == [
        (
            2,
            {
                "last_name": ["Unknown driver 'Nobody Known (ITA)': import or create the driver first."],
                "event": ["Unknown event 'Monza' in GT World Challenge Asia 2022."],
            },
        ),
        (3, {"number": ["No entry #404 in GT World Challenge Asia 2022."]}),
    ]
    assert not Nomination.objects.exists()


def test_it_applies_the_line_up_rules_to_imported_rows(paddock: Any) -> None:
    paddock.entry(number="6", status=EntryStatus.ACCEPTED, cup="AM")
    paddock.driver("gold", "GBR", first_name="Chris", last_name="Lulham")
    result = import_rows(paddock.world.sro_staff, ["gtwc-asia-2022", "6", "Sepang", "Chris", "Lulham", "GBR", ""])
    assert result.invalid_rows[0].error_dict == {
        "__all__": ["At Sepang: GT3 Am is open to Bronze drivers only; Chris Lulham is Gold."]
    }
    assert not Nomination.objects.exists()


def test_it_keeps_other_series_out(paddock: Any) -> None:
    paddock.entry(number="6")
    paddock.driver("gold", "GBR", first_name="Chris", last_name="Lulham")
    result = import_rows(paddock.world.aco_staff, ["gtwc-asia-2022", "6", "Sepang", "Chris", "Lulham", "GBR", ""])
    assert "season" in result.invalid_rows[0].error_dict
    assert not Nomination.objects.exists()
    assert client_for(paddock.sro_steward).get("/admin/entries/nomination/import/").status_code == 403
    assert client_for(paddock.world.sro_staff).get("/admin/entries/nomination/import/").status_code == 200


def test_it_imports_onto_the_entry_holding_the_number_not_a_draft_wishing_for_it(paddock: Any) -> None:
    paddock.entry(team=paddock.team_a, number="6")
    holder = paddock.entry(team=paddock.team_b, number="6", status=EntryStatus.SUBMITTED)
    paddock.driver("gold", "GBR", first_name="Chris", last_name="Lulham")
    result = import_rows(paddock.world.sro_staff, ["gtwc-asia-2022", "6", "Sepang", "Chris", "Lulham", "GBR", ""])
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    assert list(Nomination.objects.values_list("entry", flat=True)) == [holder.pk]


def test_it_refuses_a_number_only_drafts_wish_for(paddock: Any) -> None:
    paddock.entry(team=paddock.team_a, number="6")
    paddock.entry(team=paddock.team_b, number="6")
    paddock.driver("gold", "GBR", first_name="Chris", last_name="Lulham")
    result = import_rows(paddock.world.sro_staff, ["gtwc-asia-2022", "6", "Sepang", "Chris", "Lulham", "GBR", ""])
    errors = [r.error_dict for r in result.invalid_rows]
    assert errors and "Several draft entries wish for #6" in str(errors)
    assert not Nomination.objects.exists()
