"""Print a season's standings: `manage.py standings aslms-2023 --after-round 2 --class LMP3`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from championships.selectors import UnknownSeason, season_by_code
from results.standings import selectors
from results.standings.export import standings_csv
from results.standings.models import SeasonStandingsState
from results.standings.services import recalculate_season


class Command(BaseCommand):
    # Points are printed exactly (39, 62.5, and 0.25 after a half-points race): rounding to
    # the one decimal place of formats/README.md 4 would misreport real totals.
    help = "Print the standings of SEASON (<series_code>-<season>) as CSV; points are exact (e.g. 62.5, 0.25)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("season", help="e.g. aslms-2023 or aslms-2023-24")
        parser.add_argument("--after-round", type=int, default=None, help="standings after this round (default: last)")
        parser.add_argument("--class", dest="class_code", default=None, help="one class only, e.g. LMP3")
        parser.add_argument(
            "--championship",
            default=None,
            help="one championship only: drivers, teams or an extra one, e.g. 'Japan Cup'",
        )
        parser.add_argument("--format", choices=["csv"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            season = season_by_code(options["season"])
        except UnknownSeason as exc:
            raise CommandError(str(exc)) from exc
        state = SeasonStandingsState.objects.filter(season=season).first()
        stale = state is None or state.pending or state.computed_at is None
        # A command-line user wants current figures, not a stale table: compute now.
        outcome = recalculate_season(season.id, force=True) if stale else "clean"
        if outcome == "failed":
            state = SeasonStandingsState.objects.get(season=season)
            raise CommandError(f"standings of {season.code} could not be computed: {state.last_error}")
        if outcome == "busy":
            self.stderr.write(f"{season.code} is being recalculated by a worker: these are the last stored standings")
        last = selectors.last_round(season)
        if last is None:
            raise CommandError(f"{season.code} has no published results yet")
        # Why "is None": `--after-round 0` is a mistake to report, not a request for the last round.
        after_round = last if options["after_round"] is None else options["after_round"]
        if not 1 <= after_round <= last:
            raise CommandError(f"--after-round must be between 1 and {last} for {season.code}")
        class_code = options["class_code"]
        if class_code:
            # Why casefold: `--class "lmp2 pro/am"` means the class configured as "LMP2 Pro/Am".
            known = {code.casefold(): code for code in season.classes.values_list("code", flat=True)}
            if class_code.casefold() not in known:
                listed = ", ".join(sorted(known.values()))
                raise CommandError(f"unknown class '{class_code}' in {season.code} (known: {listed})")
            class_code = known[class_code.casefold()]
        championship = options["championship"]
        if championship:
            known = {
                name.casefold(): name
                for name in selectors.championship_order(list(selectors.extra_championships(season)))
            }
            if championship.casefold() not in known:
                raise CommandError(
                    f"unknown championship '{championship}' in {season.code} (known: {', '.join(known.values())})"
                )
            championship = known[championship.casefold()]
        rows = selectors.standings_rows(season, after_round, class_code, championship)
        self.stdout.write(standings_csv(rows), ending="")
