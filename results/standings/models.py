"""Stored standings: one row per competitor per championship after every round."""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class Championship(models.TextChoices):
    DRIVERS = "drivers", "Drivers"
    TEAMS = "teams", "Teams"


class StandingRow(models.Model):
    """A competitor's position and points after a round; "after round N" is a filter."""

    SERIES_PATH = "season__series"

    season = models.ForeignKey("championships.Season", on_delete=models.CASCADE, related_name="standing_rows")
    after_round = models.PositiveSmallIntegerField()
    championship = models.CharField(max_length=40, help_text="drivers, teams, or an extra ranking's name")
    class_code = models.CharField(max_length=20)
    cup_code = models.CharField(max_length=20, blank=True, help_text="Empty for the whole class")
    competitor_key = models.CharField(max_length=64)
    competitor_name = models.CharField(max_length=300)
    number = models.CharField(max_length=40, blank=True)
    position = models.PositiveIntegerField()
    # Three decimals: a half-points race turns 0.5 into 0.25, and a 0.75 factor into 0.375.
    points = models.DecimalField(max_digits=9, decimal_places=3)
    results = models.CharField(max_length=500, blank=True)
    wins = models.PositiveSmallIntegerField(default=0)
    tied = models.BooleanField(default=False)
    status = models.CharField(max_length=20, blank=True, help_text="disqualified / excluded from the championship")
    breakdown = models.JSONField(default=dict)

    class Meta:
        ordering = ["season", "after_round", "championship", "class_code", "cup_code", "position", "competitor_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "after_round", "championship", "class_code", "cup_code", "competitor_key"],
                name="standing_row_unique_competitor",
            ),
        ]
        indexes = [
            models.Index(
                fields=["season", "championship", "class_code", "cup_code", "after_round"], name="standing_row_table"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.championship} {self.class_code} R{self.after_round} P{self.position} {self.competitor_name}"


class AdjustmentKind(models.TextChoices):
    DEDUCTION = "deduction", "Points deduction"
    DISQUALIFIED = "disqualified", "Disqualified from the championship (keeps points, loses position)"
    EXCLUDED = "excluded", "Excluded from the championship (loses points)"


# Competitor keys written by the engine: see results.standings_inputs and results.standings.engine.
_KEY_FORMATS = {
    "drivers": re.compile(r"driver-\d+"),
    "teams": re.compile(r"team-\d+|[A-Za-z0-9]{1,4}"),
}


class ChampionshipAdjustment(models.Model):
    """A championship decision separate from any race result (deduction, disqualification, exclusion)."""

    SERIES_PATH = "season__series"

    season = models.ForeignKey("championships.Season", on_delete=models.CASCADE, related_name="adjustments")
    championship = models.CharField(max_length=20, choices=Championship.choices)
    class_code = models.CharField(max_length=20)
    cup_code = models.CharField(max_length=20, blank=True)
    competitor_key = models.CharField(
        max_length=64,
        help_text="As in the stored standings: driver 'driver-<id>'; team: the car number (per-car team "
        "scoring, e.g. '46') or 'team-<id>' (best-N-cars team scoring)",
    )
    kind = models.CharField(max_length=20, choices=AdjustmentKind.choices)
    points = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal(0))
    after_round = models.PositiveSmallIntegerField(default=1, help_text="Applies from this round on")
    reason = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["season", "after_round", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.competitor_key} ({self.season})"

    def clean(self) -> None:
        # Why: the engine matches adjustments on exact keys; a mistyped class, cup or
        # competitor would be saved and then silently change nothing in the standings.
        errors: dict[str, str] = {}
        if self.kind == AdjustmentKind.DEDUCTION and not (self.points or 0) > 0:
            errors["points"] = "A points deduction needs a number of points greater than 0."
        if self.season_id is None:  # the form reports the missing season itself
            if errors:
                raise ValidationError(errors)
            return
        classes = set(self.season.classes.values_list("code", flat=True))
        if self.class_code not in classes:
            errors["class_code"] = (
                f"{self.season} has no class '{self.class_code}' (known: {', '.join(sorted(classes))})."
            )
        elif self.cup_code and not self.season.cups.filter(code=self.cup_code).exists():
            errors["cup_code"] = f"{self.season} has no cup '{self.cup_code}'."
        elif self.competitor_key and (problem := self._competitor_problem()):
            errors["competitor_key"] = problem
        if errors:
            raise ValidationError(errors)

    def _competitor_problem(self) -> str:
        """Why the key names no competitor of that table ("" when it does or cannot be checked yet)."""
        table = StandingRow.objects.filter(
            season_id=self.season_id, championship=self.championship, class_code=self.class_code, cup_code=self.cup_code
        )
        known = dict(table.order_by("competitor_key").values_list("competitor_key", "competitor_name").distinct())
        if known and self.competitor_key not in known:
            sample = ", ".join(f"{key} ({name})" for key, name in list(known.items())[:12])
            table_name = f"{self.class_code} {self.cup_code}".strip()
            return (
                f"No competitor '{self.competitor_key}' in the {self.championship} standings of {table_name}; "
                f"known: {sample}."
            )
        key_format = _KEY_FORMATS.get(self.championship)
        if not known and key_format is not None and not key_format.fullmatch(self.competitor_key):
            return f"'{self.competitor_key}' is not a {self.championship} key (see the help text)."
        return ""


class SeasonStandingsState(models.Model):
    """When a season's standings were computed, whether a recalculation is pending, the last error."""

    SERIES_PATH = "season__series"

    season = models.OneToOneField("championships.Season", on_delete=models.CASCADE, related_name="standings_state")
    # Bumped by every change that affects standings; a run computes a generation, and the
    # season is clean when computed_generation == generation.
    generation = models.PositiveIntegerField(default=0)
    computed_generation = models.PositiveIntegerField(default=0)
    dirty_since = models.DateTimeField(null=True, blank=True)
    running_since = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "standings state"

    def __str__(self) -> str:
        return f"Standings of {self.season}"

    @property
    def pending(self) -> bool:
        return self.generation != self.computed_generation


class RacePole(models.Model):
    """The car on pole for a class (or a cup) at a race; scores the season's pole points."""

    SERIES_PATH = "race__season__series"

    race = models.ForeignKey("championships.Race", on_delete=models.CASCADE, related_name="poles")
    class_code = models.CharField(max_length=20)
    cup_code = models.CharField(max_length=20, blank=True, help_text="Empty: pole of the whole class")
    number = models.CharField(max_length=4)

    class Meta:
        ordering = ["race", "class_code", "cup_code"]
        constraints = [
            models.UniqueConstraint(fields=["race", "class_code", "cup_code"], name="race_pole_one_per_class"),
        ]

    def __str__(self) -> str:
        return f"Pole {self.class_code}{'/' + self.cup_code if self.cup_code else ''} #{self.number} ({self.race})"

    def clean(self) -> None:
        # Why: a pole for a class or cup the season does not have would only surface as a
        # failed recalculation of the whole season; refuse it when saved instead.
        if self.race_id is None:
            return
        season = self.race.season
        classes = set(season.classes.values_list("code", flat=True))
        if self.class_code not in classes:
            known = ", ".join(sorted(classes))
            raise ValidationError({"class_code": f"{season} has no class '{self.class_code}' (known: {known})."})
        if self.cup_code and not season.cups.filter(code=self.cup_code).exists():
            raise ValidationError({"cup_code": f"{season} has no cup '{self.cup_code}'."})
