"""What a qualifying session's file would write: its cars, the poles of its classes and cups, and
the drivers' missing FIA categories and nationalities. Read-only; services.qualifying writes it.

Cars are matched like a race's (results.classifications.matching): by number against the
event's accepted entry list, the class written in the season's spelling, each driver to the
crew nominated for the car at the event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from championships.models import Event, Race
from entries.models import Driver, DriverCategory
from results.classifications.matching import ListedEntry, nominee
from results.classifications.parsing import FileProblem, format_duration_ms
from results.classifications.parsing.qualifying import ParsedQualifying, QualifyingRow
from results.classifications.qualifying_models import PoleSource, RacePole
from results.classifications.services.crews import CATEGORY_LETTERS, LICENCE_CATEGORIES, DriverFill


@dataclass(frozen=True)
class PoleLine:
    class_code: str  # the season's spelling of the class
    number: str
    row_number: int
    best_lap_ms: int | None
    cup_code: str = ""  # "": the pole of the whole class

    @property
    def best_lap(self) -> str:
        return format_duration_ms(self.best_lap_ms) if self.best_lap_ms is not None else ""

    @property
    def label(self) -> str:
        """'GT' for a class, 'GT / Am' for a cup of it."""
        return f"{self.class_code} / {self.cup_code}" if self.cup_code else self.class_code


@dataclass(frozen=True)
class SessionCar:
    """A car of the session as it is stored: the file's row with its entry, class and cup."""

    row: QualifyingRow
    entry_id: int | None  # None: not entered (a warning for a steward, refused in a bundle)
    class_code: str
    cup_code: str


@dataclass
class QualifyingPlan:
    """What a confirm would write: the session's cars and poles for races, the drivers' missing values."""

    races: list[Race]
    classes: list[str]  # the classes of the session (season spelling, season order)
    poles: list[PoleLine]
    cars: list[SessionCar] = field(default_factory=list)
    fills: list[DriverFill] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Cars of the file that are not entered (also in warnings): callers without a reader refuse them.
    not_entered: list[FileProblem] = field(default_factory=list)
    # Poles an earlier file of this session set that this one no longer gives: cleared at the confirm.
    cleared: list[str] = field(default_factory=list)

    @property
    def pole_map(self) -> dict[str, str]:
        """'class' or 'class / cup' → car number, as the upload records it."""
        return {line.label: line.number for line in self.poles}


def session_cars(
    parsed: ParsedQualifying, entries: dict[str, ListedEntry], classes: dict[str, str], event: Event
) -> tuple[list[SessionCar], list[FileProblem], list[FileProblem]]:
    """Every row with its entry, class and cup; (cars, problems, not entered)."""
    cars: list[SessionCar] = []
    problems: list[FileProblem] = []
    not_entered: list[FileProblem] = []
    for row in parsed.rows:
        class_code = classes.get(row.class_code.casefold())
        entry = entries.get(row.number)
        if class_code is None:
            known = ", ".join(sorted(classes.values()))
            problems.append(
                FileProblem(row.row_number, "CLASS", f"{row.class_code!r} is not a class of {event.season} ({known})")
            )
        elif entry is None:
            not_entered.append(
                FileProblem(row.row_number, "NUMBER", f"car {row.number} is not on the accepted entry list of {event}")
            )
            cars.append(SessionCar(row, None, class_code, ""))
        elif entry.class_code != class_code:
            problems.append(
                FileProblem(
                    row.row_number, "CLASS", f"car {row.number} is entered in {entry.class_code}, not {row.class_code}"
                )
            )
        else:
            cars.append(SessionCar(row, entry.entry_id, class_code, entry.cup_code))
    return cars, problems, not_entered


def pole_lines(cars: list[SessionCar], problems: list[FileProblem], race: Race) -> list[PoleLine]:
    """The pole of each class (best lap) and of each cup (its first car in the session).

    A car without a time is never on pole; a tie on the lap goes to the car printed first
    (timing ranks who set it first). The class pole must be an entered car.
    """
    best: dict[tuple[str, str], SessionCar] = {}
    for car in sorted(cars, key=lambda c: c.row.position):
        lap = car.row.best_lap_ms
        if lap is None:
            continue
        for key in ((car.class_code, ""), (car.class_code, car.cup_code)) if car.cup_code else ((car.class_code, ""),):
            held = best.get(key)
            if held is None or lap < (held.row.best_lap_ms or 0):
                best[key] = car
    lines: list[PoleLine] = []
    for (class_code, cup_code), car in sorted(best.items()):
        if car.entry_id is None:
            problems.append(
                FileProblem(
                    car.row.row_number,
                    "NUMBER",
                    f"car {car.row.number} (best {class_code} lap) is not on the accepted entry list of {race}",
                )
            )
            continue
        lines.append(PoleLine(class_code, car.row.number, car.row.row_number, car.row.best_lap_ms, cup_code))
    return lines


def staff_overrides(plan: QualifyingPlan) -> list[str]:
    """Poles staff set by hand that this qualifying will not replace (pole_set keeps them)."""
    wanted = {(line.class_code, line.cup_code): line.number for line in plan.poles}
    overrides = RacePole.objects.filter(race__in=plan.races, source=PoleSource.STAFF).select_related("race")
    return [
        f"R{pole.race.round} {pole.class_code}{f' / {pole.cup_code}' if pole.cup_code else ''}: the staff set the "
        f"pole to #{pole.number} by hand{f' ({pole.reason})' if pole.reason else ''}; the qualifying's "
        f"#{wanted[(pole.class_code, pole.cup_code)]} is not applied"
        for pole in overrides
        if wanted.get((pole.class_code, pole.cup_code), pole.number) != pole.number
    ]


def poles_to_clear(plan: QualifyingPlan) -> list[RacePole]:
    """Qualifying poles of this session's classes that the file no longer gives (a re-upload replaces them).

    Poles of other classes belong to another session of the event and are never touched.
    """
    kept = {(line.class_code, line.cup_code) for line in plan.poles}
    poles = RacePole.objects.filter(
        race__in=plan.races, class_code__in=plan.classes, source=PoleSource.QUALIFYING
    ).select_related("race")
    return [pole for pole in poles if (pole.class_code, pole.cup_code) not in kept]


def plan_drivers(parsed: ParsedQualifying, entries: dict[str, ListedEntry], event: Event, plan: QualifyingPlan) -> None:
    """Fill-ins and differences for every driver of the file nominated for the car at the event."""
    found: list[tuple[QualifyingRow, str, str | None, str | None, int]] = []
    for row in parsed.rows:
        entry = entries.get(row.number)
        if entry is None:
            plan.warnings.append(f"row {row.row_number}: car {row.number} is not entered; its drivers are not read")
            continue
        for driver in row.drivers:
            nominated, _ = nominee(driver.full_name, entry)
            if nominated is None:
                plan.warnings.append(
                    f"row {row.row_number}, column {driver.column}: {driver.full_name} is not nominated for car "
                    f"{row.number} at this event; their category and nationality are not read"
                )
                continue
            found.append((row, driver.full_name, driver.licence, driver.country, nominated.driver_id))
    ids = {driver_id for *_, driver_id in found}
    categories = dict(
        DriverCategory.objects.filter(season_id=event.season_id, driver_id__in=ids).values_list("driver_id", "category")
    )
    nationalities = dict(Driver.objects.filter(pk__in=ids).values_list("pk", "nationality"))
    planned: set[int] = set()
    for row, name, licence, country, driver_id in found:
        label = f"#{row.number} {name}"
        category = LICENCE_CATEGORIES.get(licence) if licence else None
        held_category, held_nationality = categories.get(driver_id), (nationalities.get(driver_id) or "").strip()
        if category and held_category and held_category != category:
            plan.differences.append(
                f"{label}: file says {licence}, season has {CATEGORY_LETTERS.get(held_category, held_category)}"
            )
        if country and held_nationality and held_nationality.upper() != country:
            plan.differences.append(f"{label}: file says nationality {country}, driver has {held_nationality}")
        fill = DriverFill(
            driver_id=driver_id,
            label=label,
            category=category if category and not held_category else None,
            nationality=country if country and not held_nationality else None,
        )
        # Why once: a driver of two cars (double duty) is filled in from the first row only.
        if (fill.category or fill.nationality) and driver_id not in planned:
            planned.add(driver_id)
            plan.fills.append(fill)
