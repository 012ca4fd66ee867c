"""Load a season bundle: `manage.py import_season DIR [--as EMAIL]` (formats/README.md §3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from results.season_import import BundleError, import_season


class Command(BaseCommand):
    help = "Import a whole season (calendar, entries, classifications, qualifying, poles) from a bundle folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--as", dest="email", default=None, help="the superuser recorded as uploader (default: the first superuser)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk")
        user = users.filter(email=options["email"]).first() if options["email"] else users.first()
        if user is None:
            raise CommandError("no active superuser to record as uploader (create one, or pass --as EMAIL)")
        try:
            report = import_season(options["directory"], user)
        except BundleError as exc:
            raise CommandError(
                "the bundle was not imported, nothing was changed:\n  " + "\n  ".join(exc.problems)
            ) from exc
        except ValidationError as exc:
            raise CommandError(f"the bundle was not imported, nothing was changed: {'; '.join(exc.messages)}") from exc
        created = ", ".join(f"{n} {what}" for what, n in sorted(report.created.items())) or "nothing new"
        rounds = ", ".join(f"R{r}" for r in report.uploaded_rounds) or "none (already imported)"
        qualifying = f"; qualifying uploaded: {', '.join(report.qualifying_files)}" if report.qualifying_files else ""
        laps = f"; lap files uploaded: {', '.join(report.lap_files)}" if report.lap_files else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.season.code}: created {created}; "
                f"classifications uploaded: {rounds}{qualifying}{laps}."
            )
        )
