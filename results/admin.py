"""Admin screens of the results app, one module per package (Django's autodiscover imports this one)."""

from results import season_copy_admin
from results.classifications import admin as classifications_admin
from results.classifications import lap_admin, qualifying_admin
from results.rankings import admin as rankings_admin
from results.standings import admin as standings_admin

__all__ = [
    "classifications_admin",
    "lap_admin",
    "qualifying_admin",
    "rankings_admin",
    "season_copy_admin",
    "standings_admin",
]
