"""Writes of poles: the car on pole for a class (or a cup) at a race, with its audit record.

Two writers: a qualifying classification (source "qualifying", stewards or staff) and series staff
overriding it (source "staff", with a reason). A qualifying write never replaces a staff override:
the override is returned unchanged and the caller tells the steward. A qualifying session uploaded
again withdraws the poles it no longer gives (pole_withdraw), never the staff's.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from championships.audit import audit_record
from championships.models import Race
from championships.scoping import AnyUser, can_manage, can_steward
from results.classifications.qualifying_models import PoleSource, RacePole
from results.classifications.services.derivation import season_classes


def _check_writer(actor: AnyUser, race: Race, source: str, reason: str) -> None:
    if source not in PoleSource.values:
        raise ValueError(f"unknown pole source {source!r} (use {' or '.join(PoleSource.values)})")
    series = race.season.series
    if source == PoleSource.STAFF and not can_manage(actor, series.pk):
        raise PermissionDenied(f"Only the staff of {series} can set poles.")
    if source == PoleSource.QUALIFYING and not can_steward(actor, series.pk):
        raise PermissionDenied(f"Only the stewards and staff of {series} can record poles from qualifying.")
    if source == PoleSource.STAFF and not reason:
        raise ValidationError({"reason": "Give the reason for setting the pole by hand (it is kept in the audit log)."})


def _configured_class(race: Race, class_code: str) -> str:
    """The class as the season spells it ('lmp2 pro/am' → 'LMP2 Pro/Am'); unknown codes pass to the model check."""
    return season_classes(race.season_id).get(class_code.strip().casefold(), class_code.strip())


def pole_set(
    *,
    actor: AnyUser,
    race: Race,
    class_code: str,
    number: str,
    cup_code: str = "",
    reason: str = "",
    source: str = PoleSource.STAFF,
) -> RacePole:
    """Record the pole of a class (cup_code "") or a cup at a race; unchanged poles write nothing.

    Returns the stored pole: for a qualifying write over a staff override that is the override,
    unchanged (compare its `source`/`number` to report it).
    """
    reason = (reason or "").strip()
    _check_writer(actor, race, source, reason)
    number = (number or "").strip()
    class_code = _configured_class(race, class_code)
    with transaction.atomic():
        pole = RacePole.objects.select_for_update().filter(race=race, class_code=class_code, cup_code=cup_code).first()
        if pole is not None and pole.source == PoleSource.STAFF and source == PoleSource.QUALIFYING:
            return pole  # staff decided; qualifying does not undo it
        if pole is not None and pole.number == number and pole.source == source:
            return pole
        before = {"number": pole.number, "source": pole.source, "reason": pole.reason} if pole is not None else {}
        pole = pole or RacePole(race=race, class_code=class_code, cup_code=cup_code)
        pole.number, pole.source, pole.reason = number, source, reason
        # Why: the model's checks (class and cup of the season), as when staff set it in the admin.
        pole.full_clean()
        pole.save()  # the standings follow by signal
        audit_record(
            action="results.pole.set",
            actor=actor,
            obj=pole,
            series=race.season.series_id,
            before=before,
            after={
                "race": race.round,
                "class": class_code,
                "cup": cup_code,
                "number": number,
                "source": source,
                "reason": reason,
            },
            reason=reason,
        )
    return pole


def pole_clear(*, actor: AnyUser, pole: RacePole) -> None:
    """Remove a pole (nobody scores its point at that race), audited like setting one."""
    race = pole.race
    if not can_manage(actor, race.season.series_id):
        raise PermissionDenied(f"Only the staff of {race.season.series} can remove poles.")
    _delete(actor, pole, "results.pole.clear", "")


def pole_withdraw(*, actor: AnyUser, pole: RacePole, reason: str) -> None:
    """Remove a pole a qualifying file set, because its session's new file no longer gives it."""
    race = pole.race
    if pole.source != PoleSource.QUALIFYING:
        raise ValueError("only a pole from qualifying is withdrawn by qualifying; staff remove their own")
    if not can_steward(actor, race.season.series_id):
        raise PermissionDenied(f"Only the stewards and staff of {race.season.series} can record qualifying.")
    _delete(actor, pole, "results.pole.withdrawn", reason)


def _delete(actor: AnyUser, pole: RacePole, action: str, reason: str) -> None:
    race = pole.race
    with transaction.atomic():
        before = {
            "race": race.round,
            "class": pole.class_code,
            "cup": pole.cup_code,
            "number": pole.number,
            "source": pole.source,
            "reason": pole.reason,
        }
        audit_record(
            action=action, actor=actor, obj=pole, series=race.season.series_id, before=before, after={}, reason=reason
        )
        pole.delete()  # the standings follow by signal
