"""The parts of `import_season` for SRO seasons: the cups of `[cups]`, and qualifying sessions that
each set their own race (`qualifying_sets = "own_race"`: Qualifying 1 sets race 1, Qualifying 2 race 2).

Writes go through the same services as the rest of the import (poles: `pole_set`, audited); what
the admin writes without a service (cups) is noted in the import's audit record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from championships.models import Cup, Race, RacingClass, Season
from results.classifications.classify import raced_cup
from results.classifications.models import ResultRow
from results.classifications.parsing import ClassificationFileError
from results.classifications.parsing.qualifying import ParsedQualifying, QualifyingRow, parse_qualifying
from results.classifications.qualifying_models import PoleSource, RacePole
from results.classifications.services import derivation
from results.classifications.services.poles import pole_set
from results.classifications.services.sro import sro_qualifying_in_season
from results.classifications.services.uploads import latest_version, storage_limits
from results.season_bundle import Bundle, BundleError

if TYPE_CHECKING:
    from results.season_import import ImportReport


def import_cups(season: Season, bundle: Bundle, report: ImportReport) -> None:
    """The cups `[cups]` declares, in their class and order (codes and names as written)."""
    for class_code, names in bundle.cups.items():
        racing_class = RacingClass.objects.get(season=season, code=class_code)
        for order, name in enumerate(names):
            wanted = {"name": name, "racing_class": racing_class, "order": order}
            cup, created = Cup.objects.get_or_create(season=season, code=name, defaults=wanted)
            if created:
                report.note(f"cup {name} created in class {class_code}")
                continue
            changed = [field for field, value in wanted.items() if getattr(cup, field) != value]
            if changed:
                for field in changed:
                    setattr(cup, field, wanted[field])
                cup.save(update_fields=changed)
                report.note(f"cup {name}: {', '.join(changed)}")


def import_own_race_qualifying(bundle: Bundle, races: dict[int, Race], user: Any, report: ImportReport) -> None:
    """Each qualifying/R<round>.csv sets the poles of race <round> only: the class pole (best lap
    of the session) and each cup's (the cup's best car), as series stewards would record them.

    A car the file lists that the race does not enter is refused with file, row and column, as the
    import refuses it for other qualifying files.
    """
    for session in sorted(bundle.qualifying, key=lambda session: (session.round, session.filename)):
        round_no, filename, data = session.round, session.filename, session.data
        where = f"qualifying/{filename}"
        race = races[round_no]
        try:
            parsed = sro_qualifying_in_season(parse_qualifying(data, filename, storage_limits()), race.season_id)
        except ClassificationFileError as exc:
            raise BundleError([f"{where}: {problem}" for problem in exc.errors]) from exc
        entries = {entry.number: entry for entry in derivation.entry_list(race)}
        missing = [
            f"{where} row {row.row_number}: car {row.number} is not on the accepted entry list of {race}"
            for row in parsed.rows
            if row.number not in entries
        ]
        if missing:
            raise BundleError(missing)
        before = _poles(race)
        reason = f"From {where} of the season bundle"
        for row in parsed.pole_rows().values():
            class_code = entries[row.number].class_code
            _set(user, race, class_code, row.number, "", reason)
        for cup_code, row in _cup_poles(parsed, _raced_cups(race)).items():
            _set(user, race, entries[row.number].class_code, row.number, cup_code, reason)
        if _poles(race) != before:
            report.qualifying_rounds.append(round_no)
            report.qualifying_files.append(filename)


def _set(user: Any, race: Race, class_code: str, number: str, cup_code: str, reason: str) -> None:
    pole_set(
        actor=user,
        race=race,
        class_code=class_code,
        number=number,
        cup_code=cup_code,
        source=PoleSource.QUALIFYING,
        reason=reason,
    )


def _poles(race: Race) -> set[tuple[str, str, str, str]]:
    return set(RacePole.objects.filter(race=race).values_list("class_code", "cup_code", "number", "source"))


def _raced_cups(race: Race) -> dict[str, str]:
    """Car number → the cup it raced in at this race (its classification's word, else its entry's).

    Why from the race: the engine refuses a cup pole whose car is not in that cup at the race.
    """
    version = latest_version(race)
    if version is None:
        return {entry.number: entry.cup_code for entry in derivation.entry_list(race)}
    rows = ResultRow.objects.filter(version=version).values_list("number", "entry__cup__code", "cup_code")
    return {number: raced_cup(entry_cup or "", row_cup) for number, entry_cup, row_cup in rows}


def _cup_poles(parsed: ParsedQualifying, cups: dict[str, str]) -> dict[str, QualifyingRow]:
    """Cup → its car with the best time of the session (the first printed on a tie)."""
    best: dict[str, QualifyingRow] = {}
    for row in sorted(parsed.rows, key=lambda r: r.position):
        cup = cups.get(row.number, "")
        if not cup or row.best_lap_ms is None:
            continue
        held = best.get(cup)
        if held is None or (held.best_lap_ms is not None and row.best_lap_ms < held.best_lap_ms):
            best[cup] = row
    return best
