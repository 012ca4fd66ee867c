"""Writes: awarding Le Mans invitations from the standings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from championships import scoping
from championships.audit import audit_record
from results.rankings.models import InvitationAward, InvitationRule
from results.rankings.selectors import invitation_lines, invitation_readiness


def invitations_award(rule: InvitationRule, user: Any, *, override_reason: str = "") -> list[InvitationAward]:
    """Series staff award the invitations of a rule from the current standings (once).

    Only from official results of every round the rule names; before that only with an
    override reason, which the award and the audit log keep.
    """
    if not scoping.can_manage(user, rule.season.series_id):
        raise PermissionDenied("Only series staff of this series may award invitations.")
    readiness = invitation_readiness(rule)
    if readiness.recalculating:
        # Why no override here: the stored standings are not yet the ones the results give.
        raise ValidationError(
            f"{rule.label}: the standings of {', '.join(readiness.recalculating)} are being recalculated; "
            "award when they are up to date."
        )
    override_reason = override_reason.strip()
    if readiness.not_official and not override_reason:
        raise ValidationError(
            f"{rule.label}: not every round it names is official yet: {', '.join(readiness.not_official)}. "
            "Wait for the official results, or give a reason to award anyway."
        )
    lines = invitation_lines(rule)
    if not lines:
        raise ValidationError(f"{rule.label}: no eligible competitor has scored a point yet; nobody has earned it.")
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
                standings_generations=readiness.generations,
                override_reason=override_reason if readiness.not_official else "",
            )
            for line in lines
        ]
        after: dict[str, Any] = {"awarded": [a.competitor_name for a in awards], "rounds": readiness.rounds}
        if readiness.not_official:
            after["override"] = {"not_official": readiness.not_official}
        audit_record(
            action="results.invitation.awarded",
            actor=user,
            obj=rule,
            series=rule.season.series_id,
            after=after,
            reason=override_reason if readiness.not_official else rule.label,
        )
    return awards
