"""Reads: combined rankings and who an invitation rule invites, from stored team standings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Subquery

from championships.models import Cup, Race, RacingClass, Season
from entries.models import EntryKind, Team
from entries.selectors import accepted_entries
from results.classifications.models import ClassificationStatus
from results.classifications.selectors import public_statuses
from results.rankings.combine import CombinedRow, ComponentStanding, combine
from results.rankings.models import CombinedRanking, CombinedRankingComponent, InvitationAward, InvitationRule
from results.standings.engine import CompetitorKey
from results.standings.models import SeasonStandingsState, StandingRow


def _final_team_rows(
    season_id: int, class_code: str, cup_code: str, with_races: bool = False, up_to: int | None = None
) -> list[StandingRow]:
    """The team table after the last round (up to `up_to`; one query), optionally with each competitor's races."""
    rows = StandingRow.objects.filter(
        season_id=season_id, championship="teams", class_code=class_code, cup_code=cup_code
    )
    candidates = rows if up_to is None else rows.filter(after_round__lte=up_to)
    last = candidates.order_by("-after_round").values("after_round")[:1]
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
    """Who the rule invites according to the current standings (after the round the rule names).

    Only a competitor eligible under the rule and with points earns one: a table position
    without a point (a guest, a car that has not scored yet) has won nothing.
    """
    if rule.combined_ranking_id:
        return [
            InvitationLine(r.position, r.competitor_key, r.name, "", r.points)
            for r in combined_ranking_rows(rule.combined_ranking)  # type: ignore[arg-type]
            # position None: not eligible in every component the ranking requires.
            if r.position is not None and r.position <= rule.positions and r.points > 0
        ]
    rows = _final_team_rows(rule.season_id, rule.class_code, rule.cup_code, up_to=rule.decided_after_round)
    return [
        InvitationLine(r.position, r.competitor_key, r.competitor_name, r.number, Decimal(r.points))
        for r in sorted(rows, key=lambda r: r.position)
        # A competitor disqualified or excluded from the championship is never invited.
        if r.position <= rule.positions and not r.status and r.points > 0
    ]


@dataclass(frozen=True)
class InvitationReadiness:
    """Whether a rule may be awarded now: the rounds it names and which of them are not official."""

    rounds: list[str]
    not_official: list[str]
    recalculating: list[str]
    generations: dict[str, int]

    @property
    def fingerprint(self) -> str:
        """What the confirmation page showed: changes with any standings generation."""
        return hashlib.sha256(repr(sorted(self.generations.items())).encode()).hexdigest()


def _rule_seasons(rule: InvitationRule) -> list[Season]:
    if rule.combined_ranking_id:
        return [c.season for c in rule.combined_ranking.components.select_related("season__series")]  # type: ignore[union-attr]
    return [rule.season]


def invitation_readiness(rule: InvitationRule) -> InvitationReadiness:
    """The rounds the rule names (its season's up to `decided_after_round`, every round of a
    combined ranking's seasons) and those whose public result is not official yet."""
    rounds: list[str] = []
    not_official: list[str] = []
    recalculating: list[str] = []
    generations: dict[str, int] = {}
    for season in _rule_seasons(rule):
        up_to = rule.decided_after_round if not rule.combined_ranking_id else None
        races = Race.objects.filter(season=season, event__cancelled=False).order_by("round")
        if up_to is not None:
            races = races.filter(round__lte=up_to)
        statuses = public_statuses(season.pk)
        prefix = f"{season} " if rule.combined_ranking_id else ""
        for number in races.values_list("round", flat=True):
            rounds.append(f"{prefix}R{number}")
            status = statuses.get(number)
            if status != ClassificationStatus.OFFICIAL:
                label = dict(ClassificationStatus.choices).get(status, "no results") if status else "no results"
                not_official.append(f"{prefix}R{number} ({str(label).lower()})")
        state = SeasonStandingsState.objects.filter(season=season).first()
        generations[str(season.pk)] = state.computed_generation if state else 0
        if state is not None and state.pending:
            recalculating.append(str(season))
    return InvitationReadiness(rounds, not_official, recalculating, generations)


@dataclass(frozen=True)
class StaleAward:
    rule: InvitationRule
    awards: list[InvitationAward]
    invited_now: list[str]

    @property
    def same_competitors(self) -> bool:
        return [a.competitor_name for a in self.awards] == self.invited_now


def stale_awards(awards: list[InvitationAward]) -> list[StaleAward]:
    """Rules whose awards were made from standings that changed since (one query for the states)."""
    season_ids = {int(key) for award in awards for key in award.standings_generations}
    if not season_ids:
        return []
    current = dict(
        # Why `generation`: it is bumped by the change itself, before any recalculation ran.
        SeasonStandingsState.objects.filter(season_id__in=season_ids).values_list("season_id", "generation")
    )
    by_rule: dict[int, list[InvitationAward]] = {}
    for award in awards:
        changed = any(current.get(int(key), 0) != value for key, value in award.standings_generations.items())
        if changed:
            by_rule.setdefault(award.rule_id, []).append(award)
    return [
        StaleAward(group[0].rule, group, [line.competitor_name for line in invitation_lines(group[0].rule)])
        for group in by_rule.values()
    ]
