"""The pure standings engine: whole season in, every table after every round out.

No Django, no I/O. Standings are recomputed from scratch each time (DESIGN.md 4), so
the same input always gives the same rows in the same order, and an adjustment can
never be applied twice.

Conventions (documented choices where the rules leave room):
- A championship is a class, or a (class, cup) pair for every cup seen. A car's
  "rank" in a race is its place among the classified cars that take part in that
  championship (eligible ones, or all when guests score): it gives the points, the
  countback and the per-race results string, so all three always agree.
- Ineligible cars (guests) are left out of the championship entirely when guests do
  not score: no points, no points position, no pole point, not in the table.
- A race's ``rules`` override scale/beyond_scale/pole/guests_score; drops, tie-break and
  team scoring come from the season rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from . import countback
from .breakdown import AppliedAdjustment, Breakdown, RaceBreakdown, counted_flags
from .countback import Contender, Placing, place_counts
from .types import Adjustment, PointsRules, RaceInput, RaceResult, SeasonInput, StandingRow

STATUS_TOKENS = {"nc": "NC", "dnf": "Ret", "dns": "DNS", "dsq": "DSQ", "ex": "EX"}
NOT_IN_RACE = "-"
NO_RANK = 10**9  # sorts after any real rank


@dataclass(frozen=True, order=True)
class _Scope:
    class_code: str
    cup_code: str  # "" = the class championship


@dataclass(frozen=True)
class _CarScore:
    """One car in one race, within one championship."""

    row: RaceResult
    rank: int | None
    token: str
    race_points: Decimal
    pole_points: Decimal

    @property
    def points(self) -> Decimal:
        return self.race_points + self.pole_points


@dataclass(frozen=True)
class _Part:
    """One competitor's race within one championship."""

    race_index: int
    key: str
    name: str
    number: str
    token: str
    race_points: Decimal
    pole_points: Decimal
    ranks: tuple[int, ...]  # ranks feeding countback (several for best-N-cars teams)
    note: str = ""

    @property
    def points(self) -> Decimal:
        return self.race_points + self.pole_points


_ChampionshipKey = tuple[str, _Scope]
_AdjustmentIndex = dict[tuple[str, str, str, str], list[Adjustment]]


def compute_standings(season: SeasonInput) -> list[StandingRow]:
    """Every championship table after every round, ordered by round, championship
    ("drivers" before "teams"), class, cup, position, competitor key."""
    season.validate()
    races = sorted(season.races, key=lambda race: (race.round, race.race_id))
    parts = _participations(races, season.rules)
    adjustments = _index_adjustments(season.adjustments)
    rows: list[StandingRow] = []
    for after_round in sorted({race.round for race in races}):
        # Several races may share a round (two races per event): all are included.
        race_count = sum(1 for race in races if race.round <= after_round)
        for championship in sorted(parts):
            rows.extend(
                _table(
                    after_round,
                    championship,
                    parts[championship],
                    races[:race_count],
                    adjustments,
                    season.rules,
                )
            )
    return rows


# --- race scoring -------------------------------------------------------------------


def _number_key(number: str) -> tuple[int, int, str]:
    """Natural order of car numbers: 3 before 29 before 'A1'."""
    return (0, int(number), number) if number.isdecimal() else (1, 0, number)


def _takes_part(row: RaceResult, rules: PointsRules) -> bool:
    # A guest is classified but, unless guests score, outside the championship: it
    # takes no points position, so the next eligible car inherits its points.
    return row.eligible or rules.guests_score


def _in_scope(row: RaceResult, scope: _Scope) -> bool:
    return row.class_code == scope.class_code and (not scope.cup_code or row.cup_code == scope.cup_code)


def _race_scopes(race: RaceInput, rules: PointsRules) -> list[_Scope]:
    rows = [row for row in race.rows if _takes_part(row, rules)]
    scopes = {_Scope(row.class_code, "") for row in rows}
    scopes |= {_Scope(row.class_code, row.cup_code) for row in rows if row.cup_code}
    return sorted(scopes)


def _pole_number(race: RaceInput, scope: _Scope) -> str | None:
    by_scope = {(pole.class_code, pole.cup_code): pole.number for pole in race.poles}
    if scope.cup_code and (scope.class_code, scope.cup_code) in by_scope:
        return by_scope[(scope.class_code, scope.cup_code)]
    # Without an explicit cup pole the class pole counts in its own cup too (poles.csv
    # names only the class pole); a class pole car from another cup gives nobody it.
    return by_scope.get((scope.class_code, ""))


def _race_points(rules: PointsRules, factor: Decimal, place: int | None) -> Decimal:
    if place is None:
        return Decimal(0)  # nc/dnf/dns/dsq/ex: only classified cars score race points
    base = rules.scale[place - 1] if place <= len(rules.scale) else rules.beyond_scale
    return base * factor  # half points: 0.5 beyond the scale becomes 0.25


def _pole_points(rules: PointsRules, row: RaceResult, pole_number: str | None) -> Decimal:
    # The pole car keeps its point if it retires, is not classified or does not start
    # (ACO), but loses it when disqualified or excluded. The points factor is NOT
    # applied: it sanctions a shortened race, while qualifying ran in full.
    if row.number != pole_number or row.status in {"dsq", "ex"}:
        return Decimal(0)
    return rules.pole


def _score_scope(race: RaceInput, rules: PointsRules, scope: _Scope) -> list[_CarScore]:
    cars = sorted(
        (row for row in race.rows if _in_scope(row, scope) and _takes_part(row, rules)),
        key=lambda row: _number_key(row.number),
    )
    classified = sorted(
        (row for row in cars if row.status == "classified"),
        key=lambda row: (row.class_position or 0, _number_key(row.number)),
    )
    # Re-ranking (rather than trusting class_position) is what re-ranks a cup within
    # its class and lets points pass down past guests.
    ranks = {row.number: place for place, row in enumerate(classified, start=1)}
    pole = _pole_number(race, scope)
    scores: list[_CarScore] = []
    for row in cars:
        place = ranks.get(row.number)
        token = str(place) if place is not None else STATUS_TOKENS[row.status]
        scores.append(
            _CarScore(
                row,
                place,
                token,
                _race_points(rules, race.points_factor, place),
                _pole_points(rules, row, pole),
            )
        )
    return scores


# --- competitors of a race ----------------------------------------------------------


def _participations(races: Sequence[RaceInput], season_rules: PointsRules) -> dict[_ChampionshipKey, list[_Part]]:
    parts: dict[_ChampionshipKey, list[_Part]] = defaultdict(list)
    for index, race in enumerate(races):
        rules = race.rules or season_rules
        for scope in _race_scopes(race, rules):
            cars = _score_scope(race, rules, scope)
            parts[("drivers", scope)].extend(_driver_parts(index, cars))
            parts[("teams", scope)].extend(_team_parts(index, cars, season_rules))
    return dict(parts)


def _car_part(index: int, car: _CarScore, key: str, name: str) -> _Part:
    ranks = (car.rank,) if car.rank is not None else ()
    fields = (car.row.number, car.token, car.race_points, car.pole_points, ranks)
    return _Part(index, key, name, *fields)


def _driver_part(index: int, car: _CarScore, scores: bool, key: str, name: str) -> _Part:
    part = _car_part(index, car, key, name)
    if scores:
        return part
    # Drove but may not score (e.g. minimum drive time missed): the result is shown,
    # no points, and the finish does not count in countback since it earned nothing.
    zero, note = Decimal(0), "drove but does not score"
    return replace(part, race_points=zero, pole_points=zero, ranks=(), note=note)


def _better(a: _Part, b: _Part) -> bool:
    return (a.points, -min(a.ranks, default=NO_RANK)) > (b.points, -min(b.ranks, default=NO_RANK))


def _driver_parts(index: int, cars: Iterable[_CarScore]) -> list[_Part]:
    best: dict[str, _Part] = {}
    for car in cars:
        for driver in car.row.drivers:
            part = _driver_part(index, car, driver.scores, driver.key, driver.name)
            current = best.get(driver.key)
            # A driver listed in two cars of one race scores once: the better result.
            if current is None or _better(part, current):
                best[driver.key] = part
    return [best[key] for key in sorted(best)]


def _team_parts(index: int, cars: Sequence[_CarScore], rules: PointsRules) -> list[_Part]:
    if rules.team_scoring == "per_car":
        # ACO: each car number is a team entry of its own.
        return [_car_part(index, car, car.row.number, car.row.team_name) for car in cars]
    by_team: dict[str, list[_CarScore]] = defaultdict(list)
    for car in cars:
        by_team[car.row.team_key].append(car)
    return [_best_cars_part(index, key, team_cars, rules.team_best_n) for key, team_cars in sorted(by_team.items())]


def _best_cars_part(index: int, key: str, cars: Sequence[_CarScore], best_n: int) -> _Part:
    # GTWC Asia: a team scores with its best N cars of each race.
    ordered = sorted(cars, key=lambda c: (-c.points, c.rank or NO_RANK, _number_key(c.row.number)))
    counted, ignored = ordered[:best_n], ordered[best_n:]
    note = "cars counted: " + ", ".join(f"#{car.row.number}" for car in counted)
    if ignored:
        note += "; not counted: " + ", ".join(f"#{car.row.number}" for car in ignored)
    return _Part(
        index,
        key,
        counted[0].row.team_name,
        "/".join(car.row.number for car in counted),
        "/".join(car.token for car in counted),
        sum((car.race_points for car in counted), Decimal(0)),
        sum((car.pole_points for car in counted), Decimal(0)),
        tuple(car.rank for car in counted if car.rank is not None),
        note,
    )


# --- one table ----------------------------------------------------------------------


def _index_adjustments(adjustments: Iterable[Adjustment]) -> _AdjustmentIndex:
    index: _AdjustmentIndex = defaultdict(list)
    for adj in adjustments:
        index[(adj.championship, adj.class_code, adj.cup_code, adj.competitor_key)].append(adj)
    return dict(index)


def _status(adjustments: Sequence[Adjustment]) -> str:
    kinds = {adj.kind for adj in adjustments}
    if "excluded" in kinds:
        return "excluded"
    return "disqualified" if "disqualified" in kinds else ""


def _display_number(championship: str, parts: Sequence[_Part], team_scoring: str) -> str:
    if championship == "teams" and team_scoring == "best_n_cars":
        numbers = {n for part in parts for n in part.number.split("/")}
        return "/".join(sorted(numbers, key=_number_key))
    return parts[-1].number  # drivers: the car last driven; per-car teams: the car


def _race_breakdowns(
    parts: Sequence[_Part], flags: Sequence[bool], races: Sequence[RaceInput]
) -> tuple[RaceBreakdown, ...]:
    return tuple(
        RaceBreakdown(
            races[p.race_index].round,
            races[p.race_index].race_id,
            races[p.race_index].label,
            p.number,
            p.token,
            p.race_points,
            p.pole_points,
            kept,
            p.note,
        )
        for p, kept in zip(parts, flags, strict=True)
    )


def _unranked_row(
    after_round: int,
    championship_key: _ChampionshipKey,
    parts: Sequence[_Part],
    races: Sequence[RaceInput],
    adjustments: Sequence[Adjustment],
    rules: PointsRules,
) -> StandingRow:
    """A competitor's line with everything but the position and the tie-break."""
    championship, scope = championship_key
    flags = counted_flags([part.points for part in parts], rules.best_results)
    counted = sum((p.points for p, kept in zip(parts, flags, strict=True) if kept), Decimal(0))
    status = _status(adjustments)
    deductions = sum((a.points for a in adjustments if a.kind == "deduction"), Decimal(0))
    # Excluded: loses every point. Disqualified: keeps them (ranked after the others).
    total = Decimal(0) if status == "excluded" else counted - deductions
    tokens = {part.race_index: part.token for part in parts}
    # Dropped results still count in countback: they were still finishes.
    places = place_counts(place for part in parts for place in part.ranks)
    breakdown = Breakdown(
        races=_race_breakdowns(parts, flags, races),
        counted_points=counted,
        dropped_points=sum((p.points for p in parts), Decimal(0)) - counted,
        adjustments=tuple(AppliedAdjustment(a.kind, a.points, a.after_round, a.reason) for a in adjustments),
        total=total,
        status=status,
        countback=places,
        tie_break="",
    )
    return StandingRow(
        after_round=after_round,
        championship=championship,
        class_code=scope.class_code,
        cup_code=scope.cup_code,
        competitor_key=parts[0].key,
        competitor_name=parts[-1].name,  # names vary between events: the latest wins
        number=_display_number(championship, parts, rules.team_scoring),
        position=0,
        points=total,
        results=" ".join(tokens.get(i, NOT_IN_RACE) for i in range(len(races))),
        wins=places[0] if places else 0,
        tied=False,
        status=status,
        breakdown=breakdown,
    )


def _table(
    after_round: int,
    championship_key: _ChampionshipKey,
    parts: Sequence[_Part],
    races: Sequence[RaceInput],
    adjustments: _AdjustmentIndex,
    rules: PointsRules,
) -> list[StandingRow]:
    championship, scope = championship_key
    by_key: dict[str, list[_Part]] = defaultdict(list)
    for part in parts:
        if part.race_index < len(races):
            by_key[part.key].append(part)
    unranked: dict[str, StandingRow] = {}
    for key, own_parts in by_key.items():
        in_force = [
            adj
            for adj in adjustments.get((championship, scope.class_code, scope.cup_code, key), [])
            if adj.after_round <= after_round
        ]
        unranked[key] = _unranked_row(after_round, championship_key, own_parts, races, in_force, rules)
    contenders = (
        Contender(row.competitor_key, row.competitor_name, row.points, row.status, row.breakdown.countback)
        for row in unranked.values()
    )
    rows = [_placed(unranked[p.contender.key], p) for p in countback.rank(contenders)]
    return sorted(rows, key=lambda row: (row.position, row.competitor_key))


def _placed(row: StandingRow, placing: Placing) -> StandingRow:
    breakdown = replace(row.breakdown, tie_break=placing.tie_break)
    return replace(row, position=placing.position, tied=placing.tied, breakdown=breakdown)
