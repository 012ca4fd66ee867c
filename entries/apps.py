from django.apps import AppConfig


class EntriesConfig(AppConfig):
    """Teams, drivers, entries, line-ups and their registration workflow."""

    name = "entries"
    default_auto_field = "django.db.models.BigAutoField"
