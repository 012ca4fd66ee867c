"""Changes outside the results workflow that make a season's standings stale.

Why signals here: rules live in championships and entries in entries, which must not depend
on results; this module is the one list of those triggers. The results services call
`mark_season_dirty` themselves. Each handler runs inside the transaction of the save.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from championships.models import PointsRules
from entries.models import Entry
from results.models import ChampionshipAdjustment, RacePole
from results.recalc import mark_season_dirty


def _rules_changed(sender: type, instance: PointsRules, **kwargs: Any) -> None:
    mark_season_dirty(instance.season_id, reason="points rules changed")


def _entry_changed(sender: type, instance: Entry, **kwargs: Any) -> None:
    # Eligibility to score depends on the entry's kind, override and status; skip the noise of
    # drafts being edited before anything was ever scored.
    if kwargs.get("created") or instance.status == "draft":
        return
    mark_season_dirty(instance.season_id, reason=f"entry #{instance.number} changed")


def _adjustment_changed(sender: type, instance: ChampionshipAdjustment, **kwargs: Any) -> None:
    mark_season_dirty(instance.season_id, reason="championship adjustment changed")


def _pole_changed(sender: type, instance: RacePole, **kwargs: Any) -> None:
    mark_season_dirty(instance.race.season_id, reason="pole position changed")


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_rules_changed, sender=PointsRules, dispatch_uid=f"rules-{signal}")
        signal.connect(_entry_changed, sender=Entry, dispatch_uid=f"entry-{signal}")
        signal.connect(_adjustment_changed, sender=ChampionshipAdjustment, dispatch_uid=f"adj-{signal}")
        signal.connect(_pole_changed, sender=RacePole, dispatch_uid=f"pole-{signal}")
