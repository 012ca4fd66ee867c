"""Title maths on small seasons built by hand (pure engine, no database)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from results.standings.engine import (
    CalendarRace,
    Pole,
    ScoringRules,
    SeasonInput,
    TitleChance,
    compute_standings,
    compute_titles,
)
from tests.standings.test_engine import GTWC_ASIA, aslms_2023_lmp3, driver, finishing, race, row

D = Decimal
SMALL = ScoringRules(scale=(D(10), D(6), D(4)))  # no pole point


def chances(season: SeasonInput, after_round: int, championship: str = "teams") -> dict[str, TitleChance]:
    lines = [line for line in compute_standings(season) if line.after_round == after_round]
    return {c.competitor_key.id: c for c in compute_titles(season, lines) if c.championship == championship}


def calendar(rounds: int, **factors: Decimal) -> tuple[CalendarRace, ...]:
    return tuple(CalendarRace(rnd, factors.get(f"r{rnd}", D(1))) for rnd in range(1, rounds + 1))


def test_it_crowns_the_aslms_2023_lmp3_champion_on_countback_and_puts_the_runner_up_out() -> None:
    season = replace(aslms_2023_lmp3(), calendar=calendar(4))

    final = chances(season, after_round=4)
    # Level on 73 points: Graff ahead on 2nd places, which no race can change any more.
    assert final["8"].status == "champion"
    # Decided by a tie-break: the sentence says which.
    assert final["8"].needs == "Champion on countback: 2nd places 2 vs 1 (ahead of MV2S Racing)."
    assert final["29"].status == "out"
    assert {final[n].status for n in ("3", "13", "17", "21")} == {"out"}
    assert final["8"].available == 0

    before = chances(season, after_round=3)
    # Graff 63, MV2S 58, DKR 53: 26 still on offer (25 + pole), so all three can still win.
    assert [before[n].status for n in ("8", "29", "3")] == ["contender"] * 3
    assert before["8"].available == D(26) and before["8"].best_total == D(89)
    assert before["13"].status == "contender"  # 39 + 26 = 65 > 63
    assert before["21"].status == "out" and before["21"].needs == "Out of contention: 52 points at most."
    assert before["8"].needs.startswith("Clinches the title at round 4 with a win.")
    assert before["3"].needs == "Needs help: winning the remaining race is not enough on its own."


def test_it_puts_out_a_competitor_who_can_only_tie_and_certainly_loses_countback() -> None:
    # A 1 1 3 = 24 (two wins), C 2 2 1 = 22, B 3 3 2 = 14: B's best is 24 with one win.
    races = (race(1, finishing("8 29 3")), race(2, finishing("8 29 3")), race(3, finishing("29 3 8")))
    season = SeasonInput(rules=SMALL, races=races, calendar=calendar(4))

    after = chances(season, after_round=3)
    assert (after["8"].best_total, after["29"].best_total, after["3"].best_total) == (D(34), D(32), D(24))
    assert after["3"].status == "out"
    assert after["3"].needs == "Out of contention: 24 points at most."
    assert after["8"].status == after["29"].status == "contender"
    # A 2nd (30) would lose to C winning (32): only a win clinches.
    assert after["8"].needs == (
        "Clinches the title at round 4 with a win. Controls their own fate: winning the remaining race wins the title."
    )
    assert after["29"].needs == "Controls their own fate: winning the remaining race wins the title."


def test_it_keeps_a_tie_that_countback_could_decide_either_way_open() -> None:
    # A 1 3 and C 3 1: level on 14 points and on countback (a shared 1st place), B 2 2 = 12.
    races = (race(1, finishing("8 29 3")), race(2, finishing("3 29 8")))
    season = SeasonInput(rules=SMALL, races=races, calendar=calendar(3))

    after = chances(season, after_round=2)
    assert after["8"].status == after["29"].status == after["3"].status == "contender"
    # A 2nd (20) would lose to C winning (24): only a win clinches, for either of them.
    assert after["8"].needs.startswith("Clinches the title at round 3 with a win.")
    assert after["3"].needs.startswith("Clinches the title at round 3 with a win.")
    assert after["29"].needs == "Controls their own fate: winning the remaining race wins the title."

    final = chances(replace(season, calendar=calendar(2)), after_round=2)
    # No race left: level on points and on every countback place is no title for either.
    assert final["8"].status == final["3"].status == "contender" and final["29"].status == "out"
    assert final["8"].needs == (
        "Level with a rival on points and on every countback place: no tie-break separates them."
    )


def test_it_never_crowns_a_leader_an_accepted_rival_without_a_result_can_still_equal() -> None:
    # Two cars, four races, 25 + 1 for pole: #25 wins rounds 1 and 2 from pole, #26 is
    # entered but does not start. After round 2 #25 has 52 points and two wins; #26 winning
    # rounds 3 and 4 from pole has 52 points and two wins: a tie no countback separates.
    rules = ScoringRules(scale=(D(25), D(18), D(15)), pole=D(1))
    races = tuple(race(rnd, finishing("25"), poles=(Pole("LMP3", "25"),)) for rnd in (1, 2))
    after = chances(SeasonInput(rules=rules, races=races, calendar=calendar(4)), after_round=2)
    assert after["25"].status == "contender"
    assert after["25"].best_total == D(104)
    assert after["25"].needs.startswith("Clinches the title at round 3 with ")


def test_it_says_when_a_title_is_clinched_on_countback() -> None:
    # #8 two wins (20), #29 and #3 a 2nd and a 3rd (10), one race left worth 10: they can
    # only equal the points, with one win against two.
    races = (race(1, finishing("8 29 3")), race(2, finishing("8 3 29")))
    after = chances(SeasonInput(rules=SMALL, races=races, calendar=calendar(3)), after_round=2)
    assert after["8"].status == "champion"
    assert after["8"].needs == (
        "Has clinched the title on countback: a rival can at most equal the points, with fewer top places."
    )


def test_it_counts_only_the_best_results_with_drops() -> None:
    # Best 2 of 3: A has two wins already and can add nothing; B (6 + 6) can only swap a 6 for a 10.
    races = (race(1, finishing("8 29")), race(2, finishing("8 29")))
    rules = replace(SMALL, best_results=2)

    with_drops = chances(SeasonInput(rules=rules, races=races, calendar=calendar(3)), after_round=2)
    assert with_drops["8"].available == 0
    assert with_drops["29"].available == D(4) and with_drops["29"].best_total == D(16)
    assert with_drops["8"].status == "champion" and with_drops["29"].status == "out"

    every_result = chances(SeasonInput(rules=SMALL, races=races, calendar=calendar(3)), after_round=2)
    assert every_result["29"].available == D(10)
    assert every_result["8"].status == every_result["29"].status == "contender"


def test_it_doubles_the_points_of_a_double_points_final() -> None:
    # A 30, B 18: a final worth 10 leaves B out; worth 20, B can still win.
    races = tuple(race(rnd, finishing("8 29")) for rnd in (1, 2, 3))

    single = chances(SeasonInput(rules=SMALL, races=races, calendar=calendar(4)), after_round=3)
    assert single["8"].status == "champion" and single["29"].status == "out"
    assert single["8"].needs == "Has clinched the title."

    double = chances(SeasonInput(rules=SMALL, races=races, calendar=calendar(4, r4=D(2))), after_round=3)
    assert double["29"].available == D(20)
    assert double["8"].status == double["29"].status == "contender"
    # A 3rd (30 + 8) and B winning (18 + 20) are level: A's three wins decide it.
    assert double["8"].needs.startswith("Clinches the title at round 4 with 3rd place or better.")


def test_it_leaves_a_car_that_may_not_score_out_of_the_title() -> None:
    # The guest wins everything but is not in the championship; #8 leads it.
    guest_first = (row("99", 1, eligible=False), row("8", 2), row("29", 3))
    races = tuple(race(rnd, guest_first) for rnd in (1, 2, 3))
    season = SeasonInput(rules=SMALL, races=races, calendar=calendar(4))

    after = chances(season, after_round=3)
    assert set(after) == {"8", "29"}
    assert after["8"].status == "champion" and after["29"].status == "out"  # 30 vs 18 + 10

    guests_score = chances(replace(season, rules=replace(SMALL, guests_score=True)), after_round=3)
    assert guests_score["99"].status == "champion" and guests_score["8"].status == "out"


def test_it_offers_a_best_two_cars_team_both_cars_points() -> None:
    races = (race(1, finishing("8 29")),)
    season = SeasonInput(rules=GTWC_ASIA, races=races, calendar=calendar(2))

    after = chances(season, after_round=1)
    assert {c.available for c in after.values()} == {D(25 + 18)}


def test_it_keeps_every_competitor_in_contention_while_a_newcomer_could_still_win() -> None:
    # After one race of three nobody is champion: a car not raced yet could win the two others.
    season = SeasonInput(rules=SMALL, races=(race(1, finishing("8")),), calendar=calendar(3))

    assert chances(season, after_round=1)["8"].status == "contender"


def test_it_says_when_a_crew_clinches_ahead_of_every_other_car() -> None:
    # Two drivers share #8 and lead 30 to 18; one race left, worth 10. They may still be
    # split (one of them could drive elsewhere), so neither is champion yet, but any result
    # keeps every driver of another car behind.
    crew = (driver("a", "Ann"), driver("b", "Bob"))
    rows = (row("8", 1, drivers=crew), row("29", 2, drivers=(driver("c", "Cy"),)))
    races = tuple(race(rnd, rows) for rnd in (1, 2, 3))
    season = SeasonInput(rules=SMALL, races=races, calendar=calendar(4))

    after = chances(season, after_round=3, championship="drivers")
    assert after["a"].status == after["b"].status == "contender"
    assert after["c"].status == "out"
    assert after["a"].needs.startswith(
        "Clinches the title at round 4 whatever the result, ahead of every driver outside car #8."
    )
