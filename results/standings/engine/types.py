"""Input data of the standings engine: plain frozen dataclasses, no Django.

Every number of the sport (scale, pole, drops, ...) is data given per season or per
race (see DESIGN.md section 3); nothing here is a constant of a particular series.
Points are always ``Decimal``: half points produce quarter points and floats would
make totals drift and ties disappear.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .breakdown import Breakdown, CompetitorSeason
from .keys import CompetitorKey

STATUSES = frozenset({"classified", "nc", "dnf", "dns", "dsq", "ex"})
CHAMPIONSHIPS = frozenset({"drivers", "teams"})
ADJUSTMENT_KINDS = frozenset({"deduction", "disqualified", "excluded"})


def _require_points(value: object, what: str) -> Decimal:
    """A points value must be a finite, non-negative Decimal (never a float)."""
    if not isinstance(value, Decimal):
        raise ValueError(f"{what} must be a Decimal, got {type(value).__name__} {value!r}")
    if not value.is_finite():
        raise ValueError(f"{what} must be a finite number, got {value}")
    if value < 0:
        raise ValueError(f"{what} must not be negative, got {value}")
    return value


def _require_int(value: object, what: str, minimum: int) -> int:
    # bool is an int subclass; True as a count of results is a bug, not a value.
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{what} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{what} must be >= {minimum}, got {value}")
    return value


@dataclass(frozen=True)
class ScoringRules:
    """How points are awarded in a season (or in one race, as an override)."""

    scale: tuple[Decimal, ...]
    beyond_scale: Decimal = Decimal(0)
    pole: Decimal = Decimal(0)
    best_results: int = 0
    tie_break: str = "countback"
    team_scoring: str = "per_car"
    team_best_n: int = 1
    guests_score: bool = False
    # A car disqualified or excluded from the race keeps the pole point of qualifying (a
    # decision may still remove it: the pole is then not in RaceInput.poles).
    disqualified_keeps_pole: bool = True
    # Classes that race but score nothing (a race's own rules, e.g. a class invited to one event).
    non_scoring_classes: frozenset[str] = frozenset()
    # A pole car that may not score passes the pole point to the best car of its class in the
    # session that may (Pole.order); off: the point is lost, as before.
    pole_to_best_eligible: bool = False

    def validate(self) -> None:
        """Raise ValueError naming the first problem found (the check the PointsRules model runs too)."""
        # Why imported here: the check is shared with the PointsRules model (pure Python, like
        # this module) and only this method needs it.
        from championships.points_check import points_rules_problems

        problems = points_rules_problems(
            scale=self.scale,
            beyond_scale=self.beyond_scale,
            pole=self.pole,
            best_results=self.best_results,
            tie_break=self.tie_break,
            team_scoring=self.team_scoring,
            team_best_n=self.team_best_n,
            guests_score=self.guests_score,
        )
        if problems:
            raise ValueError(next(iter(problems.values())))


@dataclass(frozen=True)
class DriverRef:
    """A driver who drove the car in that race; ``scores=False`` e.g. minimum drive time
    missed: the driver is shown as having raced but gets no points."""

    key: CompetitorKey
    name: str
    scores: bool = True


@dataclass(frozen=True)
class RaceResult:
    """One car's row of a race classification (class position derived upstream,
    after penalties)."""

    number: str
    class_code: str
    cup_code: str
    team_key: CompetitorKey  # the team itself (best-N-cars team scoring)
    team_name: str
    drivers: tuple[DriverRef, ...]
    status: str
    class_position: int | None
    eligible: bool = True
    # The place in the whole race (after penalties): what ranks cars of several classes
    # together in an extra championship over them; None when unknown (one class only).
    overall_position: int | None = None
    # Shown in the explanation of the race: decisions applied, a class change from this race.
    note: str = ""

    def validate(self, where: str) -> None:
        if self.status not in STATUSES:
            raise ValueError(
                f"{where} car #{self.number}: unknown status {self.status!r}, expected one of {sorted(STATUSES)}"
            )
        if self.status == "classified":
            _require_int(self.class_position, f"{where} car #{self.number}: class_position", 1)


@dataclass(frozen=True)
class Pole:
    """Pole of a class (``cup_code == ""``) or, explicitly, of a cup within a class."""

    class_code: str
    number: str
    cup_code: str = ""
    # The class's cars in the qualifying session's order, best first (empty: not known); used
    # to pass the pole point on when the rules say so (ScoringRules.pole_to_best_eligible).
    order: tuple[str, ...] = ()


@dataclass(frozen=True)
class RaceInput:
    """One scoring race. ``rules`` overrides the season's scale, beyond_scale, pole and
    guests_score for this race; drops, tie-break and team scoring stay season-wide
    because they describe the championship, not the race."""

    race_id: int
    round: int
    label: str
    rows: tuple[RaceResult, ...]
    points_factor: Decimal = Decimal(1)
    poles: tuple[Pole, ...] = ()
    rules: ScoringRules | None = None

    def validate(self) -> None:
        where = f"race {self.label or self.race_id} (round {self.round})"
        _require_int(self.round, f"{where}: round", 1)
        _require_points(self.points_factor, f"{where}: points_factor")
        if self.rules is not None:
            self.rules.validate()
        seen: set[str] = set()
        for row in self.rows:
            row.validate(where)
            if row.number in seen:
                raise ValueError(f"{where}: car #{row.number} appears twice")
            seen.add(row.number)
        self._validate_poles(where)

    def _validate_poles(self, where: str) -> None:
        by_number = {row.number: row for row in self.rows}
        seen: set[tuple[str, str]] = set()
        for pole in self.poles:
            scope = (pole.class_code, pole.cup_code)
            if scope in seen:
                raise ValueError(f"{where}: two poles for class {pole.class_code!r} cup {pole.cup_code!r}")
            seen.add(scope)
            row = by_number.get(pole.number)
            if row is None:
                raise ValueError(f"{where}: pole car #{pole.number} is not in the results")
            if row.class_code != pole.class_code or (pole.cup_code and row.cup_code != pole.cup_code):
                raise ValueError(
                    f"{where}: pole car #{pole.number} is not in class {pole.class_code!r} {pole.cup_code!r}"
                )


@dataclass(frozen=True)
class Adjustment:
    """A championship decision, separate from race results, effective from
    ``after_round`` on (tables after earlier rounds are unaffected).

    ``cup_code == ""`` targets the class championship; a cup championship needs its
    own adjustment (the decision may differ)."""

    championship: str
    class_code: str
    cup_code: str
    competitor_key: CompetitorKey
    kind: str
    points: Decimal = Decimal(0)
    after_round: int = 1
    reason: str = ""

    def validate(self) -> None:
        what = f"adjustment for {str(self.competitor_key)!r}"
        if self.championship not in CHAMPIONSHIPS:
            raise ValueError(
                f"{what}: unknown championship {self.championship!r}, expected one of {sorted(CHAMPIONSHIPS)}"
            )
        if self.kind not in ADJUSTMENT_KINDS:
            raise ValueError(f"{what}: unknown kind {self.kind!r}, expected one of {sorted(ADJUSTMENT_KINDS)}")
        _require_points(self.points, f"{what}: points")
        _require_int(self.after_round, f"{what}: after_round", 0)


@dataclass(frozen=True)
class ExtraChampionship:
    """A championship beside the drivers' and teams' tables of each class and cup (Japan Cup,
    Sprint Cup, an overall LMP2 table with the Pro/Am cars, a cup for private teams).

    It scores the cars of its ``classes`` or ``cups`` (neither: every class), optionally only
    the car ``numbers`` listed, in the races of its ``rounds`` (empty: every round), with the
    season's rules; a car's place is its place among the cars taking part (overall order when
    several classes are merged). Its pole point goes to the pole car of its first class (or,
    without classes, of its first cup) when that car takes part.
    """

    name: str
    competitors: str  # "drivers" or "teams"
    classes: tuple[str, ...] = ()
    cups: tuple[str, ...] = ()
    rounds: frozenset[int] = frozenset()
    numbers: frozenset[str] = frozenset()

    def counts(self, round_number: int) -> bool:
        """Whether the races of that round count for it."""
        return not self.rounds or round_number in self.rounds

    def admits(self, row: RaceResult) -> bool:
        """Whether the car of that row is one of its cars (eligibility to score aside)."""
        if self.numbers and row.number not in self.numbers:
            return False
        if not self.classes and not self.cups:
            return True
        return row.class_code in self.classes or (bool(row.cup_code) and row.cup_code in self.cups)

    def validate(self) -> None:
        if not self.name.strip():
            raise ValueError("an extra championship needs a name")
        if self.name in CHAMPIONSHIPS:
            raise ValueError(f"an extra championship cannot be named {self.name!r}: the name of a standard table")
        if self.competitors not in CHAMPIONSHIPS:
            raise ValueError(
                f"championship {self.name!r}: unknown competitors {self.competitors!r}, "
                f"expected one of {sorted(CHAMPIONSHIPS)}"
            )
        for round_number in self.rounds:
            _require_int(round_number, f"championship {self.name!r}: round", 1)


@dataclass(frozen=True)
class CalendarRace:
    """A race of the season's calendar, scored yet or not: what it may award (title maths)."""

    round: int
    points_factor: Decimal = Decimal(1)
    rules: ScoringRules | None = None  # overrides the season's scale, beyond_scale, pole


@dataclass(frozen=True)
class SeasonInput:
    """Everything the engine needs; races may come in any order. ``calendar`` lists every
    race of the season, scored or not (empty: the scored races are the whole calendar)."""

    rules: ScoringRules
    races: tuple[RaceInput, ...]
    adjustments: tuple[Adjustment, ...] = ()
    calendar: tuple[CalendarRace, ...] = ()
    championships: tuple[ExtraChampionship, ...] = ()  # beyond drivers and teams per class and cup

    def validate(self) -> None:
        self.rules.validate()
        names = [championship.name for championship in self.championships]
        if len(names) != len(set(names)):
            raise ValueError("two extra championships share the same name")
        for championship in self.championships:
            championship.validate()
        ids = [race.race_id for race in self.races]
        if len(ids) != len(set(ids)):
            raise ValueError("two races share the same race_id")
        for race in self.races:
            race.validate()
        for adjustment in self.adjustments:
            adjustment.validate()


@dataclass(frozen=True)
class TableLine:
    """One line of a championship table after ``after_round``: only what changes from one
    round to the next. Who and where (championship, class, cup, competitor) and the races
    are the competitor's ``season``, shared by all its lines; ``breakdown`` puts the two
    together for this round.

    ``status`` is "" or the adjustment kind that changes the ranking ("disqualified",
    "excluded"); ``tied`` marks a position shared because countback could not split it;
    ``dropped`` lists the race ids whose results do not count (best-N rules).
    """

    after_round: int
    season: CompetitorSeason = field(repr=False)
    competitor_name: str
    number: str
    position: int
    points: Decimal
    results: str
    wins: int
    tied: bool
    status: str
    tie_break: str
    dropped: tuple[int, ...]
    # Countback after this round: (place, -count) of each place held, in place order.
    held: tuple[tuple[int, int], ...] = field(default=(), repr=False)

    @property
    def championship(self) -> str:
        return self.season.championship

    @property
    def class_code(self) -> str:
        return self.season.class_code

    @property
    def cup_code(self) -> str:
        return self.season.cup_code

    @property
    def competitor_key(self) -> CompetitorKey:
        return self.season.competitor_key

    @property
    def breakdown(self) -> Breakdown:
        return self.season.breakdown(self.after_round, self.points, self.status, self.dropped, self.tie_break)
