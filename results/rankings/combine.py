"""Combined ranking across championships (e.g. GT3 of GTWC Asia + Asian Le Mans Series).

No official formula was ever published (DESIGN.md, Le Mans invitations), so the rule is
configurable and simple: each competitor's points are summed over the component
championships, only competitors eligible in every component are ranked (when required),
and ties are broken by countback over the race results of all components together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from results.standings.engine.countback import Contender, held_places, rank


@dataclass(frozen=True)
class ComponentStanding:
    """A competitor's final standing in one component championship."""

    component: str
    competitor_key: str  # identity shared across components (e.g. "team-12")
    name: str
    points: Decimal
    race_places: tuple[int, ...]  # its finishing places in that championship's races
    eligible: bool = True


@dataclass(frozen=True)
class CombinedRow:
    position: int | None  # None: not eligible, listed after the ranked competitors
    competitor_key: str
    name: str
    points: Decimal
    by_component: tuple[tuple[str, Decimal], ...]
    tied: bool
    tie_break: str
    eligible: bool
    note: str


def combine(components: Sequence[str], standings: Iterable[ComponentStanding], require_all: bool) -> list[CombinedRow]:
    """Sum points per competitor over `components`; rank the eligible ones by points then countback."""
    grouped: dict[str, list[ComponentStanding]] = defaultdict(list)
    for standing in standings:
        grouped[standing.competitor_key].append(standing)

    ranked_pool: list[Contender] = []
    unranked: list[CombinedRow] = []
    details: dict[str, tuple[tuple[str, Decimal], ...]] = {}
    for key, parts in grouped.items():
        present = {p.component for p in parts}
        missing = [c for c in components if c not in present]
        ineligible = [p.component for p in parts if not p.eligible]
        by_component = tuple((c, sum((p.points for p in parts if p.component == c), Decimal(0))) for c in components)
        details[key] = by_component
        total = sum((points for _, points in by_component), Decimal(0))
        name = parts[0].name
        if (require_all and missing) or ineligible:
            why = []
            if require_all and missing:
                why.append("not entered in " + ", ".join(missing))
            if ineligible:
                why.append("not a full-season entry in " + ", ".join(ineligible))
            unranked.append(CombinedRow(None, key, name, total, by_component, False, "", False, "; ".join(why)))
            continue
        held = held_places(place for p in parts for place in p.race_places if place >= 1)
        ranked_pool.append(Contender(key=key, name=name, points=total, status="", held=held))

    rows = [
        CombinedRow(
            p.position,
            p.contender.key,
            p.contender.name,
            p.contender.points,
            details[p.contender.key],
            p.tied,
            p.tie_break,
            True,
            "",
        )
        for p in rank(ranked_pool)
    ]
    unranked.sort(key=lambda r: (-r.points, r.name))
    return rows + unranked
