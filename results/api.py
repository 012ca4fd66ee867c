"""Public API: published race classifications (with steward decisions) and stored standings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from championships.selectors import season_get
from config.api_common import ExactDecimalField, PublicAPIMixin, optional_whole_number
from results import standings_selectors
from results.models import Decision, DecisionStatus, StandingRow
from results.models.classification import PUBLISHED_STATUSES
from results.models.standings import Championship
from results.selectors import classification_table, public_classification
from results.services.derivation import penalty_of

# --- classification ------------------------------------------------------------------------


class RaceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round = serializers.IntegerField()
    name = serializers.CharField()
    date = serializers.DateField(source="day")
    event = serializers.CharField(source="event.name")
    circuit = serializers.CharField(source="event.circuit.name")
    series = serializers.CharField(source="season.series.code")
    season = serializers.CharField(source="season.name")


class ClassificationRowSerializer(serializers.Serializer):
    """A car's line after penalties (results.classify.TableRow)."""

    overall_position = serializers.IntegerField()
    class_position = serializers.IntegerField(allow_null=True, help_text="Null for DSQ / EX")
    class_code = serializers.CharField(help_text="After any class change decided by the stewards")
    number = serializers.CharField()
    team = serializers.CharField(help_text="As printed in the classification")
    drivers = serializers.ListField(child=serializers.CharField(), help_text="As printed, in the file's order")
    status = serializers.CharField(help_text="classified / nc / dnf / dns / dsq / ex")
    status_label = serializers.CharField()
    laps = serializers.IntegerField(allow_null=True)
    total_time_ms = serializers.IntegerField(allow_null=True)
    total_time = serializers.CharField(source="time", help_text="e.g. 4:00'29.711; empty without a time")
    gap = serializers.CharField(source="gap_first")
    penalties = serializers.ListField(child=serializers.CharField(), help_text="Decisions applied, e.g. 'D3: +30 s'")


class DecisionSerializer(serializers.Serializer):
    number = serializers.CharField()
    car = serializers.CharField(source="entry.number")
    offence = serializers.CharField()
    kind = serializers.ChoiceField(choices=Decision._meta.get_field("kind").choices)  # type: ignore[union-attr]
    penalty = serializers.SerializerMethodField()

    def get_penalty(self, decision: Decision) -> str:
        return penalty_of(decision).describe()


class ClassificationSerializer(serializers.Serializer):
    race = RaceRefSerializer()
    version = serializers.IntegerField(help_text="The latest published version")
    status = serializers.ChoiceField(choices=[(s.value, s.label) for s in PUBLISHED_STATUSES])
    published_at = serializers.DateTimeField(allow_null=True)
    status_changed_at = serializers.DateTimeField(allow_null=True)
    rows = ClassificationRowSerializer(many=True)
    decisions = DecisionSerializer(many=True, help_text="Active steward decisions of the race")


def _latest(*moments: datetime | None) -> datetime | None:
    known = [m for m in moments if m is not None]
    return max(known) if known else None


class ClassificationView(PublicAPIMixin, generics.GenericAPIView):
    """The latest published classification of a race, whole (not paginated); 404 when none is published."""

    serializer_class = ClassificationSerializer
    pagination_class = None  # Why: a race is at most a few dozen cars; one document is easier to cache.

    def get(self, request: Request, race_id: int, **kwargs: Any) -> Response:
        race, version = public_classification(race_id)
        decisions = list(race.decisions.select_related("entry", "new_class").order_by("created_at", "id"))
        # Why: a decision re-derives the rows without touching the version, so its time counts too.
        self.last_modified = _latest(
            version.published_at,
            version.status_changed_at,
            *(d.created_at for d in decisions),
            *(d.withdrawn_at for d in decisions),
        )
        data = {
            "race": race,
            "version": version.version,
            "status": version.status,
            "published_at": version.published_at,
            "status_changed_at": version.status_changed_at,
            "rows": classification_table(version),
            "decisions": [d for d in decisions if d.status == DecisionStatus.ACTIVE],
        }
        return Response(self.get_serializer(data).data)


# --- standings -----------------------------------------------------------------------------


class StandingRowSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="competitor_name")
    points = ExactDecimalField(help_text='Exact, as text: "62.5"')

    class Meta:
        model = StandingRow
        fields = [
            "position",
            "tied",
            "competitor_key",
            "name",
            "number",
            "points",
            "wins",
            "results",
            "status",
            "breakdown",
        ]


class TableKeySerializer(serializers.Serializer):
    championship = serializers.CharField()
    class_code = serializers.CharField()
    cup_code = serializers.CharField()


class StandingsSerializer(serializers.Serializer):
    season = serializers.CharField(help_text="<series>-<season>")
    championship = serializers.CharField()
    class_code = serializers.CharField(allow_null=True)
    cup_code = serializers.CharField()
    after_round = serializers.IntegerField(allow_null=True, help_text="Null before any standings are computed")
    last_round = serializers.IntegerField(allow_null=True)
    computed_at = serializers.DateTimeField(allow_null=True)
    recalculation_pending = serializers.BooleanField()
    tables = TableKeySerializer(many=True, help_text="Every table of the season, for the class/cup parameters")
    rows = StandingRowSerializer(many=True)


STANDINGS_PARAMETERS = [
    OpenApiParameter("championship", OpenApiTypes.STR, enum=Championship.values, description="Default: drivers"),
    OpenApiParameter("class", OpenApiTypes.STR, description="Class code; default: the season's first table"),
    OpenApiParameter("cup", OpenApiTypes.STR, description="Cup code; default: the whole class"),
    OpenApiParameter("after_round", OpenApiTypes.INT, description="Default: the last round with standings"),
]


class StandingsView(PublicAPIMixin, generics.GenericAPIView):
    """One standings table (championship × class × cup) after a round, whole (not paginated), as last computed."""

    serializer_class = StandingsSerializer
    pagination_class = None  # Why: one table is one class of one championship, tens of rows at most.

    @extend_schema(parameters=STANDINGS_PARAMETERS)
    def get(self, request: Request, series_code: str, season_name: str, **kwargs: Any) -> Response:
        season = season_get(series_code, season_name)
        params = request.query_params
        championship = params.get("championship", "").strip() or Championship.DRIVERS
        if championship not in Championship.values:
            allowed = " or ".join(Championship.values)
            raise ValidationError({"championship": [f"'championship' must be {allowed}, not '{championship[:40]}'."]})
        after_round = optional_whole_number(request, "after_round")
        wanted = {"championship": championship, "class": params.get("class", ""), "cup": params.get("cup", "")}
        tables = standings_selectors.season_tables(season)
        rounds = standings_selectors.season_rounds(season)
        choice = standings_selectors.table_choice(wanted, after_round, tables, rounds)
        if choice is None and (wanted["class"] or wanted["cup"] or after_round is not None):
            raise NotFound("No standings have been computed for this season yet.")
        state = standings_selectors.standings_state(season)
        # Why dirty_since: the body's `recalculation_pending` changes when a season goes stale, so must the date.
        self.last_modified = _latest(state.computed_at, state.dirty_since) if state else None
        data = {
            "season": season.code,
            "championship": championship,
            "class_code": choice.class_code if choice else None,
            "cup_code": choice.cup_code if choice else "",
            "after_round": choice.after_round if choice else None,
            "last_round": choice.last_round if choice else None,
            "computed_at": state.computed_at if state else None,
            "recalculation_pending": state.pending if state else False,
            "tables": tables,
            "rows": standings_selectors.table_rows(season, choice) if choice else [],
        }
        return Response(self.get_serializer(data).data)
