"""Print the drive times of a race: `manage.py drive_times aslms-2023-24 --round 1 --format csv`."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from championships.selectors import UnknownSeason, season_by_code
from results.classifications.drive_times import format_clock_ms
from results.classifications.lap_selectors import DriveTimeLine, race_drive_times

COLUMNS = ("number", "class", "driver", "laps", "lap_time_total", "pit_time_total", "driving_time", "infringement")


def _cells(line: DriveTimeLine) -> list[str]:
    return [
        line.number,
        line.class_code,
        line.driver_name,
        str(line.laps),
        format_clock_ms(line.lap_time_ms),
        format_clock_ms(line.pit_time_ms),
        format_clock_ms(line.driving_time_ms),
        line.infringement,
    ]


class Command(BaseCommand):
    help = "Print one line per driver who drove in round N of SEASON, from the race's confirmed lap file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("season", help="e.g. aslms-2023-24")
        parser.add_argument("--round", type=int, required=True, help="the race's round")
        parser.add_argument("--format", choices=["table", "csv"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            season = season_by_code(options["season"])
        except UnknownSeason as exc:
            raise CommandError(str(exc)) from exc
        race = season.races.filter(round=options["round"]).first()
        if race is None:
            raise CommandError(f"{season.code} has no round {options['round']}")
        lines = race_drive_times(race)
        if not lines:
            raise CommandError(f"R{race.round} of {season.code} has no confirmed lap file")
        rows = [_cells(line) for line in lines]
        if options["format"] == "csv":
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows([COLUMNS, *rows])
            self.stdout.write(buffer.getvalue(), ending="")
            return
        widths = [max(len(row[i]) for row in [list(COLUMNS), *rows]) for i in range(len(COLUMNS))]
        for row in [list(COLUMNS), *rows]:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
