from django.apps import AppConfig


class ResultsConfig(AppConfig):
    """Race classifications and steward decisions, standings and their recalculation, rankings."""

    name = "results"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from results.standings import invalidation

        invalidation.connect()
