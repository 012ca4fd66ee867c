"""Public API: a race lap by lap (stints, best laps, fastest laps per class, class leaders)."""

from __future__ import annotations

from typing import Any

from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from championships.api_common import PublicAPIMixin
from results.classifications.api import RaceRefSerializer
from results.classifications.race_analysis import public_race_analysis


class StintSerializer(serializers.Serializer):
    driver = serializers.CharField(help_text="As the lap file writes the name")
    first_lap = serializers.IntegerField()
    last_lap = serializers.IntegerField()
    laps = serializers.IntegerField()
    time_ms = serializers.IntegerField(help_text="Sum of the stint's lap times")
    best_lap_ms = serializers.IntegerField()


class CarStintsSerializer(serializers.Serializer):
    number = serializers.CharField()
    class_code = serializers.CharField()
    team = serializers.CharField()
    stints = StintSerializer(many=True)


class LapSerializer(serializers.Serializer):
    number = serializers.CharField()
    class_code = serializers.CharField()
    driver = serializers.CharField()
    lap_number = serializers.IntegerField()
    lap_ms = serializers.IntegerField()
    lap = serializers.CharField(help_text="e.g. 1:52.991")


class LeaderLapSerializer(serializers.Serializer):
    lap = serializers.IntegerField()
    number = serializers.CharField(help_text="The car leading the class after this lap")
    gap_ms = serializers.IntegerField(help_text="To the class's second car at the line; 0 when it was alone")


class ClassLapsSerializer(serializers.Serializer):
    class_code = serializers.CharField()
    fastest = LapSerializer(many=True, help_text="The five fastest cars' best laps")
    leaders = LeaderLapSerializer(many=True, default=list)


class RaceAnalysisSerializer(serializers.Serializer):
    race = RaceRefSerializer()
    laps = serializers.IntegerField(source="upload.laps_count")
    cars = CarStintsSerializer(many=True)
    best_laps = LapSerializer(many=True, help_text="Each driver's best lap, fastest first")
    classes = ClassLapsSerializer(many=True)


class RaceAnalysisView(PublicAPIMixin, generics.GenericAPIView):
    """The race lap by lap, from its lap file; 404 before the classification is published or without a lap file."""

    serializer_class = RaceAnalysisSerializer
    pagination_class = None  # Why: one race's analysis is one document, cached as one.

    def get(self, request: Request, race_id: int, **kwargs: Any) -> Response:
        analysis = public_race_analysis(race_id)
        self.last_modified = analysis.updated_at
        data = {
            "race": analysis.race,
            "upload": analysis.upload,
            "cars": analysis.cars,
            "best_laps": analysis.best_laps,
            "classes": [
                {
                    "class_code": code,
                    "fastest": analysis.fastest.get(code, []),
                    "leaders": analysis.leaders.get(code, []),
                }
                for code in analysis.classes
            ],
        }
        return Response(self.get_serializer(data).data)
