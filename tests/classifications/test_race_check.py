"""The right file for the right race (pure): what the real Al Kamel file names and leader times say."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from results.classifications.parsing import parse_classification
from results.classifications.race_check import RaceFacts, check_file, read_name
from tests.scenarios import ASLMS_SEPANG_R1_HOUR_2, RACE_FILES

SEPANG_R1 = RaceFacts("R1 Race", date(2023, 12, 2), time(14, 0), 240, 1, 2)


def codes(path_name: str, facts: RaceFacts = SEPANG_R1, data: bytes | None = None) -> list[str]:
    parsed = parse_classification(data, path_name) if data is not None else None
    return [m.code for m in check_file(path_name, parsed, facts)]


@pytest.mark.parametrize(
    ("name", "started", "session", "race", "hour"),
    [
        ("202312021400-race-201-hour-4-results.csv", datetime(2023, 12, 2, 14, 0), "race", 1, 4),
        ("202402041300-race-hour-4-results.csv", datetime(2024, 2, 4, 13, 0), "race", None, 4),
        ("202312031400-race-202-hour-4-results.csv", datetime(2023, 12, 3, 14, 0), "race", 2, 4),
        (
            "202312021015-qualifying-20lmp2-20and-20lmp3-results.csv",
            datetime(2023, 12, 2, 10, 15),
            "qualifying",
            None,
            None,
        ),
        ("results.csv", None, "", None, None),
    ],
)
def test_it_reads_what_an_al_kamel_file_name_says(
    name: str, started: datetime | None, session: str, race: int | None, hour: int | None
) -> None:
    read = read_name(name)
    assert (read.started, read.session, read.race_of_weekend, read.after_hour) == (started, session, race, hour)


def test_it_finds_nothing_wrong_with_the_final_file_of_the_race() -> None:
    path = RACE_FILES[1]
    assert codes(path.name, data=path.read_bytes()) == []


def test_it_sees_an_intermediate_file_by_its_name_and_its_leaders_time() -> None:
    path = ASLMS_SEPANG_R1_HOUR_2
    assert codes(path.name, data=path.read_bytes()) == ["intermediate", "short"]
    # Renamed, the leader's 2 h 00 of a 4 h race still gives it away.
    assert codes("results.csv", data=path.read_bytes()) == ["short"]


def test_it_sees_the_file_of_the_other_race_of_the_weekend() -> None:
    path = RACE_FILES[2]
    assert codes(path.name, data=path.read_bytes()) == ["date", "race_of_weekend"]


def test_it_sees_a_start_time_far_from_the_races_and_a_longer_race() -> None:
    later = RaceFacts("R1 Race", date(2023, 12, 2), time(16, 30), 240, 1, 2)
    assert codes(RACE_FILES[1].name, later) == ["start"]
    shorter = RaceFacts("R1 Race", date(2023, 12, 2), time(14, 0), 120, 1, 2)
    assert codes("results.csv", shorter, RACE_FILES[1].read_bytes()) == ["long"]


def test_it_sees_a_qualifying_file_and_a_file_already_used_for_another_race() -> None:
    assert codes("202312021015-qualifying-20lmp2-20and-20lmp3-results.csv") == ["session"]
    reused = RaceFacts("R2 Race", date(2023, 12, 3), time(14, 0), 240, 2, 2, same_file_in=("R1 4 Hours of Sepang",))
    assert codes("results.csv", reused) == ["same_file"]
