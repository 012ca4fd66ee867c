"""Driver names as the real files write them: one key per driver, given and family names."""

from __future__ import annotations

import pytest

from entries.names import loosely_same, name_key, name_keys, split_name


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("HH Prince Abdul RAHMAN IBRAHIM", ("HH Prince Abdul", "RAHMAN IBRAHIM")),
        ("Reshad DE GERUS", ("Reshad", "DE GERUS")),
        ("Nelson PIQUET Jr", ("Nelson", "PIQUET Jr")),
        ("Nelson PIQUET JR.", ("Nelson", "PIQUET JR.")),
        ("Graham HILL III", ("Graham", "HILL III")),
        ("Paul Loup CHATIN", ("Paul Loup", "CHATIN")),
        ("Ferdinand HABSBURG-LOTHRINGEN", ("Ferdinand", "HABSBURG-LOTHRINGEN")),
        ("Louis DELÉTRAZ", ("Louis", "DELÉTRAZ")),
        ("Sebastien Crubile", ("Sebastien", "Crubile")),
        ("NICK CASSIDY", ("NICK", "CASSIDY")),
        ("Nelson A. PIQUET", ("Nelson A.", "PIQUET")),
        ("CRUBILE", ("", "CRUBILE")),
        ("", ("", "")),
    ],
)
def test_it_splits_given_and_family_names(written: str, expected: tuple[str, str]) -> None:
    assert split_name(written) == expected


def test_it_keeps_one_given_word_when_every_word_is_in_capitals() -> None:
    assert split_name("HH PRINCE ABDUL RAHMAN") == ("HH", "PRINCE ABDUL RAHMAN")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Louis DELÉTRAZ", "louis deletraz"),
        ("Paul-Loup CHATIN", "Paul Loup Chatin"),
        ("Reshad DE GERUS", "Reshad de Gerus"),
        ("Reshad DE GERUS", "Reshad DeGerus"),
        ("Nelson PIQUET Jr", "Nelson Piquet Jr."),
        ("Matt O'CONNOR", "Matt O’Connor"),
        ("HH Prince Abdul RAHMAN IBRAHIM", "H.H. Prince Abdul Rahman-Ibrahim"),
        ("  Sébastien   CRUBILÉ ", "Sebastien Crubile"),
    ],
)
def test_it_gives_one_key_to_every_spelling_of_a_name(one: str, other: str) -> None:
    assert name_key(one) == name_key(other)


def test_it_tells_different_drivers_apart() -> None:
    assert name_key("Nelson PIQUET Jr") != name_key("Nelson PIQUET")
    assert name_key("Ian LOGGIE") != name_key("Ian LOGIE")


def test_it_matches_both_orders_of_a_stored_name() -> None:
    keys = name_keys("Abdul", "Rahman Ibrahim")
    assert name_key("RAHMAN IBRAHIM Abdul") in keys
    assert name_key("Abdul RAHMAN IBRAHIM") in keys


def test_it_sees_a_shortened_spelling_of_the_same_driver() -> None:
    # The real #24 of the Asian Le Mans Series 2023-24: Sepang and Yas Marina spell him differently.
    assert loosely_same("Ferdinand HABSBURG", "Ferdinand", "HABSBURG-LOTHRINGEN")
    assert loosely_same("Ferdinand HABSBURG-LOTHRINGEN", "Ferdinand", "Habsburg")
    assert loosely_same("Chris MCMURRY", "Christopher", "McMurry")
    assert loosely_same("HH Prince Abdul RAHMAN IBRAHIM", "Abdul", "Rahman Ibrahim")
    assert loosely_same("Abdul RAHMAN IBRAHIM", "HH Prince Abdul", "RAHMAN IBRAHIM")
    assert not loosely_same("Prince HARRY", "Harry", "Prince")
    assert not loosely_same("Ferdinand HABSBURG", "Maximilian", "Habsburg")
    assert not loosely_same("Ian LOGGIE", "Ian", "Stevens")
    assert not loosely_same("Alex LOTHRINGEN", "Alex", "Habsburg-Lothringen")
