"""Race classifications: uploads, versions, uploaded rows, derived rows and steward decisions.

Uploaded rows are never edited; what the public sees is derived from them plus the race's
active decisions (results.classify) and stored as DerivedRow, replaced on every derivation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from entries.models import Driver


class ClassificationStatus(models.TextChoices):
    DRAFT = "draft", "Unpublished"
    PROVISIONAL = "provisional", "Provisional"
    OFFICIAL = "official", "Official"
    AMENDED = "amended", "Amended"


PUBLISHED_STATUSES = (
    ClassificationStatus.PROVISIONAL,
    ClassificationStatus.OFFICIAL,
    ClassificationStatus.AMENDED,
)


class PendingUpload(models.Model):
    """A file between dry run and confirmation: confirm writes exactly these bytes."""

    SERIES_PATH = "race__season__series"

    race = models.ForeignKey("championships.Race", on_delete=models.CASCADE, related_name="pending_uploads")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_version = models.OneToOneField(
        "results.ClassificationVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A steward left a car not on the entry list for the series staff: the upload waits on the
    # staff home (kept past the daily clean-up), nothing is saved until staff resolve it.
    waiting_for_staff_since = models.DateTimeField(null=True, blank=True)
    # The steward's choices on the preview (results.classifications.reconcile), offered again to staff.
    choices = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} for {self.race} ({self.sha256[:12]})"


class ClassificationVersion(models.Model):
    """One confirmed upload of a race's classification; versions are kept, never overwritten."""

    SERIES_PATH = "race__season__series"

    race = models.ForeignKey("championships.Race", on_delete=models.PROTECT, related_name="classification_versions")
    version = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20,
        choices=ClassificationStatus.choices,
        default=ClassificationStatus.DRAFT,
        db_index=True,
    )
    filename = models.CharField(max_length=255)
    source = models.BinaryField(help_text="The uploaded file, byte for byte")
    sha256 = models.CharField(max_length=64)
    file_format = models.CharField(max_length=20)
    encoding = models.CharField(max_length=20)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True, help_text="First made public")
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["race", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["race", "version"], name="classification_version_unique_per_race"),
            models.CheckConstraint(condition=Q(version__gte=1), name="classification_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.race} – version {self.version} ({self.get_status_display()})"


class ResultRow(models.Model):
    """One car's line exactly as uploaded, matched to its entry and nominated drivers."""

    SERIES_PATH = "version__race__season__series"

    version = models.ForeignKey(ClassificationVersion, on_delete=models.CASCADE, related_name="rows")
    entry = models.ForeignKey("entries.Entry", on_delete=models.PROTECT, related_name="result_rows")
    row_number = models.PositiveIntegerField(help_text="Line in the uploaded file")
    position = models.PositiveIntegerField(help_text="Overall finishing order as uploaded")
    number = models.CharField(max_length=4)
    class_code = models.CharField(max_length=20)
    cup_code = models.CharField(max_length=20, blank=True)
    team = models.CharField(max_length=200)
    driver_names = models.JSONField(default=list, help_text="Names as printed in the file")
    drivers: models.ManyToManyField[Driver, ResultRowDriver] = models.ManyToManyField(
        "entries.Driver", through="ResultRowDriver", related_name="result_rows"
    )
    vehicle = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20)
    laps = models.PositiveIntegerField(null=True, blank=True)
    total_time_ms = models.PositiveBigIntegerField(null=True, blank=True)
    best_lap_ms = models.PositiveBigIntegerField(null=True, blank=True)
    gap_first = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="result_row_unique_number"),
            models.UniqueConstraint(fields=["version", "position"], name="result_row_unique_position"),
        ]

    def __str__(self) -> str:
        return f"P{self.position} #{self.number}"


class ResultRowDriver(models.Model):
    """A driver who drove the car, in the order the file lists them."""

    SERIES_PATH = "row__version__race__season__series"

    row = models.ForeignKey(ResultRow, on_delete=models.CASCADE, related_name="row_drivers")
    driver = models.ForeignKey("entries.Driver", on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["row", "order"]
        constraints = [models.UniqueConstraint(fields=["row", "driver"], name="result_row_driver_once")]

    def __str__(self) -> str:
        return f"driver {self.driver_id} of row {self.row_id}"


class DerivedRow(models.Model):
    """A row after penalties: the order, class positions and statuses the public sees."""

    SERIES_PATH = "version__race__season__series"

    version = models.ForeignKey(ClassificationVersion, on_delete=models.CASCADE, related_name="derived_rows")
    row = models.OneToOneField(ResultRow, on_delete=models.CASCADE, related_name="derived")
    overall_position = models.PositiveIntegerField()
    class_position = models.PositiveIntegerField(null=True, blank=True, help_text="Empty for DSQ/EX")
    class_code = models.CharField(max_length=20, help_text="After any class change")
    status = models.CharField(max_length=20)
    laps = models.PositiveIntegerField(null=True, blank=True)
    total_time_ms = models.PositiveBigIntegerField(null=True, blank=True)
    gap_first = models.CharField(max_length=40, blank=True)
    penalties = models.CharField(max_length=300, blank=True, help_text="Decisions applied, e.g. 'D3: +30 s'")

    class Meta:
        ordering = ["version", "overall_position"]

    def __str__(self) -> str:
        return f"P{self.overall_position} #{self.row.number}"


class DecisionStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    AMENDED = "amended", "Amended (superseded)"
    WITHDRAWN = "withdrawn", "Withdrawn"


class PenaltyKind(models.TextChoices):
    TIME = "time", "Time added"
    LAPS = "laps", "Laps deducted"
    DRIVE_THROUGH = "drive_through", "Drive-through converted to time"
    POSITION_DROP = "position_drop", "Position drop"
    DSQ = "dsq", "Disqualification"
    EX = "ex", "Exclusion"
    CLASS_CHANGE = "class_change", "Class change"
    # The car's result stands; one driver scores nothing in this race (e.g. minimum drive time
    # missed, PointsRules.min_drive_time_min). Combine with a laps/time decision if the car is penalised too.
    DRIVER_NO_POINTS = "driver_no_points", "Driver scores no points (minimum drive time)"
    # The car's result stands; the pole point it took in qualifying is not awarded (nobody
    # else inherits it: staff set another pole if the stewards give it to another car).
    POLE_REMOVED = "pole_removed", "Pole point removed"


def document_label(number: str) -> str:
    """A bare number gets the word "Decision"; a number entered with its own prefix is shown as entered."""
    # Why: stewards type "12" or "Doc 12"; prefixing the latter gave "Decision Doc 12".
    number = number.strip()
    return f"Decision {number}" if number[:1].isdigit() else number


class Decision(models.Model):
    """A numbered steward decision on one car of a race; amended or withdrawn, never deleted."""

    SERIES_PATH = "race__season__series"

    race = models.ForeignKey("championships.Race", on_delete=models.PROTECT, related_name="decisions")
    number = models.CharField(max_length=20, help_text="The stewards' document number, e.g. 12")
    entry = models.ForeignKey("entries.Entry", on_delete=models.PROTECT, related_name="decisions")
    offence = models.TextField()
    kind = models.CharField(max_length=20, choices=PenaltyKind.choices)
    time_added_ms = models.PositiveBigIntegerField(default=0)
    laps_deducted = models.PositiveIntegerField(default=0)
    positions_dropped = models.PositiveIntegerField(default=0)
    new_class = models.ForeignKey(
        "championships.RacingClass",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    driver = models.ForeignKey(
        "entries.Driver",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For 'driver scores no points': the driver concerned",
    )
    reason = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.ACTIVE)
    amends = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amended_by",
        help_text="The decision this one replaces",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["race", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["race", "number"], name="decision_unique_number_per_race"),
        ]

    def __str__(self) -> str:
        return f"Decision {self.number} – #{self.entry.number} {self.get_kind_display()}"

    @property
    def label(self) -> str:
        """The document as stewards refer to it: "Decision 12", or the number as entered ("Doc 12")."""
        return document_label(self.number)

    @property
    def time_added_s(self) -> Decimal:
        """The time added in seconds, as stewards write it (e.g. 30 or 5.5)."""
        return Decimal(self.time_added_ms) / 1000
