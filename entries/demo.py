"""Demo data of this app, loaded by `manage.py load_demo` after the calendars (idempotent)."""


def load() -> None:
    """Nothing yet: filled in with the app's demo rows."""
