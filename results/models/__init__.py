"""Results models, split by responsibility.

classification.py: uploads, versions, result rows, steward decisions (results workflow).
standings.py:      stored standings, adjustments and the recalculation state of each season.
"""
from results.models.standings import ChampionshipAdjustment, SeasonStandingsState, StandingRow

__all__ = ["ChampionshipAdjustment", "SeasonStandingsState", "StandingRow"]
