"""Public API: stored standings tables."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from championships.api_common import ExactDecimalField, PublicAPIMixin, latest_moment, optional_whole_number
from championships.http_caching import ContentVersion, PreValidatedMixin
from championships.selectors import season_get
from results.standings import selectors as standings_selectors
from results.standings.engine import format_points
from results.standings.models import Championship, StandingRow


class StandingRowSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="competitor_name")
    points = ExactDecimalField(help_text='Exact, as text: "62.5"')
    title = serializers.CharField(
        help_text="After this round, with the calendar's races still to run: champion, contender or out"
    )
    title_available = ExactDecimalField(help_text="Points it can still add to its total, exact as text")
    title_needs = serializers.CharField(
        help_text="The result that clinches at the next race, or whether it controls its fate"
    )
    breakdown = serializers.JSONField(
        read_only=True, help_text="How the total was reached: races (counted or dropped), adjustments, tie-break"
    )

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
            "title",
            "title_available",
            "title_needs",
            "breakdown",
        ]


class TableKeySerializer(serializers.Serializer):
    championship = serializers.CharField()
    class_code = serializers.CharField()
    cup_code = serializers.CharField()


class StandingsSerializer(serializers.Serializer):
    season = serializers.CharField(help_text="<series>-<season>")
    championship = serializers.CharField(
        help_text="drivers, teams, or the name of one of the season's extra championships"
    )
    competitors = serializers.CharField(help_text="Who the table ranks: drivers or teams")
    description = serializers.CharField(
        help_text="An extra championship's classes or cups, rounds and cars (empty for drivers and teams)"
    )
    class_code = serializers.CharField(allow_null=True)
    cup_code = serializers.CharField()
    after_round = serializers.IntegerField(allow_null=True, help_text="Null before any standings are computed")
    last_round = serializers.IntegerField(allow_null=True)
    computed_at = serializers.DateTimeField(allow_null=True)
    recalculation_pending = serializers.BooleanField()
    tables = TableKeySerializer(many=True, help_text="Every table of the season, for the class/cup parameters")
    races_left = serializers.IntegerField(help_text="Title maths: races of the calendar after this round")
    points_on_offer = serializers.CharField(
        help_text="Title maths: the most points any competitor can still add after this round, exact as text"
    )
    rows = StandingRowSerializer(many=True)


STANDINGS_PARAMETERS = [
    OpenApiParameter(
        "championship",
        OpenApiTypes.STR,
        description="drivers, teams, or an extra championship's name (see `tables`, e.g. Japan Cup); default: drivers",
    ),
    OpenApiParameter("class", OpenApiTypes.STR, description="Class code; default: the season's first table"),
    OpenApiParameter("cup", OpenApiTypes.STR, description="Cup code; default: the whole class"),
    OpenApiParameter("after_round", OpenApiTypes.INT, description="Default: the last round with standings"),
]


class StandingsView(PreValidatedMixin, PublicAPIMixin, generics.GenericAPIView):
    """One standings table (championship × class × cup) after a round, whole (not paginated), as last computed."""

    serializer_class = StandingsSerializer
    pagination_class = None  # Why: one table is one class of one championship, tens of rows at most.

    def content_version(self, request: HttpRequest, **kwargs: Any) -> ContentVersion | None:
        return standings_selectors.standings_version(kwargs["series_code"], kwargs["season_name"])

    @extend_schema(parameters=STANDINGS_PARAMETERS)
    def get(self, request: Request, series_code: str, season_name: str, **kwargs: Any) -> Response:
        season = season_get(series_code, season_name, None)  # the API is public
        params = request.query_params
        championship = params.get("championship", "").strip() or Championship.DRIVERS
        # Why only then: the drivers' and teams' tables, asked for most, need no more query.
        extras = {} if championship in Championship.values else standings_selectors.extra_championships(season)
        if championship not in Championship.values and championship not in extras:
            allowed = ", ".join([*Championship.values, *extras])
            raise ValidationError(
                {"championship": [f"'championship' must be one of {allowed}, not '{championship[:40]}'."]}
            )
        extra = extras.get(championship)
        after_round = optional_whole_number(request, "after_round")
        wanted = {"championship": championship, "class": params.get("class", ""), "cup": params.get("cup", "")}
        tables = standings_selectors.season_tables(season)
        rounds = standings_selectors.season_rounds(season)
        choice = standings_selectors.table_choice(wanted, after_round, tables, rounds)
        if choice is None and (wanted["class"] or wanted["cup"] or after_round is not None):
            raise NotFound("No standings have been computed for this season yet.")
        state = standings_selectors.standings_state(season)
        rows = list(standings_selectors.table_rows(season, choice)) if choice else []
        # Why dirty_since: the body's `recalculation_pending` changes when a season goes stale, so must the date.
        self.last_modified = latest_moment(state.computed_at, state.dirty_since) if state else None
        data = {
            "season": season.code,
            "championship": championship,
            "competitors": extra.competitors if extra else championship,
            "description": extra.description if extra else "",
            "class_code": choice.class_code if choice else None,
            "cup_code": choice.cup_code if choice else "",
            "after_round": choice.after_round if choice else None,
            "last_round": choice.last_round if choice else None,
            "computed_at": state.computed_at if state else None,
            "recalculation_pending": state.pending if state else False,
            "tables": tables,
            "rows": rows,
            "races_left": rows[0].title_races_left if rows else 0,
            "points_on_offer": format_points(max((Decimal(row.title_available) for row in rows), default=Decimal(0))),
        }
        return Response(self.get_serializer(data).data)
