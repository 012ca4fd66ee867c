"""Governance model: who governs which series, and the calendar of each season."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

TIME_ZONE_CHOICES = sorted((tz, tz) for tz in available_timezones())


class Organisation(models.Model):
    """A governing body (ACO, ALMEM, SRO) whose members act on the series it governs."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code.upper()


class Role(models.TextChoices):
    SERIES_STAFF = "series_staff", "Series staff"
    STEWARD = "steward", "Steward / timing official"
    TEAM_MANAGER = "team_manager", "Team manager"


class Membership(models.Model):
    """A user's role inside an organisation; it reaches the series that organisation governs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["organisation__code", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.organisation})"


class Series(models.Model):
    """A championship series (e.g. Asian Le Mans Series), governed by one or more organisations."""

    code = models.SlugField(max_length=30, unique=True, help_text="Short code used in URLs and files, e.g. aslms")
    name = models.CharField(max_length=200, unique=True)
    governing_bodies = models.ManyToManyField(Organisation, related_name="series")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.name


class Season(models.Model):
    """One season of a series, e.g. Asian Le Mans Series 2023."""

    SERIES_PATH = "series"

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="seasons")
    name = models.CharField(max_length=20, help_text="e.g. 2023 or 2023-24")
    registration_opens = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When teams may start registering entries themselves (empty: no self-service sign-up)",
    )
    registration_closes = models.DateTimeField(
        null=True, blank=True, help_text="After this only the series staff add entries (empty: never closes)"
    )
    # Why a flag and not a status: a season is either being prepared (only its officials see
    # it, as a preview) or public; everything after publication has its own workflow.
    published = models.BooleanField(
        default=False,
        help_text="Public: pages, API and calendar feed. A draft is seen only by the series' officials.",
    )

    class Meta:
        ordering = ["series__name", "-name"]
        constraints = [
            models.UniqueConstraint(fields=["series", "name"], name="season_unique_per_series"),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.name}"

    @property
    def code(self) -> str:
        """The season key used on the command line and in files: <series_code>-<season>."""
        return f"{self.series.code}-{self.name}"

    def registration_closed(self, now: datetime) -> bool:
        """Teams may no longer add entries themselves: not open yet, or closed."""
        if self.registration_opens is not None and now < self.registration_opens:
            return True
        return self.registration_closes is not None and now >= self.registration_closes

    def registration_open(self, now: datetime) -> bool:
        """Open for new teams: an opening date passed and not closed (the onboarding offers these)."""
        return self.registration_opens is not None and not self.registration_closed(now)

    def clean(self) -> None:
        if self.registration_opens and self.registration_closes and self.registration_closes <= self.registration_opens:
            raise ValidationError({"registration_closes": "Registration must close after it opens."})


class RacingClass(models.Model):
    """A class of cars competing for its own classification (LMP2, LMP3, GT3...)."""

    SERIES_PATH = "season__series"

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="classes")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["season", "order", "code"]
        verbose_name = "class"
        verbose_name_plural = "classes"
        constraints = [
            models.UniqueConstraint(fields=["season", "code"], name="class_unique_code_per_season"),
        ]

    def __str__(self) -> str:
        return self.code


class Cup(models.Model):
    """A sub-classification by driver line-up (Pro-Am, Silver, Am...), optionally within one class."""

    SERIES_PATH = "season__series"

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="cups")
    racing_class = models.ForeignKey(
        RacingClass,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cups",
        verbose_name="class",
    )
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["season", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["season", "code"], name="cup_unique_code_per_season"),
        ]

    def __str__(self) -> str:
        return self.name or self.code

    def clean(self) -> None:
        if self.racing_class is not None and self.racing_class.season_id != self.season_id:
            raise ValidationError({"racing_class": "The class belongs to another season."})


class Circuit(models.Model):
    """A race track; its time zone decides how event dates and times are shown."""

    name = models.CharField(max_length=200, unique=True)
    country = models.CharField(max_length=100)
    time_zone = models.CharField(max_length=64, choices=TIME_ZONE_CHOICES, default="UTC")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """A race meeting of a season at one circuit, over one or more days."""

    SERIES_PATH = "season__series"

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="events")
    name = models.CharField(max_length=200)
    circuit = models.ForeignKey(Circuit, on_delete=models.PROTECT, related_name="events")
    start_date = models.DateField()
    end_date = models.DateField()
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["season", "start_date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["season", "name"], name="event_unique_name_per_season"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="event_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.season})"

    @property
    def time_zone(self) -> str:
        return self.circuit.time_zone

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The event cannot end before it starts."})
        if self.pk and self.start_date and self.end_date:
            # Why here too: new dates must not leave a race of the event outside them, whichever
            # form changes them.
            outside = self.races.exclude(race_date=None).exclude(race_date__range=(self.start_date, self.end_date))
            if outside.exists():
                dated = ", ".join(f"R{race.round} on {race.race_date:%Y-%m-%d}" for race in outside)
                raise ValidationError(f"{dated}: a race date must fall within the event's dates.")


class Race(models.Model):
    """A scoring session inside an event; its round number orders the season."""

    SERIES_PATH = "season__series"

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="races", editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="races")
    round = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100, default="Race")
    race_date = models.DateField(null=True, blank=True)
    # Why local time, not UTC: the organiser publishes "15:00 at the circuit"; the instant follows
    # from the date, this time and the circuit's zone, and stays right if the zone's rules change.
    start_time = models.TimeField(
        null=True,
        blank=True,
        help_text="Local start time at the circuit (its time zone); needs the race date. Blank: all-day",
    )
    scheduled_duration_min = models.PositiveIntegerField(help_text="Scheduled duration in minutes")

    class Meta:
        ordering = ["season", "round"]
        constraints = [
            models.UniqueConstraint(fields=["season", "round"], name="race_unique_round_per_season"),
            models.CheckConstraint(condition=Q(round__gte=1), name="race_round_positive"),
        ]

    def __str__(self) -> str:
        return f"R{self.round} {self.event.name} – {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        # Why: the round is unique per season; the season is copied from the event so a
        # database constraint (not just a form check) can enforce it.
        self.season_id = self.event.season_id
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        # Why the cached event and not event_id: in the event form's race rows the event may
        # not be saved yet, and its season and dates must be checked all the same.
        event = self._state.fields_cache.get("event") if self.event_id is None else self.event
        if event is not None:
            self.season_id = event.season_id
            day, first, last = self.race_date, event.start_date, event.end_date
            if day is not None and first is not None and last is not None and not first <= day <= last:
                raise ValidationError(
                    {
                        "race_date": f"The race date must fall within the event's dates "
                        f"({first:%Y-%m-%d} to {last:%Y-%m-%d})."
                    }
                )
        if self.start_time is not None and self.race_date is None:
            raise ValidationError({"start_time": "Give the race date too: a start time needs its day."})
        if self.season_id and self.round:
            # Why here: season is not a form field, so Django's own unique check skips the
            # season/round constraint and the save would fail with a database error instead.
            clash = Race.objects.filter(season_id=self.season_id, round=self.round).exclude(pk=self.pk)
            taken = clash.select_related("event").first()
            if taken is not None:
                raise ValidationError(
                    {"round": f"Round {self.round} is already used in this season ({taken.event.name}, {taken.name})."}
                )

    @property
    def day(self) -> date:
        return self.race_date or self.event.start_date

    @property
    def starts_at(self) -> datetime | None:
        """The start as an aware datetime in the circuit's zone, or None when only the day is known."""
        if self.start_time is None or self.race_date is None:
            return None
        return datetime.combine(self.race_date, self.start_time, tzinfo=ZoneInfo(self.event.circuit.time_zone))


class AuditEntry(models.Model):
    """Who changed what, when, from what to what, and why (see championships.audit)."""

    SERIES_PATH = "series"

    action = models.CharField(max_length=80, db_index=True, help_text='Namespaced code, e.g. "entries.entry.submitted"')
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries")
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action_label} {self.object_repr}"

    @property
    def action_label(self) -> str:
        """The action as people say it ("Classification published"), not its code."""
        return action_label(self.action)


# Codes whose words, read from the code alone, would not say what happened.
ACTION_LABELS = {
    "results.qualifying.confirm": "Qualifying confirmed",
    "results.season.imported": "Season imported",
    "results.pole.set": "Pole set",
    "entries.entry.accepted_from_results": "Entry accepted from the results",
    "entries.driver.categorised": "Driver categorised",
    "entries.driver.uncategorised": "Driver category removed",
    "entries.entry.event_added": "Entry added to an event",
    "championships.rules.deleted": "Points rules deleted",
    "championships.rules.created": "Points rules created",
    "championships.rules.updated": "Points rules changed",
}


def action_label(code: str) -> str:
    """ "entries.entry.submitted" → "Entry submitted": the object and what happened to it."""
    if code in ACTION_LABELS:
        return ACTION_LABELS[code]
    parts = [part for part in code.split(".") if part]
    words = " ".join(part.replace("_", " ") for part in parts[-2:]) if parts else code
    return words[:1].upper() + words[1:]


from championships.extra_championships import ExtraChampionship  # noqa: E402
from championships.mail_models import NotificationPreference, OutgoingEmail  # noqa: E402
from championships.rules import PointsRules, QualifyingSets, TeamScoring, TieBreak  # noqa: E402

__all__ = [
    "AuditEntry",
    "Circuit",
    "Cup",
    "Event",
    "ExtraChampionship",
    "Membership",
    "NotificationPreference",
    "Organisation",
    "OutgoingEmail",
    "PointsRules",
    "QualifyingSets",
    "Race",
    "RacingClass",
    "Role",
    "Season",
    "Series",
    "TeamScoring",
    "TieBreak",
]
