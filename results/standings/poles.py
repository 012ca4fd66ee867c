"""Writes of poles: the car on pole for a class (or a cup) at a race, with its audit record."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from championships.audit import audit_record
from championships.models import Race
from championships.scoping import AnyUser, can_manage
from results.standings.models import RacePole


def pole_set(*, actor: AnyUser, race: Race, class_code: str, number: str, cup_code: str = "") -> RacePole:
    """Record the pole of a class (cup_code "") or a cup at a race; unchanged poles write nothing."""
    if not can_manage(actor, race.season.series_id):
        raise PermissionDenied(f"Only the staff of {race.season.series} can set poles.")
    number = (number or "").strip()
    with transaction.atomic():
        pole = RacePole.objects.select_for_update().filter(race=race, class_code=class_code, cup_code=cup_code).first()
        before = {"number": pole.number} if pole is not None else {}
        if pole is not None and pole.number == number:
            return pole
        pole = pole or RacePole(race=race, class_code=class_code, cup_code=cup_code)
        pole.number = number
        # Why: the model's checks (class and cup of the season), as when staff set it in the admin.
        pole.full_clean()
        pole.save()  # the standings follow by signal
        audit_record(
            action="results.pole.set",
            actor=actor,
            obj=pole,
            series=race.season.series_id,
            before=before,
            after={"race": race.round, "class": class_code, "cup": cup_code, "number": number},
        )
    return pole
