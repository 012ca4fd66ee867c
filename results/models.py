"""Every model of the results app, for Django's model registry (it imports ``results.models``).

Code imports a model from its own package (``results.classifications.models``,
``results.standings.models``, ``results.rankings.models``), never from here: this module
sees every package, and importing it would let a lower package depend on a higher one.
"""

from results.classifications.lap_models import DriveTimeRule, LapRecord, LapUpload
from results.classifications.models import (
    ClassificationVersion,
    Decision,
    DerivedRow,
    PendingUpload,
    ResultRow,
    ResultRowDriver,
)
from results.classifications.qualifying_models import QualifyingResult, QualifyingUpload, RacePole
from results.rankings.models import CombinedRanking, CombinedRankingComponent, InvitationAward, InvitationRule
from results.standings.models import ChampionshipAdjustment, SeasonStandingsState, StandingRow

__all__ = [
    "ChampionshipAdjustment",
    "ClassificationVersion",
    "CombinedRanking",
    "CombinedRankingComponent",
    "Decision",
    "DriveTimeRule",
    "LapRecord",
    "LapUpload",
    "DerivedRow",
    "InvitationAward",
    "InvitationRule",
    "PendingUpload",
    "QualifyingResult",
    "QualifyingUpload",
    "RacePole",
    "ResultRow",
    "ResultRowDriver",
    "SeasonStandingsState",
    "StandingRow",
]
