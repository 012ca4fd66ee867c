"""Uploads in bounded memory and time (issue 19, item 2): every hostile file of bench/hostile.py
is refused through the steward's upload page with a specific message, never a 500, nothing saved;
the list of problems stops at 200 and says how many more there are.

Time and memory per file are measured by `bench/hostile.py` (a fresh process per file); here a
generous bound on the whole request guards against a regression that the benchmark would show.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench import hostile
from results.classifications.parsing import ClassificationFileError, FileProblem
from results.classifications.parsing.errors import MAX_LISTED_PROBLEMS, capped
from results.classifications.parsing.qualifying import parse_qualifying
from tests.classifications.test_results_hostile_input import problem_in, refused
from tests.scenarios import Elms, silverstone_bytes

pytestmark = pytest.mark.django_db

# What each hostile file is refused with (a part of the message the steward reads).
EXPECTED = {
    "blank lines": "file is empty",
    "blank lines after a header": "file has 2,620,794 lines (at most 10,000); a classification has one line per car",
    "one line of separators": "row 2: a line of 5,241,692 characters (at most 32,768)",
    "lines of separators": "file has 249,606 lines (at most 10,000)",
    "a 5 MB cell": "row 2: a line of 5,241,535 characters (at most 32,768)",
    "an unclosed quote": "row 2: a line of 5,241,692 characters",
    "50,000 rows": "file has 48,090 lines (at most 10,000)",
    "9,500 rows (just under the line limit)": "car 22 appears on rows 2, 3, 4",
    "a header of 2.6 million columns": "row 1: a line of 5,241,855 characters",
    "XLSX: 2 million shared strings": "part xl/sharedStrings.xml holds more than 100,000 shared strings",
    "XLSX: 600,000 styles": "part xl/styles.xml is compressed",
    "XLSX: a 7.5 MB cell": "(7500000 characters) is not a whole number",
    "XLSX: 400,000 empty rows": "part xl/worksheets/sheet1.xml holds more than 10,000 rows",
    "XLSX: text in a numeric cell": "row 2: the sheet cannot be read from here (ValueError: could not convert",
    "XLSX: a bad shared-string index": "row 2: the sheet cannot be read from here (IndexError",
    "XLSX: an invalid date": "row 2, column laps: &#x27;#VALUE!&#x27; is not a whole number",
    "XLSX: an invalid ISO date": "row 2: the sheet cannot be read from here (ValueError",
    "XLSX: a truncated sheet": "file is not a valid Excel workbook (.xlsx)",
    "XLSX: a DOCTYPE in a part not named .xml": "part xl/worksheets/sheet1.bin declares a DOCTYPE or XML entities",
}


def test_it_names_every_hostile_file_of_the_benchmark() -> None:
    assert set(EXPECTED) == set(hostile.HOSTILE)


@pytest.mark.parametrize("name", list(hostile.HOSTILE))
def test_it_refuses_each_hostile_file_with_a_clear_message(elms: Elms, world: Any, name: str) -> None:
    data = hostile.HOSTILE[name]()
    assert len(data) <= 5 * 1024 * 1024
    filename = "hostile.xlsx" if name.startswith("XLSX") else "hostile.csv"
    # How fast: bench/hostile.py measures it (2 s, fresh process), not a timed test.
    problems = refused(elms, world, data, filename)
    assert problem_in(problems, EXPECTED[name]), problems[:3]


@pytest.mark.parametrize("name", [name for name in hostile.HOSTILE if not name.startswith("XLSX")])
def test_the_qualifying_reader_refuses_the_same_text_files(name: str) -> None:
    with pytest.raises(ClassificationFileError):
        parse_qualifying(hostile.HOSTILE[name](), "hostile.csv")


def test_it_lists_the_first_200_problems_and_counts_the_others(elms: Elms, world: Any) -> None:
    # 1,000 rows whose position is not a number: one problem per row.
    header, first_row = silverstone_bytes().split(b"\n")[:2]
    bad_row = b"x" + first_row[first_row.index(b";") :]
    problems = refused(elms, world, header + b"\n" + (bad_row + b"\n") * 1_000)
    assert len(problems) == MAX_LISTED_PROBLEMS + 1
    assert problem_in(problems[-1:], "... and ")
    assert problem_in(problems[-1:], "more problems not listed")


def test_it_counts_a_capped_list_again_when_a_caller_adds_problems() -> None:
    parsing = capped(FileProblem(row, "POSITION", "not a number") for row in range(2, 502))
    assert len(parsing) == MAX_LISTED_PROBLEMS + 1 and parsing[-1].not_listed == 300
    merged = capped([*parsing, *(FileProblem(row, "NUMBER", "not entered") for row in range(600, 650))])
    assert len(merged) == MAX_LISTED_PROBLEMS + 1
    assert merged[-1].not_listed == 350
    assert merged[-1].message == "... and 350 more problems not listed (550 in all; the first 200 are above)"
