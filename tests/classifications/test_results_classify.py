"""The pure derivation: penalties, distance rule, order and class positions (no database)."""

from __future__ import annotations

from decimal import Decimal

from entries.names import name_key
from results.classifications.classify import AppliedPenalty, InputRow, derive

H4 = 4 * 3600 * 1000


def row(
    position: int,
    number: str,
    cls: str = "A",
    laps: int | None = 100,
    time: int | None = None,
    status: str = "classified",
) -> InputRow:
    return InputRow(
        position,
        position,
        number,
        cls,
        status,
        laps,
        H4 + position * 1000 if time is None else time,
    )


def order(rows: list[InputRow], *penalties: AppliedPenalty, share: str = "0.70") -> list[tuple[str, str, int | None]]:
    return [(d.number, d.status, d.class_position) for d in derive(rows, penalties, Decimal(share))]


RACE = [row(1, "1"), row(2, "2"), row(3, "3"), row(4, "10", "B"), row(5, "4", laps=99)]


def test_it_keeps_the_uploaded_order_without_penalties() -> None:
    assert order(RACE) == [
        ("1", "classified", 1),
        ("2", "classified", 2),
        ("3", "classified", 3),
        ("10", "classified", 1),
        ("4", "classified", 4),
    ]


def test_it_reorders_a_class_when_time_is_added() -> None:
    result = order(RACE, AppliedPenalty("1", "1", time_added_ms=1500))
    assert result[:3] == [("2", "classified", 1), ("1", "classified", 2), ("3", "classified", 3)]
    result = order(RACE, AppliedPenalty("1", "1", time_added_ms=60_000))
    assert [n for n, _, _ in result] == ["2", "3", "10", "1", "4"]


def test_it_orders_by_laps_after_a_lap_deduction() -> None:
    result = order(RACE, AppliedPenalty("7", "2", laps_deducted=1, time_added_ms=1000))
    assert [n for n, _, _ in result] == ["1", "3", "10", "2", "4"]
    # 99 laps, later time than car 4 on 99 laps: car 2 is behind it.
    assert result[3:] == [("2", "classified", 3), ("4", "classified", 4)]


def test_it_moves_a_car_down_n_places_within_its_class() -> None:
    result = order(RACE, AppliedPenalty("3", "1", positions_dropped=2))
    assert [n for n, _, _ in result] == ["2", "3", "1", "10", "4"]
    assert dict((n, p) for n, _, p in result)["1"] == 3
    # More places than cars behind: last of the classified cars of its class.
    result = order(RACE, AppliedPenalty("3", "1", positions_dropped=9))
    assert [n for n, _, _ in result] == ["2", "3", "10", "4", "1"]


def test_it_puts_dsq_and_ex_last_without_a_class_position() -> None:
    result = order(RACE, AppliedPenalty("4", "2", status="ex"), AppliedPenalty("5", "1", status="dsq"))
    assert result[-2:] == [("1", "dsq", None), ("2", "ex", None)]
    assert result[0] == ("3", "classified", 1)


def test_it_moves_a_car_to_another_class() -> None:
    result = order(RACE, AppliedPenalty("6", "4", new_class_code="B"))
    assert [(n, p) for n, _, p in result if n in ("10", "4")] == [("10", 1), ("4", 2)]
    assert (
        next(d for d in derive(RACE, [AppliedPenalty("6", "4", new_class_code="B")]) if d.number == "4").class_code
        == "B"
    )


def test_it_makes_a_car_nc_below_the_min_share_of_its_class_winner() -> None:
    rows = [
        row(1, "1", laps=100),
        row(2, "2", laps=70),
        row(3, "3", laps=69),
        row(4, "9", "B", laps=50),
    ]
    assert order(rows) == [
        ("1", "classified", 1),
        ("2", "classified", 2),
        ("9", "classified", 1),
        ("3", "nc", 3),
    ]
    assert order(rows, share="0.75")[1:] == [("9", "classified", 1), ("2", "nc", 2), ("3", "nc", 3)]
    # Laps deducted can take a car below the line.
    assert ("2", "nc", 2) in order(rows, AppliedPenalty("1", "2", laps_deducted=1))


def test_it_keeps_nc_dnf_dns_as_the_timing_said() -> None:
    rows = [
        row(1, "1"),
        row(2, "2", laps=97, status="nc"),
        row(3, "3", laps=10, status="dnf"),
        row(4, "4", laps=0, time=None, status="dns"),
    ]
    rows[3] = InputRow(4, 4, "4", "A", "dns", 0, None)
    assert order(rows) == [("1", "classified", 1), ("2", "nc", 2), ("3", "dnf", 3), ("4", "dns", 4)]


def test_it_keeps_the_uploaded_order_when_laps_are_unknown() -> None:
    rows = [InputRow(i, i, str(i), "A", "classified", None, None) for i in (1, 2, 3)]
    assert [d.number for d in derive(rows, [AppliedPenalty("1", "1", positions_dropped=1)])] == [
        "2",
        "1",
        "3",
    ]


def test_it_describes_penalties_applied() -> None:
    [first, *_] = [
        d for d in derive(RACE, [AppliedPenalty("12", "1", time_added_ms=30_000, laps_deducted=1)]) if d.number == "1"
    ]
    assert first.penalties == ("D12: +30.000 s, -1 lap",)


def test_it_normalises_names_for_matching() -> None:
    assert name_key("  Sébastien   CRUBILÉ ") == "sebastiencrubile"
    assert name_key("Anthony WELLS ") == name_key("anthony wells")


def test_it_keeps_the_uploaded_order_on_a_tie_of_laps_and_time() -> None:
    rows = [row(1, "1", time=H4), row(2, "2", time=H4), row(3, "3", time=H4)]
    assert [d.number for d in derive(rows, [])] == ["1", "2", "3"]
    assert [d.number for d in derive(list(reversed(rows)), [])] == ["1", "2", "3"]


def test_it_moves_a_car_to_a_class_with_no_other_car() -> None:
    result = order(RACE, AppliedPenalty("6", "2", new_class_code="C"))
    assert ("2", "classified", 1) in result
    assert [(n, p) for n, _, p in result if n in ("1", "3", "4")] == [("1", 1), ("3", 2), ("4", 3)]


def test_it_leaves_a_position_drop_on_a_car_that_is_not_classified() -> None:
    rows = [row(1, "1"), row(2, "2"), row(3, "3", laps=10, status="dnf")]
    assert order(rows, AppliedPenalty("3", "3", positions_dropped=1)) == [
        ("1", "classified", 1),
        ("2", "classified", 2),
        ("3", "dnf", 3),
    ]


def test_it_applies_the_min_share_after_a_lap_deduction_on_the_class_winner() -> None:
    # The winner loses laps; the line moves down with it, so car 2 stays classified.
    rows = [row(1, "1", laps=100), row(2, "2", laps=68)]
    assert order(rows)[1] == ("2", "nc", 2)
    assert order(rows, AppliedPenalty("1", "1", laps_deducted=3))[1] == ("2", "classified", 2)
