"""The pure line-up checker: plain data in, messages out."""

from __future__ import annotations

from entries.lineup_rules import Crewman, Requirement, Rule, category_phrase, check_lineup


def crew(*categories: str, nationality: str = "GBR") -> list[Crewman]:
    return [Crewman(f"Driver {i}", c, nationality) for i, c in enumerate(categories, start=1)]


BRONZE_REQUIRED = Rule("LMP3", min_drivers=2, max_drivers=3, requirements=(Requirement(frozenset({"bronze"}), 1),))


def test_it_accepts_a_crew_that_meets_the_rule() -> None:
    assert check_lineup(crew("gold", "bronze"), [BRONZE_REQUIRED]) == []


def test_it_names_the_missing_category_in_words() -> None:
    assert check_lineup(crew("gold", "silver"), [BRONZE_REQUIRED]) == [
        "LMP3 needs at least one Bronze driver; this line-up has none."
    ]


def test_it_reports_too_few_and_too_many_drivers() -> None:
    assert check_lineup(crew("bronze"), [BRONZE_REQUIRED]) == ["LMP3 needs at least two drivers; this line-up has one."]
    assert check_lineup(crew("bronze", "gold", "gold", "gold"), [BRONZE_REQUIRED]) == [
        "LMP3 allows at most three drivers; this line-up has four."
    ]


def test_it_checks_a_maximum_per_category() -> None:
    rule = Rule("LMP2 Am", requirements=(Requirement(frozenset({"silver"}), 0, 1),))
    assert check_lineup(crew("silver", "bronze"), [rule]) == []
    assert check_lineup(crew("silver", "silver", "bronze"), [rule]) == [
        "LMP2 Am allows at most one Silver driver; this line-up has two."
    ]
    assert check_lineup(crew("silver"), [Rule("X", requirements=(Requirement(frozenset({"silver"}), 0, 0),))]) == [
        "X allows no Silver driver; this line-up has one."
    ]


def test_it_checks_allowed_categories() -> None:
    rule = Rule("Am", allowed=frozenset({"bronze"}))
    assert check_lineup([Crewman("Ann Gold", "gold", "JPN")], [rule]) == [
        "Am is open to Bronze drivers only; Ann Gold is Gold."
    ]


def test_it_requires_a_driver_of_a_nationality_group() -> None:
    rule = Rule(
        "Pro-Am",
        nationality_group="Asian",
        nationality_codes=frozenset({"JPN", "CHN"}),
        min_nationality=1,
    )
    assert check_lineup(crew("gold", "bronze", nationality="GBR"), [rule]) == [
        "Pro-Am needs at least one Asian driver; this line-up has none."
    ]
    assert check_lineup([Crewman("A", "gold", "jpn")], [rule]) == []


def test_it_refuses_a_driver_without_category() -> None:
    assert check_lineup([Crewman("No Cat", None, "JPN")], []) == [
        "No Cat has no FIA category for this season; it must be set before the line-up can be checked."
    ]


def test_it_only_checks_what_cannot_be_fixed_while_a_crew_is_being_built() -> None:
    rule = Rule(
        "GT3 Silver Cup",
        min_drivers=2,
        max_drivers=2,
        allowed=frozenset({"silver"}),
        requirements=(Requirement(frozenset({"silver"}), 2, 2),),
    )
    assert check_lineup(crew("silver"), [rule], final=False) == []
    assert check_lineup(crew("gold"), [rule], final=False) == [
        "GT3 Silver Cup is open to Silver drivers only; Driver 1 is Gold."
    ]
    assert check_lineup(crew("silver"), [rule], final=True) == [
        "GT3 Silver Cup needs two drivers; this line-up has one.",
        "GT3 Silver Cup needs two Silver drivers; this line-up has one.",
    ]


def test_it_applies_every_rule_given() -> None:
    cup = Rule("LMP2 Am", requirements=(Requirement(frozenset({"silver"}), 0, 1),))
    assert check_lineup(crew("silver", "silver"), [BRONZE_REQUIRED, cup]) == [
        "LMP3 needs at least one Bronze driver; this line-up has none.",
        "LMP2 Am allows at most one Silver driver; this line-up has two.",
    ]


def test_it_lists_categories_in_fia_order() -> None:
    assert category_phrase({"silver", "platinum", "gold"}) == "Platinum, Gold or Silver"
    assert category_phrase({"bronze"}) == "Bronze"
