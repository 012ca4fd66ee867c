"""Public API: series, seasons (classes, cups, points rules) and calendars."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers

from championships.api_common import ExactDecimalField, PublicAPIMixin
from championships.models import Cup, Event, PointsRules, Race, RacingClass, Season, Series
from championships.scoping import visible_seasons
from championships.selectors import public_seasons, season_get


class SeasonRefSerializer(serializers.ModelSerializer):
    """A season named both ways: its name within the series and its code (<series>-<name>)."""

    # Why no query per season: prefetching series.seasons also caches each season's series.
    code = serializers.CharField(read_only=True)

    class Meta:
        model = Season
        fields = ["name", "code"]


class SeriesSerializer(serializers.ModelSerializer):
    governing_bodies = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    seasons = SeasonRefSerializer(many=True, read_only=True)

    class Meta:
        model = Series
        fields = ["code", "name", "governing_bodies", "seasons"]


def _series_queryset() -> QuerySet[Series]:
    return Series.objects.prefetch_related("governing_bodies", public_seasons()).order_by("name")


class SeriesList(PublicAPIMixin, generics.ListAPIView):
    """Every series with its governing bodies and seasons."""

    serializer_class = SeriesSerializer

    def get_queryset(self) -> QuerySet[Series]:
        return _series_queryset()


class SeriesDetail(PublicAPIMixin, generics.RetrieveAPIView):
    """One series by its code."""

    serializer_class = SeriesSerializer

    def get_object(self) -> Series:
        return get_object_or_404(_series_queryset(), code=self.kwargs["series_code"])


class RacingClassSerializer(serializers.ModelSerializer):
    class Meta:
        model = RacingClass
        fields = ["code", "name", "order"]


class CupSerializer(serializers.ModelSerializer):
    racing_class = serializers.SlugRelatedField(read_only=True, slug_field="code", allow_null=True)

    class Meta:
        model = Cup
        fields = ["code", "name", "racing_class", "order"]


class PointsRulesSerializer(serializers.ModelSerializer):
    """The points and classification rules; decimals as exact strings ("0.5", not 0.5)."""

    round = serializers.IntegerField(source="race.round", allow_null=True, read_only=True, default=None)
    scale = serializers.ListField(child=ExactDecimalField(), source="scale_values", read_only=True)
    beyond_scale = ExactDecimalField(read_only=True)
    pole = ExactDecimalField(read_only=True)
    points_factor = ExactDecimalField(read_only=True)
    classification_min_share = ExactDecimalField(read_only=True)

    class Meta:
        model = PointsRules
        fields = [
            "round",
            "scale",
            "beyond_scale",
            "pole",
            "points_factor",
            "classification_min_share",
            "min_drive_time_min",
            "guests_score",
            "team_scoring",
            "team_best_n",
            "best_results",
            "tie_break",
            "qualifying_sets",
            "disqualified_keeps_pole",
            "non_scoring_classes",
            "pole_to_best_eligible",
            "double_duty_allowed",
        ]


class SeasonSerializer(serializers.ModelSerializer):
    series = serializers.CharField(source="series.code", read_only=True)
    code = serializers.CharField(read_only=True)
    classes = RacingClassSerializer(many=True, read_only=True)
    cups = CupSerializer(many=True, read_only=True)
    points_rules = serializers.SerializerMethodField(help_text="The season's rules; null when none are set")
    race_points_rules = serializers.SerializerMethodField(help_text="Per-race overrides of the season's rules")

    class Meta:
        model = Season
        fields = ["series", "name", "code", "classes", "cups", "points_rules", "race_points_rules"]

    @extend_schema_field(PointsRulesSerializer(allow_null=True))
    def get_points_rules(self, season: Season) -> dict[str, Any] | None:
        rules = [r for r in season.points_rules.all() if r.race_id is None]
        return PointsRulesSerializer(rules[0]).data if rules else None

    @extend_schema_field(PointsRulesSerializer(many=True))
    def get_race_points_rules(self, season: Season) -> list[dict[str, Any]]:
        overrides = sorted(
            (r for r in season.points_rules.all() if r.race_id), key=lambda r: r.race.round if r.race else 0
        )
        return PointsRulesSerializer(overrides, many=True).data  # type: ignore[return-value]


class SeasonDetail(PublicAPIMixin, generics.RetrieveAPIView):
    """A season: its classes, cups and points rules."""

    serializer_class = SeasonSerializer

    def get_object(self) -> Season:
        seasons = (
            visible_seasons(None)
            .select_related("series")
            .prefetch_related(
                Prefetch("classes", queryset=RacingClass.objects.order_by("order", "code")),
                Prefetch("cups", queryset=Cup.objects.select_related("racing_class").order_by("order", "code")),
                Prefetch("points_rules", queryset=PointsRules.objects.select_related("race")),
            )
        )
        return get_object_or_404(seasons, series__code=self.kwargs["series_code"], name=self.kwargs["season_name"])


class RaceSerializer(serializers.ModelSerializer):
    date = serializers.DateField(source="day", read_only=True, help_text="The race date, else the event's first day")
    start_time = serializers.TimeField(
        read_only=True, allow_null=True, help_text="Local start time at the circuit (its time zone); null: not set"
    )
    starts_at = serializers.DateTimeField(
        read_only=True, allow_null=True, default_timezone=UTC, help_text="The start in UTC; null without a start time"
    )

    class Meta:
        model = Race
        fields = ["id", "round", "name", "date", "start_time", "starts_at", "scheduled_duration_min"]


class EventSerializer(serializers.ModelSerializer):
    circuit = serializers.CharField(source="circuit.name", read_only=True)
    country = serializers.CharField(source="circuit.country", read_only=True)
    time_zone = serializers.CharField(source="circuit.time_zone", read_only=True)
    races = RaceSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = ["name", "circuit", "country", "time_zone", "start_date", "end_date", "cancelled", "races"]


class EventList(PublicAPIMixin, generics.ListAPIView):
    """The season's calendar in date order, with the races of each event."""

    serializer_class = EventSerializer

    def get_queryset(self) -> QuerySet[Event]:
        season = season_get(self.kwargs["series_code"], self.kwargs["season_name"], None)  # the API is public
        races = Prefetch("races", queryset=Race.objects.order_by("round"))
        return season.events.select_related("circuit").prefetch_related(races).order_by("start_date", "name")
