"""Combined rankings across series and Le Mans invitation rules/awards."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class CombinedRanking(models.Model):
    """A ranking summing the team standings of several championships (e.g. GT3 Asia combined)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    require_all = models.BooleanField(
        default=True, help_text="Only teams with a full-season entry in every component are ranked"
    )
    governing_body = models.ForeignKey(
        "championships.Organisation",
        on_delete=models.PROTECT,
        related_name="combined_rankings",
        help_text="The organisation whose staff manage this ranking",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CombinedRankingComponent(models.Model):
    """One championship (season + class [+ cup], team standings) inside a combined ranking."""

    ranking = models.ForeignKey(CombinedRanking, on_delete=models.CASCADE, related_name="components")
    season = models.ForeignKey("championships.Season", on_delete=models.CASCADE, related_name="+")
    class_code = models.CharField(max_length=20)
    cup_code = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["ranking", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ranking", "season", "class_code", "cup_code"], name="combined_component_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.season.code} {self.class_code}{'/' + self.cup_code if self.cup_code else ''}"

    def clean(self) -> None:
        if self.season_id and self.class_code and not self.season.classes.filter(code=self.class_code).exists():
            raise ValidationError({"class_code": f"{self.season} has no class '{self.class_code}'."})


class InvitationRule(models.Model):
    """Which standings positions of a season earn a Le Mans 24 Hours invitation."""

    SERIES_PATH = "season__series"

    season = models.ForeignKey("championships.Season", on_delete=models.CASCADE, related_name="invitation_rules")
    label = models.CharField(max_length=200, help_text="e.g. 'LMP2 champion'")
    class_code = models.CharField(max_length=20, blank=True)
    cup_code = models.CharField(max_length=20, blank=True)
    combined_ranking = models.ForeignKey(
        CombinedRanking,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitation_rules",
        help_text="Use this combined ranking instead of the season's team standings",
    )
    positions = models.PositiveSmallIntegerField(default=1, help_text="How many of the top positions are invited")
    # Why a round, not a list: standings after round N count rounds 1..N, so those are the rounds
    # whose results must be official before the invitation is awarded.
    decided_after_round = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The standings after this round decide (rounds 1 up to it must be official); blank: the last round",
    )

    class Meta:
        ordering = ["season", "class_code", "cup_code"]
        constraints = [
            models.UniqueConstraint(fields=["season", "label"], name="invitation_rule_unique_label"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.season})"

    def clean(self) -> None:
        if not self.combined_ranking_id and not self.class_code:
            raise ValidationError("Give a class (team standings) or a combined ranking.")
        if self.positions < 1:
            raise ValidationError({"positions": "At least one position must be invited."})


class InvitationAward(models.Model):
    """An invitation awarded by series staff from the standings (kept even if standings change)."""

    SERIES_PATH = "rule__season__series"

    rule = models.ForeignKey(InvitationRule, on_delete=models.CASCADE, related_name="awards")
    position = models.PositiveSmallIntegerField()
    competitor_key = models.CharField(max_length=64)
    competitor_name = models.CharField(max_length=300)
    number = models.CharField(max_length=40, blank=True)
    # Three decimals: a half-points race turns 0.5 into 0.25, and a 0.75 factor into 0.375.
    points = models.DecimalField(max_digits=9, decimal_places=3)
    awarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    awarded_at = models.DateTimeField(auto_now_add=True)
    # Season id (as text) → standings generation the award was made from; a later change to
    # results, penalties or rules bumps the generation and the dashboard flags the award.
    standings_generations = models.JSONField(default=dict, blank=True)
    override_reason = models.TextField(
        blank=True, help_text="Why it was awarded before every round it names was official (empty: all were)"
    )

    class Meta:
        ordering = ["rule", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "position"], name="invitation_award_one_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.rule.label}: {self.competitor_name}"
