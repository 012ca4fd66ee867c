"""The qualifying session's order of each class, for passing a pole point on (PointsRules.pole_to_best_eligible).

Read from what the qualifying upload stores: the confirmed file itself (QualifyingUpload.source)
and the rounds whose poles it set. Only read when a season's rules ask for it: parsing the files
costs more than the rest of a recalculation's reads.
"""

from __future__ import annotations

from collections import defaultdict

from results.classifications.parsing import ClassificationFileError
from results.classifications.parsing.qualifying import ParsedQualifying, parse_qualifying
from results.standings.models import QualifyingUpload


def class_orders(parsed: ParsedQualifying) -> dict[str, tuple[str, ...]]:
    """Class (casefolded) → its cars by best lap, best first; cars without a time last, in file order.

    The same order the poles are taken from (ParsedQualifying.poles): a tie goes to the car printed first.
    """
    timed = sorted(
        (row for row in parsed.rows if row.best_lap_ms is not None), key=lambda r: (r.best_lap_ms, r.position)
    )
    untimed = sorted((row for row in parsed.rows if row.best_lap_ms is None), key=lambda r: r.position)
    orders: dict[str, list[str]] = defaultdict(list)
    for row in [*timed, *untimed]:
        orders[row.class_code.casefold()].append(row.number)
    return {class_key: tuple(numbers) for class_key, numbers in orders.items()}


def session_orders(season_id: int, race_ids: dict[int, int]) -> dict[tuple[int, str], tuple[str, ...]]:
    """(race id, class casefolded) → the class's session order, from the season's confirmed qualifying files.

    `race_ids` maps round → race id. A later confirmed file of the same event and class wins, as
    its poles did.
    """
    uploads = QualifyingUpload.objects.filter(event__season_id=season_id, confirmed_at__isnull=False).order_by(
        "confirmed_at", "id"
    )
    orders: dict[tuple[int, str], tuple[str, ...]] = {}
    for source, filename, rounds in uploads.values_list("source", "filename", "rounds"):
        try:
            parsed = parse_qualifying(bytes(source), filename)
        except ClassificationFileError:
            continue  # confirmed once, so readable; a parser made stricter since leaves the order unknown
        for class_key, numbers in class_orders(parsed).items():
            for round_number in rounds:
                if round_number in race_ids:
                    orders[(race_ids[round_number], class_key)] = numbers
    return orders
