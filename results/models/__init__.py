"""Results models, split by responsibility.

classification.py: uploads, versions, result rows, steward decisions (results workflow).
standings.py:      stored standings, adjustments and the recalculation state of each season.
rankings.py:       combined rankings across series, Le Mans invitation rules and awards.
"""

from results.models.classification import (
    ClassificationStatus,
    ClassificationVersion,
    Decision,
    DecisionStatus,
    DerivedRow,
    PenaltyKind,
    PendingUpload,
    ResultRow,
    ResultRowDriver,
)
from results.models.rankings import (
    CombinedRanking,
    CombinedRankingComponent,
    InvitationAward,
    InvitationRule,
)
from results.models.standings import ChampionshipAdjustment, RacePole, SeasonStandingsState, StandingRow

__all__ = [
    "ClassificationStatus",
    "ClassificationVersion",
    "Decision",
    "DecisionStatus",
    "DerivedRow",
    "PenaltyKind",
    "PendingUpload",
    "ResultRow",
    "ResultRowDriver",
    "CombinedRanking",
    "CombinedRankingComponent",
    "InvitationAward",
    "InvitationRule",
    "ChampionshipAdjustment",
    "RacePole",
    "SeasonStandingsState",
    "StandingRow",
]
