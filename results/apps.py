from django.apps import AppConfig


class ResultsConfig(AppConfig):
    """Classifications, steward decisions, standings and their recalculation."""

    name = "results"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from results import admin_standings, signals  # noqa: F401  (registers admin screens)

        signals.connect()
