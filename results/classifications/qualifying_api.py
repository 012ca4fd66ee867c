"""Public API: the qualifying of a race's event: every session per class, and the starting grid."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from championships.api_common import PublicAPIMixin
from championships.models import Race
from results.classifications.api import RaceRefSerializer
from results.classifications.qualifying_selectors import event_qualifying


class QualifyingLineSerializer(serializers.Serializer):
    """A car of a qualifying session (results.classifications.qualifying_selectors.GridLine)."""

    position = serializers.IntegerField(help_text="Overall order of the session, as published")
    class_position = serializers.IntegerField(allow_null=True, help_text="Null: no time set")
    number = serializers.CharField()
    class_code = serializers.CharField()
    cup_code = serializers.CharField(help_text="The cup the car is entered in; empty without a cup")
    team = serializers.CharField()
    vehicle = serializers.CharField(help_text="The car model, as the timing prints it")
    drivers = serializers.ListField(child=serializers.CharField())
    laps = serializers.IntegerField(allow_null=True)
    best_lap_ms = serializers.IntegerField(allow_null=True, help_text="Null: no time set (never on pole)")
    best_lap = serializers.CharField(help_text="e.g. 1:52.673; empty without a time")
    pole = serializers.ChoiceField(
        choices=[("", "none"), ("class", "class pole"), ("cup", "cup pole")],
        help_text="Pole sitter of its class or cup at the event's first race",
    )


class QualifyingSessionSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The classes of the session, e.g. 'LMP2 / LMP3'")
    classes = serializers.ListField(child=serializers.CharField())
    confirmed_at = serializers.DateTimeField(source="upload.confirmed_at")
    cars = QualifyingLineSerializer(source="lines", many=True)


class GridSlotSerializer(serializers.Serializer):
    slot = serializers.IntegerField(help_text="Place on the starting grid: classes in the season's order")
    car = QualifyingLineSerializer()


class QualifyingSerializer(serializers.Serializer):
    race = RaceRefSerializer()
    rounds = serializers.ListField(child=serializers.IntegerField(), help_text="The races this qualifying sets")
    sessions = QualifyingSessionSerializer(many=True)
    grid = GridSlotSerializer(many=True)


class QualifyingView(PublicAPIMixin, generics.GenericAPIView):
    """The qualifying of the race's event (404 for no race; empty lists before any session); ?class= one class."""

    serializer_class = QualifyingSerializer
    pagination_class = None  # Why: an event is a few dozen cars, one document like a classification.

    def get(self, request: Request, race_id: int, **kwargs: Any) -> Response:
        race = Race.objects.select_related("event__circuit", "season__series").filter(pk=race_id).first()
        if race is None:
            raise Http404("No such race")
        qualifying = event_qualifying(race.event, request.query_params.get("class", ""))
        data = {
            "race": race,
            "rounds": qualifying.rounds,
            "sessions": qualifying.sessions,
            "grid": [{"slot": slot, "car": line} for slot, line in qualifying.grid],
        }
        return Response(self.get_serializer(data).data)
