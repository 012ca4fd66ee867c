"""Lap-by-lap files (a race's, a qualifying session's), their laps, and the season's drive-time rules.

Models of the `results` app like the classifications beside them; written through
results.classifications.services.laps only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from entries.models import FiaCategory
from results.classifications.drive_times import TimeCounted


class LapFileKind(models.TextChoices):
    RACE = "race", "Race lap file"
    QUALIFYING = "qualifying", "Qualifying lap file"


class LapUpload(models.Model):
    """An uploaded lap-by-lap file: previewed, then confirmed once; the newest confirmed one counts.

    A race lap file belongs to its race; a qualifying lap file to its event and session label
    ("" for an event's only session, e.g. "gt" beside "lmp2-lmp3"), as the bundle names it.
    """

    SERIES_PATH = "event__season__series"

    kind = models.CharField(max_length=20, choices=LapFileKind.choices)
    event = models.ForeignKey("championships.Event", on_delete=models.CASCADE, related_name="lap_uploads")
    race = models.ForeignKey(
        "championships.Race", null=True, blank=True, on_delete=models.CASCADE, related_name="lap_uploads"
    )
    label = models.CharField(max_length=40, blank=True, help_text="The qualifying session, e.g. 'gt'")
    filename = models.CharField(max_length=255)
    source = models.BinaryField(help_text="The file as uploaded")
    sha256 = models.CharField(max_length=64)
    encoding = models.CharField(max_length=20, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="lap_uploads"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="Empty: previewed, not confirmed")
    laps_count = models.PositiveIntegerField(default=0)
    cars_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=LapFileKind.RACE, race__isnull=False)
                | Q(kind=LapFileKind.QUALIFYING, race__isnull=True),
                name="lap_upload_race_file_has_its_race",
            )
        ]

    def __str__(self) -> str:
        where = self.race if self.race_id else self.event
        return f"{self.get_kind_display()} {where} ({self.filename})"


class LapRecord(models.Model):
    """One lap of one car in a confirmed lap file, as the timing gave it."""

    SERIES_PATH = "upload__event__season__series"

    upload = models.ForeignKey(LapUpload, on_delete=models.CASCADE, related_name="laps")
    entry = models.ForeignKey("entries.Entry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    row_number = models.PositiveIntegerField()
    number = models.CharField(max_length=4)
    class_code = models.CharField(max_length=20, help_text="As the season spells it")
    driver_number = models.PositiveSmallIntegerField(help_text="The driver's slot in the crew, 1-based")
    driver_name = models.CharField(max_length=201)
    driver = models.ForeignKey(
        "entries.Driver",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The nominee the name (or, failing that, the classification's crew slot) is",
    )
    lap_number = models.PositiveIntegerField()
    lap_time_ms = models.PositiveBigIntegerField()
    in_pit = models.BooleanField(default=False, help_text="The lap ended in the pit lane")
    pit_time_ms = models.PositiveBigIntegerField(null=True, blank=True)
    elapsed_ms = models.PositiveBigIntegerField(null=True, blank=True)
    flag = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["upload", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["upload", "number", "lap_number"], name="lap_record_one_per_car_lap"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} lap {self.lap_number}"


class InfringementConsequence(models.TextChoices):
    DRIVER_NO_POINTS = "driver_no_points", "The driver scores no points"
    TIME = "time", "Time penalty on the car"
    LAPS = "laps", "Laps deducted from the car"
    DSQ = "dsq", "Disqualification of the car"


class DriveTimeRule(models.Model):
    """Minimum and maximum driving time per driver of a season, for a class and/or FIA category.

    The most specific rule applies to a driver (class and category > class > category > season).
    Without any rule the season's PointsRules.min_drive_time_min applies (no points below it).
    """

    SERIES_PATH = "season__series"

    season = models.ForeignKey("championships.Season", on_delete=models.CASCADE, related_name="drive_time_rules")
    racing_class = models.ForeignKey(
        "championships.RacingClass",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Empty: every class",
    )
    fia_category = models.CharField(
        max_length=20, choices=FiaCategory.choices, blank=True, help_text="Empty: every driver"
    )
    minimum_min = models.PositiveIntegerField(null=True, blank=True, help_text="Minimum driving time in minutes")
    maximum_min = models.PositiveIntegerField(null=True, blank=True, help_text="Maximum driving time in minutes")
    counted = models.CharField(
        max_length=30,
        choices=[
            (TimeCounted.LAP_TIMES.value, "Lap times (pit stops included)"),
            (TimeCounted.LAP_TIMES_WITHOUT_PIT.value, "Lap times less the time in the pit lane"),
        ],
        default=TimeCounted.LAP_TIMES.value,
    )
    qualifying_minimum = models.BooleanField(
        default=False,
        help_text="On: a driver's own minimum printed in the qualifying file (DRIVERn_*Extra 4) replaces the minimum",
    )
    consequence = models.CharField(
        max_length=20, choices=InfringementConsequence.choices, default=InfringementConsequence.DRIVER_NO_POINTS
    )
    penalty_seconds = models.PositiveIntegerField(default=0, help_text="For a time penalty")
    penalty_laps = models.PositiveIntegerField(default=0, help_text="For laps deducted")

    class Meta:
        ordering = ["season", "racing_class", "fia_category"]

    def __str__(self) -> str:
        scope = " ".join(part for part in (self.racing_class and self.racing_class.code, self.fia_category) if part)
        return f"Drive time {self.season} {scope or 'all drivers'}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        racing_class = self.racing_class if self.racing_class_id else None
        if racing_class is not None and self.season_id and racing_class.season_id != self.season_id:
            errors["racing_class"] = "Choose a class of this season."
        twin = DriveTimeRule.objects.filter(
            season_id=self.season_id, racing_class_id=self.racing_class_id, fia_category=self.fia_category
        ).exclude(pk=self.pk)
        # Why here, not a constraint: "every class" is a NULL, which unique constraints never compare.
        if self.season_id and twin.exists():
            errors["fia_category"] = "This season already has a rule for this class and category."
        if self.minimum_min is None and self.maximum_min is None and not self.qualifying_minimum:
            errors["minimum_min"] = "Give a minimum, a maximum, or use the qualifying file's minimum."
        if self.minimum_min and self.maximum_min and self.maximum_min < self.minimum_min:
            errors["maximum_min"] = "The maximum cannot be below the minimum."
        if self.consequence == InfringementConsequence.TIME and not self.penalty_seconds:
            errors["penalty_seconds"] = "Give the time added."
        if self.consequence == InfringementConsequence.LAPS and not self.penalty_laps:
            errors["penalty_laps"] = "Give the laps deducted."
        if errors:
            raise ValidationError(errors)
