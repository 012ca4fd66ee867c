"""Fixtures of the public site tests: a synthetic season with stored standings."""

from __future__ import annotations

import pytest

from bench.synthetic import SyntheticSeason, build_season
from results.standings.store import season_standings_write


@pytest.fixture
def synthetic(db: None) -> SyntheticSeason:
    """4 rounds, 9 cars in 2 classes, official classifications, standings stored."""
    built = build_season(races=4, cars=9, classes=2, code="synth")
    season_standings_write(built.season.id)
    return built
