"""Stored standings: one row per competitor per championship after every round."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
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
    points = models.DecimalField(max_digits=8, decimal_places=2)
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


class ChampionshipAdjustment(models.Model):
    """A championship decision separate from any race result (deduction, disqualification, exclusion)."""

    SERIES_PATH = "season__series"

    season = models.ForeignKey("championships.Season", on_delete=models.CASCADE, related_name="adjustments")
    championship = models.CharField(max_length=20, choices=Championship.choices)
    class_code = models.CharField(max_length=20)
    cup_code = models.CharField(max_length=20, blank=True)
    competitor_key = models.CharField(
        max_length=64, help_text="Driver: 'driver-<id>'; team: 'car-<number>' (per car) or 'team-<id>'"
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
