"""Fuzzing the SRO readers (race and qualifying): whatever the bytes, only ClassificationFileError comes out.

Real files mutated byte by byte and tables of random cells under the real headers, bounded and
derandomized like tests/classifications/test_parsers_fuzz.py (whose strategies are reused).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from results.classifications.parsing import ClassificationFileError, parse_classification
from results.classifications.parsing.qualifying import parse_qualifying
from results.classifications.parsing.sro import SeasonCup, resolve_cups
from tests.classifications.test_parsers_fuzz import (
    FUZZ,
    LIMITS,
    mutated,
    only_documented_errors_qualifying,
    only_documented_errors_race,
    table,
)
from tests.sro.files import BRANDS_HATCH_R1, HEADER, MONZA_COMBINED

RACE = BRANDS_HATCH_R1.read_bytes()
SESSION = (BRANDS_HATCH_R1.parents[1] / "Qualifications" / "Qualifying_1.csv").read_bytes()
COMBINED = MONZA_COMBINED.read_bytes()
COMBINED_HEADER = COMBINED.split(b"\n", 1)[0].decode().strip().split(",")
SRO_CELLS = st.sampled_from(["NC", "DNS", "Pro-AM Cup", "Invitational", "1:24.933", "40", "", '"a, b"'])
CUPS = [SeasonCup("Pro Cup", "Pro Cup"), SeasonCup("Pro-Am Cup", "")]


def only_documented_errors_in_season(data: bytes) -> None:
    """Parsed, then placed in a season's cups: a refusal of either step is a file error, nothing else."""
    try:
        resolve_cups(parse_classification(data, "fuzz.csv", LIMITS), "GT3", CUPS)
    except ClassificationFileError as error:
        assert error.errors, "a refusal must say why"


@FUZZ
@given(mutated(RACE))
def test_it_survives_mutations_of_a_real_sro_race(data: bytes) -> None:
    only_documented_errors_race(data)
    only_documented_errors_in_season(data)
    only_documented_errors_qualifying(data)


@FUZZ
@given(st.one_of(mutated(SESSION), mutated(COMBINED)))
def test_it_survives_mutations_of_real_sro_qualifying_files(data: bytes) -> None:
    only_documented_errors_qualifying(data)
    only_documented_errors_race(data)


@settings(FUZZ, max_examples=80)
@given(st.one_of(table(HEADER.split(","), ","), table(COMBINED_HEADER, ",")))
def test_it_survives_random_cells_under_the_sro_headers(data: bytes) -> None:
    only_documented_errors_race(data)
    only_documented_errors_in_season(data)
    only_documented_errors_qualifying(data)


@settings(FUZZ, max_examples=60)
@given(st.lists(st.lists(SRO_CELLS, min_size=9, max_size=9), min_size=1, max_size=6))
def test_it_survives_rows_of_sro_words(rows: list[list[str]]) -> None:
    text = "\n".join([HEADER, *(",".join(row) for row in rows)])
    only_documented_errors_race(text.encode())
    only_documented_errors_in_season(text.encode())
    try:
        parse_qualifying(text.encode(), "fuzz.csv", LIMITS)
    except ClassificationFileError as error:
        assert error.errors
