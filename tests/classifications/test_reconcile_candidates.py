"""Late driver changes offer the drivers the portal already knows, whatever the spelling (pure)."""

from __future__ import annotations

from results.classifications.reconcile import KnownDriver, candidates

KNOWN = [
    KnownDriver(1, "Salih", "Yoluç", "TUR", "Asian Le Mans Series 2022-23"),
    KnownDriver(2, "Ferdinand", "Habsburg-Lothringen", "AUT"),
    KnownDriver(3, "Louis", "Deletraz", "CHE"),
    KnownDriver(4, "Louis", "Prette", "ITA"),
    KnownDriver(5, "Abdul", "Rahman Ibrahim", "MYS"),
]


def ids(name: str) -> list[int]:
    return [driver.driver_id for driver in candidates(name, KNOWN)]


def test_it_offers_the_same_driver_whatever_the_accents_case_and_order() -> None:
    assert ids("Salih YOLUC") == [1]
    assert ids("Louis DELÉTRAZ") == [3]
    assert ids("DELETRAZ Louis") == [3]


def test_it_offers_a_shortened_spelling_and_a_title_left_out() -> None:
    assert ids("Ferdinand HABSBURG") == [2]
    assert ids("HH Prince Abdul RAHMAN IBRAHIM") == [5]


def test_it_offers_no_one_for_a_name_it_does_not_know() -> None:
    assert ids("Charlie EASTWOOD") == []
    assert ids("Louis MARTIN") == []


def test_it_says_where_a_candidate_raced() -> None:
    assert candidates("Salih YOLUC", KNOWN)[0].label == "Salih Yoluç (TUR, Asian Le Mans Series 2022-23)"
