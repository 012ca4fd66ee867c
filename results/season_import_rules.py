"""The points rules of an imported bundle: the season's `[points]`, and each race's own rules.

A race gets its own PointsRules row when races.csv gives it a points factor other than 1 or
season.toml a `[points.rounds.N]` table: the season's race keys, overridden by the table's (and
by races.csv's factor unless the table sets one). A race that has neither loses a row an earlier
import gave it. Rules are saved only when they change, and every change is noted for the import's
audit record ("results.season.imported").
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from championships.models import PointsRules, QualifyingSets, Race, Season, TeamScoring
from results.season_bundle import Bundle, RaceLine
from results.season_import_changes import located

RULE_FIELDS = (
    "scale",
    "beyond_scale",
    "pole",
    "points_factor",
    "classification_min_share",
    "best_results",
    "tie_break",
    "team_scoring",
    "team_best_n",
    "guests_score",
    "disqualified_keeps_pole",
    "qualifying_sets",
    "non_scoring_classes",
    "pole_to_best_eligible",
)
# What a race's own rules copy from the season's before the round's table overrides them.
RACE_FIELDS = (
    "scale",
    "beyond_scale",
    "pole",
    "classification_min_share",
    "best_results",
    "tie_break",
    "guests_score",
    "disqualified_keeps_pole",
    "pole_to_best_eligible",
)

Note = Callable[[str], None]


def _snapshot(rules: PointsRules | None) -> dict[str, Any]:
    return {name: getattr(rules, name) for name in RULE_FIELDS} if rules is not None else {}


def _save(rules: PointsRules, before: dict[str, Any], what: str, note: Note, where: str) -> None:
    """Save rules that changed (full_clean: a rule set that cannot be applied is refused here, at `where`)."""
    if _snapshot(rules) == before:
        return
    with located(where):
        rules.save()
    after = _snapshot(rules)  # after full_clean, which spells the classes as the season does
    changed = sorted(k for k in after if before.get(k) != after[k]) if before else ["created"]
    if changed:
        note(f"{what}: {', '.join(changed)}")


def _apply(rules: PointsRules, values: dict[str, Any]) -> None:
    """The bundle's spelling of rules (TOML numbers and lists) onto the model's fields."""
    for key, value in values.items():
        if key == "scale":
            rules.scale = " ".join(str(v) for v in value)
        elif key in ("beyond_scale", "pole", "points_factor", "classification_min_share"):
            setattr(rules, key, Decimal(str(value)))
        elif key == "non_scoring_classes":
            rules.non_scoring_classes = ", ".join(value)
        else:
            setattr(rules, key, value)


def season_rules_import(season: Season, bundle: Bundle, note: Note) -> None:
    points = bundle.meta.get("points", {})
    rules = PointsRules.objects.filter(season=season, race=None).first()
    before = _snapshot(rules)
    rules = rules or PointsRules(season=season)
    _apply(
        rules,
        {
            "scale": points["scale"],
            "beyond_scale": points.get("beyond_scale", 0),
            "pole": points.get("pole", 0),
            "classification_min_share": points.get("classification_min_share", "0.70"),
            "best_results": int(points.get("best_results", 0)),
            "tie_break": points.get("tie_break", "countback"),
            # Optional beyond formats/README.md: GTWC Asia scores teams with their best two cars.
            "team_scoring": points.get("team_scoring", TeamScoring.PER_CAR),
            "team_best_n": int(points.get("team_best_n", 2)),
            "guests_score": points.get("guests_score", False),
            "disqualified_keeps_pole": points.get("disqualified_keeps_pole", True),
            "pole_to_best_eligible": points.get("pole_to_best_eligible", False),
            "qualifying_sets": points.get("qualifying_sets", QualifyingSets.ALL_RACES_OF_EVENT),
        },
    )
    _save(rules, before, "season points rules", note, "season.toml, [points]")


def race_rules_import(season: Season, race: Race, line: RaceLine, bundle: Bundle, note: Note) -> None:
    override = PointsRules.objects.filter(race=race).first()
    table = bundle.round_rules.get(line.round)
    factor = line.points_factor if line.points_factor is not None else Decimal(1)
    if table is None and factor == 1:
        # Re-importing a bundle whose race went back to the season's rules drops the old override.
        if override is not None:
            override.delete()
            note(f"points rules of R{line.round} removed")
        return
    before = _snapshot(override)
    override = override or PointsRules(season=season, race=race)
    season_rules = PointsRules.objects.get(season=season, race=None)
    for name in RACE_FIELDS:
        setattr(override, name, getattr(season_rules, name))
    override.points_factor = factor
    override.non_scoring_classes = ""
    _apply(override, table or {})
    where = (
        f"season.toml, [points.rounds.{line.round}]" if table else f"races.csv round {line.round}, column points_factor"
    )
    _save(override, before, f"points rules of R{line.round}", note, where)
