"""What the laps of a session tell beyond drive times: second-best-lap poles, stints, best laps, class
leaders lap by lap. Pure Python (no Django; import-linter keeps it so).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from results.classifications.parsing.laps import Lap
from results.classifications.parsing.times import format_duration_ms


@dataclass(frozen=True)
class SecondBestPole:
    class_code: str
    cup_code: str  # "" for the class's own pole
    number: str
    lap_ms: int  # the car's second-best lap
    lap_number: int

    @property
    def lap(self) -> str:
        return format_duration_ms(self.lap_ms)


def second_best_laps(laps: Iterable[Lap]) -> dict[str, Lap]:
    """Each car's second-best lap (a car with fewer than two laps has none).

    Of two laps of the same time the earlier one counts, as the timing ranks who set a time first.
    """
    by_car: dict[str, list[Lap]] = {}
    for lap in laps:
        by_car.setdefault(lap.number, []).append(lap)
    second: dict[str, Lap] = {}
    for number, car_laps in by_car.items():
        ranked = sorted(car_laps, key=lambda lap: (lap.lap_time_ms, lap.lap_number))
        if len(ranked) >= 2:
            second[number] = ranked[1]
    return second


def second_best_poles(laps: Iterable[Lap], classes: Mapping[str, str], cups: Mapping[str, str]) -> list[SecondBestPole]:
    """The pole of each class and cup by second-best lap (`classes`/`cups`: car number -> its entry's).

    A tie goes to the car that set its second-best lap first in the session (ELAPSED).
    """
    best: dict[tuple[str, str], Lap] = {}
    for number, lap in second_best_laps(laps).items():
        class_code = classes.get(number, lap.class_code)
        keys = [(class_code, "")]
        if cups.get(number):
            keys.append((class_code, cups[number]))
        for key in keys:
            held = best.get(key)
            if held is None or _rank(lap) < _rank(held):
                best[key] = lap
    return [
        SecondBestPole(class_code, cup_code, lap.number, lap.lap_time_ms, lap.lap_number)
        for (class_code, cup_code), lap in sorted(best.items())
    ]


def _rank(lap: Lap) -> tuple[int, int]:
    return (lap.lap_time_ms, lap.elapsed_ms if lap.elapsed_ms is not None else 0)


@dataclass(frozen=True)
class Stint:
    """Consecutive laps of one car with one driver, from leaving the pits to the next driver."""

    number: str
    driver_name: str
    first_lap: int
    last_lap: int
    laps: int
    time_ms: int  # sum of the stint's lap times
    best_lap_ms: int


def stints(laps: Iterable[Lap]) -> list[Stint]:
    """Each car's stints in lap order; a new stint starts when the lap's driver changes."""
    result: list[Stint] = []
    by_car: dict[str, list[Lap]] = {}
    for lap in laps:
        by_car.setdefault(lap.number, []).append(lap)
    for number, car_laps in by_car.items():
        current: list[Lap] = []
        for lap in sorted(car_laps, key=lambda lap: lap.lap_number):
            if current and lap.driver_number != current[-1].driver_number:
                result.append(_stint(number, current))
                current = []
            current.append(lap)
        if current:
            result.append(_stint(number, current))
    return result


def _stint(number: str, laps: list[Lap]) -> Stint:
    return Stint(
        number=number,
        driver_name=laps[-1].driver_name,
        first_lap=laps[0].lap_number,
        last_lap=laps[-1].lap_number,
        laps=len(laps),
        time_ms=sum(lap.lap_time_ms for lap in laps),
        best_lap_ms=min(lap.lap_time_ms for lap in laps),
    )


@dataclass(frozen=True)
class BestLap:
    number: str
    class_code: str
    driver_name: str
    lap_ms: int
    lap_number: int


def best_lap_per_driver(laps: Iterable[Lap]) -> list[BestLap]:
    """Each driver's fastest lap in each car, fastest first."""
    best: dict[tuple[str, int], Lap] = {}
    for lap in laps:
        key = (lap.number, lap.driver_number)
        if key not in best or lap.lap_time_ms < best[key].lap_time_ms:
            best[key] = lap
    ranked = sorted(best.values(), key=lambda lap: (lap.lap_time_ms, lap.number))
    return [BestLap(lap.number, lap.class_code, lap.driver_name, lap.lap_time_ms, lap.lap_number) for lap in ranked]


def fastest_laps_per_class(laps: Iterable[Lap], count: int = 5) -> dict[str, list[BestLap]]:
    """The `count` fastest laps of each class, one per car (its best), in the order classes appear."""
    per_car: dict[str, Lap] = {}
    for lap in laps:
        if lap.number not in per_car or lap.lap_time_ms < per_car[lap.number].lap_time_ms:
            per_car[lap.number] = lap
    classes: dict[str, list[Lap]] = {}
    for lap in per_car.values():
        classes.setdefault(lap.class_code, []).append(lap)
    return {
        class_code: [
            BestLap(lap.number, lap.class_code, lap.driver_name, lap.lap_time_ms, lap.lap_number)
            for lap in sorted(class_laps, key=lambda lap: (lap.lap_time_ms, lap.number))[:count]
        ]
        for class_code, class_laps in classes.items()
    }


def class_leaders(laps: Iterable[Lap]) -> dict[str, list[tuple[int, str, int]]]:
    """Per class, lap by lap: (lap number, car leading the class after it, its gap to the second in ms).

    The leader after lap n is the class's car that completed lap n first (lowest ELAPSED); laps
    without ELAPSED are left out. The gap is 0 when no other car of the class completed lap n.
    """
    crossings: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for lap in laps:
        if lap.elapsed_ms is not None:
            crossings.setdefault((lap.class_code, lap.lap_number), []).append((lap.elapsed_ms, lap.number))
    leaders: dict[str, list[tuple[int, str, int]]] = {}
    for (class_code, lap_number), cars in sorted(crossings.items(), key=lambda item: (item[0][0], item[0][1])):
        cars.sort()
        gap = cars[1][0] - cars[0][0] if len(cars) > 1 else 0
        leaders.setdefault(class_code, []).append((lap_number, cars[0][1], gap))
    return leaders
