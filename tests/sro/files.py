"""The real SRO files of GT World Challenge Europe 2021 (tests/fixtures/sro/gtwc-europe-2021)."""

from __future__ import annotations

from pathlib import Path

from tests.scenarios import FIXTURES

GTWC_2021 = FIXTURES / "sro" / "gtwc-europe-2021"
RACE_FILES: list[Path] = sorted(GTWC_2021.glob("*/Races/*.csv"))
QUALIFYING_FILES: list[Path] = sorted([*GTWC_2021.glob("*/Qualifications/*.csv"), *GTWC_2021.glob("*/Super_Pole.csv")])
BRANDS_HATCH_R1 = GTWC_2021 / "Brands_Hatch" / "Races" / "Race_1.csv"
BARCELONA = GTWC_2021 / "Barcelona" / "Races" / "Main_Race.csv"
MONZA_COMBINED = GTWC_2021 / "Monza" / "Qualifications" / "Combined_Qualifying.csv"
HEADER = "Pos,Car #,Class,Drivers,Team,Car,Time,Laps,Gap"


def label(path: Path) -> str:
    return str(path.relative_to(GTWC_2021))
