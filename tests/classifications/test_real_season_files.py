"""The real Asian Le Mans Series 2023-24 files (comma-separated Al Kamel, up to five drivers) go in."""

from __future__ import annotations

from typing import Any

import pytest

from results.classifications.models import ClassificationVersion
from results.classifications.parsing import parse_classification
from results.classifications.services import classification_upload_preview
from tests.helpers import parse_problems
from tests.scenarios import QUALIFYING_FILES, RACE_FILES, Aslms, build_aslms

CARS = {1: 39, 2: 39, 3: 41, 4: 41, 5: 40}


@pytest.mark.parametrize("round_number", sorted(RACE_FILES))
def test_it_parses_every_real_race_file_without_a_problem(round_number: int) -> None:
    path = RACE_FILES[round_number]
    parsed = parse_classification(path.read_bytes(), path.name)
    assert parsed.format == "alkamel" and parsed.encoding == "utf-8"
    assert len(parsed.rows) == CARS[round_number]
    assert parsed.warnings == ()


def test_it_reads_accents_and_a_fifth_driver_column() -> None:
    parsed = parse_classification(RACE_FILES[1].read_bytes(), "r1.csv")
    winner = parsed.rows[0]
    assert (winner.number, winner.team, winner.class_code) == ("99", "99 Racing", "LMP2")
    assert winner.drivers == ("Ahmad AL HARTHY", "Nikita MAZEPIN", "Louis DELÉTRAZ")
    assert {row.class_code for row in parsed.rows} == {"LMP2", "LMP3", "GT"}


@pytest.mark.django_db
def test_it_previews_every_real_race_of_the_season_with_its_real_entries(world: Any) -> None:
    aslms: Aslms = build_aslms(world.aco_series)
    for round_number, path in RACE_FILES.items():
        preview = classification_upload_preview(
            race=aslms.races[round_number], user=world.aco_steward, filename=path.name, data=path.read_bytes()
        )
        assert len(preview.rows) == CARS[round_number]
        assert preview.file_format == "alkamel"
    assert ClassificationVersion.objects.count() == 0


@pytest.mark.parametrize("weekend", sorted(QUALIFYING_FILES))
def test_it_refuses_a_qualifying_file_uploaded_as_a_race(weekend: str) -> None:
    [problem] = parse_problems(QUALIFYING_FILES[weekend].read_bytes(), "q.csv")
    assert "looks like an Al Kamel qualifying classification" in problem


def test_it_reads_drivers_of_the_fifth_and_sixth_columns() -> None:
    lines = RACE_FILES[1].read_text(encoding="utf-8").split("\n")
    lines[0] = lines[0].replace("DRIVER_5,", "DRIVER_5,DRIVER_6,")
    lines[1] = lines[1].rstrip(",") + ",Fifth DRIVER,Sixth DRIVER,"
    for index in range(2, len(lines)):
        if lines[index]:
            lines[index] += ","
    parsed = parse_classification("\n".join(lines).encode("utf-8"), "r1.csv")
    assert parsed.rows[0].drivers == (
        "Ahmad AL HARTHY",
        "Nikita MAZEPIN",
        "Louis DELÉTRAZ",
        "Fifth DRIVER",
        "Sixth DRIVER",
    )
