"""Line-up rules as data: per season and class/cup, configured by series staff in the admin.

The checking itself is a pure function (entries.lineup_rules); these rows are turned into its
plain specs by `LineupRule.to_spec`.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models

from entries import lineup_rules

CATEGORY_VALUES = ("platinum", "gold", "silver", "bronze")


def split_categories(text: str) -> frozenset[str]:
    """'platinum, gold' → {'platinum', 'gold'} (lower-case, blanks ignored)."""
    return frozenset(item.strip().lower() for item in re.split(r"[,\s]+", text or "") if item.strip())


def split_countries(text: str) -> frozenset[str]:
    """'JPN CHN, HKG' → {'JPN', 'CHN', 'HKG'}."""
    return frozenset(item.strip().upper() for item in re.split(r"[,\s]+", text or "") if item.strip())


def _check_categories(text: str) -> str | None:
    unknown = sorted(split_categories(text) - set(CATEGORY_VALUES))
    if unknown:
        return f"Unknown FIA category: {', '.join(unknown)} (use {', '.join(CATEGORY_VALUES)})."
    return None


class NationalityGroup(models.Model):
    """A named list of nationalities a series asks for, e.g. "Asian" = JPN, CHN, HKG..."""

    SERIES_PATH = "series"

    series = models.ForeignKey("championships.Series", on_delete=models.CASCADE, related_name="nationality_groups")
    name = models.CharField(max_length=50, help_text='As shown in messages, e.g. "Asian"')
    countries = models.TextField(help_text="ISO 3166 alpha-3 codes separated by spaces or commas, e.g. JPN CHN HKG")

    class Meta:
        ordering = ["series", "name"]
        constraints = [
            models.UniqueConstraint(fields=["series", "name"], name="nationality_group_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.series})"

    @property
    def codes(self) -> frozenset[str]:
        return split_countries(self.countries)

    def clean(self) -> None:
        bad = sorted(code for code in self.codes if not re.fullmatch(r"[A-Z]{3}", code))
        if bad:
            raise ValidationError({"countries": f"Not ISO alpha-3 codes: {', '.join(bad)}."})
        if not self.codes:
            raise ValidationError({"countries": "Give at least one country code."})


class LineupRule(models.Model):
    """What a crew must look like in a class and/or cup of one season (all matching rules apply)."""

    SERIES_PATH = "season__series"

    season = models.ForeignKey("championships.Season", on_delete=models.CASCADE, related_name="lineup_rules")
    racing_class = models.ForeignKey(
        "championships.RacingClass",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lineup_rules",
        verbose_name="class",
        help_text="Empty: every class of the season",
    )
    cup = models.ForeignKey(
        "championships.Cup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lineup_rules",
        help_text="Empty: whatever the cup",
    )
    name = models.CharField(max_length=100, help_text='Name used in messages to team managers, e.g. "GT3 Pro-Am"')
    min_drivers = models.PositiveSmallIntegerField(null=True, blank=True)
    max_drivers = models.PositiveSmallIntegerField(null=True, blank=True)
    allowed_categories = models.CharField(
        max_length=60,
        blank=True,
        help_text=("Only these FIA categories may drive, e.g. 'silver, bronze' (empty: any category)"),
    )
    nationality_group = models.ForeignKey(
        NationalityGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lineup_rules",
        help_text="The crew must include drivers of this group (e.g. Asian)",
    )
    min_nationality_drivers = models.PositiveSmallIntegerField(
        default=1, help_text="How many drivers of the nationality group are required"
    )

    class Meta:
        ordering = ["season", "name"]
        verbose_name = "line-up rule"
        constraints = [
            models.UniqueConstraint(fields=["season", "name"], name="lineup_rule_unique_name_per_season"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.season})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.racing_class and self.racing_class.season_id != self.season_id:
            errors["racing_class"] = "The class belongs to another season."
        if self.cup and self.cup.season_id != self.season_id:
            errors["cup"] = "The cup belongs to another season."
        if self.min_drivers is not None and self.max_drivers is not None and self.min_drivers > self.max_drivers:
            errors["max_drivers"] = "The maximum number of drivers is below the minimum."
        if message := _check_categories(self.allowed_categories):
            errors["allowed_categories"] = message
        group = self.nationality_group
        if group and group.series_id != self.season.series_id:
            errors["nationality_group"] = "The nationality group belongs to another series."
        if errors:
            raise ValidationError(errors)

    def to_spec(self) -> lineup_rules.Rule:
        """Plain data for the pure checker (requirements and group must be prefetched/selected)."""
        group = self.nationality_group
        return lineup_rules.Rule(
            name=self.name,
            min_drivers=self.min_drivers,
            max_drivers=self.max_drivers,
            allowed=split_categories(self.allowed_categories),
            requirements=tuple(
                lineup_rules.Requirement(split_categories(r.categories), r.min_count, r.max_count)
                for r in self.requirements.all()
            ),
            nationality_group=group.name if group else "",
            nationality_codes=group.codes if group else frozenset(),
            min_nationality=self.min_nationality_drivers if group else 0,
        )


class LineupRequirement(models.Model):
    """How many drivers of some FIA categories a crew needs (min) or may have (max)."""

    SERIES_PATH = "rule__season__series"

    rule = models.ForeignKey(LineupRule, on_delete=models.CASCADE, related_name="requirements")
    categories = models.CharField(
        max_length=60,
        help_text="One or more FIA categories, e.g. 'bronze' or 'platinum, gold, silver'",
    )
    min_count = models.PositiveSmallIntegerField(default=0, help_text="At least this many such drivers")
    max_count = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="At most this many such drivers (empty: no maximum)"
    )

    class Meta:
        ordering = ["rule", "id"]
        verbose_name = "category requirement"

    def __str__(self) -> str:
        upper = "" if self.max_count is None else f"–{self.max_count}"
        return f"{self.min_count}{upper} × {self.categories}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if message := _check_categories(self.categories):
            errors["categories"] = message
        elif not split_categories(self.categories):
            errors["categories"] = "Give at least one FIA category."
        if self.max_count is not None and self.max_count < self.min_count:
            errors["max_count"] = "The maximum is below the minimum."
        if errors:
            raise ValidationError(errors)
