from django.apps import AppConfig


class ResultsConfig(AppConfig):
    """Race classifications and steward decisions, standings and their recalculation, rankings."""

    name = "results"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from results.classifications.services import decision_checks
        from results.standings import invalidation, preview

        invalidation.connect()
        decision_checks.register_standings_snapshot(preview.season_snapshot)
