"""Extra championships as data: tables beside the drivers' and teams' of each class and cup.

GT World Challenge Asia's Japan Cup counts only the Japanese events, GT World Challenge Europe's
Sprint Cup only the sprint rounds, an overall LMP2 table includes the Pro/Am cars, a cup for
private teams scores only the cars it lists. Each is one row here, scored by the standings
engine with the season's points rules (results.standings.engine.ExtraChampionship).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models

# The standard tables of every class and cup; an extra championship may not take their names.
STANDARD_TABLES = ("drivers", "teams")


class Competitors(models.TextChoices):
    DRIVERS = "drivers", "Drivers"
    TEAMS = "teams", "Teams (as the season's team scoring says: per car, or best N cars)"


def split_codes(text: str) -> tuple[str, ...]:
    """'LMP2, LMP2 Pro/Am' → ('LMP2', 'LMP2 Pro/Am'): codes may hold spaces, so commas separate them."""
    return tuple(dict.fromkeys(code.strip() for code in text.split(",") if code.strip()))


def split_words(text: str) -> tuple[str, ...]:
    """'5 6, 7' → ('5', '6', '7'): rounds and car numbers, by spaces or commas."""
    return tuple(dict.fromkeys(word for word in text.replace(",", " ").split() if word))


class ExtraChampionship(models.Model):
    """A championship over some of a season's rounds, classes or cups, and entrants."""

    SERIES_PATH = "season__series"

    season = models.ForeignKey("championships.Season", on_delete=models.CASCADE, related_name="extra_championships")
    name = models.CharField(
        max_length=40, help_text="As the series names it, e.g. 'Japan Cup'; the standings tab and CSV use it"
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Its place among the season's standings tabs")
    competitors = models.CharField(max_length=10, choices=Competitors.choices, default=Competitors.DRIVERS)
    classes = models.CharField(
        max_length=200,
        blank=True,
        help_text="Class codes scored together, separated by commas, e.g. 'LMP2, LMP2 Pro/Am'; places are counted "
        "among their cars (overall order). The pole point goes to the pole car of the first class. "
        "Blank, with no cups: every class",
    )
    cups = models.CharField(
        max_length=200, blank=True, help_text="Cup codes scored together (with the classes), separated by commas"
    )
    rounds = models.CharField(
        max_length=200, blank=True, help_text="The rounds it counts, e.g. '5 6 7 8'; blank: every round"
    )
    numbers = models.CharField(
        max_length=500,
        blank=True,
        help_text="Only these car numbers score, e.g. the private teams' cars '7 23 88'; blank: every car",
    )

    class Meta:
        ordering = ["season", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["season", "name"], name="extra_championship_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.season})"

    def save(self, *args: object, **kwargs: object) -> None:
        # Why: championships written from code (bundles) get the same checks as the admin form.
        self.full_clean()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def class_codes(self) -> tuple[str, ...]:
        return split_codes(self.classes)

    @property
    def cup_codes(self) -> tuple[str, ...]:
        return split_codes(self.cups)

    @property
    def round_numbers(self) -> tuple[int, ...]:
        return tuple(sorted(int(word) for word in split_words(self.rounds)))

    @property
    def car_numbers(self) -> tuple[str, ...]:
        return split_words(self.numbers)

    @property
    def description(self) -> str:
        """What it scores, in words: 'LMP2 + LMP3, rounds 1, 2, drivers'."""
        parts = [" + ".join(self.class_codes + self.cup_codes) or "every class"]
        if self.rounds:
            parts.append("rounds " + ", ".join(str(r) for r in self.round_numbers))
        if self.numbers:
            parts.append("cars " + ", ".join(f"#{n}" for n in self.car_numbers))
        return ", ".join(parts)

    def clean(self) -> None:
        # Why: a mistyped class, cup or round would be saved and then silently score nothing.
        errors: dict[str, str] = {}
        if self.name.strip().casefold() in STANDARD_TABLES:
            errors["name"] = f"'{self.name}' is the name of a standard table of every class; choose another."
        self.name = self.name.strip()
        if self.season_id is None:
            if errors:
                raise ValidationError(errors)
            return
        classes = self.season.classes.values_list("code", flat=True)
        errors |= self._known_problems("classes", "class", self.class_codes, classes)
        errors |= self._known_problems("cups", "cup", self.cup_codes, self.season.cups.values_list("code", flat=True))
        words = split_words(self.rounds)
        if bad := [word for word in words if not (word.isascii() and word.isdecimal())]:
            errors["rounds"] = f"Not a round number: {', '.join(bad)}."
        else:
            known = set(self.season.races.values_list("round", flat=True))
            if unknown := sorted(int(word) for word in words if int(word) not in known):
                listed = ", ".join(str(r) for r in sorted(known)) or "none yet"
                errors["rounds"] = (
                    f"{self.season} has no round {', '.join(str(r) for r in unknown)} (rounds: {listed})."
                )
            # One spelling ("3 4" for "4, 3"): a form saved unchanged is not a change.
            self.rounds = " ".join(str(r) for r in sorted({int(word) for word in words}))
        if bad := [number for number in self.car_numbers if not (number.isalnum() and len(number) <= 4)]:
            errors["numbers"] = f"Not a car number: {', '.join(bad)}."
        self.numbers = " ".join(self.car_numbers)
        if errors:
            raise ValidationError(errors)

    def _known_problems(
        self, field: str, what: str, codes: tuple[str, ...], known_codes: Iterable[str]
    ) -> dict[str, str]:
        known = {code.casefold(): code for code in known_codes}
        unknown = [code for code in codes if code.casefold() not in known]
        if unknown:
            listed = ", ".join(sorted(known.values())) or "none"
            return {field: f"{self.season} has no {what} {', '.join(unknown)} (known: {listed})."}
        # Stored as the season spells them: the engine matches codes exactly.
        setattr(self, field, ", ".join(known[code.casefold()] for code in codes))
        return {}
