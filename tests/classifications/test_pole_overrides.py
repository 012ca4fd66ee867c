"""Poles set by staff with a reason (audited), from qualifying, and who may do which, from outside."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from championships.models import AuditEntry, Race
from results.classifications.qualifying_models import RacePole
from results.classifications.services.poles import pole_set
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def race(world: Any) -> Race:
    factories.RacingClassFactory(season=world.aco_season, code="LMP2 Pro/Am")
    return factories.RaceFactory(event=factories.EventFactory(season=world.aco_season), round=1)


def test_series_staff_override_a_qualifying_pole_with_a_reason_in_the_audit(world: Any, race: Race) -> None:
    pole_set(actor=world.aco_steward, race=race, class_code="LMP2 PRO/AM", number="46", source="qualifying")
    pole = pole_set(
        actor=world.aco_staff, race=race, class_code="LMP2 Pro/Am", number="34", reason="#46 lap deleted (track limits)"
    )
    assert (pole.class_code, pole.number, pole.source, pole.reason) == (
        "LMP2 Pro/Am",
        "34",
        "staff",
        "#46 lap deleted (track limits)",
    )
    audit = AuditEntry.objects.filter(action="results.pole.set").order_by("id").last()
    assert audit is not None and audit.actor == world.aco_staff
    assert audit.reason == "#46 lap deleted (track limits)"
    assert audit.before == {"number": "46", "source": "qualifying", "reason": ""}
    assert audit.after["number"] == "34" and audit.after["source"] == "staff"


def test_a_staff_override_needs_a_reason(world: Any, race: Race) -> None:
    with pytest.raises(ValidationError, match="Give the reason for setting the pole by hand"):
        pole_set(actor=world.aco_staff, race=race, class_code="LMP2 Pro/Am", number="34", reason="  ")
    assert not RacePole.objects.exists()


def test_a_qualifying_upload_never_replaces_a_staff_override(world: Any, race: Race) -> None:
    pole_set(actor=world.aco_staff, race=race, class_code="LMP2 Pro/Am", number="34", reason="stewards' decision 12")
    kept = pole_set(actor=world.aco_steward, race=race, class_code="LMP2 Pro/Am", number="46", source="qualifying")
    assert (kept.number, kept.source) == ("34", "staff")  # returned unchanged: the caller reports it
    assert RacePole.objects.get().number == "34"
    assert AuditEntry.objects.filter(action="results.pole.set").count() == 1


def test_a_qualifying_upload_replaces_an_earlier_qualifying_pole(world: Any, race: Race) -> None:
    pole_set(actor=world.aco_steward, race=race, class_code="LMP2 Pro/Am", number="46", source="qualifying")
    pole_set(actor=world.aco_steward, race=race, class_code="LMP2 Pro/Am", number="46", source="qualifying")
    pole_set(actor=world.aco_steward, race=race, class_code="LMP2 Pro/Am", number="34", source="qualifying")
    assert RacePole.objects.get().number == "34"
    assert AuditEntry.objects.filter(action="results.pole.set").count() == 2


@pytest.mark.parametrize("persona", ["sro_staff", "aco_steward", "outsider", "team_manager"])
def test_only_the_series_staff_override_a_pole(world: Any, race: Race, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        pole_set(actor=getattr(world, persona), race=race, class_code="LMP2 Pro/Am", number="34", reason="mine")
    assert not RacePole.objects.exists()


@pytest.mark.parametrize("persona", ["sro_staff", "outsider", "team_manager"])
def test_only_officials_of_the_series_record_a_qualifying_pole(world: Any, race: Race, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        pole_set(actor=getattr(world, persona), race=race, class_code="LMP2 Pro/Am", number="34", source="qualifying")


def test_it_refuses_an_unknown_source(world: Any, race: Race) -> None:
    with pytest.raises(ValueError, match="unknown pole source 'guess'"):
        pole_set(actor=world.aco_staff, race=race, class_code="LMP2 Pro/Am", number="34", reason="x", source="guess")


# --- the admin screen -------------------------------------------------------------------


def _form(race: Race, number: str, reason: str) -> dict[str, str]:
    return {"race": str(race.pk), "class_code": "LMP2 Pro/Am", "cup_code": "", "number": number, "reason": reason}


def test_staff_set_a_pole_in_the_admin_with_a_reason(world: Any, race: Race) -> None:
    client = client_for(world.aco_staff)
    refused = client.post("/admin/results/racepole/add/", _form(race, "46", ""))
    assert refused.status_code == 200 and "reason" in refused.context["adminform"].form.errors
    assert not RacePole.objects.exists()

    added = client.post("/admin/results/racepole/add/", _form(race, "46", "qualifying sheet signed by the clerk"))
    assert added.status_code == 302
    pole = RacePole.objects.get()
    assert (pole.number, pole.source, pole.reason) == ("46", "staff", "qualifying sheet signed by the clerk")

    changed = client.post(f"/admin/results/racepole/{pole.pk}/change/", {"number": "34", "reason": "decision 7"})
    assert changed.status_code == 302
    pole.refresh_from_db()
    assert (pole.number, pole.reason) == ("34", "decision 7")
    audits = AuditEntry.objects.filter(action="results.pole.set").order_by("id")
    assert [(a.after["number"], a.reason) for a in audits] == [
        ("46", "qualifying sheet signed by the clerk"),
        ("34", "decision 7"),
    ]


@pytest.mark.parametrize("persona", ["sro_staff", "aco_steward", "outsider"])
def test_others_cannot_set_a_pole_in_the_admin(world: Any, race: Race, persona: str) -> None:
    response = client_for(getattr(world, persona)).post("/admin/results/racepole/add/", _form(race, "46", "mine"))
    assert response.status_code in (200, 302, 403)
    assert not RacePole.objects.exists()


def test_staff_remove_a_pole_in_the_admin_and_it_is_audited(world: Any, race: Race) -> None:
    pole = pole_set(actor=world.aco_staff, race=race, class_code="LMP2 Pro/Am", number="46", reason="from the sheet")
    client = client_for(world.aco_staff)
    response = client.post(f"/admin/results/racepole/{pole.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not RacePole.objects.filter(pk=pole.pk).exists()
    audit = AuditEntry.objects.get(action="results.pole.clear")
    assert audit.actor == world.aco_staff and audit.before["number"] == "46" and audit.after == {}


def test_others_cannot_remove_a_pole(world: Any, race: Race) -> None:
    pole = pole_set(actor=world.aco_staff, race=race, class_code="LMP2 Pro/Am", number="46", reason="from the sheet")
    for persona in ("sro_staff", "aco_steward", "team_manager", "outsider"):
        response = client_for(getattr(world, persona)).post(
            f"/admin/results/racepole/{pole.pk}/delete/", {"post": "yes"}
        )
        assert response.status_code in {302, 403, 404}, persona
        assert RacePole.objects.filter(pk=pole.pk).exists(), persona
    assert not AuditEntry.objects.filter(action="results.pole.clear").exists()


def test_it_shows_stewards_the_pole_admin_read_only(world: Any, race: Race) -> None:
    pole = pole_set(actor=world.aco_staff, race=race, class_code="LMP2 Pro/Am", number="46", reason="from the sheet")
    client = client_for(world.aco_steward)
    listing = client.get("/admin/results/racepole/")
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    # Why: stewards may view poles but not change them; the form has no editable `reason` then.
    detail = client.get(f"/admin/results/racepole/{pole.pk}/change/")
    assert detail.status_code == 200
    assert "from the sheet" in detail.content.decode()
    refused = client.post(f"/admin/results/racepole/{pole.pk}/change/", {"number": "34", "reason": "mine"})
    assert refused.status_code == 403
    pole.refresh_from_db()
    assert pole.number == "46"
