"""Public API: published race classifications with their steward decisions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from championships.api_common import PublicAPIMixin, latest_moment
from championships.http_caching import ContentVersion, PreValidatedMixin
from results.classifications.models import PUBLISHED_STATUSES, Decision, DecisionStatus
from results.classifications.selectors import classification_table, classification_version, public_classification
from results.classifications.services.derivation import penalty_of


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
    class_name = serializers.CharField(help_text="The season's name of the class (its code when it has none)")
    cup_code = serializers.CharField(help_text="The cup the car is entered in; empty without a cup")
    cup = serializers.CharField(source="cup_label", help_text="The season's name of the cup; empty without a cup")
    cup_position = serializers.IntegerField(
        allow_null=True, help_text="Place among the cars of the same cup; null without a cup and for DSQ / EX"
    )
    number = serializers.CharField()
    team = serializers.CharField(help_text="As printed in the classification")
    vehicle = serializers.CharField(help_text="The car model as the timing prints it; empty when the file has none")
    drivers = serializers.ListField(child=serializers.CharField(), help_text="As printed, in the file's order")
    status = serializers.CharField(help_text="classified / nc / dnf / dns / dsq / ex")
    status_label = serializers.CharField()
    laps = serializers.IntegerField(allow_null=True)
    total_time_ms = serializers.IntegerField(allow_null=True)
    total_time = serializers.CharField(source="time", help_text="e.g. 4:00'29.711; empty without a time")
    gap = serializers.CharField(source="gap_first")
    best_lap_ms = serializers.IntegerField(allow_null=True, help_text="The car's best lap; null when the file has none")
    best_lap = serializers.CharField(help_text="e.g. 1:52.991; empty without one")
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


class ClassificationView(PreValidatedMixin, PublicAPIMixin, generics.GenericAPIView):
    """The latest published classification of a race, whole (not paginated); 404 when none is published."""

    serializer_class = ClassificationSerializer
    pagination_class = None  # Why: a race is at most a few dozen cars; one document is easier to cache.

    def content_version(self, request: HttpRequest, **kwargs: Any) -> ContentVersion | None:
        return classification_version(kwargs["race_id"])

    def get(self, request: Request, race_id: int, **kwargs: Any) -> Response:
        race, version = public_classification(race_id)
        decisions = list(race.decisions.select_related("entry", "new_class").order_by("created_at", "id"))
        # Why: a decision re-derives the rows without touching the version, so its time counts too.
        self.last_modified = latest_moment(
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
