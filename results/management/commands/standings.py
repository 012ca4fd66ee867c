"""Print a season's standings: `manage.py standings aslms-2023 --after-round 2 --class LMP3`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from results import standings_selectors as selectors
from results.models import SeasonStandingsState
from results.recalc import recalculate_season
from results.standings_export import standings_csv


class Command(BaseCommand):
    help = "Print the standings of SEASON (<series_code>-<season>) as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("season", help="e.g. aslms-2023")
        parser.add_argument("--after-round", type=int, default=None, help="standings after this round (default: last)")
        parser.add_argument("--class", dest="class_code", default=None, help="one class only, e.g. LMP3")
        parser.add_argument("--format", choices=["csv"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            season = selectors.season_by_code(options["season"])
        except selectors.UnknownSeason as exc:
            raise CommandError(str(exc)) from exc
        state = SeasonStandingsState.objects.filter(season=season).first()
        stale = state is None or state.pending or state.computed_at is None
        # A command-line user wants current figures, not a stale table: compute now.
        if stale and recalculate_season(season.id, force=True) == "failed":
            state = SeasonStandingsState.objects.get(season=season)
            raise CommandError(f"standings of {season.code} could not be computed: {state.last_error}")
        last = selectors.last_round(season)
        if last is None:
            raise CommandError(f"{season.code} has no published results yet")
        after_round = options["after_round"] or last
        if not 1 <= after_round <= last:
            raise CommandError(f"--after-round must be between 1 and {last} for {season.code}")
        class_code = options["class_code"]
        if class_code:
            known = sorted(set(season.classes.values_list("code", flat=True)))
            if class_code not in known:
                raise CommandError(f"unknown class '{class_code}' in {season.code} (known: {', '.join(known)})")
        rows = selectors.standings_rows(season, after_round, class_code)
        self.stdout.write(standings_csv(rows), ending="")
