"""Teams, drivers, cars and entries, with per-event line-ups that keep their history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from championships.models import Cup, Event, RacingClass, Season


class Team(models.Model):
    """A racing team; its managers register and follow its entries."""

    name = models.CharField(max_length=200, unique=True)
    country = models.CharField(max_length=3, blank=True, help_text="ISO 3166 alpha-3 code, e.g. JPN")
    managers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="managed_teams")
    contact = models.CharField(
        max_length=200, blank=True, help_text="The team's office: e-mail or telephone for the series"
    )
    # Why: a team registered by a person on the portal exists (its drafts can be prepared) but no
    # entry of it is accepted until the series staff approve the team (entries.onboarding).
    approved = models.BooleanField(
        default=True, help_text="Approved by a series (self-registered teams start unapproved)"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Driver(models.Model):
    """A racing driver; the FIA category is stored per season (DriverCategory)."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    nationality = models.CharField(max_length=3, help_text="ISO 3166 alpha-3 code, e.g. JPN")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why: a driver a team adds to its draft is that team's business (and the series it enters)
    # until the entry is submitted; entries.permissions.visible_drivers reads it.
    created_for = models.ForeignKey(
        "Entry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The draft entry this driver was first added for (from a team's pages)",
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["first_name", "last_name", "nationality"], name="driver_unique_identity"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def full_name(self) -> str:
        return str(self)


class FiaCategory(models.TextChoices):
    PLATINUM = "platinum", "Platinum"
    GOLD = "gold", "Gold"
    SILVER = "silver", "Silver"
    BRONZE = "bronze", "Bronze"


class DriverCategory(models.Model):
    """A driver's FIA categorisation for one season (revised every year)."""

    SERIES_PATH = "season__series"

    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="categories")
    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="driver_categories")
    category = models.CharField(max_length=10, choices=FiaCategory.choices)

    class Meta:
        ordering = ["season", "driver"]
        verbose_name_plural = "driver categories"
        constraints = [
            models.UniqueConstraint(fields=["driver", "season"], name="driver_category_once_per_season"),
        ]

    def __str__(self) -> str:
        return f"{self.driver} – {self.get_category_display()} ({self.season})"


class Manufacturer(models.Model):
    """A car maker (Oreca, Ligier, Ferrari...)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CarModel(models.Model):
    """A homologated car (Oreca 07, Ferrari 296 GT3...)."""

    manufacturer = models.ForeignKey(Manufacturer, on_delete=models.PROTECT, related_name="car_models")
    name = models.CharField(max_length=100)
    # Why codes, not rows: car models are shared by every series and season, classes belong to
    # one season; the codes are compared with the entry's class code (any case).
    class_codes = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="classes",
        help_text="Class codes the car is eligible for, comma-separated (e.g. 'LMP2' or 'GT, GT3'); "
        "empty: not checked at entry review",
    )

    class Meta:
        ordering = ["manufacturer__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["manufacturer", "name"], name="car_model_unique_per_manufacturer"),
        ]

    def __str__(self) -> str:
        return f"{self.manufacturer} {self.name}"

    @property
    def classes(self) -> list[str]:
        return [code.strip() for code in self.class_codes.split(",") if code.strip()]

    def eligible_for(self, class_code: str) -> bool | None:
        """True/False when the car's classes are given, None when they are not (not checked)."""
        classes = {code.casefold() for code in self.classes}
        return class_code.casefold() in classes if classes else None


class EntryKind(models.TextChoices):
    FULL_SEASON = "full_season", "Full season"
    GUEST = "guest", "Event by event (guest)"


class EntryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    RESERVE = "reserve", "Reserve"
    WITHDRAWN = "withdrawn", "Withdrawn"


# An entry is alive in these statuses (rejected and withdrawn ones are history).
ACTIVE_STATUSES = (
    EntryStatus.DRAFT,
    EntryStatus.SUBMITTED,
    EntryStatus.ACCEPTED,
    EntryStatus.RESERVE,
)
# Only these hold their car number, one entry per number and season. Why not drafts: a draft
# only wishes for a number (any number of drafts may wish for the same one, and none blocks
# anybody); the number is claimed on submission. Why reserve: a reserve entry may still be
# accepted, so its number stays held until it is rejected or withdrawn.
NUMBER_HOLDING_STATUSES = (
    EntryStatus.SUBMITTED,
    EntryStatus.ACCEPTED,
    EntryStatus.RESERVE,
)


class Entry(models.Model):
    """A team's car in a season: its number, class/cup, car and registration status."""

    SERIES_PATH = "season__series"

    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="entries")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="entries")
    number = models.CharField(max_length=4, help_text="Car number as painted, e.g. 7 or 007")
    racing_class = models.ForeignKey(
        RacingClass, on_delete=models.PROTECT, related_name="entries", verbose_name="class"
    )
    cup = models.ForeignKey(Cup, on_delete=models.PROTECT, null=True, blank=True, related_name="entries")
    car_model = models.ForeignKey(CarModel, on_delete=models.PROTECT, null=True, blank=True, related_name="entries")
    kind = models.CharField(max_length=20, choices=EntryKind.choices, default=EntryKind.FULL_SEASON)
    events = models.ManyToManyField(
        Event,
        blank=True,
        related_name="guest_entries",
        help_text="For event-by-event entries: the events entered",
    )
    scoring_override = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="scores points",
        help_text="Empty: full-season entries score and guests do not. Set to force either way.",
    )
    status = models.CharField(max_length=20, choices=EntryStatus.choices, default=EntryStatus.DRAFT, db_index=True)
    status_reason = models.TextField(blank=True, help_text="Why it was rejected, put on reserve or withdrawn")
    # 1, 2, ... while on reserve: the order in which reserve entries are called up.
    reserve_position = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["season", "racing_class__order", "number"]
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(
                fields=["season", "number"],
                condition=Q(status__in=[s.value for s in NUMBER_HOLDING_STATUSES]),
                name="entry_unique_held_number",
                violation_error_message="This car number is already taken in this season.",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.team} ({self.racing_class})"

    @property
    def is_guest(self) -> bool:
        return self.kind == EntryKind.GUEST

    @property
    def scores_points(self) -> bool:
        """Eligible to score in the championship (guests are classified but score nothing)."""
        if self.scoring_override is not None:
            return self.scoring_override
        return self.kind == EntryKind.FULL_SEASON


class Nomination(models.Model):
    """A driver nominated to drive an entry at an event; removal keeps the row (history)."""

    SERIES_PATH = "entry__season__series"

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="nominations")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="nominations")
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="nominations")
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["event__start_date", "entry", "added_at"]
        constraints = [
            # Why not (event, driver): a driver may race two cars at one event (double duty), a
            # rule of the season (PointsRules.double_duty_allowed) checked by nomination_add.
            models.UniqueConstraint(
                fields=["entry", "event", "driver"],
                condition=Q(removed_at__isnull=True),
                name="nomination_driver_once_per_lineup",
                violation_error_message="This driver is already in this line-up at this event.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.driver} in {self.entry} at {self.event.name}"


from entries.lineup_models import LineupRequirement, LineupRule, NationalityGroup  # noqa: E402
from entries.onboarding_models import TeamRequest, TeamRequestKind, TeamRequestStatus  # noqa: E402

__all__ = [
    "ACTIVE_STATUSES",
    "CarModel",
    "Driver",
    "DriverCategory",
    "Entry",
    "EntryKind",
    "EntryStatus",
    "FiaCategory",
    "LineupRequirement",
    "LineupRule",
    "Manufacturer",
    "NationalityGroup",
    "NUMBER_HOLDING_STATUSES",
    "Nomination",
    "Team",
    "TeamRequest",
    "TeamRequestKind",
    "TeamRequestStatus",
]

from entries.class_change_models import EntryClassChange  # noqa: E402

__all__ += ["EntryClassChange"]
