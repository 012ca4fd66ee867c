"""The line-up rules of DESIGN.md as data, for the demo and for tests (idempotent)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from championships.models import Cup, RacingClass, Season, Series
from entries.models import LineupRequirement, LineupRule, NationalityGroup

# East, South-East and South Asia as the SRO Asia series use it (ISO 3166 alpha-3).
ASIAN_COUNTRIES = (
    "BGD BRN BTN CHN HKG IDN IND JPN KHM KOR LAO LKA MAC MDV MMR MNG MYS NPL PAK PHL PRK SGP THA TLS TWN VNM"
)


@dataclass(frozen=True)
class RuleSeed:
    name: str
    class_code: str | None
    cup_code: str | None
    min_drivers: int | None
    max_drivers: int | None
    # (categories, min, max)
    requirements: tuple[tuple[str, int, int | None], ...] = ()
    allowed: str = ""
    asian: bool = False


ASLMS_2023 = (
    RuleSeed("LMP2", "LMP2", None, 2, 3, (("bronze", 1, None),)),
    RuleSeed("LMP3", "LMP3", None, 2, 3, (("bronze", 1, None),)),
    RuleSeed("GT", "GT", None, 2, 3, (("bronze", 1, None),)),
    RuleSeed("LMP2 Am", "LMP2", "LMP2-AM", None, None, (("silver", 0, 1),)),
)

GTWC_ASIA_2022 = (
    RuleSeed(
        "GT3 Pro-Am",
        "GT3",
        "PRO-AM",
        2,
        2,
        (("bronze", 1, 1), ("platinum, gold, silver", 1, 1)),
        asian=True,
    ),
    RuleSeed("GT3 Silver Cup", "GT3", "SILVER", 2, 2, (("silver", 2, 2),), allowed="silver", asian=True),
    RuleSeed("GT3 Silver-Am", "GT3", "SILVER-AM", 2, 2, (("silver", 1, 1), ("bronze", 1, 1)), asian=True),
    RuleSeed("GT3 Am", "GT3", "AM", 2, 2, (("bronze", 2, 2),), allowed="bronze"),
)


def _class(season: Season, code: str | None) -> RacingClass | None:
    if code is None:
        return None
    racing_class, _ = RacingClass.objects.get_or_create(season=season, code=code)
    return racing_class


def _cup(season: Season, code: str | None, racing_class: RacingClass | None) -> Cup | None:
    if code is None:
        return None
    cup, _ = Cup.objects.get_or_create(season=season, code=code, defaults={"racing_class": racing_class})
    return cup


def asian_group(series: Series) -> NationalityGroup:
    group, _ = NationalityGroup.objects.update_or_create(
        series=series, name="Asian", defaults={"countries": ASIAN_COUNTRIES}
    )
    return group


@transaction.atomic
def seed_rules(season: Season, seeds: tuple[RuleSeed, ...]) -> list[LineupRule]:
    """Create or refresh these rules in `season` (missing classes/cups are created)."""
    rules = []
    for seed in seeds:
        racing_class = _class(season, seed.class_code)
        rule, _ = LineupRule.objects.update_or_create(
            season=season,
            name=seed.name,
            defaults={
                "racing_class": racing_class,
                "cup": _cup(season, seed.cup_code, racing_class),
                "min_drivers": seed.min_drivers,
                "max_drivers": seed.max_drivers,
                "allowed_categories": seed.allowed,
                "nationality_group": asian_group(season.series) if seed.asian else None,
                "min_nationality_drivers": 1,
            },
        )
        rule.requirements.all().delete()
        LineupRequirement.objects.bulk_create(
            LineupRequirement(rule=rule, categories=cats, min_count=low, max_count=high)
            for cats, low, high in seed.requirements
        )
        rules.append(rule)
    return rules


def seed_aslms_2023(season: Season) -> list[LineupRule]:
    """Asian Le Mans 2023: a Bronze driver in every class; LMP2 Am at most one Silver."""
    return seed_rules(season, ASLMS_2023)


def seed_gtwc_asia_2022(season: Season) -> list[LineupRule]:
    """GTWC Asia 2022 GT3 cups: 2 drivers, categories per cup, ≥1 Asian driver except in Am."""
    return seed_rules(season, GTWC_ASIA_2022)
