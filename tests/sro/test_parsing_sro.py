"""SRO results CSV (formats §1b): every real file of GTWC Europe 2021 reads, and bad files are refused
with their row and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from results.classifications.parsing import ClassificationFileError, parse_classification
from results.classifications.parsing.qualifying import parse_qualifying
from results.classifications.parsing.sro import SeasonCup, cup_key, is_guest_row, resolve_cups
from tests.helpers import parse_problems
from tests.sro.files import (
    BARCELONA,
    BRANDS_HATCH_R1,
    HEADER,
    MONZA_COMBINED,
    QUALIFYING_FILES,
    RACE_FILES,
    label,
)

CUPS = [SeasonCup("Pro Cup", "Pro Cup"), SeasonCup("Silver Cup", "Silver Cup"), SeasonCup("Pro-Am Cup", "Pro-Am Cup")]


def _table(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def test_it_finds_every_file_of_the_season() -> None:
    assert (len(RACE_FILES), len(QUALIFYING_FILES)) == (17, 40)  # 57 files in all


@pytest.mark.parametrize("path", RACE_FILES, ids=label)
def test_it_reads_every_real_race_file(path: Path) -> None:
    parsed = parse_classification(path.read_bytes(), path.name)
    table = _table(path)
    assert (parsed.format, parsed.encoding, parsed.warnings) == ("sro", "utf-8", ())
    assert [row.number for row in parsed.rows] == [line["Car #"] for line in table]
    assert [row.status for row in parsed.rows] == ["nc" if line["Pos"] == "NC" else "classified" for line in table]
    # The class is the cup as written until the season places it (resolve_cups).
    assert [row.class_code for row in parsed.rows] == [line["Class"] for line in table]
    # `Time` is the best lap; SRO prints no race time.
    assert all(row.total_time_ms is None for row in parsed.rows)


@pytest.mark.parametrize("path", QUALIFYING_FILES, ids=label)
def test_it_reads_every_real_qualifying_file(path: Path) -> None:
    parsed = parse_qualifying(path.read_bytes(), path.name)
    table = _table(path)
    assert [row.number for row in parsed.rows] == [line["Car #"] for line in table]
    assert len(parsed.poles()) >= 2  # a pole per cup as written


def test_it_reads_a_race_row_as_sro_prints_it() -> None:
    winner, second, *_ = parse_classification(BRANDS_HATCH_R1.read_bytes(), "Race_1.csv").rows
    assert (winner.position, winner.number, winner.class_code, winner.team) == (1, "32", "Pro Cup", "Team WRT")
    assert winner.drivers == ("Charles Weerts", "Dries Vanthoor")
    assert (winner.laps, winner.best_lap_ms, winner.vehicle) == (40, 84_933, "Audi R8 LMS GT3")
    assert second.number == "6" and second.best_lap_ms == 85_202


def test_it_places_not_classified_cars_after_the_classified_ones_and_keeps_blank_laps() -> None:
    rows = parse_classification(BARCELONA.read_bytes(), "Main_Race.csv").rows
    nc = [(row.position, row.number, row.status, row.laps) for row in rows if row.status != "classified"]
    assert nc == [(44, "69", "nc", 11), (45, "35", "nc", 10), (46, "188", "nc", 6)]
    brands_2 = parse_classification((BRANDS_HATCH_R1.parent / "Race_2.csv").read_bytes(), "Race_2.csv").rows
    assert [(row.number, row.laps, row.best_lap_ms) for row in brands_2 if row.status == "nc"] == [("8", None, None)]


def test_it_ranks_a_combined_qualifying_by_its_average() -> None:
    parsed = parse_qualifying(MONZA_COMBINED.read_bytes(), MONZA_COMBINED.name)
    first = parsed.rows[0]
    assert (first.number, first.best_lap_ms) == ("63", 107_006)  # Avg Time, not Time 1..4
    assert [d.full_name for d in first.drivers] == ["Mirko Bortolotti", "Marco Mapelli", "Andrea Caldarelli"]
    assert parsed.rows[-1].best_lap_ms is None  # DNS: no time, last


def test_it_sends_a_qualifying_session_to_the_qualifying_page_and_back() -> None:
    session = (BRANDS_HATCH_R1.parents[1] / "Qualifications" / "Qualifying_1.csv").read_bytes()
    assert parse_problems(session) == [
        "column Laps is blank on every row: this looks like an SRO qualifying session, not a race; "
        "upload it on the qualifying page of the event"
    ]
    assert "combined qualifying" in parse_problems(MONZA_COMBINED.read_bytes())[0]
    with pytest.raises(ClassificationFileError, match="looks like an SRO race classification"):
        parse_qualifying(BRANDS_HATCH_R1.read_bytes(), "Race_1.csv")


def _race(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows, ""]).encode()


def test_it_refuses_bad_rows_with_row_and_column_all_at_once() -> None:
    data = _race(
        '1,32,Pro Cup,"Charles Weerts, Dries Vanthoor",Team WRT,Audi R8 LMS GT3,1:24.933,40,',
        '2,6x,Pro Cup,"Luca Stolz, Maro Engel",Toksport,Mercedes-AMG GT3,1:25.202,40,0.407',
        '3,31,,"Frank Bird",Team WRT,Audi R8 LMS GT3,1:85.748,40,8.487',
        'P4,90,Silver Cup,"Rik Breukers",Madpanda,Mercedes-AMG GT3,1:25.536,forty,9.730',
        '5,7,Silver Cup,"Ricardo Feller",Toksport,Mercedes-AMG GT3,1:25.536,40',
    )
    assert parse_problems(data) == [
        "row 3, column CAR #: '6x' is not a whole number",
        "row 4, column CLASS: missing value (every car needs a class)",
        "row 4, column TIME: '1:85.748' has more than 59 seconds",
        "row 5, column LAPS: 'forty' is not a whole number",
        "row 5, column POS: 'P4' is not a whole number",
        "row 6: has 8 fields but the header has 9 (check for a missing or extra ',')",
    ]


def test_it_refuses_a_car_listed_twice_and_a_gap_in_the_places() -> None:
    data = _race(
        '1,32,Pro Cup,"Charles Weerts",Team WRT,Audi,1:24.933,40,',
        '3,32,Pro Cup,"Dries Vanthoor",Team WRT,Audi,1:24.933,40,',
    )
    assert parse_problems(data) == [
        "column POS: positions must run from 1 to 2 without gaps; missing: 2",
        "row 3, column CAR #: car 32 appears on rows 2 and 3",
    ]


@pytest.mark.parametrize(
    ("written", "cup"),
    [("Pro-AM Cup", "Pro-Am Cup"), ("pro am", "Pro-Am Cup"), ("PRO CUP", "Pro Cup"), ("Silver", "Silver Cup")],
)
def test_it_matches_cup_spellings_tolerantly(written: str, cup: str) -> None:
    assert cup_key(written) == cup_key(cup)


def test_it_puts_every_car_in_the_season_class_and_its_cup_and_says_how_each_spelling_was_read() -> None:
    parsed = parse_classification(BARCELONA.read_bytes(), "Main_Race.csv")
    resolved = resolve_cups(parsed, "GT3", CUPS)
    assert {row.class_code for row in resolved.rows} == {"GT3"}
    cups = {row.number: row.cup_code for row in resolved.rows}
    assert (cups["63"], cups["188"], cups["26"], cups["82"]) == ("Pro Cup", "Pro-Am Cup", "", "")
    assert [row.number for row in resolved.rows if is_guest_row(row)] == ["26", "82"]
    assert resolved.warnings == (
        "column Class: 'Pro Cup' read as the Pro Cup (16 cars)",
        "column Class: 'Invitational' read as a guest, classified but not scoring: #26, #82",
        "column Class: 'Silver Cup' read as the Silver Cup (15 cars)",
        "column Class: 'Pro-AM Cup' read as the Pro-Am Cup (13 cars)",
    )


def test_it_refuses_a_cup_the_season_does_not_have_with_its_row() -> None:
    parsed = parse_classification(BARCELONA.read_bytes(), "Main_Race.csv")
    with pytest.raises(ClassificationFileError) as error:
        resolve_cups(parsed, "GT3", CUPS[:2])
    problems = [str(problem) for problem in error.value.errors]
    assert len(problems) == 13
    assert problems[0] == "row 26, column CLASS: 'Pro-AM Cup' is not a cup of this season (Pro Cup, Silver Cup)"
    # The other rows go along, placed: the entry list is still checked on them.
    assert error.value.partial is not None and {r.class_code for r in error.value.partial.rows} == {"GT3"}
