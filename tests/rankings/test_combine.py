"""Combined GT3 ranking across two series: sums, eligibility and countback across both."""

from __future__ import annotations

from decimal import Decimal as D

from results.rankings.combine import ComponentStanding, combine

COMPONENTS = ("gtwc-asia-2022 GT3", "aslms-2023 GT")


def standing(
    component: int, key: str, points: str, places: tuple[int, ...], eligible: bool = True
) -> ComponentStanding:
    return ComponentStanding(COMPONENTS[component], key, key.title(), D(points), places, eligible)


def test_it_sums_points_over_both_series_and_ranks() -> None:
    rows = combine(
        COMPONENTS,
        [
            standing(0, "alpha", "100", (1, 2)),
            standing(1, "alpha", "30", (3,)),
            standing(0, "bravo", "90", (2, 1)),
            standing(1, "bravo", "50", (1,)),
        ],
        require_all=True,
    )
    assert [(r.position, r.competitor_key, r.points) for r in rows] == [(1, "bravo", D(140)), (2, "alpha", D(130))]
    assert rows[0].by_component == ((COMPONENTS[0], D(90)), (COMPONENTS[1], D(50)))


def test_it_breaks_a_tie_by_countback_across_both_series() -> None:
    rows = combine(
        COMPONENTS,
        [
            standing(0, "alpha", "60", (1, 3)),
            standing(1, "alpha", "40", (2,)),
            standing(0, "bravo", "70", (2, 2)),
            standing(1, "bravo", "30", (1,)),
        ],
        require_all=True,
    )
    # Both on 100 with one win each; alpha has one 2nd place, bravo two.
    assert [(r.position, r.competitor_key) for r in rows] == [(1, "bravo"), (2, "alpha")]
    assert "2nd places 2 vs 1" in rows[0].tie_break


def test_it_leaves_out_competitors_missing_a_series_or_not_full_season() -> None:
    rows = combine(
        COMPONENTS,
        [
            standing(0, "alpha", "100", (1,)),
            standing(1, "alpha", "10", (8,)),
            standing(0, "solo", "200", (1, 1)),
            standing(0, "guest", "50", (3,)),
            standing(1, "guest", "50", (3,), eligible=False),
        ],
        require_all=True,
    )
    assert [(r.position, r.competitor_key) for r in rows] == [(1, "alpha"), (None, "solo"), (None, "guest")]
    assert rows[1].note == "not entered in aslms-2023 GT"
    assert rows[2].note == "not a full-season entry in aslms-2023 GT"


def test_it_ranks_single_series_competitors_when_both_are_not_required() -> None:
    rows = combine(COMPONENTS, [standing(0, "solo", "20", (5,)), standing(1, "other", "25", (1,))], require_all=False)
    assert [(r.position, r.competitor_key, r.points) for r in rows] == [(1, "other", D(25)), (2, "solo", D(20))]
