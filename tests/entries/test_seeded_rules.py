"""Every seeded line-up rule of DESIGN.md: a valid and an invalid crew, with the exact message."""

from __future__ import annotations

import pytest

from championships.models import Cup, RacingClass
from entries import lineup_seed, selectors
from entries.lineup_rules import Crewman, check_lineup
from entries.models import LineupRule

pytestmark = pytest.mark.django_db


def crew(*members: str) -> list[Crewman]:
    """'bronze/JPN' → a crewman with that category and nationality."""
    result = []
    for i, member in enumerate(members, start=1):
        category, _, nationality = member.partition("/")
        result.append(Crewman(f"Driver {i}", category, nationality or "GBR"))
    return result


def check(season, class_code, cup_code, *members):  # type: ignore[no-untyped-def]
    racing_class = RacingClass.objects.get(season=season, code=class_code)
    cup = Cup.objects.get(season=season, code=cup_code) if cup_code else None
    rules = selectors.rules_for(season, racing_class.pk, cup.pk if cup else None)
    return check_lineup(crew(*members), rules)


@pytest.mark.parametrize("class_code", ["LMP2", "LMP3", "GT"])
def test_it_requires_a_bronze_driver_in_every_aslms_2023_class(paddock, class_code) -> None:  # type: ignore[no-untyped-def]
    assert check(paddock.aslms, class_code, None, "gold", "bronze") == []
    assert check(paddock.aslms, class_code, None, "gold", "silver", "bronze") == []
    assert check(paddock.aslms, class_code, None, "gold", "silver") == [
        f"{class_code} needs at least one Bronze driver; this line-up has none."
    ]


def test_it_allows_at_most_one_silver_in_aslms_lmp2_am(paddock) -> None:  # type: ignore[no-untyped-def]
    assert check(paddock.aslms, "LMP2", "LMP2-AM", "silver", "bronze") == []
    assert check(paddock.aslms, "LMP2", "LMP2-AM", "silver", "silver", "bronze") == [
        "LMP2 Am allows at most one Silver driver; this line-up has two."
    ]


def test_it_checks_gtwc_asia_pro_am(paddock) -> None:  # type: ignore[no-untyped-def]
    season = paddock.season
    assert check(season, "GT3", "PRO-AM", "bronze/JPN", "gold/GBR") == []
    assert check(season, "GT3", "PRO-AM", "bronze/GBR", "platinum/THA") == []
    assert check(season, "GT3", "PRO-AM", "silver/JPN", "gold/GBR") == [
        "GT3 Pro-Am needs one Bronze driver; this line-up has none.",
        "GT3 Pro-Am allows at most one Platinum, Gold or Silver driver; this line-up has two.",
    ]
    assert check(season, "GT3", "PRO-AM", "bronze/JPN", "bronze/GBR") == [
        "GT3 Pro-Am needs one Platinum, Gold or Silver driver; this line-up has none.",
        "GT3 Pro-Am allows at most one Bronze driver; this line-up has two.",
    ]
    assert check(season, "GT3", "PRO-AM", "bronze/GBR", "gold/FRA") == [
        "GT3 Pro-Am needs at least one Asian driver; this line-up has none."
    ]
    assert check(season, "GT3", "PRO-AM", "bronze/JPN") == [
        "GT3 Pro-Am needs two drivers; this line-up has one.",
        "GT3 Pro-Am needs one Platinum, Gold or Silver driver; this line-up has none.",
    ]


def test_it_checks_gtwc_asia_silver_cup(paddock) -> None:  # type: ignore[no-untyped-def]
    season = paddock.season
    assert check(season, "GT3", "SILVER", "silver/CHN", "silver/GBR") == []
    assert check(season, "GT3", "SILVER", "silver/CHN", "gold/GBR") == [
        "GT3 Silver Cup needs two Silver drivers; this line-up has one.",
        "GT3 Silver Cup is open to Silver drivers only; Driver 2 is Gold.",
    ]
    assert check(season, "GT3", "SILVER", "silver/AUS", "silver/GBR") == [
        "GT3 Silver Cup needs at least one Asian driver; this line-up has none."
    ]


def test_it_checks_gtwc_asia_silver_am(paddock) -> None:  # type: ignore[no-untyped-def]
    season = paddock.season
    assert check(season, "GT3", "SILVER-AM", "silver/HKG", "bronze/GBR") == []
    assert check(season, "GT3", "SILVER-AM", "silver/HKG", "silver/GBR") == [
        "GT3 Silver-Am needs one Bronze driver; this line-up has none.",
        "GT3 Silver-Am allows at most one Silver driver; this line-up has two.",
    ]
    assert check(season, "GT3", "SILVER-AM", "silver/NZL", "bronze/GBR") == [
        "GT3 Silver-Am needs at least one Asian driver; this line-up has none."
    ]


def test_it_checks_gtwc_asia_am_without_nationality_rule(paddock) -> None:  # type: ignore[no-untyped-def]
    season = paddock.season
    assert check(season, "GT3", "AM", "bronze/GBR", "bronze/AUS") == []
    assert check(season, "GT3", "AM", "bronze/JPN", "silver/JPN") == [
        "GT3 Am needs two Bronze drivers; this line-up has one.",
        "GT3 Am is open to Bronze drivers only; Driver 2 is Silver.",
    ]
    assert check(season, "GT3", "AM", "bronze/JPN", "bronze/JPN", "bronze/JPN") == [
        "GT3 Am allows at most two drivers; this line-up has three.",
        "GT3 Am allows at most two Bronze drivers; this line-up has three.",
    ]


def test_it_seeds_idempotently(paddock) -> None:  # type: ignore[no-untyped-def]
    before = LineupRule.objects.count()
    lineup_seed.seed_gtwc_asia_2022(paddock.season)
    lineup_seed.seed_aslms_2023(paddock.aslms)
    assert LineupRule.objects.count() == before == 8
    rule = LineupRule.objects.get(season=paddock.season, name="GT3 Pro-Am")
    assert rule.requirements.count() == 2
    assert "JPN" in rule.nationality_group.codes
