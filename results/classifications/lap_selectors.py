"""Reads of the lap files: a race's laps, its drive times checked against the season's rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q

from championships.models import PointsRules, Race
from entries.models import DriverCategory
from results.classifications.drive_times import (
    DriverTime,
    DriveTimeLimits,
    TimeCounted,
    drive_times,
    format_clock_ms,
    infringement,
)
from results.classifications.lap_models import (
    DriveTimeRule,
    InfringementConsequence,
    LapFileKind,
    LapRecord,
    LapUpload,
)
from results.classifications.models import Decision, DecisionStatus, PenaltyKind, document_label
from results.classifications.parsing import ClassificationFileError
from results.classifications.parsing.laps import Lap
from results.classifications.parsing.qualifying import parse_qualifying
from results.classifications.qualifying_models import QualifyingUpload

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

    @property
    def lap_time(self) -> str:
        return format_clock_ms(self.lap_time_ms)

    @property
    def pit_time(self) -> str:
        return format_clock_ms(self.pit_time_ms)

    @property
    def driving_time(self) -> str:
        return format_clock_ms(self.driving_time_ms)


def race_lap_upload(race: Race) -> LapUpload | None:
    """The race's lap file that counts: its newest confirmed one."""
    return (
        LapUpload.objects.filter(kind=LapFileKind.RACE, race=race, confirmed_at__isnull=False)
        .defer("source")
        .order_by("-confirmed_at", "-id")
        .first()
    )


def race_lap_stamp(race_id: int) -> tuple[int, datetime | None] | None:
    """(id, confirmed at) of the race's lap file that counts, for a page's content version."""
    return (
        LapUpload.objects.filter(kind=LapFileKind.RACE, race_id=race_id, confirmed_at__isnull=False)
        .order_by("-confirmed_at", "-id")
        .values_list("id", "confirmed_at")
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
    own = qualifying_minimums(race) if rules.uses_qualifying_minimum else {}
    lines = []
    for driver in drive_times(upload_laps(upload)):
        key = (driver.number, driver.driver_number)
        entry_id, driver_id, class_id = identity.get(key, (None, None, None))
        rule = rules.for_driver(class_id, categories.get(driver_id, "") if driver_id else "", own.get(key))
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


def qualifying_minimums(race: Race) -> dict[tuple[str, int], int]:
    """(car, crew slot) -> the driver's own minimum driving time printed in the event's qualifying files
    (`DRIVERn_*Extra 4`), from the newest confirmed session of each car."""
    minimums: dict[tuple[str, int], int] = {}
    uploads = QualifyingUpload.objects.filter(event_id=race.event_id, confirmed_at__isnull=False).order_by(
        "-confirmed_at", "-id"
    )
    for data in uploads.values_list("source", flat=True):
        try:
            parsed = parse_qualifying(bytes(data), "stored.csv")
        except ClassificationFileError:
            continue  # Why: a confirmed file parsed once; a parser grown stricter since must not break this page.
        for row in parsed.rows:
            for driver in row.drivers:
                if driver.min_drive_time_ms is not None:
                    minimums.setdefault((row.number, driver.slot), driver.min_drive_time_ms)
    return minimums


class SeasonDriveTimeRules:
    """The season's drive-time rules, picking the most specific one for a driver."""

    def __init__(self, rules: list[DriveTimeRule], fallback_minimum_min: int) -> None:
        self.rules = rules
        self.fallback_minimum_min = fallback_minimum_min
        self.uses_qualifying_minimum = any(rule.qualifying_minimum for rule in rules)

    @classmethod
    def of(cls, race: Race) -> SeasonDriveTimeRules:
        minimum = (
            PointsRules.objects.filter(season_id=race.season_id, race__isnull=True)
            .values_list("min_drive_time_min", flat=True)
            .first()
        )
        return cls(list(DriveTimeRule.objects.filter(season_id=race.season_id)), minimum or 0)

    def for_driver(self, class_id: int | None, category: str, own_minimum_ms: int | None = None) -> AppliedRule | None:
        """The rule for a driver of this class and FIA category; `own_minimum_ms`: the driver's minimum
        printed in the qualifying file, which replaces the rule's where the rule says so."""
        fitting = [
            rule
            for rule in self.rules
            if rule.racing_class_id in (None, class_id) and rule.fia_category in ("", category)
        ]
        if fitting:
            # Most specific first: a class counts more than a category, both more than either.
            best = max(fitting, key=lambda rule: (rule.racing_class_id is not None, rule.fia_category != ""))
            minimum_ms = best.minimum_min * _MINUTE_MS if best.minimum_min is not None else None
            if best.qualifying_minimum and own_minimum_ms is not None:
                minimum_ms = own_minimum_ms
            return AppliedRule(
                limits=DriveTimeLimits(
                    minimum_ms=minimum_ms,
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


@dataclass(frozen=True)
class ProposedDecision:
    """An infringement the steward decides on: the decision form's fields, or the decision that did."""

    line: DriveTimeLine
    fields: dict[str, str]  # the decision form prefilled (query string of the "decide" link)
    decided_by: str  # the label of the active decision on it ("Decision 12"), empty while undecided


def proposed_decisions(race: Race, lines: list[DriveTimeLine]) -> list[ProposedDecision]:
    """One per infringing driver, in car order: what the season's rule says follows."""
    active = list(
        Decision.objects.filter(race=race, status=DecisionStatus.ACTIVE).values_list(
            "entry_id", "kind", "driver_id", "number"
        )
    )
    proposals = []
    for line in lines:
        if not line.infringement or line.rule is None or line.entry_id is None:
            continue
        kind = line.rule.consequence  # InfringementConsequence values are PenaltyKind values
        fields = {
            "entry": str(line.entry_id),
            "kind": kind,
            "offence": f"Drive time: {line.driver_name} {line.infringement} "
            f"(drove {format_clock_ms(line.driving_time_ms)})",
        }
        if kind == PenaltyKind.DRIVER_NO_POINTS and line.driver_id:
            fields["driver"] = str(line.driver_id)
        elif kind == PenaltyKind.TIME:
            fields["time_added_s"] = str(line.rule.penalty_seconds)
        elif kind == PenaltyKind.LAPS:
            fields["laps_deducted"] = str(line.rule.penalty_laps)
        decided = next(
            (
                number
                for entry_id, decided_kind, driver_id, number in active
                if entry_id == line.entry_id
                and decided_kind == kind
                and (kind != PenaltyKind.DRIVER_NO_POINTS or driver_id == line.driver_id)
            ),
            None,
        )
        proposals.append(ProposedDecision(line, fields, document_label(decided) if decided else ""))
    return proposals


@dataclass(frozen=True)
class CarDriveTimes:
    number: str
    class_code: str
    lines: list[DriveTimeLine]

    @property
    def total(self) -> str:
        return format_clock_ms(sum(line.lap_time_ms for line in self.lines))

    @property
    def infringements(self) -> int:
        return sum(1 for line in self.lines if line.infringement)


def drive_times_by_car(lines: list[DriveTimeLine]) -> list[CarDriveTimes]:
    cars: dict[str, list[DriveTimeLine]] = {}
    for line in lines:
        cars.setdefault(line.number, []).append(line)
    return [CarDriveTimes(number, car[0].class_code, car) for number, car in cars.items()]


def is_foreign_lap_upload(user: Any, event_id: int, race_id: int | None, upload_id: int) -> bool:
    """True when the upload exists but belongs to another user, event or race (None: the event's qualifying)."""
    # Why race__isnull: a qualifying file has no race, and `race_id=None` is not a lookup.
    same_race = Q(race__isnull=True) if race_id is None else Q(race_id=race_id)
    return LapUpload.objects.filter(pk=upload_id).exclude(same_race, event_id=event_id, uploaded_by=user).exists()


def preview_line(driver: DriverTime) -> DriveTimeLine:
    """A driver of a previewed file: the figures only (the rules are applied once the laps are stored)."""
    return _line(driver, None, None, None)


def event_lap_uploads(event_id: int) -> list[LapUpload]:
    """The confirmed qualifying lap files of an event, newest first."""
    return list(
        LapUpload.objects.filter(event_id=event_id, kind=LapFileKind.QUALIFYING, confirmed_at__isnull=False)
        .defer("source")
        .select_related("uploaded_by")
    )
