"""Reads of the lap files: a race's laps, its drive times checked against the season's rules."""

from __future__ import annotations

from dataclasses import dataclass

from championships.models import PointsRules, Race
from entries.models import DriverCategory
from results.classifications.drive_times import (
    DriverTime,
    DriveTimeLimits,
    TimeCounted,
    drive_times,
    infringement,
)
from results.classifications.lap_models import (
    DriveTimeRule,
    InfringementConsequence,
    LapFileKind,
    LapRecord,
    LapUpload,
)
from results.classifications.parsing.laps import Lap

_MINUTE_MS = 60_000


@dataclass(frozen=True)
class AppliedRule:
    """The rule a driver is held to, and what follows a breach."""

    limits: DriveTimeLimits
    consequence: str
    penalty_seconds: int = 0
    penalty_laps: int = 0

    @property
    def consequence_label(self) -> str:
        return str(InfringementConsequence(self.consequence).label)


@dataclass(frozen=True)
class DriveTimeLine:
    """One driver of one car in a race: the figures of formats/README.md §5 and the rule's verdict."""

    entry_id: int | None
    number: str
    class_code: str
    driver_id: int | None
    driver_name: str
    laps: int
    lap_time_ms: int
    pit_time_ms: int
    driving_time_ms: int
    infringement: str  # empty, or e.g. "below minimum 1:15:00.000"
    rule: AppliedRule | None


def race_lap_upload(race: Race) -> LapUpload | None:
    """The race's lap file that counts: its newest confirmed one."""
    return (
        LapUpload.objects.filter(kind=LapFileKind.RACE, race=race, confirmed_at__isnull=False)
        .defer("source")
        .order_by("-confirmed_at", "-id")
        .first()
    )


def upload_laps(upload: LapUpload) -> list[Lap]:
    """The laps of a confirmed file, as the pure computations take them (class as the season spells it)."""
    return [
        Lap(
            row_number=r.row_number,
            number=r.number,
            driver_number=r.driver_number,
            driver_name=r.driver_name,
            lap_number=r.lap_number,
            lap_time_ms=r.lap_time_ms,
            in_pit=r.in_pit,
            pit_time_ms=r.pit_time_ms,
            elapsed_ms=r.elapsed_ms,
            flag=r.flag,
            class_code=r.class_code,
        )
        for r in LapRecord.objects.filter(upload=upload).order_by("row_number")
    ]


def race_drive_times(race: Race) -> list[DriveTimeLine]:
    """Every driver who drove in the race, car by car; empty without a confirmed lap file."""
    upload = race_lap_upload(race)
    if upload is None:
        return []
    identity = {
        (number, slot): (entry_id, driver_id, class_id)
        for number, slot, entry_id, driver_id, class_id in LapRecord.objects.filter(upload=upload)
        .order_by()
        .values_list("number", "driver_number", "entry_id", "driver_id", "entry__racing_class_id")
        .distinct()
    }
    categories = dict(
        DriverCategory.objects.filter(
            season_id=race.season_id, driver_id__in={ids[1] for ids in identity.values() if ids[1]}
        ).values_list("driver_id", "category")
    )
    rules = SeasonDriveTimeRules.of(race)
    lines = []
    for driver in drive_times(upload_laps(upload)):
        entry_id, driver_id, class_id = identity.get((driver.number, driver.driver_number), (None, None, None))
        rule = rules.for_driver(class_id, categories.get(driver_id, "") if driver_id else "")
        lines.append(_line(driver, entry_id, driver_id, rule))
    return sorted(lines, key=lambda line: (_number_order(line.number), line.driver_name))


def _line(driver: DriverTime, entry_id: int | None, driver_id: int | None, rule: AppliedRule | None) -> DriveTimeLine:
    counted = rule.limits.counted if rule else TimeCounted.LAP_TIMES
    return DriveTimeLine(
        entry_id=entry_id,
        number=driver.number,
        class_code=driver.class_code,
        driver_id=driver_id,
        driver_name=driver.driver_name,
        laps=driver.laps,
        lap_time_ms=driver.lap_time_ms,
        pit_time_ms=driver.pit_time_ms,
        driving_time_ms=driver.driving_time_ms(counted),
        infringement=infringement(driver, rule.limits) if rule else "",
        rule=rule,
    )


def _number_order(number: str) -> tuple[int, str]:
    return (len(number), number)


class SeasonDriveTimeRules:
    """The season's drive-time rules, picking the most specific one for a driver."""

    def __init__(self, rules: list[DriveTimeRule], fallback_minimum_min: int) -> None:
        self.rules = rules
        self.fallback_minimum_min = fallback_minimum_min

    @classmethod
    def of(cls, race: Race) -> SeasonDriveTimeRules:
        minimum = (
            PointsRules.objects.filter(season_id=race.season_id, race__isnull=True)
            .values_list("min_drive_time_min", flat=True)
            .first()
        )
        return cls(list(DriveTimeRule.objects.filter(season_id=race.season_id)), minimum or 0)

    def for_driver(self, class_id: int | None, category: str) -> AppliedRule | None:
        fitting = [
            rule
            for rule in self.rules
            if rule.racing_class_id in (None, class_id) and rule.fia_category in ("", category)
        ]
        if fitting:
            # Most specific first: a class counts more than a category, both more than either.
            best = max(fitting, key=lambda rule: (rule.racing_class_id is not None, rule.fia_category != ""))
            return AppliedRule(
                limits=DriveTimeLimits(
                    minimum_ms=best.minimum_min * _MINUTE_MS if best.minimum_min is not None else None,
                    maximum_ms=best.maximum_min * _MINUTE_MS if best.maximum_min is not None else None,
                    counted=TimeCounted(best.counted),
                ),
                consequence=best.consequence,
                penalty_seconds=best.penalty_seconds,
                penalty_laps=best.penalty_laps,
            )
        if self.fallback_minimum_min:
            # The season's points rule alone: below it the driver scores nothing.
            return AppliedRule(
                limits=DriveTimeLimits(minimum_ms=self.fallback_minimum_min * _MINUTE_MS),
                consequence=InfringementConsequence.DRIVER_NO_POINTS,
            )
        return None
