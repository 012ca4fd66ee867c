"""Load the demo data (idempotent): `manage.py load_demo`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from championships import demo
from entries import demo as entries_demo
from results import demo as results_demo


class Command(BaseCommand):
    help = "Load demo organisations, series, calendars and users (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = demo.load()
        # Each app adds its own demo data on top of the calendars (entries, then results).
        entries_demo.load()
        results_demo.load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if created:
            self.stdout.write("Demo users created now (passwords are shown only this once):")
            for email, password in created:
                self.stdout.write(f"  {email:28} {password}")
        else:
            self.stdout.write("Demo users already existed; their passwords were printed when they were created.")
