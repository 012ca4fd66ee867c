"""The Al Kamel lap-by-lap parser and the drive times computed from it (formats/README.md §5)."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from results.classifications.drive_times import (
    DriveTimeLimits,
    TimeCounted,
    drive_times,
    format_clock_ms,
    infringement,
)
from results.classifications.parsing import ClassificationFileError
from results.classifications.parsing.laps import LapFileError, parse_laps
from tests.classifications.test_parsers_fuzz import FUZZ, LIMITS, mutated, table
from tests.scenarios import ASLMS

SEPANG = ASLMS / "01-sepang"
RACE_1_LAPS = SEPANG / "202312021400-race-201-hour-4-laps.csv"
GT_QUALIFYING_LAPS = SEPANG / "202312020950-qualifying-20gt-laps.csv"
LMP_QUALIFYING_LAPS = SEPANG / "202312021015-qualifying-20lmp2-20and-20lmp3-laps.csv"
HEADER = RACE_1_LAPS.read_text(encoding="utf-8").split("\n", 1)[0]


def lap_file(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows]).encode()


# Row 2 of the real file: car 11's first lap (29 cells and the trailing separator).
LAP_ROW = (
    "11,3,1,2:25.377,0,,39.174,0,30.304,0,1:15.899,0,137.3,2:25.377,14:02:58.135,0:39.174,0:30.304,"
    "1:15.899,,Ilya Gorbatsky,,GT,,Attempto Racing,Audi,GF,39.174,30.304,75.899,"
)


def test_it_reads_the_real_race_file_as_published() -> None:
    parsed = parse_laps(RACE_1_LAPS.read_bytes(), RACE_1_LAPS.name)

    assert len(parsed.laps) == 3572
    assert len(parsed.numbers()) == 39
    first = parsed.laps[0]
    assert (first.number, first.driver_number, first.driver_name, first.lap_number) == ("11", 3, "Ilya Gorbatsky", 1)
    assert (first.lap_time_ms, first.elapsed_ms, first.flag, first.class_code) == (145377, 145377, "GF", "GT")
    fastest = min(parsed.laps, key=lambda lap: lap.lap_time_ms)
    assert (fastest.number, fastest.lap_number, fastest.lap_time_ms) == ("99", 83, 112991)
    assert sum(lap.in_pit for lap in parsed.laps) == 185


def test_it_reads_both_real_qualifying_files() -> None:
    gt = parse_laps(GT_QUALIFYING_LAPS.read_bytes(), "gt.csv")
    lmp = parse_laps(LMP_QUALIFYING_LAPS.read_bytes(), "lmp.csv")

    assert (len(gt.laps), len(lmp.laps)) == (161, 124)
    # The pit time stands on the out-lap (`0:01:04.384` on car 11's first lap).
    assert gt.laps[0].pit_time_ms == 64384
    assert {lap.flag for lap in gt.laps} == {"GF", "RF", "FF"}


def test_it_reads_semicolons_and_long_lap_times() -> None:
    row = LAP_ROW.replace("2:25.377", "1:02:09.923", 1)
    parsed = parse_laps(lap_file(row.replace(",", ";"), header=HEADER.replace(",", ";")), "x.csv")

    assert parsed.laps[0].lap_time_ms == 3729923


@pytest.mark.parametrize(
    ("column_index", "value", "expected"),
    [
        (0, "", "row 2, column NUMBER: missing value"),
        (0, "1a", "row 2, column NUMBER: '1a' is not a whole number"),
        (1, "9", "row 2, column DRIVER_NUMBER: '9' is too large (at most 6)"),
        (2, "0", "row 2, column LAP_NUMBER: '0' is too small"),
        (3, "2:6x.1", "row 2, column LAP_TIME: '2:6x.1' is not a time"),
        (3, "", "row 2, column LAP_TIME: missing value (every lap needs its time)"),
        (20, "1:99:00", "row 2, column PIT_TIME: '1:99:00' has more than 59 minutes"),
        (21, "", "row 2, column CLASS: missing value"),
    ],
)
def test_it_points_at_the_row_and_column_of_a_bad_cell(column_index: int, value: str, expected: str) -> None:
    cells = LAP_ROW.split(",")
    cells[column_index] = value

    with pytest.raises(LapFileError) as caught:
        parse_laps(lap_file(",".join(cells), LAP_ROW.replace(",1,2:25.377", ",2,2:25.377")), "x.csv")

    assert [str(problem) for problem in caught.value.errors][0].startswith(expected)
    assert len(caught.value.readable.laps) == 1  # the good row is still read


def test_it_refuses_a_shifted_row_and_a_repeated_lap() -> None:
    with pytest.raises(LapFileError) as caught:
        parse_laps(lap_file(LAP_ROW, LAP_ROW, LAP_ROW + "extra,"), "x.csv")

    messages = [str(problem) for problem in caught.value.errors]
    assert messages == [
        "row 3, column LAP_NUMBER: lap 1 of car 11 appears on rows 2 and 3",
        "row 4: has 31 fields but the header has 30 (check for a missing or extra separator)",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "file is empty"),
        (HEADER.encode(), "file has a header but no laps"),
        (
            b"POSITION,NUMBER,TEAM,DRIVER_1,CLASS,STATUS,LAPS,TOTAL_TIME\n1,2,T,A,GT,Classified,3,1:00.000",
            "looks like an Al Kamel race classification",
        ),
        (b"NUMBER,LAP_TIME\n1,2:00.000", "missing columns: DRIVER_NUMBER, LAP_NUMBER, DRIVER_NAME, CLASS"),
        (HEADER.replace(",", "\t").encode(), "wrong delimiter"),
        (b"PK\x03\x04rest", "Excel workbook"),
    ],
)
def test_it_refuses_a_file_that_is_not_a_lap_file(data: bytes, expected: str) -> None:
    with pytest.raises(ClassificationFileError) as caught:
        parse_laps(data, "x.csv")

    assert expected in str(caught.value)


def _independent_clock_ms(text: str) -> int:
    """`2:09.923`, `1:02:09.923`, `0:01:41.324` -> ms, by splitting on ':' (not the portal's parser)."""
    seconds = Decimal(0)
    for part in text.split(":"):
        seconds = seconds * 60 + Decimal(part)
    return int(seconds * 1000)


def test_it_computes_the_sepang_race_1_drive_times_like_an_independent_count() -> None:
    expected: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    with RACE_1_LAPS.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, skipinitialspace=True):
            totals = expected[(row["NUMBER"], row["DRIVER_NAME"])]
            totals[0] += 1
            totals[1] += _independent_clock_ms(row["LAP_TIME"])
            totals[2] += _independent_clock_ms(row["PIT_TIME"]) if row["PIT_TIME"] else 0

    computed = drive_times(parse_laps(RACE_1_LAPS.read_bytes(), "r1.csv").laps)

    assert {(d.number, d.driver_name): [d.laps, d.lap_time_ms, d.pit_time_ms] for d in computed} == expected
    assert len(computed) == len(expected) > 39  # every car had at least two drivers somewhere
    # Every car's drivers together drove the car's whole race: the last lap's ELAPSED.
    last = {lap.number: lap.elapsed_ms for lap in parse_laps(RACE_1_LAPS.read_bytes(), "r1.csv").laps}
    per_car: dict[str, int] = defaultdict(int)
    for driver in computed:
        per_car[driver.number] += driver.lap_time_ms
    assert per_car == last


def test_it_flags_a_driver_below_the_minimum_or_above_the_maximum() -> None:
    driver = drive_times(parse_laps(lap_file(LAP_ROW), "x.csv").laps)[0]  # 2:25.377
    assert infringement(driver, DriveTimeLimits(minimum_ms=146_000)) == "below minimum 0:02:26.000"
    assert infringement(driver, DriveTimeLimits(maximum_ms=145_000)) == "above maximum 0:02:25.000"
    assert infringement(driver, DriveTimeLimits(minimum_ms=145_377, maximum_ms=145_377)) == ""
    assert format_clock_ms(4_500_000) == "1:15:00.000"


def test_it_counts_pit_time_only_where_the_rule_says() -> None:
    with_pit = LAP_ROW.replace("Ilya Gorbatsky,,GT", "Ilya Gorbatsky,0:00:25.377,GT")
    driver = drive_times(parse_laps(lap_file(with_pit), "x.csv").laps)[0]

    assert driver.driving_time_ms(TimeCounted.LAP_TIMES) == 145377
    assert driver.driving_time_ms(TimeCounted.LAP_TIMES_WITHOUT_PIT) == 120000


REAL_LAPS = LMP_QUALIFYING_LAPS.read_bytes()


def only_documented_errors(data: bytes) -> None:
    try:
        parse_laps(data, "fuzz.csv", LIMITS)
    except ClassificationFileError as error:
        assert error.errors, "a refusal must say why"


@FUZZ
@given(st.one_of(st.binary(max_size=2000), mutated(REAL_LAPS)))
def test_it_survives_random_bytes_and_mutations_of_a_real_lap_file(data: bytes) -> None:
    only_documented_errors(data)


@settings(FUZZ, max_examples=60)
@given(st.one_of(table(HEADER.split(","), ","), table(HEADER.split(","), ";")))
def test_it_survives_random_cells_under_the_lap_header(data: bytes) -> None:
    only_documented_errors(data)
