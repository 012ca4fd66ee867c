"""Scoring of each race, once: who takes part in which championship, with which result.

A championship is a class, or a (class, cup) pair for every cup seen. A car's "rank" in a
race is its place among the classified cars that take part in that championship (eligible
ones, or all when guests score): it gives the points, the countback places and the results
token, so all three always agree.

An extra championship (``ExtraChampionship``) is scored the same way over the cars it admits in
the races of its rounds, as one table of its own: its name with no class or cup (``WHOLE``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from .breakdown import RaceScore
from .keys import CompetitorKey
from .types import ExtraChampionship, RaceInput, RaceResult, ScoringRules

STATUS_TOKENS = {"nc": "NC", "dnf": "Ret", "dns": "DNS", "dsq": "DSQ", "ex": "EX"}
NO_RANK = 10**9  # sorts after any real rank
ZERO = Decimal(0)


@dataclass(frozen=True, order=True)
class Scope:
    class_code: str
    cup_code: str  # "" = the class championship


# An extra championship is one table of its own: its name is the championship, with no class or cup.
WHOLE = Scope("", "")


ChampionshipKey = tuple[str, Scope]  # ("drivers" | "teams", scope)


class Part(NamedTuple):
    """One competitor's race within one championship (a tuple: there are thousands)."""

    race_index: int
    key: CompetitorKey
    name: str
    score: RaceScore


class _CarScore(NamedTuple):
    """One car in one race, within one championship; ``score`` is shared by the car's
    team entry and every driver of the crew who may score (it is immutable)."""

    row: RaceResult
    rank: int | None
    points: Decimal
    score: RaceScore


def number_key(number: str) -> tuple[int, int, str]:
    """Natural order of car numbers: 3 before 29 before 'A1'."""
    return (0, int(number), number) if number.isdecimal() else (1, 0, number)


def participations(
    races: Sequence[RaceInput], season_rules: ScoringRules, extras: Sequence[ExtraChampionship] = ()
) -> dict[ChampionshipKey, list[Part]]:
    """Every competitor's race in every championship, in race order (``races`` sorted)."""
    parts: dict[ChampionshipKey, list[Part]] = defaultdict(list)
    for index, race in enumerate(races):
        rules = race.rules or season_rules
        for scope, rows in _race_scopes(race, rules):
            cars = _score_scope(race, rules, scope, rows, _pole_taker(race, scope, rows, rules))
            parts[("drivers", scope)].extend(_driver_parts(index, cars))
            parts[("teams", scope)].extend(_team_parts(index, race, cars, season_rules))
        poles = {(pole.class_code, pole.cup_code): pole.number for pole in race.poles}
        for extra in extras:
            if not extra.counts(race.round):
                continue
            # A class that does not score at this race scores nothing in a championship over it either.
            rows = [
                row
                for row in race.rows
                if _takes_part(row, rules) and extra.admits(row) and row.class_code not in rules.non_scoring_classes
            ]
            if not rows:
                continue
            extra_pole = _extra_pole(poles, extra, rows)
            pole_taker = _PoleTaker(extra_pole) if extra_pole is not None else None
            cars = _score_scope(race, rules, WHOLE, rows, pole_taker, overall=True)
            key = (extra.name, WHOLE)
            if extra.competitors == "drivers":
                parts[key].extend(_driver_parts(index, cars))
            else:
                parts[key].extend(_team_parts(index, race, cars, season_rules))
    return dict(parts)


def _extra_pole(poles: dict[tuple[str, str], str], extra: ExtraChampionship, rows: Sequence[RaceResult]) -> str | None:
    """The pole of its first class (of its first cup without classes), if that car takes part.

    Why the first one only: a class pole is a class's honour, and the pole of the fastest class
    (listed first) is the pole of a merged field; a pole car outside the championship (a guest,
    an entrant not on its list) gives nobody the point, as in a class table.
    """
    taking_part = {row.number for row in rows}
    if extra.classes:
        number = poles.get((extra.classes[0], ""))
    elif extra.cups:
        cup = extra.cups[0]
        number = next((n for (_, cup_code), n in sorted(poles.items()) if cup_code == cup), None)
        if number is None:  # without a cup pole, the class pole car of that cup
            cup_rows = {row.number for row in rows if row.cup_code == cup}
            number = next((n for (_, c), n in sorted(poles.items()) if not c and n in cup_rows), None)
    else:
        return None  # every class together: no one pole of the whole field is known
    return number if number in taking_part else None


def _takes_part(row: RaceResult, rules: ScoringRules) -> bool:
    # A guest is classified but, unless guests score, outside the championship: it
    # takes no points position, so the next eligible car inherits its points.
    return row.eligible or rules.guests_score


def _race_scopes(race: RaceInput, rules: ScoringRules) -> list[tuple[Scope, list[RaceResult]]]:
    """Each championship the race counts for, with the cars of the race taking part in it."""
    by_scope: dict[Scope, list[RaceResult]] = defaultdict(list)
    for row in race.rows:
        if _takes_part(row, rules):
            by_scope[Scope(row.class_code, "")].append(row)
            if row.cup_code:
                by_scope[Scope(row.class_code, row.cup_code)].append(row)
    return sorted(by_scope.items(), key=lambda item: item[0])


class _PoleTaker(NamedTuple):
    number: str
    passed_from: str = ""  # the pole car that may not score, when the point was passed on


def _pole_taker(race: RaceInput, scope: Scope, rows: Sequence[RaceResult], rules: ScoringRules) -> _PoleTaker | None:
    poles = {(pole.class_code, pole.cup_code): pole for pole in race.poles}
    # Without an explicit cup pole the class pole counts in its own cup too (poles.csv
    # names only the class pole); a class pole car from another cup gives nobody it.
    pole = poles.get((scope.class_code, scope.cup_code)) if scope.cup_code else None
    pole = pole or poles.get((scope.class_code, ""))
    if pole is None:
        return None
    taking_part = {row.number for row in rows}
    if pole.number in taking_part or not rules.pole_to_best_eligible:
        return _PoleTaker(pole.number)
    pole_row = next((row for row in race.rows if row.number == pole.number), None)
    if pole_row is None or _takes_part(pole_row, rules) or (scope.cup_code and pole_row.cup_code != scope.cup_code):
        return _PoleTaker(pole.number)  # another cup's car: nobody here takes its point
    # The pole car may not score (a guest, not eligible): the best car of the session that may.
    heir = next((number for number in pole.order if number in taking_part), None)
    return _PoleTaker(heir, passed_from=pole.number) if heir is not None else None


def _race_points(rules: ScoringRules, factor: Decimal, place: int | None) -> Decimal:
    if place is None:
        return ZERO  # nc/dnf/dns/dsq/ex: only classified cars score race points
    base = rules.scale[place - 1] if place <= len(rules.scale) else rules.beyond_scale
    return base * factor  # half points: 0.5 beyond the scale becomes 0.25


def _pole_points(rules: ScoringRules, row: RaceResult, pole: _PoleTaker | None) -> Decimal:
    # The pole car keeps its point if it retires, is not classified or does not start
    # (ACO); disqualified or excluded from the race, it keeps it too unless the season's
    # rule says otherwise (qualifying is a session of its own). The points factor is NOT
    # applied: it sanctions a shortened race, while qualifying ran in full.
    if pole is None or row.number != pole.number:
        return ZERO
    if row.status in {"dsq", "ex"} and not rules.disqualified_keeps_pole:
        return ZERO
    return rules.pole


def _score_scope(
    race: RaceInput,
    rules: ScoringRules,
    scope: Scope,
    rows: Iterable[RaceResult],
    pole: _PoleTaker | None,
    overall: bool = False,
) -> list[_CarScore]:
    cars = sorted(rows, key=lambda row: number_key(row.number))
    # A class that races but does not score at this race: its results are shown, worth nothing.
    scores_here = scope.class_code not in rules.non_scoring_classes
    classified = sorted(
        (row for row in cars if row.status == "classified"),
        key=_overall_order(race, cars) if overall else _class_order,
    )
    # Re-ranking (rather than trusting class_position) is what re-ranks a cup within
    # its class and lets points pass down past guests.
    ranks = {row.number: place for place, row in enumerate(classified, start=1)}
    scores: list[_CarScore] = []
    for row in cars:
        place = ranks.get(row.number)
        token = str(place) if place is not None else STATUS_TOKENS[row.status]
        race_points = _race_points(rules, race.points_factor, place) if scores_here else ZERO
        pole_points = _pole_points(rules, row, pole) if scores_here else ZERO
        places = (place,) if place is not None and scores_here else ()
        score = RaceScore(
            race.round, race.race_id, race.label, row.number, token, race_points, pole_points, places,
            _score_note(scope, row, pole, pole_points, scores_here),
        )  # fmt: skip
        scores.append(_CarScore(row, place, race_points + pole_points, score))
    return scores


def _class_order(row: RaceResult) -> tuple[int, tuple[int, int, str]]:
    return (row.class_position or 0, number_key(row.number))


def _overall_order(race: RaceInput, cars: Sequence[RaceResult]) -> Callable[[RaceResult], tuple[int, Any]]:
    """Cars of an extra championship in the order they finished the race.

    One class: its class order. Several: the overall order, which the input must then give.
    """
    classified = [row for row in cars if row.status == "classified"]
    if len({row.class_code for row in classified}) <= 1:
        return _class_order
    for row in classified:
        if row.overall_position is None:
            raise ValueError(
                f"race {race.label or race.race_id} (round {race.round}) car #{row.number}: "
                "an overall_position is needed to rank several classes together"
            )
    return lambda row: (row.overall_position or 0, number_key(row.number))


def _score_note(scope: Scope, row: RaceResult, pole: _PoleTaker | None, pole_points: Decimal, scores: bool) -> str:
    notes = [row.note] if row.note else []
    if not scores:
        notes.append(f"{scope.class_code} does not score at this race")
    if pole is not None and pole.passed_from and row.number == pole.number and pole_points:
        notes.append(f"pole point passed on from #{pole.passed_from} (may not score)")
    return "; ".join(notes)


# --- competitors of a race ----------------------------------------------------------


def _driver_score(car: _CarScore, scores: bool) -> RaceScore:
    if scores:
        return car.score
    # Drove but may not score (e.g. minimum drive time missed): the result is shown,
    # no points, and the finish does not count in countback since it earned nothing.
    s = car.score
    return RaceScore(s.round, s.race_id, s.label, s.number, s.result, ZERO, ZERO, (), "drove but does not score")


def _better(a: RaceScore, b: RaceScore) -> bool:
    return (a.points, -min(a.places, default=NO_RANK)) > (b.points, -min(b.places, default=NO_RANK))


def _driver_parts(index: int, cars: Iterable[_CarScore]) -> list[Part]:
    best: dict[CompetitorKey, Part] = {}
    for car in cars:
        for driver in car.row.drivers:
            part = Part(index, driver.key, driver.name, _driver_score(car, driver.scores))
            current = best.get(driver.key)
            # A driver listed in two cars of one race scores once: the better result.
            if current is None or _better(part.score, current.score):
                best[driver.key] = part
    return list(best.values())


def _team_parts(index: int, race: RaceInput, cars: Sequence[_CarScore], rules: ScoringRules) -> list[Part]:
    if rules.team_scoring == "per_car":
        # ACO: each car number is a team entry of its own.
        return [Part(index, CompetitorKey("car", car.row.number), car.row.team_name, car.score) for car in cars]
    by_team: dict[CompetitorKey, list[_CarScore]] = defaultdict(list)
    for car in cars:
        by_team[car.row.team_key].append(car)
    return [_best_cars_part(index, race, key, team_cars, rules.team_best_n) for key, team_cars in by_team.items()]


def _best_cars_part(index: int, race: RaceInput, key: CompetitorKey, cars: Sequence[_CarScore], best_n: int) -> Part:
    # GTWC Asia: a team scores with its best N cars of each race.
    ordered = sorted(cars, key=lambda c: (-c.points, c.rank or NO_RANK, number_key(c.row.number)))
    counted, ignored = ordered[:best_n], ordered[best_n:]
    note = "cars counted: " + ", ".join(f"#{car.row.number}" for car in counted)
    if ignored:
        note += "; not counted: " + ", ".join(f"#{car.row.number}" for car in ignored)
    score = RaceScore(
        race.round,
        race.race_id,
        race.label,
        "/".join(car.row.number for car in counted),
        "/".join(car.score.result for car in counted),
        sum((car.score.race_points for car in counted), ZERO),
        sum((car.score.pole_points for car in counted), ZERO),
        tuple(car.rank for car in counted if car.rank is not None),
        note,
    )
    return Part(index, key, counted[0].row.team_name, score)
