"""Title maths: after round N, who can still win each championship (pure Python, no Django).

For every table the engine produced, and the races of the calendar still to run after
that round (``CalendarRace``, scored later or not at all), each competitor gets:

- ``available``: the points it can still add (with best-N rules, only what would still
  count: a new result replaces its weakest counted one);
- ``status``: ``champion`` (first alone in every completion of the remaining races), ``out``
  (first in none), ``contender`` otherwise. "First" is position 1 of the engine's ranking,
  shared positions included: a tie countback could still decide either way is a contender,
  a tie countback certainly loses is out. "Alone" because an exact tie that no tie-break
  separates is not a title anybody has won; only the crew of one car (the same number)
  shares a title;
- ``needs``: for a leader, the result that clinches at the next race; for the others,
  whether winning every remaining race is enough (they control their fate).

Model of a completion, the one the brute-force tests enumerate: in each remaining race any
competitor may take any place or not score, and the pole may go to anyone or nobody; a
competitor not in the table yet (a newcomer) may still arrive. Competitors are independent:
drivers sharing a car today may not share it tomorrow, so a co-driver is a rival too.

Why it is exact without enumerating: totals and countback are monotone (a better result
never hurts, another's result never helps). So Y can be first iff Y is first when Y wins
every remaining race with pole and nobody else scores; X is certainly first alone iff no rival
gets ahead or level when that rival wins everything and X scores nothing. Both are pairwise
checks. A newcomer (any accepted entry without a result yet) is such a rival.
Adjustments not yet decided are unknown and left out.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any

from championships.numbers import format_points

from .countback import GROUP_ORDER, Held
from .keys import CompetitorKey
from .types import CalendarRace, ScoringRules, SeasonInput, TableLine

ZERO = Decimal(0)
TITLE_STATUSES = ("champion", "contender", "out")
MAX_LEADERS_EXPLAINED = 12
_END = ((float("inf"), 0),)  # countback: see countback._END


@dataclass(frozen=True)
class TitleChance:
    """One competitor's title status in one table after ``after_round``."""

    after_round: int
    championship: str
    class_code: str
    cup_code: str
    competitor_key: CompetitorKey
    status: str
    available: Decimal  # points it can still add to its total
    best_total: Decimal  # its total if it wins every remaining race (with pole)
    needs: str
    races_left: int = 0  # races of the calendar still to run after ``after_round``


@dataclass(frozen=True)
class Result:
    """A competitor's result in one race, for the title maths: points and countback places."""

    points: Decimal
    places: tuple[int, ...]


def _merge_held(held: Held, places: Counter[int] | None) -> Held:
    """Countback places held plus more places (both as (place, -count) in place order)."""
    if not places:
        return held
    counts = Counter({place: -minus for place, minus in held})
    counts.update(places)
    return tuple((place, -count) for place, count in sorted(counts.items()))


@dataclass(frozen=True)
class Extra:
    """Results added to every competitor alike (e.g. "wins every remaining race with pole"),
    summed once so that adding them costs the same whatever the number of races left."""

    results: tuple[Result, ...]
    points: Decimal
    places: Counter[int]

    @classmethod
    def of(cls, results: Iterable[Result]) -> Extra:
        results = tuple(results)
        places: Counter[int] = Counter(place for result in results for place in result.places)
        return cls(results, sum((result.points for result in results), ZERO), places)

    def __add__(self, other: Extra) -> Extra:
        return Extra(self.results + other.results, self.points + other.points, self.places + other.places)


NO_EXTRA = Extra((), ZERO, Counter())


@dataclass(frozen=True)
class Record:
    """A competitor's standing: what ranking compares, and what a new result changes.

    Countback places are ``held`` plus ``more_places``, merged only when a comparison needs
    them (competitors level on points): most comparisons are settled by points alone.
    """

    group: int  # GROUP_ORDER of its status
    points: Decimal
    results: tuple[Decimal, ...]  # every result so far (counted or dropped); only read with drops
    held: Held  # countback: (place, -count) of the places held, in place order
    excluded: bool = False
    more_places: Counter[int] | None = None  # places added by ``plus``, not merged into ``held`` yet
    # The start of ``rank_key``: enough to compare competitors not level on points. A plain
    # attribute (set once) because every comparison of the title maths reads it.
    points_key: tuple[int, Decimal] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "points_key", (self.group, ZERO if self.excluded else -self.points))

    def plus(self, extra: Extra | Iterable[Result], best_results: int) -> Record:
        if not isinstance(extra, Extra):
            extra = Extra.of(extra)
        if self.excluded:
            return self  # excluded: no points, ranked last whatever happens
        places = self.more_places + extra.places if self.more_places else extra.places
        if best_results == 0:
            # Every result counts: the gain is the sum, whatever came before.
            return Record(self.group, self.points + extra.points, (), self.held, more_places=places)
        results = self.results + tuple(result.points for result in extra.results)
        gain = _counted(results, best_results) - _counted(self.results, best_results)
        return Record(self.group, self.points + gain, results, self.held, more_places=places)

    @cached_property
    def _rank_key(self) -> tuple[Any, ...]:
        if self.excluded:
            return (self.group,)
        return (self.group, -self.points, _merge_held(self.held, self.more_places) + _END)

    def rank_key(self) -> tuple[Any, ...]:
        return self._rank_key

    def ahead_of(self, other: Record) -> bool:
        # Countback (the costly part of the key) only between competitors level on points.
        if self.points_key != other.points_key:
            return self.points_key < other.points_key
        return self._rank_key < other._rank_key


NEWCOMER = Record(GROUP_ORDER[""], ZERO, (), ())


def _counted(results: Sequence[Decimal], best_results: int) -> Decimal:
    if best_results == 0:
        return sum(results, ZERO)
    return sum(sorted(results, reverse=True)[:best_results], ZERO)


@dataclass(frozen=True)
class RaceOffer:
    """What one remaining race can give one competitor of a championship."""

    round: int
    scale: tuple[Decimal, ...]
    beyond_scale: Decimal
    pole: Decimal
    factor: Decimal
    cars: int  # results counted per competitor and race (best-N-cars teams: N)

    def place_points(self, place: int) -> Decimal:
        base = self.scale[place - 1] if place <= len(self.scale) else self.beyond_scale
        return base * self.factor

    def result(self, first_place: int, pole: bool) -> Result:
        """Places first_place .. first_place + cars - 1 (the competitor's cars), pole or not."""
        places = tuple(range(first_place, first_place + self.cars))
        points = sum((self.place_points(place) for place in places), ZERO)
        return Result(points + (self.pole if pole else ZERO), places)

    def best(self) -> Result:
        return self.result(1, pole=True)

    def runner_up(self) -> Result:
        """The best left to a rival when a competitor takes ``best()``."""
        return self.result(self.cars + 1, pole=False)


def race_offers(
    remaining: Iterable[CalendarRace], season_rules: ScoringRules, championship: str, class_code: str = ""
) -> list[RaceOffer]:
    cars = season_rules.team_best_n if championship == "teams" and season_rules.team_scoring == "best_n_cars" else 1
    offers = []
    for race in sorted(remaining, key=lambda r: r.round):
        rules = race.rules or season_rules
        if class_code in rules.non_scoring_classes:
            continue  # the class races there but scores nothing: the race offers it nothing
        offers.append(RaceOffer(race.round, rules.scale, rules.beyond_scale, rules.pole, race.points_factor, cars))
    return offers


@lru_cache(maxsize=512)
def _offers(
    remaining: tuple[CalendarRace, ...], season_rules: ScoringRules, championship: str, class_code: str
) -> tuple[tuple[RaceOffer, ...], Extra, Extra]:
    """The remaining races' offers, and the sums "wins them all" and "second in them all".

    Why cached: every table of a championship after the same round shares them (classes and
    cups); computed per table, the title maths would cost races x races per season.
    """
    offers = tuple(race_offers(remaining, season_rules, championship, class_code))
    return offers, Extra.of(offer.best() for offer in offers), Extra.of(offer.runner_up() for offer in offers)


def points_on_offer(offers: Sequence[RaceOffer], best_results: int) -> Decimal:
    """What a competitor with no result yet could still score."""
    return NEWCOMER.plus((offer.best() for offer in offers), best_results).points


def record_of(line: TableLine, best_results: int) -> Record:
    # Why from the line: its countback places are carried from round to round by the engine;
    # rebuilding them from the races would make every table cost as much as the season so far.
    results: tuple[Decimal, ...] = ()
    if best_results:  # only drops need the result of every race
        results = tuple(race.points for race in line.season.races if race.round <= line.after_round)
    return Record(GROUP_ORDER[line.status], line.points, results, line.held, excluded=line.status == "excluded")


class _Strongest:
    """The best of a set of records, and the best but one: "the strongest rival of X" is
    then one comparison, not one per rival (the title of a 60-driver table stays linear)."""

    def __init__(self, records: Iterable[tuple[CompetitorKey | None, Record]], keep: int = 2) -> None:
        # The best ``keep`` by points first; countback only among those level with them.
        # ``keep``: one more than the largest crew, so that "the strongest outside this crew"
        # is always among them.
        records = list(records)
        leading = heapq.nsmallest(keep, records, key=lambda item: item[1].points_key)
        level = {item[1].points_key for item in leading}
        candidates = [item for item in records if item[1].points_key in level]
        self._ranked = heapq.nsmallest(keep, candidates, key=lambda item: item[1].rank_key())

    @property
    def first(self) -> Record:
        return self._ranked[0][1]

    def other_than(self, *keys: CompetitorKey | None) -> Record | None:
        return next((record for key, record in self._ranked if key not in keys), None)


def _ahead(rival: Record | None, record: Record) -> bool:
    return rival is not None and rival.ahead_of(record)


def _level_or_ahead(rival: Record | None, record: Record) -> bool:
    """Whether ``rival`` keeps ``record`` from being first alone (ahead, or level on points
    and on every countback place: a shared position no tie-break separates)."""
    return rival is not None and not record.ahead_of(rival)


def table_chances(
    lines: Sequence[TableLine],
    remaining: Iterable[CalendarRace],
    season_rules: ScoringRules,
    kind: str | None = None,
) -> list[TitleChance]:
    """The title status of every competitor of one table (all lines share round and table);
    ``kind`` says "drivers" or "teams" for an extra championship (else its championship does)."""
    if not lines:
        return []
    kind = kind or lines[0].championship
    offers, best_results, runner_ups = _offers(tuple(remaining), season_rules, kind, lines[0].class_code)
    drops = season_rules.best_results
    records = {line.competitor_key: record_of(line, drops) for line in lines}
    best = {key: record.plus(best_results, drops) for key, record in records.items()}
    # A newcomer (not in the table yet) is a rival too: it may win every race still to run.
    crews: dict[str, list[CompetitorKey]] = defaultdict(list)
    if kind == "drivers":
        for line in lines:
            crews[line.number].append(line.competitor_key)
    keep = max((len(crew) for crew in crews.values()), default=1) + 1
    newcomer_best = NEWCOMER.plus(best_results, drops)
    best_rival = _Strongest([*best.items(), (None, newcomer_best)], keep)
    # The most a rival can score when a competitor wins every remaining race.
    behind = [(key, record.plus(runner_ups, drops)) for key, record in records.items()]
    behind_rival = _Strongest([*behind, (None, NEWCOMER.plus(runner_ups, drops))], keep)
    behind_of = dict(behind)
    top = _Strongest(records.items()).first
    # Each leader's clinch sentence compares it with every rival for every result of the next
    # race; a table where everybody is still level (no race scored anything) has no leader to
    # speak of, and would make that quadratic.
    leaders = sum(1 for record in records.values() if not top.ahead_of(record))
    explain_clinch = offers and offers[0].cars == 1 and leaders <= MAX_LEADERS_EXPLAINED
    chances = []
    for line in lines:
        key = line.competitor_key
        record, best_record = records[key], best[key]
        # Co-drivers are rivals too (a crew may change), but a crew level on everything shares
        # its car's title; anybody else level on everything means no title for either.
        crew = tuple(crews.get(line.number, (key,)))
        mates = [k for k in crew if k != key]
        rival = best_rival.other_than(*crew)
        if top.ahead_of(best_record):
            status = "out"
        elif (
            top.ahead_of(record) or _level_or_ahead(rival, record) or any(best[mate].ahead_of(record) for mate in mates)
        ):
            status = "contender"
        else:
            status = "champion"
        if status == "champion":
            needs = _champion_sentence(line, record, rival, bool(offers))
        elif status == "out":
            needs = f"Out of contention: {format_points(best_record.points)} points at most."
        elif not offers:
            needs = "Level with a rival on points and on every countback place: no tie-break separates them."
        else:
            own_fate = not _level_or_ahead(behind_rival.other_than(*crew), best_record) and not any(
                behind_of[mate].ahead_of(best_record) for mate in mates
            )
            leading = not top.ahead_of(record)
            clinch = ""
            if leading and explain_clinch:
                # "The crew of #7 clinches unless one of them outscores the others" is what
                # the press wants to know: the crew is left out of the clinch sentence.
                others = [other for k, other in records.items() if k not in crew] + [NEWCOMER]
                clinch = _clinch_sentence(record, others, offers, drops, crew_mates=bool(mates), number=line.number)
            needs = _needs(clinch, own_fate, len(offers))
        chances.append(
            TitleChance(
                after_round=line.after_round,
                championship=line.championship,
                class_code=line.class_code,
                cup_code=line.cup_code,
                competitor_key=key,
                status=status,
                available=best_record.points - record.points,
                best_total=best_record.points,
                needs=needs,
                races_left=len(offers),
            )
        )
    return chances


def _champion_sentence(line: TableLine, record: Record, rival: Record | None, races_left: bool) -> str:
    """ "Champion." or "Has clinched the title.", saying so when countback decides it: the
    strongest rival can equal the points and loses on the places held."""
    on_countback = rival is not None and rival.points_key == record.points_key
    if not races_left:
        if not on_countback:
            return "Champion."
        reasons = [part.removeprefix("countback: ") for part in line.tie_break.split("; ") if "ahead of" in part]
        return f"Champion on countback: {reasons[0]}." if reasons else "Champion on countback."
    if on_countback:
        return "Has clinched the title on countback: a rival can at most equal the points, with fewer top places."
    return "Has clinched the title."


def _needs(clinch: str, own_fate: bool, races_left: int) -> str:
    everything = "the remaining race" if races_left == 1 else f"all {races_left} remaining races"
    if own_fate:
        fate = f"Controls their own fate: winning {everything} wins the title."
    else:
        fate = f"Needs help: winning {everything} is not enough on its own."
    return f"{clinch} {fate}" if clinch else fate


def clinches(
    record: Record,
    others: Sequence[Record],
    offers: Sequence[RaceOffer],
    drops: int,
    place: int | None,
    pole: bool,
    later: Extra | None = None,
) -> bool:
    """Whether finishing ``place`` (None: not scoring) at the next race, with pole or not,
    makes ``record`` certain to be first alone: each rival then takes the best of what is left at
    the next race and wins every later one, while ``record`` scores nothing more."""
    next_race = offers[0]
    result = next_race.result(place, pole) if place is not None else Result(next_race.pole if pole else ZERO, ())
    after = record.plus([result], drops)
    if later is None:  # the rival's best at every later race (callers trying many results pass it)
        later = Extra.of(offer.best() for offer in offers[1:])
    rival_extra = Extra.of([next_race.result(2 if place == 1 else 1, pole=not pole)]) + later
    for other in others:
        rival = other.plus(rival_extra, drops)
        if not after.ahead_of(rival):  # ahead, or level on everything: not a title won
            return False
    return True


def _clinch_sentence(
    record: Record, others: Sequence[Record], offers: Sequence[RaceOffer], drops: int, crew_mates: bool, number: str
) -> str:
    """The weakest result at the next race after which none of ``others`` can catch ``record``."""
    if drops == 0 and others:
        # Without drops, the same results added to everyone keep their order (points and
        # countback alike): the strongest of the others is the only rival to check.
        others = [_Strongest((None, other) for other in others).first]
    sentence = _clinch_result(record, others, offers, drops)
    if crew_mates and not sentence.startswith("Cannot"):
        return f"{sentence[:-1]}, ahead of every driver outside car #{number}."
    return sentence


def _clinch_result(record: Record, others: Sequence[Record], offers: Sequence[RaceOffer], drops: int) -> str:
    next_race = offers[0]
    at = f"at round {next_race.round}"
    last_place = len(next_race.scale) + (1 if next_race.beyond_scale > 0 else 0)
    poles = (False, True) if next_race.pole > 0 else (False,)
    later = Extra.of(offer.best() for offer in offers[1:])
    weakest: dict[bool, int] = {}
    for pole in poles:
        for place in range(1, last_place + 1):
            if not clinches(record, others, offers, drops, place, pole, later):
                break
            weakest[pole] = place
    if False in weakest:
        place = weakest[False]
        if place == last_place and clinches(record, others, offers, drops, None, False, later):
            return f"Clinches the title {at} whatever the result."
        text = f"Clinches the title {at} with {_place_text(place, last_place, next_race)}"
        if weakest.get(True, 0) > place:
            text += f" ({_place_text(weakest[True], last_place, next_race)} with pole)"
        return text + "."
    if True in weakest:
        return f"Clinches the title {at} with pole and {_place_text(weakest[True], last_place, next_race)}."
    return f"Cannot clinch the title {at}."


def _place_text(place: int, last_place: int, offer: RaceOffer) -> str:
    if place > len(offer.scale):
        return "any classified finish"
    if place == 1:
        return "a win"
    return f"{_ordinal(place)} place or better"


def _ordinal(place: int) -> str:
    suffix = "th" if 10 <= place % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")
    return f"{place}{suffix}"


def calendar_of(season: SeasonInput) -> tuple[CalendarRace, ...]:
    """The season's calendar: given with the input, or else its scored races only."""
    if season.calendar:
        return season.calendar
    return tuple(CalendarRace(race.round, race.points_factor, race.rules) for race in season.races)


def compute_titles(season: SeasonInput, lines: Iterable[TableLine]) -> list[TitleChance]:
    """The title status of every line of every table after every round."""
    calendar = calendar_of(season)
    extras = {extra.name: extra for extra in season.championships}
    tables: dict[tuple[int, str, str, str], list[TableLine]] = defaultdict(list)
    for line in lines:
        tables[(line.after_round, line.championship, line.class_code, line.cup_code)].append(line)
    chances: list[TitleChance] = []
    for (after_round, championship, *_), table in tables.items():
        extra = extras.get(championship)
        # An extra championship still to race only the calendar's races of its rounds.
        remaining = [
            race for race in calendar if race.round > after_round and (extra is None or extra.counts(race.round))
        ]
        chances.extend(table_chances(table, remaining, season.rules, extra.competitors if extra else None))
    return chances
