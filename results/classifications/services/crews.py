"""Drivers' FIA categories and nationalities from a timing file that prints them.

The newer Al Kamel race layout gives each driver's category (`LICENSE`) and nationality
(`COUNTRY`), as the qualifying classification does. They fill in what the portal does not hold
yet (the category of the season, the driver's nationality); a value already recorded is never
overwritten, and a different one is shown to the steward (and kept in the audit record).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from entries.models import Driver, DriverCategory, FiaCategory
from entries.names import loosely_same, name_key, name_keys, name_words, split_name
from results.classifications.matching import RowMatch
from results.classifications.parsing import ClassificationFileError
from results.classifications.parsing.qualifying import QualifyingDriver, parse_qualifying
from results.classifications.qualifying_models import QualifyingUpload
from results.classifications.reconcile import LATE_DRIVER, Difference

LICENCE_CATEGORIES: dict[str, str] = {
    "P": FiaCategory.PLATINUM,
    "G": FiaCategory.GOLD,
    "S": FiaCategory.SILVER,
    "B": FiaCategory.BRONZE,
}
CATEGORY_LETTERS = {category: letter for letter, category in LICENCE_CATEGORIES.items()}


@dataclass(frozen=True)
class CrewLine:
    """A driver of the file, already matched to the portal's driver."""

    number: str
    name: str  # as the file writes it
    licence: str | None  # P/G/S/B
    country: str | None  # three letters
    driver_id: int


@dataclass(frozen=True)
class DriverFill:
    """A value the file gives a driver who has none: written at the confirm."""

    driver_id: int
    label: str  # "#12 Will STEVENS"
    category: str | None = None  # FiaCategory value
    nationality: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.category:
            parts.append(f"FIA category {FiaCategory(self.category).label}")
        if self.nationality:
            parts.append(f"nationality {self.nationality}")
        return f"{self.label}: {' and '.join(parts)} from the file"


@dataclass
class CrewPlan:
    fills: list[DriverFill] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)


def crew_lines(matches: Iterable[RowMatch]) -> list[CrewLine]:
    """The drivers of the matched rows with the category or nationality the file gives them."""
    lines: list[CrewLine] = []
    for match in matches:
        # Why zip only when the counts agree: driver_ids holds each driver once, in the row's
        # order; a name written twice in a row would shift the pairs.
        if len(match.row.crew) != len(match.driver_ids):
            continue
        for member, driver_id in zip(match.row.crew, match.driver_ids, strict=True):
            if member.licence or member.country:
                lines.append(CrewLine(match.row.number, member.name, member.licence, member.country, driver_id))
    return lines


def crew_plan(lines: Iterable[CrewLine], season_id: int) -> CrewPlan:
    """Fill-ins for the values the portal lacks, and the differences from the recorded ones."""
    lines = list(lines)
    ids = {line.driver_id for line in lines}
    categories = dict(
        DriverCategory.objects.filter(season_id=season_id, driver_id__in=ids).values_list("driver_id", "category")
    )
    nationalities = dict(Driver.objects.filter(pk__in=ids).values_list("pk", "nationality"))
    plan = CrewPlan()
    planned: set[int] = set()
    for line in lines:
        label = f"#{line.number} {line.name}"
        category = LICENCE_CATEGORIES.get(line.licence) if line.licence else None
        held_category = categories.get(line.driver_id)
        held_nationality = (nationalities.get(line.driver_id) or "").strip()
        if category and held_category and held_category != category:
            held = CATEGORY_LETTERS.get(held_category, held_category)
            plan.differences.append(f"{label}: file says {line.licence}, season has {held}")
        if line.country and held_nationality and held_nationality.upper() != line.country:
            plan.differences.append(f"{label}: file says nationality {line.country}, driver has {held_nationality}")
        fill = DriverFill(
            driver_id=line.driver_id,
            label=label,
            category=category if category and not held_category else None,
            nationality=line.country if line.country and not held_nationality else None,
        )
        # Why once: a driver of two cars (double duty) is filled in from the first row only.
        if (fill.category or fill.nationality) and line.driver_id not in planned:
            planned.add(line.driver_id)
            plan.fills.append(fill)
    return plan


def crew_fills_write(fills: Iterable[DriverFill], season_id: int) -> None:
    """Write the fill-ins, never over a value recorded since the plan was made."""
    for fill in fills:
        if fill.category:
            DriverCategory.objects.get_or_create(
                driver_id=fill.driver_id, season_id=season_id, defaults={"category": fill.category}
            )
        if fill.nationality:
            driver = Driver.objects.select_for_update().get(pk=fill.driver_id)
            twin = Driver.objects.filter(
                first_name=driver.first_name, last_name=driver.last_name, nationality=fill.nationality
            ).exclude(pk=driver.pk)
            # Why: (name, nationality) identifies a driver; a twin means two records of one
            # person, which staff must merge; the nationality is not guessed onto this one.
            if not driver.nationality and not twin.exists():
                driver.nationality = fill.nationality
                driver.save(update_fields=["nationality"])


def qualifying_suggestions(event_id: int, differences: Iterable[Difference]) -> dict[str, tuple[str, str]]:
    """Late driver changes → (FIA category, nationality) the event's qualifying files give that driver.

    Why: the race file prints no category or nationality, while the same weekend's qualifying file
    does (`DRIVERn_LICENSE`, `DRIVERn_COUNTRY`); the steward should not have to type them. Matched on
    car number and name (accents, order and shortened spellings aside, else the car's only driver of
    that family name); empty where nothing fits.
    """
    late = [d for d in differences if d.kind == LATE_DRIVER]
    if not late:
        return {}
    crews_by_car: dict[str, list[QualifyingDriver]] = {}
    uploads = QualifyingUpload.objects.filter(event_id=event_id, confirmed_at__isnull=False).order_by("confirmed_at")
    for source, filename in uploads.values_list("source", "filename"):
        try:
            parsed = parse_qualifying(bytes(source), filename)
        except ClassificationFileError:
            continue  # confirmed once, so readable; a stricter parser since leaves it out
        for row in parsed.rows:
            crews_by_car[row.number] = list(row.drivers)
    suggestions: dict[str, tuple[str, str]] = {}
    for difference in late:
        crew = crews_by_car.get(difference.number, [])
        key = name_key(difference.driver_name)
        found = next((d for d in crew if key in name_keys(d.first_name, d.last_name)), None)
        if found is None:
            fits = [d for d in crew if loosely_same(difference.driver_name, d.first_name, d.last_name)]
            found = fits[0] if len(fits) == 1 else None
        if found is None:
            # Same car, same weekend, the only one of that family name ("Charlie EASTWOOD" in the
            # race file is "Charles Eastwood" in qualifying).
            family = name_words(split_name(difference.driver_name)[1])
            fits = [d for d in crew if name_words(d.last_name) == family]
            found = fits[0] if len(fits) == 1 and family else None
        if found is not None:
            category = LICENCE_CATEGORIES.get(found.licence or "", "")
            suggestions[difference.key] = (category, found.country or "")
    return suggestions
