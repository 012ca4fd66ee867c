"""Build the pure engine's input for a season from the database (a fixed number of queries).

Flat `values_list` queries rather than model instances: this runs on every recalculation
and building thousands of model objects would cost more than the engine itself.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from championships.models import ExtraChampionship, Race
from championships.models import PointsRules as RulesRow
from entries.class_changes import ClassAt, class_at, season_class_changes
from entries.models import EntryKind
from results.classifications import qualifying_selectors, selectors
from results.classifications.classify import raced_cup
from results.classifications.models import (
    Decision,
    DecisionStatus,
    DerivedRow,
    PenaltyKind,
    ResultRowDriver,
)
from results.standings import engine
from results.standings.models import ChampionshipAdjustment


def engine_rules(row: RulesRow | None) -> engine.ScoringRules:
    """Season rules row → engine rules (a season without a rules row scores nothing)."""
    if row is None:
        return engine.ScoringRules(scale=(Decimal(0),))
    return engine.ScoringRules(
        scale=row.scale_values,
        beyond_scale=Decimal(row.beyond_scale),
        pole=Decimal(row.pole),
        best_results=row.best_results,
        tie_break=row.tie_break,
        team_scoring=row.team_scoring,
        team_best_n=max(row.team_best_n, 1),
        guests_score=row.guests_score,
        disqualified_keeps_pole=row.disqualified_keeps_pole,
        non_scoring_classes=frozenset(row.non_scoring_class_codes),
        pole_to_best_eligible=row.pole_to_best_eligible,
    )


def race_factor(override: RulesRow | None, season_rules: RulesRow | None) -> Decimal:
    """A race's points factor: its own rules' factor, else the season's (which then applies to
    every race without rules of its own: 2 doubles the season), else full points."""
    row = override or season_rules
    return Decimal(row.points_factor) if row is not None else Decimal(1)


def latest_published_version_ids(season_id: int) -> dict[int, int]:
    """Race id → id of its latest published classification version (unpublished never counts)."""
    return {race_id: v.version_id for race_id, v in selectors.latest_published_versions(season_id).items()}


@dataclass(frozen=True)
class _ScoringDecisions:
    """Active decisions that change scoring but not the classification, read in one query."""

    # (race id, entry id, driver id), e.g. minimum drive time; the entry matters for a driver
    # on double duty, who may still score with the other car.
    drivers_without_points: set[tuple[int, int, int]]
    poles_removed: set[tuple[int, str]]  # (race id, car number)


def _scoring_decisions(season_id: int) -> _ScoringDecisions:
    decisions = Decision.objects.filter(
        race__season_id=season_id,
        status=DecisionStatus.ACTIVE,
        kind__in=[PenaltyKind.DRIVER_NO_POINTS, PenaltyKind.POLE_REMOVED],
    ).values_list("kind", "race_id", "entry_id", "driver_id", "entry__number")
    found = _ScoringDecisions(set(), set())
    for kind, race_id, entry_id, driver_id, number in decisions:
        if kind == PenaltyKind.POLE_REMOVED:
            found.poles_removed.add((race_id, number))
        else:
            found.drivers_without_points.add((race_id, entry_id, driver_id))
    return found


def _drivers_by_row(version_ids: list[int], no_points: set[tuple[int, int, int]]) -> dict[int, list[engine.DriverRef]]:
    drivers: dict[int, list[engine.DriverRef]] = defaultdict(list)
    # Why a cache: a driver appears in every race of the season; one reference per driver
    # (and scoring state) instead of one per race row keeps this linear in drivers, not rows.
    refs: dict[tuple[int, bool], engine.DriverRef] = {}
    rows = (
        ResultRowDriver.objects.filter(row__version_id__in=version_ids)
        .order_by("row_id", "order")
        .values_list(
            "row_id", "row__version__race_id", "row__entry_id", "driver_id", "driver__first_name", "driver__last_name"
        )
    )
    for row_id, race_id, entry_id, driver_id, first, last in rows:
        scores = (race_id, entry_id, driver_id) not in no_points
        ref = refs.get((driver_id, scores))
        if ref is None:
            ref = refs[(driver_id, scores)] = engine.DriverRef(
                key=engine.CompetitorKey("driver", str(driver_id)), name=f"{first} {last}".strip(), scores=scores
            )
        drivers[row_id].append(ref)
    return drivers


@dataclass(frozen=True)
class _ClassChanges:
    """The season's class changes, and what each version's race needs of them."""

    by_entry: dict[int, list[ClassAt]]
    round_of_version: dict[int, int]
    first_rounds: dict[int, int]  # from_round → the first scored round at or after it
    last_rounds: dict[int, int]  # from_round → the last scored round before it

    def cup(self, entry_id: int, version_id: int, class_code: str, cup_code: str) -> str:
        changes = self.by_entry.get(entry_id)
        if not changes:
            return cup_code
        return class_at(changes, self.round_of_version[version_id], class_code, cup_code)[1]

    def note(self, entry_id: int, version_id: int, class_code: str, cup_code: str) -> str:
        """On the car's last race before a change, 'moves to LMP2 from R3'; on its first race after it,
        'in LMP2 from R3 (before: LMP2 Pro/Am)': the explanation of each table says where the car went."""
        changes = self.by_entry.get(entry_id, [])
        round_number = self.round_of_version[version_id]
        notes = []
        for index, change in enumerate(changes):
            new = "/".join(part for part in (change.class_code, change.cup_code) if part)
            first, last = self.first_rounds.get(change.from_round), self.last_rounds.get(change.from_round)
            if first == round_number:
                previous = changes[index - 1] if index else None
                before = (previous.class_code, previous.cup_code) if previous else (class_code, cup_code)
                notes.append(f"in {new} from R{change.from_round} (before: {'/'.join(p for p in before if p)})")
            elif last == round_number:
                notes.append(f"moves to {new} from R{change.from_round}")
        return "; ".join(notes)


def _race_results(
    version_ids: list[int], no_points: set[tuple[int, int, int]], moves: _ClassChanges
) -> dict[int, list[engine.RaceResult]]:
    """Version id → the engine rows of that classification, after penalties."""
    drivers = _drivers_by_row(version_ids, no_points)
    results: dict[int, list[engine.RaceResult]] = defaultdict(list)
    team_keys: dict[int, engine.CompetitorKey] = {}
    rows = (
        DerivedRow.objects.filter(version_id__in=version_ids)
        .order_by("version_id", "overall_position")
        .values_list(
            "version_id",
            "row_id",
            "row__number",
            "class_code",
            "row__entry__cup__code",
            "row__cup_code",
            "row__entry__team_id",
            "row__entry__team__name",
            "row__entry__kind",
            "row__entry__scoring_override",
            "status",
            "class_position",
            "overall_position",
            "row__entry_id",
            "row__entry__racing_class__code",
            "penalties",
        )
    )
    for (
        version_id, row_id, number, class_code, cup, row_cup, team_id, team, kind, override, status, class_pos,
        overall, entry_id, entry_class, penalties,
    ) in rows:  # fmt: skip
        notes = [penalties] if penalties else []
        if entry_id in moves.by_entry:
            if note := moves.note(entry_id, version_id, entry_class, cup or ""):
                notes.append(note)
            cup = moves.cup(entry_id, version_id, entry_class, cup or "")
        # Who may score is the entry's business: full season vs guest, or a staff override.
        eligible = override if override is not None else kind == EntryKind.FULL_SEASON
        team_key = team_keys.get(team_id)
        if team_key is None:
            team_key = team_keys[team_id] = engine.CompetitorKey("team", str(team_id))
        results[version_id].append(
            engine.RaceResult(
                number=number,
                class_code=class_code,
                cup_code=raced_cup(cup or "", row_cup),
                team_key=team_key,
                team_name=team,
                drivers=tuple(drivers.get(row_id, ())),
                status=status,
                class_position=class_pos,
                eligible=eligible,
                overall_position=overall,
                note="; ".join(notes),
            )
        )
    return results


def extra_championships(season_id: int) -> tuple[engine.ExtraChampionship, ...]:
    """The season's extra championships (Japan Cup, Sprint Cup...) as the engine scores them; one query."""
    return tuple(
        engine.ExtraChampionship(
            name=row.name,
            competitors=row.competitors,
            classes=row.class_codes,
            cups=row.cup_codes,
            rounds=frozenset(row.round_numbers),
            numbers=frozenset(row.car_numbers),
        )
        for row in ExtraChampionship.objects.filter(season_id=season_id).order_by("order", "name")
    )


def build_season_input(season_id: int) -> engine.SeasonInput:
    """Everything the engine needs for one season: rules, scored races, poles, adjustments, calendar."""
    rules_rows = list(RulesRow.objects.filter(season_id=season_id))
    season_rules = next((r for r in rules_rows if r.race_id is None), None)
    race_rules = {r.race_id: r for r in rules_rows if r.race_id is not None}
    calendar_rows = list(Race.objects.filter(season_id=season_id).values_list("id", "round", "event__cancelled"))
    rounds = {race_id: rnd for race_id, rnd, _ in calendar_rows}
    # Only when a rule passes pole points on: the session order is read from the stored files.
    orders = (
        qualifying_selectors.session_orders(season_id, {rnd: race_id for race_id, rnd, _ in calendar_rows})
        if any(r.pole_to_best_eligible for r in rules_rows)
        else {}
    )
    poles: dict[int, list[engine.Pole]] = defaultdict(list)
    for race_id, class_code, cup_code, number in qualifying_selectors.season_poles(season_id):
        order = orders.get((race_id, class_code.casefold()), ())
        poles[race_id].append(engine.Pole(class_code=class_code, number=number, cup_code=cup_code, order=order))

    latest = latest_published_version_ids(season_id)
    decisions = _scoring_decisions(season_id)
    by_entry = season_class_changes(season_id)
    scored_rounds = sorted(rounds[race_id] for race_id in latest)
    moves = _ClassChanges(
        by_entry,
        {version_id: rounds[race_id] for race_id, version_id in latest.items()},
        {
            change.from_round: next((r for r in scored_rounds if r >= change.from_round), 0)
            for changes in by_entry.values()
            for change in changes
        },
        {
            change.from_round: max((r for r in scored_rounds if r < change.from_round), default=0)
            for changes in by_entry.values()
            for change in changes
        },
    )
    results = _race_results(list(latest.values()), decisions.drivers_without_points, moves)
    race_inputs = []
    for race_id, version_id in sorted(latest.items(), key=lambda item: rounds[item[0]]):
        rows = results.get(version_id, [])
        numbers = {r.number for r in rows}
        override = race_rules.get(race_id)
        race_inputs.append(
            engine.RaceInput(
                race_id=race_id,
                round=rounds[race_id],
                label=f"R{rounds[race_id]}",
                rows=tuple(rows),
                points_factor=race_factor(override, season_rules),
                # A pole car missing from the classification cannot score (the engine refuses it);
                # a decision may remove the pole point (the result stands).
                poles=tuple(
                    p
                    for p in poles.get(race_id, [])
                    if p.number in numbers and (race_id, p.number) not in decisions.poles_removed
                ),
                rules=engine_rules(override) if override else None,
            )
        )
    adjustments = tuple(
        engine.Adjustment(
            championship=a.championship,
            class_code=a.class_code,
            cup_code=a.cup_code,
            competitor_key=engine.CompetitorKey.parse(a.competitor_key),
            kind=a.kind,
            points=Decimal(a.points),
            after_round=a.after_round,
            reason=a.reason,
        )
        for a in ChampionshipAdjustment.objects.filter(season_id=season_id)
    )
    # Every race of the calendar, scored or not: the title maths count those still to run.
    # A cancelled event's races award nothing, unless results were published for them anyway.
    calendar = tuple(
        engine.CalendarRace(
            round=rnd,
            points_factor=race_factor(race_rules.get(race_id), season_rules),
            rules=engine_rules(race_rules[race_id]) if race_id in race_rules else None,
        )
        for race_id, rnd, cancelled in sorted(calendar_rows, key=lambda item: item[1])
        if not cancelled or race_id in latest
    )
    return engine.SeasonInput(
        rules=engine_rules(season_rules),
        races=tuple(race_inputs),
        adjustments=adjustments,
        calendar=calendar,
        championships=extra_championships(season_id),
    )
