"""A car that changes class or cup mid-season: from a round on it races as a new entry of that class.

The Entry keeps the class it started the season in; each change says from which round the car
races in which class (and cup). From that round its results are scored in the new class's tables
(a new competitor there: its earlier results stay in the old class's tables). Written through
entries.class_changes (audited); the standings follow by signal (results/standings/invalidation.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from championships.models import Cup, Race, RacingClass


class EntryClassChange(models.Model):
    SERIES_PATH = "entry__season__series"

    entry = models.ForeignKey("entries.Entry", on_delete=models.CASCADE, related_name="class_changes")
    from_round = models.PositiveSmallIntegerField(help_text="The first round the car races in the new class")
    racing_class = models.ForeignKey(RacingClass, on_delete=models.PROTECT, related_name="+", verbose_name="class")
    cup = models.ForeignKey(Cup, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.TextField(blank=True, help_text="e.g. the bulletin that moved the car")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "from_round"]
        verbose_name = "class change"
        constraints = [
            models.UniqueConstraint(fields=["entry", "from_round"], name="class_change_once_per_round"),
        ]

    def __str__(self) -> str:
        cup = f" / {self.cup.code}" if self.cup is not None else ""
        return f"#{self.entry.number} in {self.racing_class.code}{cup} from R{self.from_round}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        season_id = self.entry.season_id if self.entry_id else None
        if season_id is None:
            return
        if self.racing_class_id and self.racing_class.season_id != season_id:
            errors["racing_class"] = "Choose a class of the entry's season."
        if self.cup is not None and (
            self.cup.season_id != season_id or self.cup.racing_class_id not in (None, self.racing_class_id)
        ):
            errors["cup"] = "Choose a cup of the entry's season in that class."
        rounds = set(Race.objects.filter(season_id=season_id).values_list("round", flat=True))
        if self.from_round not in rounds:
            errors["from_round"] = f"The season has no round {self.from_round}."
        elif self.from_round == min(rounds):
            errors["from_round"] = "From the first round on, change the entry's own class instead."
        if errors:
            raise ValidationError(errors)
