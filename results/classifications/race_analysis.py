"""Reads for the public race analysis: each car's stints, best lap per driver, fastest laps per class
and the lap chart of the class leaders, from the race's confirmed lap file.

Public once the race's classification is (the same gate as the classification page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404

from championships.models import Race, RacingClass
from entries.models import Entry
from results.classifications import lap_analysis
from results.classifications.drive_times import format_clock_ms
from results.classifications.lap_charts import leaders_svg
from results.classifications.lap_models import LapUpload
from results.classifications.lap_selectors import race_lap_upload, upload_laps
from results.classifications.parsing.times import format_duration_ms
from results.classifications.selectors import public_classification


@dataclass(frozen=True)
class StintLine:
    driver: str
    first_lap: int
    last_lap: int
    laps: int
    time_ms: int
    best_lap_ms: int

    @property
    def time(self) -> str:
        return format_clock_ms(self.time_ms)

    @property
    def best_lap(self) -> str:
        return format_duration_ms(self.best_lap_ms)


@dataclass(frozen=True)
class CarStints:
    number: str
    class_code: str
    team: str
    stints: list[StintLine]


@dataclass(frozen=True)
class LapLine:
    """A lap worth showing: a driver's best, or one of a class's fastest."""

    number: str
    class_code: str
    driver: str
    lap_number: int
    lap_ms: int

    @property
    def lap(self) -> str:
        return format_duration_ms(self.lap_ms)


@dataclass(frozen=True)
class LeaderLap:
    lap: int
    number: str
    gap_ms: int  # to the class's second car at the line; 0 when it was alone


@dataclass(frozen=True)
class RaceAnalysis:
    race: Race
    upload: LapUpload
    classes: list[str]
    cars: list[CarStints]
    best_laps: list[LapLine]  # per driver, fastest first
    fastest: dict[str, list[LapLine]]  # per class, its five fastest cars' best laps
    leaders: dict[str, list[LeaderLap]]  # per class, lap by lap
    chart: str  # inline SVG and its legend

    @property
    def updated_at(self) -> datetime | None:
        return self.upload.confirmed_at


def _lap_line(best: lap_analysis.BestLap) -> LapLine:
    return LapLine(best.number, best.class_code, best.driver_name, best.lap_number, best.lap_ms)


def public_race_analysis(race_id: int) -> RaceAnalysis:
    """The analysis of a race whose classification is published and whose lap file is confirmed, or 404."""
    race, _ = public_classification(race_id)
    upload = race_lap_upload(race)
    if upload is None:
        raise Http404("No lap data for this race")
    return race_analysis(race, upload)


def race_analysis(race: Race, upload: LapUpload) -> RaceAnalysis:
    laps = upload_laps(upload)
    order = {
        code: i for i, code in enumerate(RacingClass.objects.filter(season=race.season).values_list("code", flat=True))
    }
    classes = sorted({lap.class_code for lap in laps}, key=lambda code: (order.get(code, len(order)), code))
    teams = dict(
        Entry.objects.filter(season=race.season, number__in={lap.number for lap in laps}).values_list(
            "number", "team__name"
        )
    )
    car_class = {lap.number: lap.class_code for lap in laps}
    by_car: dict[str, list[StintLine]] = {}
    for stint in lap_analysis.stints(laps):
        by_car.setdefault(stint.number, []).append(
            StintLine(stint.driver_name, stint.first_lap, stint.last_lap, stint.laps, stint.time_ms, stint.best_lap_ms)
        )
    cars = sorted(
        (CarStints(number, car_class[number], teams.get(number, ""), stints) for number, stints in by_car.items()),
        key=lambda car: (classes.index(car.class_code), len(car.number), car.number),
    )
    leaders = lap_analysis.class_leaders(laps)
    ordered_leaders = {code: leaders[code] for code in classes if code in leaders}
    fastest = lap_analysis.fastest_laps_per_class(laps)
    return RaceAnalysis(
        race=race,
        upload=upload,
        classes=classes,
        cars=cars,
        best_laps=[_lap_line(best) for best in lap_analysis.best_lap_per_driver(laps)],
        fastest={code: [_lap_line(best) for best in fastest[code]] for code in classes if code in fastest},
        leaders={code: [LeaderLap(*row) for row in rows] for code, rows in ordered_leaders.items()},
        chart=leaders_svg(ordered_leaders, f"Class leaders lap by lap – {race}"),
    )
