"""Reads: combined rankings and who an invitation rule invites, from stored team standings."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Subquery

from championships.models import Cup, RacingClass
from entries.models import EntryKind, Team
from entries.selectors import accepted_entries
from results.rankings.combine import CombinedRow, ComponentStanding, combine
from results.rankings.models import CombinedRanking, CombinedRankingComponent, InvitationRule
from results.standings.engine import CompetitorKey
from results.standings.models import StandingRow


def _final_team_rows(season_id: int, class_code: str, cup_code: str, with_races: bool = False) -> list[StandingRow]:
    """The team table after the last round (one query), optionally with each competitor's races."""
    rows = StandingRow.objects.filter(
        season_id=season_id, championship="teams", class_code=class_code, cup_code=cup_code
    )
    last = rows.order_by("-after_round").values("after_round")[:1]
    final = rows.filter(after_round=Subquery(last))
    return list(final.select_related("competitor") if with_races else final)


def _team_id(row: StandingRow, team_by_number: dict[str, Team]) -> int | None:
    """The Team record behind a team standing: best-N-cars standings are keyed by team,
    per-car ones by car number (resolved through the season's entries)."""
    key = CompetitorKey.parse(row.competitor_key)
    if key.kind == "team" and key.id.isdecimal():
        return int(key.id)
    team = team_by_number.get(key.id) if key.kind == "car" else None
    return team.id if team else None


def component_labels(components: list[CombinedRankingComponent]) -> list[str]:
    """Column headers of a combined ranking: series, season, class and cup by name, not by code.

    e.g. "GT World Challenge Asia 2022 · GT3 Pro-Am"; a class or cup without a name shows its code.
    """
    seasons = {c.season_id for c in components}
    classes = {
        (season_id, code.casefold()): name or code
        for season_id, code, name in RacingClass.objects.filter(season_id__in=seasons).values_list(
            "season_id", "code", "name"
        )
    }
    cups = {
        (season_id, code.casefold()): name or code
        for season_id, code, name in Cup.objects.filter(season_id__in=seasons).values_list("season_id", "code", "name")
    }
    labels = []
    for c in components:
        what = classes.get((c.season_id, c.class_code.casefold()), c.class_code)
        if c.cup_code:
            what += " " + cups.get((c.season_id, c.cup_code.casefold()), c.cup_code)
        labels.append(f"{c.season.series.name} {c.season.name} · {what}")
    return labels


def combined_ranking_rows(ranking: CombinedRanking) -> list[CombinedRow]:
    """The combined ranking now: team points summed over its components, countback across all."""
    components = list(ranking.components.select_related("season__series"))
    labels = component_labels(components)
    standings: list[ComponentStanding] = []
    for component, label in zip(components, labels, strict=True):
        entries = (
            accepted_entries(component.season_id).filter(racing_class__code=component.class_code).select_related("team")
        )
        team_by_number = {e.number: e.team for e in entries}
        full_season_teams = {e.team_id for e in entries if e.kind == EntryKind.FULL_SEASON and e.scores_points}
        for row in _final_team_rows(component.season_id, component.class_code, component.cup_code, with_races=True):
            # Team identity across series: both kinds of team standings resolve to the Team record.
            team_id = _team_id(row, team_by_number)
            key = str(CompetitorKey("team", str(team_id))) if team_id else f"name-{row.competitor_name.casefold()}"
            standings.append(
                ComponentStanding(
                    component=label,
                    competitor_key=key,
                    name=row.competitor_name,
                    points=Decimal(row.points),
                    race_places=row.countback_places,
                    eligible=team_id in full_season_teams,
                )
            )
    return combine(labels, standings, require_all=ranking.require_all)


@dataclass(frozen=True)
class InvitationLine:
    position: int
    competitor_key: str
    competitor_name: str
    number: str
    points: Decimal


def invitation_lines(rule: InvitationRule) -> list[InvitationLine]:
    """Who the rule invites according to the current standings."""
    if rule.combined_ranking_id:
        return [
            InvitationLine(r.position, r.competitor_key, r.name, "", r.points)
            for r in combined_ranking_rows(rule.combined_ranking)  # type: ignore[arg-type]
            if r.position is not None and r.position <= rule.positions
        ]
    rows = _final_team_rows(rule.season_id, rule.class_code, rule.cup_code)
    return [
        InvitationLine(r.position, r.competitor_key, r.competitor_name, r.number, Decimal(r.points))
        for r in sorted(rows, key=lambda r: r.position)
        # A competitor disqualified or excluded from the championship is never invited.
        if r.position <= rule.positions and not r.status
    ]
