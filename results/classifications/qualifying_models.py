"""What qualifying gave: the uploaded sessions of an event, their cars in order, and the poles.

Models of the `results` app like the classifications beside them (results.classifications.models
re-exports them); poles are written through results.classifications.services.poles only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class PoleSource(models.TextChoices):
    QUALIFYING = "qualifying", "Qualifying classification"
    STAFF = "staff", "Set by series staff"


class RacePole(models.Model):
    """The car on pole for a class (or a cup) at a race; scores the season's pole points.

    Written through results.classifications.services.poles.pole_set only: a staff override
    carries its reason, and a later qualifying upload never replaces it silently.
    """

    SERIES_PATH = "race__season__series"

    race = models.ForeignKey("championships.Race", on_delete=models.CASCADE, related_name="poles")
    class_code = models.CharField(max_length=20)
    cup_code = models.CharField(max_length=20, blank=True, help_text="Empty: pole of the whole class")
    number = models.CharField(max_length=4)
    # Why "staff" by default: poles stored before this field were set by staff (admin, bundles).
    source = models.CharField(max_length=20, choices=PoleSource.choices, default=PoleSource.STAFF)
    reason = models.TextField(blank=True, help_text="Why staff set or changed the pole (required for staff)")

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


class QualifyingUpload(models.Model):
    """An uploaded qualifying session of an event: previewed, then confirmed once.

    An event has several sessions (the LMP2/LMP3 one and the GT one are separate files): a
    session is known by the classes its file contains, and a later confirmed file with a class
    of it takes that class over. Kept after the confirm as the record of where the poles came
    from; an unconfirmed row is a preview waiting for its confirm.
    """

    SERIES_PATH = "event__season__series"

    event = models.ForeignKey("championships.Event", on_delete=models.CASCADE, related_name="qualifying_uploads")
    filename = models.CharField(max_length=255)
    source = models.BinaryField(help_text="The file as uploaded")
    sha256 = models.CharField(max_length=64)
    encoding = models.CharField(max_length=20, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="qualifying_uploads"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="Empty: previewed, not confirmed")
    poles = models.JSONField(default=dict, help_text="Class code (or 'class / cup') → car number with the best lap")
    rounds = models.JSONField(default=list, help_text="Rounds whose poles the confirm set")
    classes = models.JSONField(default=list, help_text="The classes of the session, as the season spells them")

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"Qualifying {self.event} ({self.filename})"

    @property
    def session(self) -> str:
        """The session's name as the paddock says it: its classes ("LMP2 / LMP3", "GT")."""
        return " / ".join(self.classes) or self.filename


class QualifyingResult(models.Model):
    """One car of a confirmed qualifying session, in the order of the file (best lap first)."""

    SERIES_PATH = "upload__event__season__series"

    upload = models.ForeignKey(QualifyingUpload, on_delete=models.CASCADE, related_name="results")
    entry = models.ForeignKey(
        "entries.Entry", null=True, blank=True, on_delete=models.SET_NULL, related_name="qualifying_results"
    )
    row_number = models.PositiveIntegerField(help_text="Line in the uploaded file")
    position = models.PositiveIntegerField(help_text="Overall order of the session as uploaded")
    number = models.CharField(max_length=4)
    class_code = models.CharField(max_length=20, help_text="As the season spells it")
    cup_code = models.CharField(max_length=20, blank=True, help_text="The entry's cup")
    team = models.CharField(max_length=200, blank=True)
    vehicle = models.CharField(max_length=200, blank=True)
    driver_names = models.JSONField(default=list, help_text="Names as printed in the file")
    laps = models.PositiveIntegerField(null=True, blank=True)
    best_lap_ms = models.PositiveBigIntegerField(null=True, blank=True, help_text="Empty: no time set")

    class Meta:
        ordering = ["upload", "position", "row_number"]

    def __str__(self) -> str:
        return f"#{self.number} P{self.position} ({self.upload})"
