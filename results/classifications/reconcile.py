"""Pure: each difference between a timing file and the race's entry list, with the ways to resolve it.

The steward chooses one way per difference on the preview page; `check_choices` says what is
missing or no longer offered, and the writes (results.classifications.services.late_changes)
apply them together with the confirm. No Django here: the service passes plain data.

- a driver not nominated for the car at the event → late driver change: an existing driver
  (candidates across seasons, name variants and accents: entries.names) or a new one from the file;
- a car not on the accepted entry list → a late entry (staff), or left for staff (stewards);
- a car of the entry list missing from the file, or a car without drivers → did not start,
  withdrawn, or wrong file (which aborts);
- a class or cup different from the entry → refused (a problem, nothing to choose).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from entries.names import loosely_same, name_key, name_keys, name_words, split_name
from results.classifications.matching import ListedEntry, NominatedDriver, columns_of, find_nominee, loose_warning
from results.classifications.parsing import FileProblem, ParsedClassification, ParsedRow

LATE_DRIVER = "late_driver"
UNKNOWN_CAR = "unknown_car"
MISSING_CAR = "missing_car"
NO_DRIVERS = "no_drivers"

NEW_DRIVER = "new"
FOR_STAFF = "staff"
FULL_SEASON_ENTRY = "entry:full_season"
GUEST_ENTRY = "entry:guest"
DID_NOT_START = "dns"
WITHDRAWN = "withdrawn"
WRONG_FILE = "wrong_file"
NOMINATED_CREW = "nominated"
DRIVER_PREFIX = "driver:"

# How many existing drivers a late driver change offers (the closest spellings first).
MAX_CANDIDATES = 5


@dataclass(frozen=True)
class KnownDriver:
    """A driver already on the portal (any season), offered as a candidate for a name in the file."""

    driver_id: int
    first_name: str
    last_name: str
    nationality: str = ""
    seen: str = ""  # where they raced, for the steward to tell namesakes apart

    @property
    def label(self) -> str:
        details = ", ".join(part for part in (self.nationality, self.seen) if part)
        name = f"{self.first_name} {self.last_name}".strip()
        return f"{name} ({details})" if details else name


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Difference:
    """One disagreement between the file and the entry list, and the ways to resolve it."""

    key: str
    kind: str
    number: str
    message: str
    options: tuple[Option, ...]
    row_number: int | None = None
    driver_name: str = ""  # late driver changes: the name as the file prints it
    first_name: str = ""  # ...split as the file writes it (family name in capitals)
    last_name: str = ""
    parent: str = ""  # a driver of a car not on the entry list: that car's difference key

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)


@dataclass(frozen=True)
class DriverSlot:
    """A name of a row: the driver it matched, or the difference that must resolve it."""

    name: str
    driver_id: int | None
    difference: str = ""


@dataclass(frozen=True)
class RowPlan:
    row: ParsedRow
    entry_id: int | None  # None: the car is not on the entry list
    drivers: tuple[DriverSlot, ...]


@dataclass
class Reconciliation:
    rows: list[RowPlan] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)  # refusals: nothing can resolve them
    warnings: list[str] = field(default_factory=list)
    missing: list[ListedEntry] = field(default_factory=list)  # entered cars the file does not list

    def summary(self) -> str:
        """'39 cars matched, 3 late driver changes, 1 car for staff' (the preview's first line)."""
        # Why not the drivers of a car not on the list: they come with that car, not as changes of a crew.
        counts = {kind: sum(1 for d in self.differences if d.kind == kind and not d.parent) for kind in _SUMMARY}
        matched = sum(1 for plan in self.rows if plan.entry_id is not None)
        parts = [_plural(matched, "car matched", "cars matched")]
        parts += [_plural(counts[kind], *words) for kind, words in _SUMMARY.items() if counts[kind]]
        return ", ".join(parts)

    def fingerprint(self, sha256: str, race_checks: Sequence[str] = ()) -> str:
        """What the preview showed: the file, each difference with its ways, the race checks."""
        shown = {
            "file": sha256,
            "differences": [[d.key, d.kind, list(d.values)] for d in self.differences],
            "problems": [str(p) for p in self.problems],
            "checks": list(race_checks),
        }
        return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()

    def difference(self, key: str) -> Difference | None:
        return next((d for d in self.differences if d.key == key), None)


_SUMMARY: dict[str, tuple[str, str]] = {
    LATE_DRIVER: ("late driver change", "late driver changes"),
    UNKNOWN_CAR: ("car not on the entry list", "cars not on the entry list"),
    MISSING_CAR: ("entered car missing from the file", "entered cars missing from the file"),
    NO_DRIVERS: ("car without drivers", "cars without drivers"),
}


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def reconcile(
    parsed: ParsedClassification,
    entries: Sequence[ListedEntry],
    known: Sequence[KnownDriver],
    *,
    season_classes: Mapping[str, str],
    can_add_entries: bool,
) -> Reconciliation:
    """The differences of `parsed` against `entries`; `season_classes` maps casefolded codes to codes.

    `can_add_entries`: the user is series staff (late entries); a steward may only leave such a car for staff.
    """
    columns = columns_of(parsed)
    by_number = {entry.number: entry for entry in entries}
    index = KnownIndex(known)
    result = Reconciliation()
    for row in parsed.rows:
        entry = by_number.get(row.number)
        if entry is None:
            _unknown_car(row, index, season_classes, can_add_entries, result)
            continue
        refused = _class_problems(row, entry, columns, sro=parsed.format == "sro")
        if row.cup_code and not refused and row.cup_code.casefold() != entry.cup_code.casefold():
            # SRO's classification is the official word on the cup a car raced in at the event
            # (2021: #99 and #114 moved from the Pro Cup to the Silver Cup mid-season).
            result.warnings.append(
                f"row {row.row_number}: car {row.number} is entered in {entry.cup_code or 'no cup'}; "
                f"it raced in the {row.cup_code} here, as the file says, and scores in that cup at this race"
            )
        if refused:
            result.problems.extend(refused)
            continue
        if not row.drivers:
            _no_drivers(row, entry, result)
            continue
        result.rows.append(RowPlan(row, entry.entry_id, _driver_slots(row, entry.drivers, index, result)))
    listed = {row.number for row in parsed.rows}
    for entry in sorted(entries, key=lambda e: (len(e.number), e.number)):
        if entry.number not in listed:
            result.missing.append(entry)
            result.differences.append(
                Difference(
                    key=f"missing:{entry.number}",
                    kind=MISSING_CAR,
                    number=entry.number,
                    message=f"car #{entry.number} ({entry.class_code}) is on the entry list but not in the file",
                    options=_absent_options(),
                )
            )
    return result


def _class_problems(
    row: ParsedRow, entry: ListedEntry, columns: dict[str, str], *, sro: bool = False
) -> list[FileProblem]:
    """A class, or a cup (but in an SRO file: see reconcile), other than the entry's."""
    problems = []
    # Why a refusal: no class change for the event can be recorded yet, and a car scored in
    # another class than it entered would corrupt both classes' standings.
    if row.class_code.casefold() != entry.class_code.casefold():
        problems.append(
            FileProblem(
                row.row_number,
                columns["class"],
                f"car {row.number} is entered in {entry.class_code}, not {row.class_code}",
            )
        )
    if row.cup_code and row.cup_code.casefold() != entry.cup_code.casefold() and not sro:
        entered = f"the {entry.cup_code} cup" if entry.cup_code else "no cup"
        problems.append(
            FileProblem(
                row.row_number,
                columns["cup"],
                f"car {row.number} is entered in {entered}, not {row.cup_code}",
            )
        )
    return problems


def _absent_options(nominated: bool = False) -> tuple[Option, ...]:
    options = [
        Option(DID_NOT_START, "Did not start (classified DNS)"),
        Option(WITHDRAWN, "Withdrawn from the event (not classified)"),
    ]
    if nominated:
        options.append(Option(NOMINATED_CREW, "The nominated crew drove (the file left the names out)"))
    options.append(Option(WRONG_FILE, "Wrong file: do not save it"))
    return tuple(options)


def _no_drivers(row: ParsedRow, entry: ListedEntry, result: Reconciliation) -> None:
    key = f"nodrivers:{row.number}"
    result.rows.append(RowPlan(row, entry.entry_id, ()))
    result.differences.append(
        Difference(
            key=key,
            kind=NO_DRIVERS,
            number=row.number,
            row_number=row.row_number,
            message=f"row {row.row_number}: car #{row.number} has no drivers in the file",
            options=_absent_options(nominated=bool(entry.drivers)),
        )
    )


def _unknown_car(
    row: ParsedRow,
    known: KnownIndex,
    season_classes: Mapping[str, str],
    can_add_entries: bool,
    result: Reconciliation,
) -> None:
    key = f"car:{row.number}"
    class_code = season_classes.get(row.class_code.casefold())
    options = [Option(FOR_STAFF, "Leave it for the series staff (nothing is saved or published until they resolve it)")]
    message = (
        f"row {row.row_number}: car #{row.number} ({row.team}, {row.class_code}) is not on the accepted entry list"
    )
    if class_code is None:
        message += f"; {row.class_code} is not a class of this season (staff must add it first)"
    elif can_add_entries:
        options = [
            Option(FULL_SEASON_ENTRY, f"Add it as a late full-season entry in {class_code}"),
            Option(GUEST_ENTRY, f"Add it as a guest entry in {class_code} for this event"),
        ]
    result.differences.append(
        Difference(
            key=key,
            kind=UNKNOWN_CAR,
            number=row.number,
            row_number=row.row_number,
            message=message,
            options=tuple(options),
        )
    )
    slots = tuple(_late_driver(row, name, known, result, parent=key) for name in row.drivers)
    result.rows.append(RowPlan(row, None, slots))


def _driver_slots(
    row: ParsedRow, crew: Sequence[NominatedDriver], known: KnownIndex, result: Reconciliation
) -> tuple[DriverSlot, ...]:
    """The same rules as matching.match_entries, so what matched before still matches without a question."""
    slots = []
    for name in row.drivers:
        driver = find_nominee(name, crew)
        if driver is None:
            slots.append(_late_driver(row, name, known, result, parent=""))
            continue
        if name_key(name) not in name_keys(driver.first_name, driver.last_name):
            result.warnings.append(loose_warning(row, name, driver))
        slots.append(DriverSlot(name, driver.driver_id))
    return tuple(slots)


def _late_driver(row: ParsedRow, name: str, known: KnownIndex, result: Reconciliation, parent: str) -> DriverSlot:
    key = f"driver:{row.number}:{name_key(name)}"
    first, last = split_name(name.strip())
    options = [Option(f"{DRIVER_PREFIX}{d.driver_id}", f"Existing driver: {d.label}") for d in known.candidates(name)]
    options.append(Option(NEW_DRIVER, f"New driver: {name.strip()}"))
    if result.difference(key) is None:
        where = "for this car" if parent else f"for car #{row.number} at this event"
        result.differences.append(
            Difference(
                key=key,
                kind=LATE_DRIVER,
                number=row.number,
                row_number=row.row_number,
                message=f"row {row.row_number}: {name.strip()} is not nominated {where}",
                options=tuple(options),
                driver_name=name.strip(),
                first_name=first,
                last_name=last,
                parent=parent,
            )
        )
    return DriverSlot(name, None, key)


class KnownIndex:
    """The portal's drivers indexed once per file: a file names some 120 drivers, the portal knows
    thousands, and a hostile file repeats names by the thousand (each answered once)."""

    def __init__(self, known: Sequence[KnownDriver]) -> None:
        self.by_key: dict[str, list[KnownDriver]] = defaultdict(list)
        self.by_family: dict[str, list[KnownDriver]] = defaultdict(list)
        for driver in known:
            for key in name_keys(driver.first_name, driver.last_name):
                self.by_key[key].append(driver)
            # Why by the first family word: a shortened spelling (loosely_same) keeps it, either way round.
            families = {
                _first_word(driver.last_name),
                _first_word(split_name(f"{driver.first_name} {driver.last_name.upper()}")[1]),
            }
            for word in families - {""}:
                self.by_family[word].append(driver)
        self._answers: dict[str, list[KnownDriver]] = {}

    def candidates(self, name: str) -> list[KnownDriver]:
        """Existing drivers the name may be: the same name whatever the accents and order, then shortened spellings."""
        if name not in self._answers:
            self._answers[name] = self._candidates(name)
        return self._answers[name]

    def _candidates(self, name: str) -> list[KnownDriver]:
        first, last = split_name(name.strip())
        exact = list(dict.fromkeys(self.by_key.get(name_key(name), [])))
        loose = [
            d
            for d in dict.fromkeys(self.by_family.get(_first_word(last), []))
            if d not in exact
            and (
                loosely_same(name, d.first_name, d.last_name)
                or loosely_same(f"{d.first_name} {d.last_name.upper()}", first, last)
            )
        ]
        return (exact + loose)[:MAX_CANDIDATES]


def _first_word(family: str) -> str:
    words = name_words(family)
    return words[0] if words else ""


def candidates(name: str, known: Sequence[KnownDriver] | KnownIndex) -> list[KnownDriver]:
    """Existing drivers the name may be (see KnownIndex.candidates)."""
    index = known if isinstance(known, KnownIndex) else KnownIndex(known)
    return index.candidates(name)


def check_choices(reconciliation: Reconciliation, choices: Mapping[str, str]) -> list[str]:
    """What keeps the choices from being applied: a difference left open, a way no longer offered, a wrong file."""
    errors = []
    for difference in reconciliation.differences:
        if difference.parent and choices.get(difference.parent) not in (FULL_SEASON_ENTRY, GUEST_ENTRY):
            continue  # a driver of a car left for staff (or refused): staff will resolve it
        choice = choices.get(difference.key, "")
        if not choice:
            errors.append(f"Choose how to resolve: {difference.message}.")
        elif choice not in difference.values:
            errors.append(f"'{choice}' is not a way to resolve: {difference.message}.")
        elif choice == WRONG_FILE:
            errors.append(f"Marked as the wrong file ({difference.message}): nothing was saved.")
    return errors


def waits_for_staff(reconciliation: Reconciliation, choices: Mapping[str, str]) -> bool:
    """A car was left for the series staff: the upload waits for them, nothing is saved."""
    return any(choices.get(d.key) == FOR_STAFF for d in reconciliation.differences if d.kind == UNKNOWN_CAR)
