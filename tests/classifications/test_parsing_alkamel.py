from __future__ import annotations

import dataclasses

import pytest

from results.classifications.parsing import ClassificationFileError, ParsedRow, parse_classification
from results.classifications.parsing.alkamel import read_alkamel
from tests.helpers import parse_problems
from tests.scenarios import edited_silverstone, silverstone_bytes, silverstone_text


def parse_silverstone(data: bytes | None = None) -> tuple[ParsedRow, ...]:
    return parse_classification(data or silverstone_bytes(), "silverstone.csv").rows


def without_raw(rows: tuple[ParsedRow, ...]) -> list[ParsedRow]:
    return [dataclasses.replace(row, raw={}) for row in rows]


# --- the real Silverstone file -------------------------------------------------------


def test_it_reads_every_car_of_the_real_file_as_al_kamel_utf8() -> None:
    parsed = parse_classification(silverstone_bytes(), "silverstone.csv")
    assert parsed.format == "alkamel"
    assert parsed.encoding == "utf-8"
    assert len(parsed.rows) == 38
    assert parsed.warnings == ()


def test_it_reads_the_winner_exactly() -> None:
    winner = parse_silverstone()[0]
    assert winner == ParsedRow(
        row_number=2,
        position=1,
        number="46",
        class_code="LMP2",
        cup_code="",
        team="Thiriet By TDS Racing",
        drivers=("Pierre THIRIET", "Ludovic BADEY", "Tristan GOMMENDY"),
        vehicle="Morgan - Nissan",
        status="classified",
        laps=118,
        total_time_ms=((4 * 60 + 0) * 60 + 29) * 1000 + 711,
        best_lap_ms=111_631,
        gap_first="",
        raw=winner.raw,
    )
    assert winner.raw["TYRES"] == "D"


def test_it_keeps_row_numbers_as_a_spreadsheet_shows_them() -> None:
    rows = parse_silverstone()
    assert [row.row_number for row in rows] == list(range(2, 40))
    assert [row.position for row in rows] == list(range(1, 39))


def test_it_keeps_accents_and_strips_trailing_spaces_from_names() -> None:
    rows = {row.number: row for row in parse_silverstone()}
    assert rows["82"].drivers == ("François PERRODO", "Sébastien CRUBILÉ", "Emmanuel COLLARD")
    assert rows["98"].drivers[1] == "Grégoire DEMOUSTIER"
    assert rows["28"].drivers == ("James LITTLEJOHN", "Anthony WELLS", "James WALKER")
    assert rows["28"].raw["DRIVER_2"] == "Anthony WELLS "


def test_it_keeps_a_laps_gap_as_printed() -> None:
    row = parse_silverstone()[6]
    assert (row.position, row.number, row.laps, row.gap_first) == (7, "24", 116, "2 Laps")
    assert row.total_time_ms == ((4 * 60 + 1) * 60 + 34) * 1000 + 550


def test_it_accepts_empty_times_on_the_not_started_row() -> None:
    row = parse_silverstone()[-1]
    assert (row.number, row.status, row.laps) == ("71", "dns", 0)
    assert row.total_time_ms is None
    assert row.best_lap_ms is None
    assert row.gap_first == "118 Laps"


def test_it_maps_not_classified_rows_to_nc() -> None:
    statuses = [(row.number, row.status) for row in parse_silverstone()[-3:]]
    assert statuses == [("38", "nc"), ("29", "nc"), ("71", "dns")]


def test_it_finds_the_three_classes_and_no_cups() -> None:
    rows = parse_silverstone()
    assert {row.class_code for row in rows} == {"LMP2", "LMGTE", "GTC"}
    assert {row.cup_code for row in rows} == {""}


def test_it_reads_an_8_bit_copy_the_same_and_says_which_encoding() -> None:
    eight_bit = silverstone_text().encode("latin-1")
    parsed = parse_classification(eight_bit, "silverstone.csv")
    # Latin-1 accents are the same bytes in Windows-1252, which is tried first.
    assert parsed.encoding == "cp1252"
    assert without_raw(parsed.rows) == without_raw(parse_silverstone())


def test_it_reads_a_copy_with_a_bom_the_same_and_says_so() -> None:
    parsed = parse_classification(b"\xef\xbb\xbf" + silverstone_bytes(), "silverstone.csv")
    assert parsed.encoding == "utf-8-sig"
    assert parsed.rows == parse_silverstone()


def test_it_reads_windows_line_endings() -> None:
    crlf = silverstone_text().replace("\n", "\r\n").encode("utf-8")
    assert parse_silverstone(crlf) == parse_silverstone()


def test_it_ignores_unknown_extra_columns() -> None:
    lines = silverstone_text().rstrip("\n").split("\n")
    lines = [lines[0] + "PIT_STOPS;"] + [line + "3;" for line in lines[1:]]
    rows = parse_silverstone(("\n".join(lines) + "\n").encode("utf-8"))
    assert without_raw(rows) == without_raw(parse_silverstone())
    assert rows[0].raw["PIT_STOPS"] == "3"


def test_it_needs_only_the_columns_it_uses() -> None:
    text = (
        "POSITION;NUMBER;TEAM;DRIVER_1;CLASS;STATUS;LAPS;TOTAL_TIME\n"
        "1;7;Team A;Ann A;LMP2;Classified;10;20'00.000\n"
        "2;8;Team B;Bob B;LMP2;Retired;3;6'30.000\n"
    )
    rows = read_alkamel(text)
    assert [(row.number, row.status, row.vehicle, row.best_lap_ms) for row in rows.rows] == [
        ("7", "classified", "", None),
        ("8", "dnf", "", None),
    ]


@pytest.mark.parametrize(
    ("status", "code"),
    [("Retired", "dnf"), ("Disqualified", "dsq"), ("Excluded", "ex"), ("NOT STARTED", "dns")],
)
def test_it_maps_every_al_kamel_status(status: str, code: str) -> None:
    rows = parse_silverstone(edited_silverstone({(39, "STATUS"): status}))
    assert rows[-1].status == code


# --- row problems ------------------------------------------------------------------


def test_it_rejects_laps_that_are_not_a_whole_number() -> None:
    assert parse_problems(edited_silverstone({(7, "LAPS"): "abc"})) == [
        "row 7, column LAPS: 'abc' is not a whole number"
    ]


def test_it_rejects_negative_laps() -> None:
    assert parse_problems(edited_silverstone({(39, "LAPS"): "-3"})) == [
        "row 39, column LAPS: '-3' is too small (the lowest allowed is 0)"
    ]


def test_it_rejects_a_missing_position() -> None:
    # Only the cause is reported: the hole it leaves is not a second problem.
    assert parse_problems(edited_silverstone({(3, "POSITION"): ""})) == [
        "row 3, column POSITION: missing value (a whole number is required)"
    ]


def test_it_rejects_a_position_of_zero() -> None:
    assert parse_problems(edited_silverstone({(2, "POSITION"): "0"})) == [
        "row 2, column POSITION: '0' is too small (the lowest allowed is 1)"
    ]


def test_it_rejects_car_numbers_that_are_not_whole_numbers() -> None:
    assert parse_problems(edited_silverstone({(4, "NUMBER"): "43B", (5, "NUMBER"): ""})) == [
        "row 4, column NUMBER: '43B' is not a whole number",
        "row 5, column NUMBER: missing value (every car needs its number)",
    ]


def test_it_rejects_a_malformed_total_time() -> None:
    assert parse_problems(edited_silverstone({(4, "TOTAL_TIME"): "4h00m34"})) == [
        "row 4, column TOTAL_TIME: '4h00m34' is not a time (expected h:mm'ss.mmm, m'ss.mmm or ss.mmm)"
    ]


def test_it_rejects_a_malformed_best_lap() -> None:
    assert parse_problems(edited_silverstone({(4, "FL_TIME"): "1'71.718"})) == [
        'row 4, column FL_TIME: "1\'71.718" has more than 59 seconds'
    ]


def test_it_requires_a_total_time_for_classified_cars() -> None:
    assert parse_problems(edited_silverstone({(4, "TOTAL_TIME"): ""})) == [
        "row 4, column TOTAL_TIME: missing value (a classified car needs its total time)"
    ]


def test_it_rejects_an_unknown_status() -> None:
    assert parse_problems(edited_silverstone({(6, "STATUS"): "Finished"})) == [
        "row 6, column STATUS: 'Finished' is not a known status (expected Classified, "
        "Not classified, Not started, Retired, Disqualified, Excluded)"
    ]


def test_it_rejects_an_empty_class() -> None:
    assert parse_problems(edited_silverstone({(6, "CLASS"): " "})) == [
        "row 6, column CLASS: missing value (every car needs a class)"
    ]


def test_it_names_both_rows_of_a_duplicate_car_number() -> None:
    assert parse_problems(edited_silverstone({(10, "NUMBER"): "34"})) == [
        "row 10, column NUMBER: car 34 appears on rows 3 and 10"
    ]


def test_it_names_every_row_of_a_duplicate_position() -> None:
    assert parse_problems(edited_silverstone({(5, "POSITION"): "3", (6, "POSITION"): "3"})) == [
        "row 6, column POSITION: position 3 appears on rows 4, 5 and 6"
    ]


def test_it_rejects_positions_with_gaps() -> None:
    assert parse_problems(edited_silverstone({(39, "POSITION"): "40"})) == [
        "column POSITION: positions must run from 1 to 38 without gaps; missing: 38"
    ]


def test_it_rejects_a_row_with_a_missing_field() -> None:
    lines = silverstone_text().split("\n")
    lines[7] = lines[7].replace("Oreca 03 - Nissan;", "", 1)
    assert parse_problems("\n".join(lines).encode("utf-8")) == [
        "row 8: has 20 fields but the header has 21 (check for a missing or extra ';')"
    ]


def test_it_rejects_a_row_with_an_extra_field_even_if_it_is_empty() -> None:
    # "a;;b" for "a;b" shifts every later column; counting is the only way to see it.
    lines = silverstone_text().split("\n")
    lines[1] = lines[1] + ";"
    lines[2] = lines[2].removesuffix(";")
    assert parse_problems("\n".join(lines).encode("utf-8")) == [
        "row 2: has 22 fields but the header has 21 (check for a missing or extra ';')",
        "row 3: has 20 fields but the header has 21 (check for a missing or extra ';')",
    ]


def test_it_rejects_a_classified_car_with_more_laps_than_the_car_ahead() -> None:
    assert parse_problems(edited_silverstone({(9, "LAPS"): "117"})) == [
        "row 9: 117 laps is more than the 116 laps of the car classified ahead (row 8)"
    ]


def test_it_lets_unclassified_cars_be_in_any_lap_order() -> None:
    rows = parse_silverstone(edited_silverstone({(38, "LAPS"): "100"}))
    assert rows[-2].laps == 100


def test_it_rejects_a_classified_car_faster_than_the_car_ahead_on_the_same_laps() -> None:
    assert parse_problems(edited_silverstone({(3, "TOTAL_TIME"): "4:00'20.000"})) == [
        "row 3: total time 4:00'20.000 is less than the 4:00'29.711 of the car classified "
        "ahead (row 2) on the same 118 laps"
    ]


def test_it_collects_every_row_problem_before_raising() -> None:
    data = edited_silverstone(
        {
            (12, "LAPS"): "x",
            (3, "STATUS"): "Won",
            (20, "FL_TIME"): "fast",
            (30, "NUMBER"): "46",
        }
    )
    with pytest.raises(ClassificationFileError) as error:
        parse_classification(data, "silverstone.csv")
    assert [(problem.row, problem.column) for problem in error.value.errors] == [
        (3, "STATUS"),
        (12, "LAPS"),
        (20, "FL_TIME"),
        (30, "NUMBER"),
    ]
    assert str(error.value).startswith("row 3, column STATUS: 'Won' is not a known status")


def test_it_warns_but_keeps_an_unreadable_gap() -> None:
    parsed = parse_classification(edited_silverstone({(3, "GAP_FIRST"): "+3.8s"}), "silverstone.csv")
    assert parsed.rows[1].gap_first == "+3.8s"
    assert parsed.warnings == (
        "row 3, column GAP_FIRST: '+3.8s' is not a gap (expected a time like 3.828 "
        "or 1'00.569, or '2 Laps'); kept as is",
    )


def test_it_warns_about_a_car_without_drivers() -> None:
    parsed = parse_classification(
        edited_silverstone({(5, "DRIVER_1"): "", (5, "DRIVER_2"): "", (5, "DRIVER_3"): ""}),
        "silverstone.csv",
    )
    assert parsed.rows[3].drivers == ()
    assert parsed.warnings == ("row 5: no driver names",)
