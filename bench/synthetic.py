"""A synthetic season written straight to the database (for the benchmark and query-count tests).

Races × cars × classes, three drivers per car, deterministic pseudo-random finishing orders
with some retirements, a pole per class per race, ACO points rules. Bypasses the upload
workflow on purpose: it measures the standings recalculation, not the parser.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from championships.models import Circuit, Event, PointsRules, Race, RacingClass, Season, Series
from entries.models import Driver, Entry, EntryKind, EntryStatus, Team
from results.classifications.models import ClassificationVersion, DerivedRow, ResultRow, ResultRowDriver
from results.classifications.qualifying_models import RacePole


@dataclass(frozen=True)
class SyntheticSeason:
    season: Season
    races: int
    cars: int
    classes: int


def build_season(
    races: int = 12, cars: int = 60, classes: int = 3, code: str = "synthetic", seed: int = 2023
) -> SyntheticSeason:
    rng = random.Random(seed)
    series = Series.objects.create(code=code, name=f"Synthetic series {code}")
    season = Season.objects.create(series=series, name="2023", published=True)
    PointsRules.objects.create(season=season, scale="25 18 15 12 10 8 6 4 2 1", beyond_scale="0.5", pole=1)
    class_rows = [RacingClass.objects.create(season=season, code=f"C{i + 1}", order=i) for i in range(classes)]
    circuit, _ = Circuit.objects.get_or_create(name="Synthetic Ring", defaults={"country": "Nowhere"})

    teams = Team.objects.bulk_create([Team(name=f"{code} team {i}") for i in range(cars)])
    drivers = Driver.objects.bulk_create(
        [Driver(first_name=f"D{i}", last_name=f"{code.upper()} {i}", nationality="FRA") for i in range(cars * 3)]
    )
    entries = Entry.objects.bulk_create(
        [
            Entry(
                season=season,
                team=teams[i],
                number=str(i + 1),
                racing_class=class_rows[i % classes],
                kind=EntryKind.GUEST if i % 29 == 28 else EntryKind.FULL_SEASON,
                status=EntryStatus.ACCEPTED,
            )
            for i in range(cars)
        ]
    )

    race_rows = []
    for r in range(races):
        day = date(2023, 1, 1) + timedelta(days=7 * r)
        event = Event.objects.create(
            season=season, name=f"Event {r + 1}", circuit=circuit, start_date=day, end_date=day
        )
        race_rows.append(Race.objects.create(event=event, round=r + 1, scheduled_duration_min=240))

    versions = ClassificationVersion.objects.bulk_create(
        [
            ClassificationVersion(
                race=race,
                version=1,
                status="official",
                filename="synthetic.csv",
                source=b"",
                sha256="0" * 64,
                file_format="template-csv",
                encoding="utf-8",
            )
            for race in race_rows
        ]
    )

    result_rows: list[ResultRow] = []
    plan: list[tuple[int, str, int | None]] = []  # (entry index, status, class position)
    poles: list[RacePole] = []
    for version, race in zip(versions, race_rows, strict=True):
        order = list(range(cars))
        rng.shuffle(order)
        class_seen = [0] * classes
        for position, i in enumerate(order, start=1):
            status = "dnf" if rng.random() < 0.08 else "classified"
            cls = i % classes
            class_position = None
            if status == "classified":
                class_seen[cls] += 1
                class_position = class_seen[cls]
            plan.append((i, status, class_position))
            result_rows.append(
                ResultRow(
                    version=version,
                    entry=entries[i],
                    row_number=position + 1,
                    position=position,
                    number=entries[i].number,
                    class_code=class_rows[cls].code,
                    team=teams[i].name,
                    driver_names=[str(d) for d in drivers[i * 3 : i * 3 + 3]],
                    status=status,
                )
            )
        for cls in range(classes):
            pole_car = next(i for i in order if i % classes == cls)
            poles.append(RacePole(race=race, class_code=class_rows[cls].code, number=entries[pole_car].number))
    result_rows = ResultRow.objects.bulk_create(result_rows, batch_size=2000)
    ResultRowDriver.objects.bulk_create(
        [
            ResultRowDriver(row=row, driver=drivers[plan[k][0] * 3 + d], order=d)
            for k, row in enumerate(result_rows)
            for d in range(3)
        ],
        batch_size=5000,
    )
    # Classified cars first, in their shuffled order; retirements after them (as a timing sheet).
    DerivedRow.objects.bulk_create(
        [
            DerivedRow(
                version=row.version,
                row=row,
                overall_position=row.position,
                class_position=plan[k][2],
                class_code=row.class_code,
                status=plan[k][1],
            )
            for k, row in enumerate(result_rows)
        ],
        batch_size=2000,
    )
    RacePole.objects.bulk_create(poles)
    return SyntheticSeason(season=season, races=races, cars=cars, classes=classes)
