"""Copy a season (issue 20): next year's season built from an earlier one in one action.

What a series keeps from one year to the next is copied: classes, cups, points rules (the
season's and each race's), line-up rules, extra championships, invitation rules by class, and
the calendar moved by a number of days staff choose. Nothing about the past year's
competitors is: entries, results, standings and awards stay with the old season. The copy is
a draft (championships.models.Season.published): staff adjust it, then publish it.

Above every app (results imports entries and championships): invitation rules live in
results.rankings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from championships.audit import audit_record
from championships.models import Cup, Event, RacingClass, Season
from championships.services import ensure_can_manage
from entries.lineup_models import LineupRule
from results.rankings.models import InvitationRule


@dataclass(frozen=True)
class SeasonCopy:
    season: Season
    copied: dict[str, int]  # what was copied, by kind, for the message and the audit log
    left_out: list[str]  # what could not be copied, said in words


def _clone[M: models.Model](obj: M, **changes: Any) -> M:
    """A new row with ``obj``'s field values, then ``changes`` (by field name: rows or values)."""
    clone = type(obj)(**{f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key})
    for name, value in changes.items():
        setattr(clone, name, value)
    clone.save()
    return clone


def season_copy(*, actor: Any, source: Season, name: str, offset_days: int) -> SeasonCopy:
    """Create ``name`` in ``source``'s series from ``source`` (draft, calendar moved by
    ``offset_days``). Series staff of the series only; atomic; audited."""
    ensure_can_manage(actor, source.series_id, f"the seasons of {source.series}")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the new season a name, e.g. 2025-26."})
    if Season.objects.filter(series_id=source.series_id, name=name).exists():
        raise ValidationError({"name": f"{source.series} already has a season {name}."})
    shift = timedelta(days=offset_days)
    with transaction.atomic():
        season = Season.objects.create(series_id=source.series_id, name=name, published=False)
        classes = {c.pk: _clone(c, season=season) for c in RacingClass.objects.filter(season=source)}
        cups = {}
        for cup in Cup.objects.filter(season=source):
            cups[cup.pk] = _clone(cup, season=season, racing_class=classes.get(cup.racing_class_id or 0))
        races = {}
        for event in Event.objects.filter(season=source).prefetch_related("races"):
            copy = _clone(
                event,
                season=season,
                start_date=event.start_date + shift,
                end_date=event.end_date + shift,
                cancelled=False,
            )
            for race in event.races.all():
                moved = race.race_date + shift if race.race_date else None
                races[race.pk] = _clone(race, season=season, event=copy, race_date=moved)
        rules = 0
        for row in source.points_rules.all():
            _clone(row, season=season, race=races.get(row.race_id) if row.race_id else None)
            rules += 1
        lineups = 0
        for rule in LineupRule.objects.filter(season=source):
            _clone(
                rule, season=season, racing_class=classes.get(rule.racing_class_id or 0), cup=cups.get(rule.cup_id or 0)
            )
            lineups += 1
        extras = 0
        for extra in source.extra_championships.all():
            _clone(extra, season=season)
            extras += 1
        invitations, left_out = 0, []
        for invitation in InvitationRule.objects.filter(season=source):
            if invitation.combined_ranking_id:
                # A combined ranking names its seasons: the new one is not in it yet.
                left_out.append(f"invitation '{invitation.label}' (from a combined ranking: set it up for {name})")
                continue
            _clone(invitation, season=season)
            invitations += 1
        copied = {
            "classes": len(classes),
            "cups": len(cups),
            "events": Event.objects.filter(season=season).count(),
            "races": len(races),
            "points rules": rules,
            "line-up rules": lineups,
            "extra championships": extras,
            "invitation rules": invitations,
        }
        audit_record(
            action="championships.season.copied",
            actor=actor,
            obj=season,
            series=season.series_id,
            after={"from": str(source), "offset_days": offset_days, "copied": copied, "left_out": left_out},
        )
    return SeasonCopy(season, copied, left_out)
