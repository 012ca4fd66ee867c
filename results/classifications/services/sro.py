"""SRO files in a season: the file's `Class` column names cups, the season names the one class.

The pure reader (parsing.sro) reads the cup as written; here it meets the season's class and
cups (parsing.sro.resolve_cups says how each spelling was read), for the race upload and for the
qualifying upload alike.
"""

from __future__ import annotations

import dataclasses

from django.db.models import Q

from championships.models import Cup, RacingClass
from entries.models import Entry, EntryKind
from results.classifications.parsing import ClassificationFileError, ParsedClassification
from results.classifications.parsing.qualifying import ParsedQualifying
from results.classifications.parsing.sro import SeasonCup, cup_key, is_guest_row, resolve_cups
from results.classifications.parsing.sro_qualifying import SroParsedQualifying


def season_class_and_cups(season_id: int) -> tuple[str, list[SeasonCup]]:
    """The season's one class and its cups; an SRO file cannot be placed in a season of several classes."""
    ordered = RacingClass.objects.filter(season_id=season_id).order_by("order", "code")
    classes = list(ordered.values_list("code", flat=True))
    if len(classes) != 1:
        listed = ", ".join(classes) or "none"
        raise ClassificationFileError.file_level(
            "an SRO results file names only cups (its Class column), so the season must have exactly one "
            f"class for its cars; this season has {len(classes)} ({listed})"
        )
    in_class = Q(racing_class__isnull=True) | Q(racing_class__code=classes[0])
    cups = Cup.objects.filter(in_class, season_id=season_id).order_by("order", "code").values_list("code", "name")
    return classes[0], [SeasonCup(code, name) for code, name in cups]


def sro_in_season(parsed: ParsedClassification, season_id: int) -> ParsedClassification:
    """An SRO classification with its cars in the season's class and cups (other formats unchanged)."""
    if parsed.format != "sro":
        return parsed
    class_code, cups = season_class_and_cups(season_id)
    resolved = resolve_cups(parsed, class_code, cups)
    return dataclasses.replace(resolved, warnings=(*resolved.warnings, *_guest_warnings(resolved, season_id)))


def _guest_warnings(parsed: ParsedClassification, season_id: int) -> list[str]:
    """Invitational cars entered as full-season entries would score: the steward should know before confirming."""
    invited = {row.number: row.row_number for row in parsed.rows if is_guest_row(row)}
    scoring = Entry.objects.filter(season_id=season_id, number__in=invited, kind=EntryKind.FULL_SEASON)
    return [
        f"row {invited[number]}: car #{number} is Invitational in the file but a full-season entry here, "
        "so it scores; staff make it a guest entry if it should not"
        for number in sorted(scoring.values_list("number", flat=True), key=lambda n: (len(n), n))
    ]


def sro_qualifying_in_season(parsed: ParsedQualifying, season_id: int) -> ParsedQualifying:
    """An SRO qualifying with every timed car in the season's one class (its pole is the fastest car).

    Invitational cars are left out of the class: a guest does not take the pole point from a
    car of the championship.
    """
    if not isinstance(parsed, SroParsedQualifying):
        return parsed
    class_code, _ = season_class_and_cups(season_id)
    rows = tuple(
        dataclasses.replace(row, class_code=class_code)
        for row in parsed.rows
        if cup_key(row.class_code) != "invitational"
    )
    return dataclasses.replace(parsed, rows=rows)
