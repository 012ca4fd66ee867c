"""Pure derivation of a race classification: uploaded rows + steward penalties → derived rows.

No ORM here: the services feed plain values in and store what comes out, so the rules of the
sport are tested without a database and a re-derivation always gives the same answer.

Rules applied, in this order:
1. Penalties of each car are summed (time added, laps deducted, places dropped); DSQ/EX
   replace the status (EX wins over DSQ); the last class change wins.
2. A car uploaded as classified becomes NC when its laps (after deductions) are below
   `min_share` of its class winner's laps; an uploaded NC/DNF/DNS stays as the timing said.
3. Overall order: classified, then NC (each by laps desc, then time asc, then uploaded
   order), then DNF, DNS, DSQ, EX in uploaded order. Without laps for every car (history
   imports) the uploaded order is kept.
4. A position drop moves a classified car down N places among the classified cars of its class.
5. Class positions follow the overall order; DSQ and EX have none.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from results.classifications.parsing import format_duration_ms

CLASSIFIED, NC, DNF, DNS, DSQ, EX = "classified", "nc", "dnf", "dns", "dsq", "ex"
STATUS_ORDER = {CLASSIFIED: 0, NC: 1, DNF: 2, DNS: 3, DSQ: 4, EX: 5}
STATUS_LABELS = {CLASSIFIED: "Classified", NC: "NC", DNF: "DNF", DNS: "DNS", DSQ: "DSQ", EX: "EX"}
DEFAULT_MIN_SHARE = Decimal("0.70")


@dataclass(frozen=True)
class InputRow:
    """One uploaded row, as far as the derivation needs it."""

    key: int
    position: int
    number: str
    class_code: str
    status: str
    laps: int | None
    total_time_ms: int | None

    @classmethod
    def of(cls, key: int, row: Any, classes: Mapping[str, str] | None = None) -> InputRow:
        """From a parsed row (preview) or a stored ResultRow (re-derivation): same attribute names.

        `classes` maps casefolded class codes to the codes as configured for the season, so a
        file saying 'LMP2 PRO/AM' is derived (and shown) as the season's 'LMP2 Pro/Am'.
        """
        return cls(
            key,
            row.position,
            row.number,
            configured_class(row.class_code, classes or {}),
            row.status,
            row.laps,
            row.total_time_ms,
        )


def configured_class(written: str, classes: Mapping[str, str]) -> str:
    """The season's spelling of a class code written in a file (unchanged if the season has no such class)."""
    return classes.get(written.strip().casefold(), written.strip())


def raced_cup(entry_cup: str, row_cup: str) -> str:
    """The cup a car raced in at a race: the entry's, unless its result row names another one.

    Only an SRO file can name another (the upload refuses a differing cup in any other format):
    SRO's classification is the official word on a car's cup at each event. Same spelling in
    another case is the entry's cup, so the engine never splits one cup's table in two.
    """
    if row_cup and row_cup.casefold() != entry_cup.casefold():
        return row_cup
    return entry_cup


@dataclass(frozen=True)
class AppliedPenalty:
    """What one active decision does to one car, as the derivation applies it (the decision's own
    terms are services.decisions.Penalty)."""

    decision: str
    number: str
    time_added_ms: int = 0
    laps_deducted: int = 0
    positions_dropped: int = 0
    status: str | None = None  # DSQ or EX
    new_class_code: str | None = None
    note: str = ""  # what the decision changes outside the classification, e.g. "pole point removed"

    def describe(self) -> str:
        parts = []
        if self.time_added_ms:
            parts.append(f"+{format_duration_ms(self.time_added_ms)} s")
        if self.laps_deducted:
            parts.append(f"-{self.laps_deducted} lap{'s' if self.laps_deducted > 1 else ''}")
        if self.positions_dropped:
            parts.append(f"{self.positions_dropped} place{'s' if self.positions_dropped > 1 else ''} down")
        if self.status:
            parts.append(STATUS_LABELS[self.status])
        if self.new_class_code:
            parts.append(f"to {self.new_class_code}")
        if self.note:
            parts.append(self.note)
        # Why: "D12" for a bare number, the number as entered otherwise (never "DDoc 12").
        document = f"D{self.decision}" if self.decision[:1].isdigit() else self.decision
        return f"{document}: {', '.join(parts) or 'no penalty'}"


@dataclass(frozen=True)
class OutputRow:
    """A row after penalties, in overall order."""

    key: int
    number: str
    class_code: str
    status: str
    laps: int | None
    total_time_ms: int | None
    overall_position: int
    class_position: int | None
    gap_first: str
    penalties: tuple[str, ...] = field(default=())


@dataclass
class _Work:
    row: InputRow
    class_code: str
    status: str
    laps: int | None
    time_ms: int | None
    drop: int = 0
    notes: list[str] = field(default_factory=list)


def derive(
    rows: Sequence[InputRow],
    penalties: Iterable[AppliedPenalty],
    min_share: Decimal = DEFAULT_MIN_SHARE,
) -> list[OutputRow]:
    """Apply penalties and the distance rule; return every row in its new overall order."""
    work = _apply_penalties(rows, penalties)
    _apply_min_share(work, min_share)
    ordered = _order(work)
    ordered = _apply_drops(ordered)
    return _number(ordered)


def _apply_penalties(rows: Sequence[InputRow], penalties: Iterable[AppliedPenalty]) -> list[_Work]:
    by_number: dict[str, list[AppliedPenalty]] = defaultdict(list)
    for penalty in penalties:
        by_number[penalty.number].append(penalty)
    work = []
    for row in sorted(rows, key=lambda r: r.position):
        item = _Work(row, row.class_code, row.status, row.laps, row.total_time_ms)
        for penalty in by_number.get(row.number, []):
            if item.laps is not None:
                item.laps = max(0, item.laps - penalty.laps_deducted)
            if item.time_ms is not None:
                item.time_ms += penalty.time_added_ms
            item.drop += penalty.positions_dropped
            if penalty.status and (item.status != EX):
                item.status = penalty.status
            if penalty.new_class_code:
                item.class_code = penalty.new_class_code
            item.notes.append(penalty.describe())
        work.append(item)
    return work


def _apply_min_share(work: list[_Work], min_share: Decimal) -> None:
    # Why: the winner is the classified car of the class with most laps after deductions.
    winner_laps: dict[str, int] = {}
    for item in work:
        if item.status == CLASSIFIED and item.laps is not None:
            winner_laps[item.class_code] = max(winner_laps.get(item.class_code, 0), item.laps)
    for item in work:
        best = winner_laps.get(item.class_code)
        below = best and item.laps is not None and Decimal(item.laps) < min_share * Decimal(best)
        if item.status == CLASSIFIED and below:
            item.status = NC


def _order(work: list[_Work]) -> list[_Work]:
    by_distance = all(item.laps is not None for item in work if item.status in (CLASSIFIED, NC))

    def key(item: _Work) -> tuple[int, int, int, int]:
        group = STATUS_ORDER[item.status]
        if by_distance and item.status in (CLASSIFIED, NC):
            time = item.time_ms if item.time_ms is not None else 2**62
            return (group, -(item.laps or 0), time, item.row.position)
        return (group, 0, 0, item.row.position)

    return sorted(work, key=key)


def _apply_drops(ordered: list[_Work]) -> list[_Work]:
    result = list(ordered)
    # Why: processed from the top, each car moves past the next N classified cars of its class.
    for item in [i for i in ordered if i.drop and i.status == CLASSIFIED]:
        index = result.index(item)
        result.pop(index)
        passed, insert_at = 0, index
        for later in range(index, len(result)):
            other = result[later]
            if other.status != CLASSIFIED:
                break
            if other.class_code == item.class_code:
                passed += 1
                insert_at = later + 1
                if passed == item.drop:
                    break
        result.insert(insert_at, item)
    return result


def _number(ordered: list[_Work]) -> list[OutputRow]:
    leader = ordered[0] if ordered else None
    class_counters: dict[str, int] = defaultdict(int)
    out = []
    for index, item in enumerate(ordered, start=1):
        class_position = None
        if item.status not in (DSQ, EX):
            class_counters[item.class_code] += 1
            class_position = class_counters[item.class_code]
        out.append(
            OutputRow(
                key=item.row.key,
                number=item.row.number,
                class_code=item.class_code,
                status=item.status,
                laps=item.laps,
                total_time_ms=item.time_ms,
                overall_position=index,
                class_position=class_position,
                gap_first=_gap(item, leader),
                penalties=tuple(item.notes),
            )
        )
    return out


def _gap(item: _Work, leader: _Work | None) -> str:
    """The gap to the overall leader as Al Kamel prints it: '3.828', "1'00.569" or '2 Laps'."""
    if leader is None or item is leader or item.laps is None or leader.laps is None:
        return ""
    if item.laps != leader.laps:
        return f"{leader.laps - item.laps} Laps"
    if item.time_ms is None or leader.time_ms is None:
        return ""
    return format_duration_ms(abs(item.time_ms - leader.time_ms))


@dataclass(frozen=True)
class TableRow:
    """A line of a classification table, the same for a preview and a stored version."""

    overall_position: int
    class_position: int | None
    class_code: str
    number: str
    team: str
    drivers: tuple[str, ...]
    status: str
    laps: int | None
    total_time_ms: int | None
    gap_first: str
    penalties: tuple[str, ...]
    cup_code: str = ""
    cup_position: int | None = None  # place among the cars of the same cup; None without a cup, DSQ/EX
    cup_name: str = ""  # the season's name of the cup, or its code when it has none
    class_name: str = ""  # the season's name of the class, or its code when it has none
    vehicle: str = ""  # the car model as the timing prints it
    best_lap_ms: int | None = None

    @property
    def class_label(self) -> str:
        return self.class_name or self.class_code

    @property
    def cup_label(self) -> str:
        return self.cup_name or self.cup_code

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def best_lap(self) -> str:
        return format_duration_ms(self.best_lap_ms) if self.best_lap_ms is not None else ""

    @property
    def time(self) -> str:
        return "" if self.total_time_ms is None else format_duration_ms(self.total_time_ms)


class Table(list[TableRow]):
    """Rows of a classification table; the pages show the cup columns only when a car runs in a cup."""

    @property
    def has_cups(self) -> bool:
        return any(row.cup_code for row in self)

    @property
    def has_vehicles(self) -> bool:
        return any(row.vehicle for row in self)

    @property
    def has_best_laps(self) -> bool:
        return any(row.best_lap_ms is not None for row in self)

    @property
    def class_codes(self) -> list[str]:
        """The classes of the table in order of first appearance (the class filter's links)."""
        return list(dict.fromkeys(row.class_code for row in self))

    def of_class(self, class_code: str) -> Table:
        """The rows of one class (any case), overall positions kept; unknown: empty."""
        wanted = class_code.strip().casefold()
        return Table(row for row in self if row.class_code.casefold() == wanted)


def with_cups(
    rows: Sequence[TableRow],
    cup_names: Mapping[str, str] | None = None,
    class_names: Mapping[str, str] | None = None,
) -> Table:
    """The rows (in overall order) with their cup positions and the season's cup and class names.

    Cup positions follow the overall order after penalties, like class positions: DSQ and EX
    have none. Names are looked up by casefolded code; a code without a name shows as itself.
    """
    cup_names, class_names = cup_names or {}, class_names or {}
    counters: dict[str, int] = defaultdict(int)
    out = Table()
    for row in rows:
        cup = row.cup_code.strip().casefold()
        position = None
        if cup and row.status not in (DSQ, EX):
            counters[cup] += 1
            position = counters[cup]
        out.append(
            dataclasses.replace(
                row,
                cup_position=position,
                cup_name=cup_names.get(cup, row.cup_code) if cup else "",
                class_name=class_names.get(row.class_code.strip().casefold(), row.class_code),
            )
        )
    return out
