"""Writes: awarding Le Mans invitations from the standings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from championships import scoping
from championships.audit import audit_record
from results.rankings.models import InvitationAward, InvitationRule
from results.rankings.selectors import invitation_lines


def invitations_award(rule: InvitationRule, user: Any) -> list[InvitationAward]:
    """Series staff award the invitations of a rule from the current standings (once)."""
    if not scoping.can_manage(user, rule.season.series_id):
        raise PermissionDenied("Only series staff of this series may award invitations.")
    lines = invitation_lines(rule)
    if not lines:
        raise ValidationError(f"{rule.label}: there are no standings to award from yet.")
    with transaction.atomic():
        if InvitationAward.objects.select_for_update().filter(rule=rule).exists():
            raise ValidationError(f"{rule.label}: the invitations were already awarded.")
        awards = [
            InvitationAward.objects.create(
                rule=rule,
                position=line.position,
                competitor_key=line.competitor_key,
                competitor_name=line.competitor_name,
                number=line.number,
                points=line.points,
                awarded_by=user,
            )
            for line in lines
        ]
        audit_record(
            action="results.invitation.awarded",
            actor=user,
            obj=rule,
            series=rule.season.series_id,
            after={"awarded": [a.competitor_name for a in awards]},
            reason=rule.label,
        )
    return awards
