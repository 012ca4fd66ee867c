"""What team managers hear about results: provisional and official classifications of their
season, and steward decisions concerning their cars (sent by championships.notify)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse

from championships.links import public_url
from championships.models import Race
from championships.notify import notify
from entries.models import EntryStatus


def _race_link(race: Race) -> str:
    return public_url(reverse("results:race_classification", args=[race.pk]))


def notify_results_published(race: Race, status: str) -> None:
    """Tell the managers of the season's accepted entries that a classification went out."""
    managers = (
        get_user_model()
        .objects.filter(
            managed_teams__entries__season_id=race.season_id, managed_teams__entries__status=EntryStatus.ACCEPTED
        )
        .distinct()
    )
    subject = f"{race.season}: {race} – {status} results published"
    body = f"The {status} classification of {race} ({race.season}) is published.\n\n{_race_link(race)}"
    notify(managers, subject, body)


def notify_decision(decision: Any, what: str) -> None:
    """Tell the managers of the car's team about a steward decision recorded, amended or withdrawn."""
    entry = decision.entry
    race = decision.race
    lines = [
        f"A steward decision concerning car #{entry.number} ({entry.team.name}) at {race} was {what}: {decision}.",
    ]
    if getattr(decision, "reason", ""):
        lines.append(f"Reason: {decision.reason}")
    lines.append(_race_link(race))
    notify(entry.team.managers.all(), f"{race.season}: decision on car #{entry.number} {what}", "\n\n".join(lines))
