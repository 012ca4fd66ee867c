from django.apps import AppConfig


class ChampionshipsConfig(AppConfig):
    """Governance: organisations, roles, series, seasons, calendars."""

    name = "championships"
    default_auto_field = "django.db.models.BigAutoField"
