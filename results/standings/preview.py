"""A season's standings computed in memory (nothing stored), for the decision check page."""

from __future__ import annotations

from results.classifications.services.decision_checks import StandingLine
from results.standings.engine import compute_season
from results.standings.inputs import build_season_input


def season_snapshot(season_id: int) -> dict[tuple[str, str], StandingLine]:
    """(table, competitor key) → the competitor's line after the last scored round."""
    lines: dict[tuple[str, str], StandingLine] = {}
    latest: dict[tuple[str, str], int] = {}
    for line in compute_season(build_season_input(season_id)).lines:
        cup = f" {line.cup_code}" if line.cup_code else ""
        table = f"{line.class_code}{cup} {line.championship}"
        key = (table, str(line.competitor_key))
        if line.after_round >= latest.get(key, 0):
            latest[key] = line.after_round
            lines[key] = StandingLine(table, line.competitor_name, line.number, line.position, line.points)
    return lines
