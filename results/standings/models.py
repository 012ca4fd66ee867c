"""Stored standings: one row per competitor per championship after every round."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property

from results.standings.engine import CompetitorKey, CompetitorSeason, format_points


class Championship(models.TextChoices):
    DRIVERS = "drivers", "Drivers"
    TEAMS = "teams", "Teams"


# The five fields that name a competitor in one table; a row and its competitor share them.
COMPETITOR_FIELDS = ["season", "championship", "class_code", "cup_code", "competitor_key"]


class StandingCompetitor(models.Model):
    """A competitor's season in one table (championship × class × cup): its races, scored once
    for the whole season, and its adjustments; the same for every round's row, so stored once."""

    SERIES_PATH = "season__series"

    season = models.ForeignKey("championships.Season", on_delete=models.CASCADE, related_name="standing_competitors")
    championship = models.CharField(max_length=40)
    class_code = models.CharField(max_length=20)
    cup_code = models.CharField(max_length=20, blank=True)
    competitor_key = models.CharField(max_length=64)
    races = models.JSONField(default=list, help_text="Every race of the competitor in the season, in race order")
    adjustments = models.JSONField(default=list, help_text="Each applies from its own round on")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=COMPETITOR_FIELDS, name="standing_competitor_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.championship} {self.class_code} {self.cup_code} {self.competitor_key}".replace("  ", " ")


TITLE_LABELS = {"champion": "Champion", "contender": "In contention", "out": "Out"}


class StandingRow(models.Model):
    """A competitor's position and points after a round; "after round N" is a filter.

    Only what changes from one round to the next is here; the per-race explanation is the
    competitor's (``competitor``), and ``breakdown`` puts the two together for this round.
    """

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
    tie_break = models.TextField(blank=True, help_text="How countback placed it against competitors level on points")
    dropped = models.JSONField(default=list, help_text="Race ids of results that do not count (best-N rules)")
    # Title maths after this round, with the calendar's races still to run (engine.title).
    title = models.CharField(max_length=20, blank=True, help_text="champion / contender / out ('' before computed)")
    title_available = models.DecimalField(
        max_digits=9, decimal_places=3, default=Decimal(0), help_text="Points it can still add to its total"
    )
    title_needs = models.TextField(blank=True, help_text="What it needs: the result that clinches, or its fate")
    title_races_left = models.PositiveSmallIntegerField(default=0, help_text="Races of the calendar after this round")
    # Why no column: a join on the five shared fields needs no id known before both tables
    # are written, so each is written with one COPY; null=True makes it an outer join.
    competitor = models.ForeignObject(
        StandingCompetitor,
        on_delete=models.DO_NOTHING,
        from_fields=COMPETITOR_FIELDS,
        to_fields=COMPETITOR_FIELDS,
        null=True,
        related_name="rows",
    )

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

    @cached_property
    def competitor_season(self) -> CompetitorSeason:
        """The competitor's races and adjustments, as the engine stored them.

        Read rows with ``select_related("competitor")``, or each row costs a query.
        """
        competitor = self.competitor
        return CompetitorSeason.from_json(
            self.championship,
            self.class_code,
            self.cup_code,
            CompetitorKey.parse(self.competitor_key),
            competitor.races if competitor else [],
            competitor.adjustments if competitor else [],
        )

    @cached_property
    def breakdown(self) -> dict[str, Any]:
        """The explanation of the total after this round, as the engine gives it (JSON-ready)."""
        return self.competitor_season.breakdown(
            self.after_round, Decimal(self.points), self.status, self.dropped, self.tie_break
        ).as_dict()

    @property
    def title_label(self) -> str:
        """The title status as the page shows it ('' before the title maths ran)."""
        return TITLE_LABELS.get(self.title, "")

    @property
    def title_available_text(self) -> str:
        """The points it can still add, exact ("26", "12.5")."""
        return format_points(Decimal(self.title_available))

    @property
    def countback_places(self) -> tuple[int, ...]:
        """Every place that feeds this row's countback (its races up to its round)."""
        return self.competitor_season.places(self.after_round)


class AdjustmentKind(models.TextChoices):
    DEDUCTION = "deduction", "Points deduction"
    DISQUALIFIED = "disqualified", "Disqualified from the championship (keeps points, loses position)"
    EXCLUDED = "excluded", "Excluded from the championship (loses points)"


# Which competitors each table has (results.standings.inputs builds their keys): drivers by
# database id; teams by database id (best-N-cars scoring) or by car number (per-car scoring).
_KEY_KINDS: dict[str, frozenset[str]] = {"drivers": frozenset({"driver"}), "teams": frozenset({"team", "car"})}
_CAR_NUMBER = re.compile(r"[A-Za-z0-9]{1,4}")


def _names_a_competitor_of(championship: str, text: str) -> bool:
    """Whether ``text`` is a key the engine can give a competitor of that championship."""
    kinds = _KEY_KINDS.get(championship)
    if kinds is None:
        return True  # an extra ranking's keys are its own business
    key = CompetitorKey.parse(text)
    if key.kind not in kinds:
        return False
    return bool(_CAR_NUMBER.fullmatch(key.id)) if key.kind == "car" else key.id.isdecimal()


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
        if not known and not _names_a_competitor_of(self.championship, self.competitor_key):
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
