"""Drive time per driver per car from a lap-by-lap file, and the check against a minimum/maximum.

Pure Python (no Django; import-linter keeps it so): the command, the steward's page and the
proposed decisions all read the same numbers from here.

A lap belongs to the driver the timing names on it. Driver changes happen in the pit lane and
the lap that leaves it carries the new driver, so that lap's pit time (the stop itself) is on the
new driver's account; a rule counting "lap times without pit time" takes it off again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from results.classifications.parsing.laps import Lap


class TimeCounted(StrEnum):
    """Which time a season's drive-time rule counts."""

    LAP_TIMES = "lap_times"  # every lap of the driver, line to line, pit stops included
    LAP_TIMES_WITHOUT_PIT = "lap_times_without_pit"  # the same, less the time spent in the pit lane


@dataclass(frozen=True)
class DriverTime:
    number: str
    class_code: str
    driver_number: int  # slot in the car's crew, 1-based
    driver_name: str  # as the lap file writes it (the name on the driver's last lap)
    laps: int
    lap_time_ms: int  # sum of LAP_TIME
    pit_time_ms: int  # sum of PIT_TIME

    def driving_time_ms(self, counted: TimeCounted) -> int:
        if counted == TimeCounted.LAP_TIMES_WITHOUT_PIT:
            return self.lap_time_ms - self.pit_time_ms
        return self.lap_time_ms


@dataclass(frozen=True)
class DriveTimeLimits:
    """One driver's limits under the season's rule; None = no limit that way."""

    minimum_ms: int | None = None
    maximum_ms: int | None = None
    counted: TimeCounted = TimeCounted.LAP_TIMES


def drive_times(laps: Iterable[Lap]) -> list[DriverTime]:
    """One DriverTime per (car, driver slot), in the order the drivers first appear in the file."""
    totals: dict[tuple[str, int], list[int]] = {}
    names: dict[tuple[str, int], str] = {}
    classes: dict[str, str] = {}
    for lap in laps:
        key = (lap.number, lap.driver_number)
        total = totals.setdefault(key, [0, 0, 0])
        total[0] += 1
        total[1] += lap.lap_time_ms
        total[2] += lap.pit_time_ms or 0
        names[key] = lap.driver_name
        classes.setdefault(lap.number, lap.class_code)
    return [
        DriverTime(
            number=number,
            class_code=classes[number],
            driver_number=slot,
            driver_name=names[(number, slot)],
            laps=count,
            lap_time_ms=lap_ms,
            pit_time_ms=pit_ms,
        )
        for (number, slot), (count, lap_ms, pit_ms) in totals.items()
    ]


def infringement(driver: DriverTime, limits: DriveTimeLimits) -> str:
    """What the rule says was broken, e.g. `below minimum 1:15:00.000`; empty when nothing was."""
    driven = driver.driving_time_ms(limits.counted)
    if limits.minimum_ms is not None and driven < limits.minimum_ms:
        return f"below minimum {format_clock_ms(limits.minimum_ms)}"
    if limits.maximum_ms is not None and driven > limits.maximum_ms:
        return f"above maximum {format_clock_ms(limits.maximum_ms)}"
    return ""


def format_clock_ms(ms: int) -> str:
    """`h:mm:ss.mmm` (formats/README.md §5), the way drive times are written."""
    sign = "-" if ms < 0 else ""
    total_seconds, millis = divmod(abs(ms), 1000)
    total_minutes, seconds = divmod(total_seconds, 60)
    hours, minutes = divmod(total_minutes, 60)
    return f"{sign}{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"


__all__ = [
    "DriveTimeLimits",
    "DriverTime",
    "TimeCounted",
    "drive_times",
    "format_clock_ms",
    "infringement",
]
