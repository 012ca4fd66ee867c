"""Decisions re-derive the classification; amended and withdrawn ones re-derive it again."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from championships.models import AuditEntry
from results.classifications.models import ClassificationVersion, Decision, DerivedRow, PenaltyKind, ResultRow
from results.classifications.parsing import parse_classification, write_template_csv
from results.classifications.services import (
    Penalty,
    classification_publish,
    decision_amend,
    decision_record,
    decision_withdraw,
)
from tests.factories import EntryFactory, RacingClassFactory
from tests.helpers import upload
from tests.scenarios import Elms, silverstone_bytes

pytestmark = pytest.mark.django_db


def lmp2(version: ClassificationVersion) -> list[str]:
    rows = DerivedRow.objects.filter(version=version, class_code="LMP2", status="classified")
    return [d.row.number for d in rows.select_related("row").order_by("class_position")]


def derived(version: ClassificationVersion, number: str) -> DerivedRow:
    return DerivedRow.objects.select_related("row").get(version=version, row__number=number)


def record(elms: Elms, user: Any, number: str, car: str, penalty: Penalty) -> Decision:
    return decision_record(race=elms.race, user=user, number=number, entry=elms.entries[car], penalty=penalty)


def test_it_reorders_a_class_after_a_time_penalty(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    uploaded = list(ResultRow.objects.filter(version=version).values_list("number", "laps", "total_time_ms"))
    record(
        elms,
        world.aco_steward,
        "12",
        "46",
        Penalty(PenaltyKind.TIME, "Speeding under FCY", time_added_ms=5000),
    )
    assert lmp2(version)[:3] == ["34", "43", "46"]
    assert derived(version, "46").total_time_ms == 14429711 + 5000
    assert derived(version, "46").penalties == "D12: +5.000 s"
    # The uploaded rows are never touched.
    assert list(ResultRow.objects.filter(version=version).values_list("number", "laps", "total_time_ms")) == uploaded


def test_it_follows_an_amended_decision_and_keeps_the_old_one(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    first = record(
        elms,
        world.aco_steward,
        "12",
        "46",
        Penalty(PenaltyKind.DRIVE_THROUGH, "Pit lane speeding", time_added_ms=70_000),
    )
    assert lmp2(version)[:6] == ["34", "43", "41", "36", "28", "46"]
    second = decision_amend(
        decision=first,
        user=world.aco_steward,
        number="15",
        penalty=Penalty(PenaltyKind.TIME, "Pit lane speeding", time_added_ms=4000),
        reason="Appeal upheld in part",
    )
    first.refresh_from_db()
    assert (first.status, second.status, second.amends_id) == ("amended", "active", first.pk)
    assert lmp2(version)[:3] == ["34", "46", "43"]
    with pytest.raises(ValidationError):
        decision_amend(
            decision=first,
            user=world.aco_steward,
            number="16",
            penalty=Penalty(PenaltyKind.TIME, "x", time_added_ms=1),
            reason="again",
        )


def test_it_restores_the_order_when_a_decision_is_withdrawn(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    decision = record(elms, world.aco_steward, "3", "46", Penalty(PenaltyKind.DSQ, "Technical infringement"))
    assert derived(version, "46").status == "dsq" and derived(version, "46").class_position is None
    decision_withdraw(decision=decision, user=world.aco_steward, reason="Measurement error")
    assert derived(version, "46").status == "classified" and derived(version, "46").class_position == 1
    assert Decision.objects.get(pk=decision.pk).withdrawn_reason == "Measurement error"


def test_it_applies_laps_position_drop_exclusion_and_class_change(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    record(
        elms,
        world.aco_steward,
        "1",
        "34",
        Penalty(PenaltyKind.LAPS, "Min drive time", laps_deducted=1),
    )
    record(
        elms,
        world.aco_steward,
        "2",
        "43",
        Penalty(PenaltyKind.POSITION_DROP, "Causing a collision", positions_dropped=1),
    )
    record(elms, world.aco_steward, "3", "41", Penalty(PenaltyKind.EX, "Unsafe release"))
    record(
        elms,
        world.aco_steward,
        "4",
        "55",
        Penalty(PenaltyKind.CLASS_CHANGE, "Wrong homologation", new_class=elms.classes["GTC"]),
    )
    assert lmp2(version)[:4] == ["46", "36", "43", "28"]
    assert derived(version, "34").laps == 117
    assert (derived(version, "41").status, derived(version, "41").class_position) == ("ex", None)
    assert (derived(version, "55").class_code, derived(version, "55").class_position) == ("GTC", 1)


def test_it_amends_an_official_classification(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    classification_publish(version=version, user=world.aco_staff, status="official")
    record(
        elms,
        world.aco_steward,
        "9",
        "46",
        Penalty(PenaltyKind.TIME, "Track limits", time_added_ms=5000),
    )
    version.refresh_from_db()
    assert version.status == "amended"
    assert AuditEntry.objects.filter(action="results.classification.amended", object_id=str(version.pk)).exists()


def test_it_keeps_a_provisional_classification_provisional(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    classification_publish(version=version, user=world.aco_steward, status="provisional")
    record(
        elms,
        world.aco_steward,
        "9",
        "46",
        Penalty(PenaltyKind.TIME, "Track limits", time_added_ms=5000),
    )
    version.refresh_from_db()
    assert version.status == "provisional"


def test_it_audits_decisions_with_the_changes_they_made(elms: Elms, world: Any) -> None:
    upload(elms, world.aco_steward)
    decision = record(elms, world.aco_steward, "12", "46", Penalty(PenaltyKind.TIME, "FCY", time_added_ms=5000))
    entry = AuditEntry.objects.get(action="results.decision.recorded")
    assert entry.actor == world.aco_steward and entry.object_id == str(decision.pk)
    assert entry.after["classification_changes"][:1] == [{"number": "34", "before": "LMP2 P2", "after": "LMP2 P1"}]
    decision_withdraw(decision=decision, user=world.aco_steward, reason="Data error")
    withdrawn = AuditEntry.objects.get(action="results.decision.withdrawn")
    assert withdrawn.before["status"] == "active" and withdrawn.after["status"] == "withdrawn"
    assert withdrawn.reason == "Data error"


def recalculations(callbacks: list[Any]) -> int:
    """How many standings recalculations a (captured) transaction sends on commit."""
    from results.standings.services import _Recalculation

    return sum(isinstance(callback, _Recalculation) for callback in callbacks)


def test_it_marks_the_season_dirty_once_per_decision(
    elms: Elms, world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as confirming:
        version = upload(elms, world.aco_steward)
    # Standings read published versions only: confirming an unpublished one recalculates nothing.
    assert recalculations(confirming) == 0
    with django_capture_on_commit_callbacks(execute=True) as publishing:
        classification_publish(version=version, user=world.aco_steward, status="provisional")
    assert recalculations(publishing) == 1

    with django_capture_on_commit_callbacks(execute=True) as recording:
        decision = record(elms, world.aco_steward, "1", "46", Penalty(PenaltyKind.TIME, "x", time_added_ms=1000))
    with django_capture_on_commit_callbacks(execute=True) as amending:
        decision = decision_amend(
            decision=decision,
            user=world.aco_steward,
            number="2",
            penalty=Penalty(PenaltyKind.TIME, "x", time_added_ms=2000),
            reason="appeal",
        )
    with django_capture_on_commit_callbacks(execute=True) as withdrawing:
        decision_withdraw(decision=decision, user=world.aco_steward, reason="appeal")
    # An amendment saves two decisions (and may amend the version): still one recalculation.
    assert [recalculations(c) for c in (recording, amending, withdrawing)] == [1, 1, 1]


def test_it_does_not_recalculate_for_a_decision_on_unpublished_results(
    elms: Elms, world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    upload(elms, world.aco_steward)
    with django_capture_on_commit_callbacks(execute=True) as recording:
        record(elms, world.aco_steward, "1", "46", Penalty(PenaltyKind.TIME, "x", time_added_ms=1000))
    assert recalculations(recording) == 0


def test_it_refuses_bad_decisions(elms: Elms, world: Any) -> None:
    upload(elms, world.aco_steward)
    with pytest.raises(ValidationError) as caught:
        record(elms, world.aco_steward, "1", "46", Penalty(PenaltyKind.TIME, "x"))
    assert "time_added_ms" in caught.value.message_dict
    with pytest.raises(ValidationError):
        record(elms, world.aco_steward, "1", "46", Penalty(PenaltyKind.CLASS_CHANGE, "x"))
    record(elms, world.aco_steward, "1", "46", Penalty(PenaltyKind.DSQ, "x"))
    with pytest.raises(ValidationError) as caught:
        record(elms, world.aco_steward, "1", "34", Penalty(PenaltyKind.DSQ, "x"))
    assert "already exists" in str(caught.value)


@pytest.mark.parametrize("persona", ["sro_staff", "team_manager", "outsider"])
def test_it_refuses_decisions_from_outside_the_series(elms: Elms, world: Any, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        record(elms, getattr(world, persona), "1", "46", Penalty(PenaltyKind.DSQ, "x"))
    assert not Decision.objects.exists()


def test_it_refuses_a_decision_on_a_car_not_in_the_classification(elms: Elms, world: Any) -> None:
    absent = EntryFactory(
        season=elms.season, number="999", racing_class=elms.classes["GTC"], status="accepted", car_model=None
    )
    # Before any upload (decisions taken during the race) there is nothing to check against.
    record(elms, world.aco_steward, "1", "46", Penalty(PenaltyKind.TIME, "x", time_added_ms=1000))
    upload(elms, world.aco_steward, choices={"missing:999": "withdrawn"})
    with pytest.raises(ValidationError) as caught:
        decision_record(
            race=elms.race,
            user=world.aco_steward,
            number="2",
            entry=absent,
            penalty=Penalty(PenaltyKind.DSQ, "x"),
        )
    assert caught.value.message_dict["entry"] == ["Car #999 is not in the classification of this race (version 1)."]
    assert list(Decision.objects.values_list("number", flat=True)) == ["1"]


def test_it_moves_a_car_to_a_class_with_no_car_of_its_own(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    empty = RacingClassFactory(season=elms.season, code="LMP3", order=9)
    record(elms, world.aco_steward, "5", "46", Penalty(PenaltyKind.CLASS_CHANGE, "x", new_class=empty))
    row = derived(version, "46")
    assert (row.class_code, row.class_position, row.status) == ("LMP3", 1, "classified")
    assert lmp2(version)[:2] == ["34", "43"]


def test_it_needs_an_active_decision_and_a_reason_to_amend_or_withdraw(elms: Elms, world: Any) -> None:
    upload(elms, world.aco_steward)
    decision = record(elms, world.aco_steward, "1", "46", Penalty(PenaltyKind.DSQ, "x"))
    with pytest.raises(ValidationError) as caught:
        decision_withdraw(decision=decision, user=world.aco_steward, reason=" ")
    assert caught.value.message_dict == {"reason": ["Say why the decision is withdrawn."]}
    decision_withdraw(decision=decision, user=world.aco_steward, reason="Appeal upheld")
    for act in (
        lambda: decision_withdraw(decision=decision, user=world.aco_steward, reason="again"),
        lambda: decision_amend(
            decision=decision, user=world.aco_steward, number="2", penalty=Penalty(PenaltyKind.EX, "x"), reason="r"
        ),
    ):
        with pytest.raises(ValidationError, match="Decision 1 is withdrawn; only an active one can be"):
            act()


def test_it_says_when_a_history_import_has_no_laps_or_time_to_penalise(elms: Elms, world: Any) -> None:
    rows = [
        dataclasses.replace(r, laps=None, total_time_ms=None, best_lap_ms=None, gap_first="")
        for r in parse_classification(silverstone_bytes(), "x.csv").rows
    ]
    version = upload(elms, world.aco_steward, data=write_template_csv(rows), filename="history.csv")
    with pytest.raises(ValidationError) as caught:
        record(elms, world.aco_steward, "1", "46", Penalty(PenaltyKind.LAPS, "x", laps_deducted=1))
    assert caught.value.message_dict == {
        "laps_deducted": ["The version 1 gives no laps for car #46; laps cannot be deducted."]
    }
    with pytest.raises(ValidationError) as caught:
        record(elms, world.aco_steward, "1", "46", Penalty(PenaltyKind.DRIVE_THROUGH, "x", time_added_ms=60_000))
    assert list(caught.value.message_dict) == ["time_added_ms"]
    # A position drop needs no laps: the uploaded order is moved.
    record(elms, world.aco_steward, "1", "46", Penalty(PenaltyKind.POSITION_DROP, "x", positions_dropped=1))
    assert lmp2(version)[:2] == ["34", "46"]
