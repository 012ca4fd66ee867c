from django.apps import AppConfig


class ResultsConfig(AppConfig):
    """Classifications, steward decisions, standings and their recalculation."""

    name = "results"
    default_auto_field = "django.db.models.BigAutoField"
