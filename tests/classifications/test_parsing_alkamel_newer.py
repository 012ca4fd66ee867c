"""The newer Al Kamel layout (some events since 2024), read from the real 6 Hours of Spa 2024 file."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from results.classifications.parsing import ClassificationFileError, parse_classification, parse_gap
from results.classifications.parsing.model import CrewMember
from results.classifications.parsing.times import Gap
from tests.classifications.test_parsers_fuzz import FUZZ, mutated, only_documented_errors_race, table
from tests.helpers import parse_problems
from tests.scenarios import SPA_2024

SPA = SPA_2024.read_bytes()
HEADER = SPA.split(b"\n", 1)[0].decode().split(",")


def spa_lines() -> list[str]:
    return SPA.decode().splitlines()


def with_line(index: int, line: str) -> bytes:
    lines = spa_lines()
    lines[index] = line
    return ("\n".join(lines) + "\n").encode()


def test_it_reads_every_car_of_the_spa_file_by_its_header() -> None:
    parsed = parse_classification(SPA, "results.csv")
    assert parsed.format == "alkamel"
    assert len(parsed.rows) == 37
    # Kvyat's nationality is printed as "_": said, not refused.
    assert parsed.warnings == (
        "row 34, column DRIVER3_COUNTRY: '_' is not a three-letter country; "
        "Daniil KVYAT's nationality is left as it is",
    )


def test_it_reads_the_winner_and_its_crew_exactly() -> None:
    winner = parse_classification(SPA, "spa.csv").rows[0]
    assert (winner.position, winner.number, winner.class_code, winner.status) == (1, "12", "HYPERCAR", "classified")
    assert (winner.laps, winner.total_time_ms, winner.best_lap_ms) == (141, 21_451_542, 126_468)  # 5:57:31.542
    assert winner.team == "Hertz Team JOTA"
    assert winner.vehicle == "Porsche 963"
    assert winner.drivers == ("Will STEVENS", "Callum ILOTT")
    assert winner.crew == (
        CrewMember("Will STEVENS", "P", "GBR", "DRIVER1_FIRSTNAME"),
        CrewMember("Callum ILOTT", "P", "GBR", "DRIVER2_FIRSTNAME"),
    )


def test_it_places_the_retired_cars_printed_without_a_position_after_the_others_in_file_order() -> None:
    rows = parse_classification(SPA, "spa.csv").rows
    retired = [(row.position, row.number, row.status, row.laps) for row in rows if row.status != "classified"]
    assert retired[:3] == [(30, "2", "dnf", 95), (31, "31", "dnf", 87), (32, "5", "dnf", 64)]
    assert [row.position for row in rows] == list(range(1, 38))


def test_it_reads_the_gaps_of_the_newer_layout() -> None:
    assert parse_gap("+12.363") == Gap(ms=12_363)
    assert parse_gap("+1:14.020") == Gap(ms=74_020)
    assert parse_gap("1 Lap") == Gap(laps=1)
    assert parse_gap("-") == Gap()


def test_it_reads_the_same_file_separated_by_semicolons() -> None:
    semicolons = SPA.decode().replace(",", ";").encode()
    assert parse_classification(semicolons, "spa.csv").rows == parse_classification(SPA, "spa.csv").rows


def test_it_refuses_a_classified_car_without_a_position_naming_row_and_column() -> None:
    line = spa_lines()[1]
    problems = parse_problems(with_line(1, line.replace("1,12,", ",12,", 1)))
    assert "row 2, column POSITION: missing value (a whole number is required)" in problems


def test_it_refuses_a_row_cut_short_before_the_crew() -> None:
    line = spa_lines()[2]
    problems = parse_problems(with_line(2, ",".join(line.split(",")[:12])))
    assert problems == ["row 3: has 12 fields but the header has 93 (check for a missing or extra ',')"]


def test_it_refuses_an_unknown_status_and_a_bad_time_of_the_newer_layout() -> None:
    line = spa_lines()[3].replace("Classified", "Finished", 1).replace("5:58:45.562", "5:58:xx", 1)
    with pytest.raises(ClassificationFileError) as caught:
        parse_classification(with_line(3, line), "spa.csv")
    text = str(caught.value)
    assert "row 4, column STATUS: 'Finished' is not a known status" in text
    assert "row 4, column TOTAL_TIME: '5:58:xx' is not a time" in text


def test_it_warns_on_a_licence_that_is_not_an_fia_category() -> None:
    line = spa_lines()[1].replace("Will,STEVENS,P,", "Will,STEVENS,X,", 1)
    parsed = parse_classification(with_line(1, line), "spa.csv")
    assert parsed.rows[0].crew[0].licence is None
    assert any("row 2, column DRIVER1_LICENSE: 'X' is not an FIA category" in w for w in parsed.warnings)


# --- fuzzing the newer reader: only ClassificationFileError, never another exception ----------


@FUZZ
@given(mutated(SPA))
def test_it_survives_mutations_of_the_spa_file(data: bytes) -> None:
    only_documented_errors_race(data)


@settings(FUZZ, max_examples=60)
@given(st.one_of(table(HEADER, ","), table(HEADER, ";")))
def test_it_survives_random_cells_under_the_newer_header(data: bytes) -> None:
    only_documented_errors_race(data)
