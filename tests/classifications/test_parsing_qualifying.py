"""The Al Kamel qualifying parser on the real 2023-24 Asian Le Mans Series files and on broken copies."""

from __future__ import annotations

import pytest

from results.classifications.parsing import ClassificationFileError, FieldLimits
from results.classifications.parsing.qualifying import ParsedQualifying, parse_qualifying
from tests.scenarios import QUALIFYING_FILES, RACE_FILES


def qualifying(weekend: str) -> ParsedQualifying:
    path = QUALIFYING_FILES[weekend]
    return parse_qualifying(path.read_bytes(), path.name)


def problems(data: bytes, limits: FieldLimits | None = None) -> list[str]:
    with pytest.raises(ClassificationFileError) as caught:
        parse_qualifying(data, "q.csv", limits)
    return [str(problem) for problem in caught.value.errors]


def edited(weekend: str, row: int, column: str, value: str) -> bytes:
    lines = QUALIFYING_FILES[weekend].read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[row - 1].split(",")
    cells[header.index(column)] = value
    lines[row - 1] = ",".join(cells)
    return "\n".join(lines).encode("utf-8")


@pytest.mark.parametrize(
    ("weekend", "poles"),
    [
        ("sepang", {"LMP2": "90", "LMP3": "20"}),
        ("dubai", {"LMP2": "55", "LMP3": "17"}),
        ("abu-dhabi", {"LMP2": "99", "LMP3": "17"}),
    ],
)
def test_it_finds_the_real_poles_of_each_weekend(weekend: str, poles: dict[str, str]) -> None:
    assert qualifying(weekend).poles() == poles


def test_it_reads_rows_times_and_crews_with_category_and_country() -> None:
    parsed = qualifying("sepang")
    assert len(parsed.rows) == 16 and parsed.encoding == "utf-8"
    first = parsed.rows[0]
    assert (first.row_number, first.position, first.number, first.class_code, first.best_lap_ms) == (
        2,
        1,
        "90",
        "LMP2",
        113_653,
    )
    ahmad = next(row for row in parsed.rows if row.number == "99").drivers[0]
    assert (ahmad.first_name, ahmad.last_name, ahmad.licence, ahmad.country) == ("Ahmad", "AL Harthy", "B", "OMN")


def test_it_warns_about_placeholder_countries_instead_of_refusing() -> None:
    parsed = qualifying("sepang")
    mazepin = next(row for row in parsed.rows if row.number == "99").drivers[1]
    assert mazepin.country is None and mazepin.licence == "P"
    assert parsed.warnings == (
        "row 5, column DRIVER2_COUNTRY: '_' is not a three-letter country; "
        "Nikita Mazepin's nationality is left as it is",
    )


def test_it_reads_rows_shorter_than_the_header() -> None:
    # Dubai has cars with three drivers whose rows stop after the third driver's cells.
    parsed = qualifying("dubai")
    assert len(parsed.rows) == 19


def test_it_warns_about_an_unknown_licence_letter() -> None:
    parsed = parse_qualifying(edited("sepang", 2, "DRIVER1_LICENSE", "X"), "q.csv")
    assert parsed.rows[0].drivers[0].licence is None
    assert any("row 2, column DRIVER1_LICENSE: 'X' is not an FIA category" in w for w in parsed.warnings)


def test_it_keeps_the_first_car_printed_on_a_tied_lap() -> None:
    data = edited("sepang", 2, "TIME", "1:54.064")  # #90 now ties #30 and #22
    assert parse_qualifying(data, "q.csv").poles()["LMP2"] == "90"


def test_it_reports_bad_cells_with_row_and_column() -> None:
    assert problems(edited("sepang", 3, "TIME", "1:5x.000")) == [
        "row 3, column TIME: '1:5x.000' is not a time (expected h:mm'ss.mmm, m'ss.mmm or ss.mmm)"
    ]
    assert problems(edited("sepang", 4, "POS", "9" * 5000)) == [
        f"row 4, column POS: {('9' * 40)!r} is too large (at most 2147483647)"
    ]
    assert problems(edited("sepang", 4, "NUMBER", "")) == [
        "row 4, column NUMBER: missing value (every car needs its number)"
    ]
    assert problems(edited("sepang", 4, "NUMBER", "90")) == ["row 4, column NUMBER: car 90 appears on rows 2 and 4"]


def test_it_checks_the_storage_limits_it_is_given() -> None:
    data = edited("sepang", 2, "NUMBER", "12345")
    assert problems(data, FieldLimits(number=4)) == ["row 2, column NUMBER: car number '12345' is too long (at most 4)"]


def test_it_refuses_a_race_file_saying_what_it_looks_like() -> None:
    [problem] = problems(RACE_FILES[1].read_bytes())
    assert problem.startswith("this file looks like an Al Kamel race classification")


def test_it_refuses_a_tab_separated_file_and_an_unknown_header() -> None:
    data = QUALIFYING_FILES["sepang"].read_text(encoding="utf-8").replace(",", "\t").encode()
    assert problems(data) == ["wrong delimiter: expected ';' or ',' for Al Kamel files, found a tab"]
    [problem] = problems(b"a,b,c\n1,2,3\n")
    assert problem.startswith("header not recognised: expected an Al Kamel qualifying classification")


def test_it_reads_the_semicolon_dialect_the_same() -> None:
    text = QUALIFYING_FILES["abu-dhabi"].read_text(encoding="utf-8")
    assert '"' not in text and ";" not in text
    parsed = parse_qualifying(text.replace(",", ";").encode(), "q.csv")
    assert parsed.poles() == {"LMP2": "99", "LMP3": "17"}


def test_it_reads_each_drivers_own_minimum_driving_time() -> None:
    from results.classifications.parsing.qualifying import parse_qualifying as parse
    from tests.scenarios import QUALIFYING_FILES

    text = QUALIFYING_FILES["sepang"].read_text(encoding="utf-8")
    header, first, *rest = text.splitlines()
    columns = header.split(",")
    cells = first.split(",")
    cells[columns.index("DRIVER1_*Extra 4")] = "Min 01:15:00"  # the 2023 spelling
    cells[columns.index("DRIVER2_*Extra 4")] = "soon"
    cells[columns.index("DRIVER3_*Extra 4")] = "None"
    parsed = parse("\n".join([header, ",".join(cells), *rest]).encode(), "q.csv")

    drivers = parsed.rows[0].drivers
    assert [(d.slot, d.min_drive_time_ms) for d in drivers] == [(1, 4_500_000), (2, None), (3, None)]
    assert parsed.rows[1].drivers[0].min_drive_time_ms == 3_600_000  # 2023-24: `01:00:00`
    assert any("column DRIVER2_*EXTRA 4: 'soon' is not a driving time" in w for w in parsed.warnings)
