"""Points and classification rules as data: one row per season, optionally one per race.

Every number of the sport (scale, 0.5 beyond the scale, pole point, half points, minimum
distance share, drops, team scoring, tie-break) lives here, never as a constant in code.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from championships.points_check import parse_scale, points_rules_problems

__all__ = ["PointsRules", "QualifyingSets", "TeamScoring", "TieBreak", "parse_class_codes", "parse_scale"]


def parse_class_codes(text: str) -> tuple[str, ...]:
    """'LMP2, LMP3' → ('LMP2', 'LMP3'); blanks dropped (a class code may hold spaces: 'LMP2 Pro/Am')."""
    return tuple(code.strip() for code in text.split(",") if code.strip())


class TieBreak(models.TextChoices):
    COUNTBACK = "countback", "Countback (most wins, then most 2nd places...)"


class TeamScoring(models.TextChoices):
    PER_CAR = "per_car", "Every car scores for its own team entry (per car number)"
    BEST_N_CARS = "best_n_cars", "A team scores with its best N cars in each race"


class QualifyingSets(models.TextChoices):
    """Which races of an event the event's qualifying session sets the pole (and grid) of."""

    ALL_RACES_OF_EVENT = "all_races_of_event", "Every race of the event (one session sets every grid)"
    FIRST_RACE_ONLY = "first_race_only", "The event's first race only (later races' poles are set separately)"
    # SRO sprint events: Qualifying 1 sets race 1's grid, Qualifying 2 race 2's.
    OWN_RACE = "own_race", "Its own race only (one qualifying session per race, e.g. SRO sprint events)"
    # Asian Le Mans Series from 2024-25: the classification (best laps) sets race 1, and the
    # session's lap file race 2 (each car's second-best lap).
    BEST_LAP_RACE_1_SECOND_BEST_LAP_RACE_2 = (
        "best_lap_race_1_second_best_lap_race_2",
        "Race 1 by each car's best lap, race 2 by its second-best lap (needs the session's lap file)",
    )


class PointsRules(models.Model):
    """A season's points and classification rules; a row with a race overrides them for that race."""

    SERIES_PATH = "season__series"

    season = models.ForeignKey("championships.Season", on_delete=models.CASCADE, related_name="points_rules")
    race = models.OneToOneField(
        "championships.Race",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="points_rules",
        help_text="Leave empty for the season's rules; set it to override them for one race.",
    )
    scale = models.CharField(
        max_length=200,
        default="25 18 15 12 10 8 6 4 2 1",
        help_text="Points for 1st, 2nd, 3rd... separated by spaces or commas",
    )
    # Why no validators on beyond_scale and pole: clean() checks them with the engine's own check.
    beyond_scale = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.5"),
        help_text="Points for every other classified car beyond the scale",
    )
    pole = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        help_text="Points for pole position in each class",
    )
    # Why a rule: in 2023 one Asian Le Mans session set both grids of a weekend; from 2024-25
    # the second-best lap sets race 2, which the qualifying classification alone cannot tell.
    qualifying_sets = models.CharField(
        max_length=40,
        choices=QualifyingSets.choices,
        default=QualifyingSets.ALL_RACES_OF_EVENT,
        help_text="Which races of an event the uploaded qualifying classification sets the poles of",
    )
    points_factor = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
        help_text="1 = full points, 0.5 = half points (race stopped early), 2 = double points",
    )
    classification_min_share = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.70"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text="Share of the class winner's laps a car must cover to be classified (0.70 = 70 %)",
    )
    min_drive_time_min = models.PositiveIntegerField(
        default=0,
        help_text="Minimum drive time in minutes for a driver to score (0 = no minimum). Timing files carry no "
        "drive times: stewards apply it with a 'driver scores no points' decision.",
    )
    guests_score = models.BooleanField(
        default=False, help_text="Off: guest entries are classified but score nothing; points pass down"
    )
    team_scoring = models.CharField(max_length=20, choices=TeamScoring.choices, default=TeamScoring.PER_CAR)
    team_best_n = models.PositiveSmallIntegerField(default=2, help_text="N for 'best N cars' team scoring")
    best_results = models.PositiveSmallIntegerField(default=0, help_text="Only the best N results count (0 = all)")
    tie_break = models.CharField(max_length=20, choices=TieBreak.choices, default=TieBreak.COUNTBACK)
    disqualified_keeps_pole = models.BooleanField(
        default=True,
        help_text="On: a car disqualified or excluded from the race keeps the pole point it took in qualifying",
    )
    # Why text, not a relation: rules are data copied between seasons and bundles; clean()
    # checks every code against the season's classes.
    non_scoring_classes = models.CharField(
        max_length=200,
        blank=True,
        help_text="Classes that race but score no points here, separated by commas (e.g. LMP2); "
        "for one race, in its own rules",
    )
    pole_to_best_eligible = models.BooleanField(
        default=False,
        help_text="On: when a car that may not score (guest, not eligible) takes pole, the pole point goes to "
        "the best car of its class in the session that may score (needs the qualifying classification)",
    )
    double_duty_allowed = models.BooleanField(
        default=True,
        help_text="On: a driver may be nominated for two cars at one event (season rules only; e.g. in two classes)",
    )

    class Meta:
        verbose_name = "points rules"
        verbose_name_plural = "points rules"
        constraints = [
            models.UniqueConstraint(
                fields=["season"], condition=Q(race__isnull=True), name="points_rules_one_per_season"
            ),
        ]

    def __str__(self) -> str:
        return f"Points rules {self.season}" + (f" – R{self.race.round}" if self.race else "")

    def save(self, *args: object, **kwargs: object) -> None:
        # Why: rules saved from code (imports, demo) get the same checks as the admin form.
        self.full_clean()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def scale_values(self) -> tuple[Decimal, ...]:
        return parse_scale(self.scale)

    @property
    def non_scoring_class_codes(self) -> tuple[str, ...]:
        return parse_class_codes(self.non_scoring_classes)

    def _non_scoring_problem(self) -> str | None:
        codes = self.non_scoring_class_codes
        if not codes or self.season_id is None:
            return None
        known = {code.casefold(): code for code in self.season.classes.values_list("code", flat=True)}
        unknown = [code for code in codes if code.casefold() not in known]
        if unknown:
            return f"Unknown class(es) {', '.join(unknown)}; the season's classes are {', '.join(known.values())}"
        # Stored as the season spells them: the engine compares class codes exactly.
        self.non_scoring_classes = ", ".join(known[code.casefold()] for code in codes)
        return None

    def clean(self) -> None:
        # Why: a rule set that cannot be applied must be refused when saved, not when the
        # standings are next recalculated in the background; championships.points_check is the
        # engine's own check, so the admin shows the words the engine would fail with.
        errors: dict[str, str] = {}
        scale: tuple[Decimal, ...] | None
        try:
            scale = self.scale_values
        except ValueError as exc:
            errors["scale"] = f"The points scale is not a list of numbers: {exc}"
            scale = None
        errors |= points_rules_problems(
            scale=scale,
            beyond_scale=self.beyond_scale,
            pole=self.pole,
            best_results=self.best_results,
            tie_break=self.tie_break,
            team_scoring=self.team_scoring,
            team_best_n=self.team_best_n,
            guests_score=self.guests_score,
        )
        if self.race is not None and self.race.season_id != self.season_id:
            errors["race"] = "The race belongs to another season."
        if problem := self._non_scoring_problem():
            errors["non_scoring_classes"] = problem
        if errors:
            raise ValidationError(errors)
