"""Steward decisions: recorded, amended (a new decision replaces it) or withdrawn, never edited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from championships.audit import audit_record
from championships.models import Race, RacingClass
from championships.scoping import can_steward
from championships.transitions import Transition
from entries.models import Driver, Entry
from results.classifications import classify, notifications
from results.classifications.classify import Table
from results.classifications.models import (
    ClassificationVersion,
    Decision,
    DecisionStatus,
    PenaltyKind,
    document_label,
)
from results.classifications.services import decision_checks, derivation
from results.classifications.services.decision_checks import DecisionCheck
from results.classifications.services.publishing import mark_amended

# What an active decision may become (its status afterwards) → the steward page's button.
CHANGES = {DecisionStatus.AMENDED: "Amend", DecisionStatus.WITHDRAWN: "Withdraw"}


@dataclass(frozen=True)
class Penalty:
    """What a decision imposes, as the steward gives it; the kind says which amounts it needs
    (classify.AppliedPenalty is how the derivation applies it to a car)."""

    kind: str
    offence: str
    time_added_ms: int = 0
    laps_deducted: int = 0
    positions_dropped: int = 0
    new_class: RacingClass | None = None
    driver: Driver | None = None


# The amounts each kind of penalty takes (Penalty field names); every other amount must be empty.
AMOUNTS: dict[str, tuple[str, ...]] = {
    PenaltyKind.TIME: ("time_added_ms",),
    PenaltyKind.DRIVE_THROUGH: ("time_added_ms",),
    PenaltyKind.LAPS: ("laps_deducted",),
    PenaltyKind.POSITION_DROP: ("positions_dropped",),
    PenaltyKind.CLASS_CHANGE: ("new_class",),
    PenaltyKind.DRIVER_NO_POINTS: ("driver",),
    PenaltyKind.DSQ: (),
    PenaltyKind.EX: (),
    PenaltyKind.POLE_REMOVED: (),
}
AMOUNT_LABELS = {
    "time_added_ms": "time added",
    "laps_deducted": "laps deducted",
    "positions_dropped": "places dropped",
    "new_class": "new class",
    "driver": "driver",
}
# Penalties of which a car can carry only one at a time: a second one contradicts the first.
_EXCLUSIVE: dict[str, tuple[str, ...]] = {
    PenaltyKind.DSQ: (PenaltyKind.DSQ, PenaltyKind.EX),
    PenaltyKind.EX: (PenaltyKind.DSQ, PenaltyKind.EX),
    PenaltyKind.CLASS_CHANGE: (PenaltyKind.CLASS_CHANGE,),
}


def _contradictions(penalty: Penalty) -> dict[str, str]:
    """Amounts given that the chosen kind does not take (e.g. a disqualification with 30 s added)."""
    label = PenaltyKind(penalty.kind).label
    return {
        name: f"{label} takes no {what}: clear it, or choose the penalty it belongs to."
        for name, what in AMOUNT_LABELS.items()
        if name not in AMOUNTS[penalty.kind] and getattr(penalty, name)
    }


def _clashes(race: Race, entry: Entry, penalty: Penalty) -> dict[str, str]:
    """An active decision on the car that the new one would contradict (two disqualifications...)."""
    kinds = _EXCLUSIVE.get(penalty.kind)
    if not kinds:
        return {}
    other = race.decisions.filter(entry=entry, status=DecisionStatus.ACTIVE, kind__in=kinds).first()
    if other is None:
        return {}
    return {
        "kind": f"Car #{entry.number} already has {other.get_kind_display().lower()} by {other.label}; "
        "amend that decision instead of adding another."
    }


def _validate(race: Race, entry: Entry, penalty: Penalty) -> None:
    errors: dict[str, str] = {}
    if entry.season_id != race.season_id:
        errors["entry"] = "The car is not entered in this season."
    if penalty.kind in AMOUNTS:
        errors.update(_contradictions(penalty))
        errors.update(_clashes(race, entry, penalty))
    needs = {
        PenaltyKind.TIME: ("time_added_ms", "Give the time added."),
        PenaltyKind.DRIVE_THROUGH: (
            "time_added_ms",
            "Give the time the drive-through is converted to.",
        ),
        PenaltyKind.LAPS: ("laps_deducted", "Give the number of laps deducted."),
        PenaltyKind.POSITION_DROP: ("positions_dropped", "Give the number of places dropped."),
    }
    if penalty.kind not in PenaltyKind.values:
        errors["kind"] = f"Unknown penalty '{penalty.kind}'."
    elif penalty.kind in needs and not getattr(penalty, needs[penalty.kind][0]):  # type: ignore[index]
        name, message = needs[penalty.kind]  # type: ignore[index]
        errors[name] = message
    if penalty.kind == PenaltyKind.CLASS_CHANGE:
        if penalty.new_class is None or penalty.new_class.season_id != race.season_id:
            errors["new_class"] = "Choose the class of this season the car moves to."
        elif penalty.new_class.pk == entry.racing_class_id:
            errors["new_class"] = "The car is already in this class."
    if penalty.kind == PenaltyKind.DRIVER_NO_POINTS:
        nominated = entry.nominations.filter(event_id=race.event_id, removed_at__isnull=True)
        if penalty.driver is None or not nominated.filter(driver=penalty.driver).exists():
            errors["driver"] = f"Choose a driver nominated for car #{entry.number} at this event."
    if not penalty.offence.strip():
        errors["offence"] = "Describe the offence."
    if errors:
        raise ValidationError(errors)


def _summary(race: Race) -> tuple[ClassificationVersion | None, dict[str, str]]:
    version = race.classification_versions.order_by("-version").first()
    return version, derivation.version_summary(version)


def _apply(race: Race, user: Any, decision: Decision, action: str, before: dict[str, Any], reason: str) -> None:
    """Re-derive, amend an official classification and audit (standings follow by signal)."""
    version, summary_before = _summary(race)
    derivation.rederive_race(race)
    _, summary_after = _summary(race)
    changes = derivation.diff(summary_before, summary_after)
    mark_amended(race, user, reason=f"{decision.label}: {reason}".strip())
    audit_record(
        action=action,
        actor=user,
        obj=decision,
        series=race.season.series_id,
        before=before,
        after={
            **_as_dict(decision),
            "classification_changes": [asdict(c) for c in changes],
            "version": version.version if version else None,
        },
        reason=reason,
    )
    notifications.notify_decision(decision, action.rsplit(".", 1)[-1])


def _as_dict(decision: Decision) -> dict[str, Any]:
    return {
        "number": decision.number,
        "car": decision.entry.number,
        "kind": decision.kind,
        "offence": decision.offence,
        "time_added_ms": decision.time_added_ms,
        "laps_deducted": decision.laps_deducted,
        "positions_dropped": decision.positions_dropped,
        "new_class": decision.new_class.code if decision.new_class else None,
        "driver": str(decision.driver) if decision.driver else None,
        "status": decision.status,
        "amends": decision.amends.number if decision.amends else None,
    }


def _locked_race(race_id: int, user: Any) -> Race:
    race = Race.objects.select_for_update().select_related("season").get(pk=race_id)
    if not can_steward(user, race.season.series_id):
        raise PermissionDenied
    return race


def _check_against_classification(race: Race, entry: Entry, penalty: Penalty) -> None:
    """Refuse a decision the race's latest upload cannot carry out, instead of one that changes nothing."""
    # Why: before any upload (decisions taken during the race) there is nothing to check against.
    version = race.classification_versions.order_by("-version").first()
    if version is None:
        return
    row = version.rows.filter(entry=entry).only("laps", "total_time_ms", "status").first()
    if row is None:
        raise ValidationError(
            {"entry": f"Car #{entry.number} is not in the classification of this race (version {version.version})."}
        )
    # History imports may leave laps and times blank (formats README §2); a retired car's
    # missing time is harmless, as retired cars keep the uploaded order.
    where = f"version {version.version} gives no {{}} for car #{entry.number}"
    if penalty.kind == PenaltyKind.LAPS and row.laps is None:
        raise ValidationError({"laps_deducted": f"The {where.format('laps')}; laps cannot be deducted."})
    timed = penalty.kind in (PenaltyKind.TIME, PenaltyKind.DRIVE_THROUGH)
    if timed and row.total_time_ms is None and row.status in (classify.CLASSIFIED, classify.NC):
        raise ValidationError({"time_added_ms": f"The {where.format('total time')}; time cannot be added."})


def _change_refusal(race: Race, decision: Decision, user: Any, verb: str) -> PermissionDenied | ValidationError | None:
    """Why `user` may not amend or withdraw (`verb`) the decision now, or None."""
    if not can_steward(user, race.season.series_id):
        return PermissionDenied()
    if decision.status != DecisionStatus.ACTIVE:
        return ValidationError(
            f"{decision.label} is {decision.get_status_display().lower()}; only an active one can be {verb}."
        )
    return None


def decision_transitions(*, race: Race, decision: Decision, user: Any) -> list[Transition]:
    """What `user` may do to the decision now (the steward page shows one button or form each)."""
    return [
        Transition(status, label)
        for status, label in CHANGES.items()
        if _change_refusal(race, decision, user, status) is None
    ]


def _locked_active(decision: Decision, user: Any, reason: str, verb: str) -> tuple[Race, Decision]:
    """Lock the race and the decision; only an active decision, with a reason, is amended or withdrawn."""
    race = _locked_race(decision.race_id, user)
    locked = Decision.objects.select_for_update(of=("self",)).select_related("entry", "new_class").get(pk=decision.pk)
    if (refusal := _change_refusal(race, locked, user, verb)) is not None:
        raise refusal
    if not reason.strip():
        raise ValidationError({"reason": f"Say why the decision is {verb}."})
    return race, locked


def _create(
    race: Race,
    user: Any,
    number: str,
    entry: Entry,
    penalty: Penalty,
    reason: str,
    amends: Decision | None = None,
) -> Decision:
    _validate(race, entry, penalty)
    _check_against_classification(race, entry, penalty)
    number = number.strip()
    if not number:
        raise ValidationError({"number": "Give the decision's number."})
    if race.decisions.filter(number=number).exists():
        raise ValidationError({"number": f"{document_label(number)} already exists for this race."})
    return Decision.objects.create(
        race=race,
        number=number,
        entry=entry,
        offence=penalty.offence,
        kind=penalty.kind,
        time_added_ms=penalty.time_added_ms,
        laps_deducted=penalty.laps_deducted,
        positions_dropped=penalty.positions_dropped,
        new_class=penalty.new_class,
        driver=penalty.driver,
        reason=reason,
        amends=amends,
        created_by=user,
    )


def _penalty_terms(penalty: Penalty) -> tuple[Any, ...]:
    new_class = penalty.new_class.pk if penalty.new_class else None
    driver = penalty.driver.pk if penalty.driver else None
    amounts = (penalty.time_added_ms, penalty.laps_deducted, penalty.positions_dropped)
    return (penalty.kind, penalty.offence, *amounts, new_class, driver)


def _record_terms(number: str, entry: Entry, penalty: Penalty) -> tuple[Any, ...]:
    """What the check page of a new decision shows (the fingerprint's part of the change)."""
    return ("record", number.strip(), entry.pk, _penalty_terms(penalty))


def _amend_terms(decision: Decision, number: str, penalty: Penalty) -> tuple[Any, ...]:
    return ("amend", decision.pk, number.strip(), _penalty_terms(penalty))


def _withdraw_terms(decision: Decision) -> tuple[Any, ...]:
    return ("withdraw", decision.pk)


def decision_withdraw_fingerprint(decision: Decision) -> str:
    """What the withdrawal page of an unpublished race shows (its check page carries its own)."""
    return decision_checks.fingerprint(decision.race, _withdraw_terms(decision))


def _record(race: Race, user: Any, number: str, entry: Entry, penalty: Penalty, reason: str) -> Decision:
    decision = _create(race, user, number, entry, penalty, reason)
    _apply(race, user, decision, "results.decision.recorded", {}, reason or penalty.offence)
    return decision


def _amend(race: Race, old: Decision, user: Any, number: str, penalty: Penalty, reason: str) -> Decision:
    before = _as_dict(old)
    old.status = DecisionStatus.AMENDED
    old.save(update_fields=["status"])
    new = _create(race, user, number, old.entry, penalty, reason, amends=old)
    _apply(race, user, new, "results.decision.amended", before, reason)
    return new


def _withdraw(race: Race, decision: Decision, user: Any, reason: str) -> Decision:
    before = _as_dict(decision)
    decision.status = DecisionStatus.WITHDRAWN
    decision.withdrawn_at = timezone.now()
    decision.withdrawn_reason = reason
    decision.save(update_fields=["status", "withdrawn_at", "withdrawn_reason"])
    _apply(race, user, decision, "results.decision.withdrawn", before, reason)
    return decision


@transaction.atomic
def decision_record(
    *,
    race: Race,
    user: Any,
    number: str,
    entry: Entry,
    penalty: Penalty,
    reason: str = "",
    checked: str | None = None,
) -> Decision:
    """Record a numbered decision on a car and re-derive the race's classification.

    `checked`: the fingerprint of the check page the user confirmed (decision_checks).
    """
    race = _locked_race(race.pk, user)
    decision_checks.require_checked(race, _record_terms(number, entry, penalty), checked)
    return _record(race, user, number, entry, penalty, reason)


@transaction.atomic
def decision_amend(
    *, decision: Decision, user: Any, number: str, penalty: Penalty, reason: str, checked: str | None = None
) -> Decision:
    """Replace an active decision by a new one (e.g. on appeal); the old one is kept as amended."""
    race, old = _locked_active(decision, user, reason, "amended")
    decision_checks.require_checked(race, _amend_terms(old, number, penalty), checked)
    return _amend(race, old, user, number, penalty, reason)


@transaction.atomic
def decision_withdraw(*, decision: Decision, user: Any, reason: str, checked: str | None = None) -> Decision:
    """Withdraw an active decision; the classification is re-derived without it."""
    race, decision = _locked_active(decision, user, reason, "withdrawn")
    decision_checks.require_checked(race, _withdraw_terms(decision), checked)
    return _withdraw(race, decision, user, reason)


# The check pages: the same changes carried out and rolled back (decision_checks.preview).


def decision_record_check(
    *, race: Race, user: Any, number: str, entry: Entry, penalty: Penalty, reason: str, table: Callable[..., Table]
) -> DecisionCheck:
    def apply() -> None:
        _record(_locked_race(race.pk, user), user, number, entry, penalty, reason)

    return decision_checks.preview(race, _record_terms(number, entry, penalty), apply, table)


def decision_amend_check(
    *, decision: Decision, user: Any, number: str, penalty: Penalty, reason: str, table: Callable[..., Table]
) -> DecisionCheck:
    def apply() -> None:
        race, old = _locked_active(decision, user, reason, "amended")
        _amend(race, old, user, number, penalty, reason)

    return decision_checks.preview(decision.race, _amend_terms(decision, number, penalty), apply, table)


def decision_withdraw_check(
    *, decision: Decision, user: Any, reason: str, table: Callable[..., Table]
) -> DecisionCheck:
    def apply() -> None:
        race, locked = _locked_active(decision, user, reason or "(checking)", "withdrawn")
        _withdraw(race, locked, user, reason)

    return decision_checks.preview(decision.race, _withdraw_terms(decision), apply, table)
