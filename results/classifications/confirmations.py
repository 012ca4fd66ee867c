"""Reads for the confirmation pages: what a publication or a withdrawal is about to put out.

A confirmation page shows a summary and carries its fingerprint; the POST is carried out only
if the fingerprint still matches, so nobody confirms something that changed after they looked
(a decision recorded, a newer upload, a status changed by a colleague).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

from championships.models import Race
from results.classifications.models import ClassificationVersion, Decision, DecisionStatus


@dataclass(frozen=True)
class PublishSummary:
    version: ClassificationVersion
    status: str
    cars: int
    cars_by_class: list[tuple[str, int]]
    decisions: list[Decision]
    fingerprint: str


def race_fingerprint(race: Race) -> str:
    """Changes whenever the race's versions, their statuses or its decisions change."""
    versions = race.classification_versions.order_by("pk").values_list("pk", "status")
    decisions = race.decisions.order_by("pk").values_list("pk", "status")
    text = repr((list(versions), list(decisions)))
    return hashlib.sha256(text.encode()).hexdigest()


def publish_summary(version: ClassificationVersion, status: str) -> PublishSummary:
    """Cars per class after penalties and the active decisions that shape the published table."""
    race = version.race
    classes = Counter(version.derived_rows.values_list("class_code", flat=True))
    decisions = list(
        race.decisions.filter(status=DecisionStatus.ACTIVE)
        .select_related("entry", "new_class")
        .order_by("created_at", "id")
    )
    return PublishSummary(
        version=version,
        status=status,
        cars=sum(classes.values()),
        cars_by_class=sorted(classes.items()),
        decisions=decisions,
        fingerprint=race_fingerprint(race),
    )
