"""Scenarios built from the real fixture files under tests/fixtures (not factories: see factories.py).

- The Al Kamel classification of the ELMS 2014 round 1 (4 Hours of Silverstone), as bytes, edited
  copies of it, and small workbooks and template files for the parsers.
- `build_elms`: that race's season, classes and accepted entry list, built from the same file.
- `import_elms_2014`: the ELMS 2014 season bundle imported as a superuser would.
- `build_aslms`: the Asian Le Mans Series 2023-24 (5 races, 3 weekends) with the real entries and
  crews of its Al Kamel files (tests/fixtures/alkamel-seasons, comma-separated).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from championships.models import PointsRules, Race, RacingClass, Season
from entries.models import Driver, Entry, EntryKind, EntryStatus, Nomination
from results.season_import import import_season
from tests import factories

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SILVERSTONE = FIXTURES / "alkamel" / "elms-2014-r1-silverstone-classification.csv"
# FIA WEC 2024, 6 Hours of Spa: the newer Al Kamel layout (crew in name parts, `,`-separated).
SPA_2024 = FIXTURES / "alkamel" / "wec-2024-r3-spa-6h-classification.csv"
ELMS_BUNDLE = FIXTURES / "bundles" / "elms-2014"
# The 6 Hours of Spa 2024 alone, in the timing's newer layout.
SPA_BUNDLE = FIXTURES / "bundles" / "wec-2024-spa"
# The real 2023-24 season below as a bundle: results/R1..R5.csv and qualifying/R1, R3, R4-lmp2-lmp3.csv and -gt.csv.
ASLMS_BUNDLE = FIXTURES / "bundles" / "aslms-2023-24"
ASLMS = FIXTURES / "alkamel-seasons" / "aslms-2023-24"
# round -> (weekend folder, race file)
RACE_FILES: dict[int, Path] = {
    1: ASLMS / "01-sepang" / "202312021400-race-201-hour-4-results.csv",
    2: ASLMS / "01-sepang" / "202312031400-race-202-hour-4-results.csv",
    3: ASLMS / "02-dubai-autodrome" / "202402041300-race-hour-4-results.csv",
    4: ASLMS / "03-yas-marina" / "202402101500-race-201-hour-4-results.csv",
    5: ASLMS / "03-yas-marina" / "202402111600-race-202-hour-4-results.csv",
}
QUALIFYING_FILES: dict[str, Path] = {
    "sepang": ASLMS / "01-sepang" / "202312021015-qualifying-20lmp2-20and-20lmp3-results.csv",
    "dubai": ASLMS / "02-dubai-autodrome" / "202402031455-qualifying-20lmp2-20and-20lmp3-results.csv",
    "abu-dhabi": ASLMS / "03-yas-marina" / "202402101126-qualifying-20lmp2-20and-20lmp3-results.csv",
}
# The GT session of each weekend, a separate Al Kamel file (Abu Dhabi: #43 set no time, LAP 0).
GT_QUALIFYING_FILES: dict[str, Path] = {
    "sepang": ASLMS / "01-sepang" / "202312020950-qualifying-20gt-results.csv",
    "dubai": ASLMS / "02-dubai-autodrome" / "202402031430-qualifying-20gt-results.csv",
    "abu-dhabi": ASLMS / "03-yas-marina" / "202402101045-qualifying-20gt-results.csv",
}
# The real poles of the season (best lap of each weekend's qualifying; one session set both
# races of a weekend): (round, class, car). LMP2 and LMP3 from the LMP2/LMP3 session.
ASLMS_LMP_POLES: frozenset[tuple[int, str, str]] = frozenset(
    {
        (1, "LMP2", "90"),
        (2, "LMP2", "90"),
        (3, "LMP2", "55"),
        (4, "LMP2", "99"),
        (5, "LMP2", "99"),
        (1, "LMP3", "20"),
        (2, "LMP3", "20"),
        (3, "LMP3", "17"),
        (4, "LMP3", "17"),
        (5, "LMP3", "17"),
    }
)
# GT, from the GT session files (read by hand: the best TIME of each file): Sepang #42 Sainteloc
# Racing 2:03.998; Dubai #7 AlManar Racing by GetSpeed 1:58.280; Abu Dhabi #7 again, 1:52.673.
ASLMS_GT_POLES: frozenset[tuple[int, str, str]] = frozenset(
    {(1, "GT", "42"), (2, "GT", "42"), (3, "GT", "7"), (4, "GT", "7"), (5, "GT", "7")}
)
ASLMS_POLES = ASLMS_LMP_POLES | ASLMS_GT_POLES
# weekend -> (event name, dates, rounds)
ASLMS_WEEKENDS: dict[str, tuple[str, date, date, tuple[int, ...]]] = {
    "sepang": ("4 Hours of Sepang", date(2023, 12, 2), date(2023, 12, 3), (1, 2)),
    "dubai": ("4 Hours of Dubai", date(2024, 2, 3), date(2024, 2, 4), (3,)),
    "abu-dhabi": ("4 Hours of Abu Dhabi", date(2024, 2, 10), date(2024, 2, 11), (4, 5)),
}
# The files of the same season used by the name-matching tests.
ASLMS_2023_24 = ASLMS
ASLMS_SEPANG_R1 = RACE_FILES[1]
# The real classification of Sepang race 1 after hour 2 of 4 (an intermediate file: the wrong one).
ASLMS_SEPANG_R1_HOUR_2 = ASLMS / "01-sepang" / "202312021400-race-201-hour-2-results.csv"
ASLMS_YAS_R1 = RACE_FILES[4]

# --- files -------------------------------------------------------------------------------


def silverstone_bytes() -> bytes:
    return SILVERSTONE.read_bytes()


def silverstone_text() -> str:
    return SILVERSTONE.read_text(encoding="utf-8")


def edited_silverstone(changes: dict[tuple[int, str], str]) -> bytes:
    """The real file with cells replaced, addressed as (spreadsheet row, column name)."""
    lines = silverstone_text().split("\n")
    header = lines[0].split(";")
    for (row, column), value in changes.items():
        cells = lines[row - 1].split(";")
        cells[header.index(column)] = value
        lines[row - 1] = ";".join(cells)
    return "\n".join(lines).encode("utf-8")


def aslms_rows(path: Path) -> list[dict[str, str]]:
    """The lines of a real Asian Le Mans 2023-24 file (comma-separated by the archive) as dicts."""
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def aslms_alkamel_bytes(path: Path) -> bytes:
    """A real Asian Le Mans 2023-24 race file in Al Kamel's own ';' dialect (the archive wrote ',')."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(csv.reader(io.StringIO(path.read_text("utf-8"))))
    return out.getvalue().encode("utf-8")


def aslms_subset_bytes(path: Path, numbers: Sequence[str], delimiter: str = ",") -> bytes:
    """A real Asian Le Mans 2023-24 file cut down to the cars `numbers`, positions renumbered 1..n.

    delimiter=";" writes Al Kamel's own race-file dialect; qualifying files stay comma-separated.
    """
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8")))
    header = next(reader)
    number_at = header.index("NUMBER")
    kept = [row for row in reader if row and row[number_at].strip() in numbers]
    for position, row in enumerate(kept, start=1):
        row[0] = str(position)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows([header, *kept])
    return out.getvalue().encode("utf-8")


def silverstone_lines(count: int) -> bytes:
    """Header plus the first `count` data lines of the real file."""
    lines = silverstone_text().split("\n")
    return ("\n".join(lines[: count + 1]) + "\n").encode("utf-8")


def xlsx_bytes(*sheets: tuple[str, Sequence[Sequence[object]]]) -> bytes:
    """A workbook with the given (title, rows) sheets; a cell value starting '=' is a formula."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


TEMPLATE_HEADER = [
    "position",
    "number",
    "class",
    "cup",
    "team",
    "drivers",
    "status",
    "laps",
    "total_time",
    "best_lap",
]


def template_csv(*lines: str, header: str = ",".join(TEMPLATE_HEADER)) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


# --- the ELMS 2014 Silverstone race ------------------------------------------------------

# Stored without accents / in other spellings, so matching must ignore accents and case.
RESPELLED = {
    "Sébastien CRUBILÉ": ("Sebastien", "Crubile"),
    "François PERRODO": ("FRANCOIS", "perrodo"),
}


def split_name(name: str) -> tuple[str, str]:
    """'Paul VAN SPLUNTEREN' → ('Paul', 'Van Splunteren'): Al Kamel prints surnames in capitals."""
    name = name.strip()
    if name in RESPELLED:
        return RESPELLED[name]
    tokens = name.split()
    first = [t for t in tokens if t != t.upper()]
    last = [t for t in tokens if t == t.upper()]
    return " ".join(first), " ".join(last).title()


def accepted_entry(season: Season, line: dict[str, str], classes: dict[str, RacingClass]) -> Entry:
    """The accepted full-season entry of an Al Kamel row (NUMBER, CLASS, TEAM), with a team of its own."""
    return factories.EntryFactory(
        season=season,
        number=line["NUMBER"],
        racing_class=classes[line["CLASS"]],
        team=factories.TeamFactory(name=line["TEAM"].strip(), country=""),
        kind=EntryKind.FULL_SEASON,
        status=EntryStatus.ACCEPTED,
        car_model=None,
    )


@dataclass
class Elms:
    season: Season
    race: Race
    classes: dict[str, RacingClass]
    entries: dict[str, Entry]
    drivers: dict[str, Driver] = field(default_factory=dict)


def build_elms(series: Any) -> Elms:
    """ELMS 2014 R1 Silverstone: classes LMP2/LMGTE/GTC, every car accepted, crews nominated."""
    season = factories.SeasonFactory(series=series, name="2014")
    classes = {
        code: factories.RacingClassFactory(season=season, code=code, order=i)
        for i, code in enumerate(("LMP2", "LMGTE", "GTC"))
    }
    event = factories.EventFactory(
        season=season,
        name="4 Hours of Silverstone",
        start_date=date(2014, 4, 18),
        end_date=date(2014, 4, 19),
    )
    race = factories.RaceFactory(event=event, round=1, scheduled_duration_min=240, race_date=date(2014, 4, 19))
    elms = Elms(season=season, race=race, classes=classes, entries={})
    text = silverstone_bytes().decode("utf-8")
    for line in csv.DictReader(io.StringIO(text), delimiter=";"):
        entry = accepted_entry(season, line, classes)
        elms.entries[entry.number] = entry
        for column in ("DRIVER_1", "DRIVER_2", "DRIVER_3", "DRIVER_4"):
            if line[column].strip():
                first, last = split_name(line[column])
                driver = factories.DriverFactory(first_name=first, last_name=last, nationality="GBR")
                elms.drivers[line[column].strip()] = driver
                Nomination.objects.create(entry=entry, event=event, driver=driver)
    return elms


# --- the ELMS 2014 season bundle ---------------------------------------------------------


def import_elms_2014(root: Any = None, bundle: Path = ELMS_BUNDLE) -> Season:
    """The bundle (official classification of round 1) imported by `root`, a new superuser by default."""
    if root is None:
        root = factories.UserFactory(superuser=True, username="root")
    return import_season(bundle, root).season


# --- the Asian Le Mans Series 2023-24 ----------------------------------------------------


@dataclass
class Aslms:
    season: Season
    races: dict[int, Race]  # by round
    classes: dict[str, RacingClass]
    entries: dict[str, Entry]
    drivers: dict[str, Driver] = field(default_factory=dict)  # by the name as the race files print it


def split_caps_name(name: str) -> tuple[str, str]:
    """'HH Prince Abdul RAHMAN IBRAHIM' → ('HH Prince Abdul', 'RAHMAN IBRAHIM'): the trailing capitals."""
    tokens = name.split()
    cut = len(tokens)
    while cut > 1 and tokens[cut - 1] == tokens[cut - 1].upper():
        cut -= 1
    return " ".join(tokens[:cut]), " ".join(tokens[cut:])


def build_aslms(series: Any) -> Aslms:
    """The season with every car of the five race files accepted and each weekend's crews nominated.

    Drivers are created without nationality and without an FIA category for the season, as a
    portal whose only source for them is the qualifying file would have them.
    """
    season = factories.SeasonFactory(series=series, name="2023-24")
    classes = {
        code: factories.RacingClassFactory(season=season, code=code, order=i)
        for i, code in enumerate(("LMP2", "LMP3", "GT"))
    }
    aslms = Aslms(season=season, races={}, classes=classes, entries={})
    for name, start, end, rounds in ASLMS_WEEKENDS.values():
        event = factories.EventFactory(season=season, name=name, start_date=start, end_date=end)
        nominated: set[tuple[str, int]] = set()
        for round_number in rounds:
            # Why the last race on the last day: Dubai's only race ran on Sunday 4 Feb (its file says so).
            race_date = end if round_number == rounds[-1] else start
            race = factories.RaceFactory(event=event, round=round_number, race_date=race_date)
            aslms.races[round_number] = race
            text = RACE_FILES[round_number].read_text(encoding="utf-8")
            for line in csv.DictReader(io.StringIO(text)):
                entry = _aslms_entry(aslms, line)
                for column in (f"DRIVER_{n}" for n in range(1, 7)):
                    driver_name = (line.get(column) or "").strip()
                    if not driver_name:
                        continue
                    driver = _aslms_driver(aslms, driver_name)
                    if (entry.number, driver.pk) not in nominated:
                        nominated.add((entry.number, driver.pk))
                        Nomination.objects.create(entry=entry, event=event, driver=driver)
    return aslms


def _aslms_entry(aslms: Aslms, line: dict[str, str]) -> Entry:
    number = line["NUMBER"].strip()
    if number not in aslms.entries:
        aslms.entries[number] = factories.EntryFactory(
            season=aslms.season,
            number=number,
            racing_class=aslms.classes[line["CLASS"].strip()],
            team=factories.TeamFactory(name=line["TEAM"].strip(), country=""),
            kind=EntryKind.FULL_SEASON,
            status=EntryStatus.ACCEPTED,
            car_model=None,
        )
    return aslms.entries[number]


def _aslms_driver(aslms: Aslms, name: str) -> Driver:
    if name not in aslms.drivers:
        first, last = split_caps_name(name)
        aslms.drivers[name] = factories.DriverFactory(first_name=first, last_name=last, nationality="")
    return aslms.drivers[name]


# --- FIA WEC 2024, 6 Hours of Spa (the newer Al Kamel layout) ------------------------------


def build_spa(series: Any) -> Elms:
    """The race's season, classes and accepted entries with their crews, built from the real file.

    Drivers are created without nationality and without an FIA category for the season: the
    file fills them in.
    """
    season = factories.SeasonFactory(series=series, name="2024")
    classes = {
        code: factories.RacingClassFactory(season=season, code=code, order=i)
        for i, code in enumerate(("HYPERCAR", "LMGT3"))
    }
    # ACO points (DESIGN.md): 25-18-15-12-10-8-6-4-2-1, 0.5 for every other classified car.
    PointsRules.objects.update_or_create(
        season=season, race=None, defaults={"scale": "25 18 15 12 10 8 6 4 2 1", "beyond_scale": Decimal("0.5")}
    )
    event = factories.EventFactory(
        season=season, name="6 Hours of Spa-Francorchamps", start_date=date(2024, 5, 9), end_date=date(2024, 5, 11)
    )
    race = factories.RaceFactory(event=event, round=1, scheduled_duration_min=360, race_date=date(2024, 5, 11))
    spa = Elms(season=season, race=race, classes=classes, entries={})
    for line in csv.DictReader(io.StringIO(SPA_2024.read_text(encoding="utf-8"))):
        entry = accepted_entry(season, line, classes)
        spa.entries[entry.number] = entry
        for n in range(1, 7):
            first, last = (
                (line.get(f"DRIVER{n}_FIRSTNAME") or "").strip(),
                (line.get(f"DRIVER{n}_SECONDNAME") or "").strip(),
            )
            if first or last:
                driver = factories.DriverFactory(first_name=first, last_name=last, nationality="")
                spa.drivers[f"{first} {last}"] = driver
                Nomination.objects.create(entry=entry, event=event, driver=driver)
    return spa


# --- Sepang 2023 race 1 against an entry list that disagrees with it ---------------------


@dataclass
class Sepang:
    """The 4 Hours of Sepang 2023 (two races) with an entry list built from the race 1 file, except:

    - `removed`: drivers of the file not nominated for their car (late driver changes); each stays
      on the portal (nominated at a former season) unless it is in `unknown`, which is deleted;
    - `unlisted`: a car of the file that is not on the entry list;
    - `absent`: an accepted entry the file does not list.
    """

    season: Season
    race: Race
    race_2: Race
    classes: dict[str, RacingClass]
    entries: dict[str, Entry]
    drivers: dict[str, Driver]
    removed: dict[str, str]  # driver name as printed → car number
    unknown: tuple[str, ...]
    unlisted: str
    absent: Entry


SEPANG_REMOVED = {"Louis DELÉTRAZ": "99", "Alessio ROVERA": "83", "Charlie EASTWOOD": "90"}
SEPANG_UNKNOWN = ("Charlie EASTWOOD",)
SEPANG_UNLISTED = "20"


def build_sepang(series: Any, manager: Any = None) -> Sepang:
    """Race 1 on 2 Dec 2023 at 14:00 (4 h) and race 2 the next day; every driver Silver for the season.

    `manager` manages the team of car #99 (the car of a late driver change).
    """
    season = factories.SeasonFactory(series=series, name="2023-24")
    classes = {
        code: factories.RacingClassFactory(season=season, code=code, order=i)
        for i, code in enumerate(("LMP2", "LMP3", "GT"))
    }
    event = factories.EventFactory(
        season=season, name="4 Hours of Sepang", start_date=date(2023, 12, 2), end_date=date(2023, 12, 3)
    )
    race = factories.RaceFactory(
        event=event, round=1, race_date=date(2023, 12, 2), start_time=time(14, 0), scheduled_duration_min=240
    )
    race_2 = factories.RaceFactory(
        event=event, round=2, race_date=date(2023, 12, 3), start_time=time(14, 0), scheduled_duration_min=240
    )
    former = factories.SeasonFactory(series=series, name="2022-23")
    former_event = factories.EventFactory(season=former, name="4 Hours of Dubai 2023")
    former_class = factories.RacingClassFactory(season=former, code="LMP2")
    former_entry = factories.EntryFactory(season=former, number="1", racing_class=former_class, status="accepted")
    entries: dict[str, Entry] = {}
    drivers: dict[str, Driver] = {}
    for line in aslms_rows(RACE_FILES[1]):
        number = line["NUMBER"].strip()
        if number == SEPANG_UNLISTED:
            continue
        team = factories.TeamFactory(name=line["TEAM"].strip(), country="")
        if manager is not None and number == "99":
            team.managers.add(manager)
        entry = factories.EntryFactory(
            season=season,
            number=number,
            racing_class=classes[line["CLASS"].strip()],
            team=team,
            kind=EntryKind.FULL_SEASON,
            status=EntryStatus.ACCEPTED,
            car_model=None,
        )
        entries[number] = entry
        for column in (f"DRIVER_{n}" for n in range(1, 6)):
            name = (line.get(column) or "").strip()
            if not name or name in SEPANG_UNKNOWN:
                continue
            first, last = split_caps_name(name)
            driver = factories.DriverFactory(first_name=first, last_name=last.title(), nationality="")
            factories.DriverCategoryFactory(driver=driver, season=season, category="silver")
            drivers[name] = driver
            if name in SEPANG_REMOVED:
                Nomination.objects.create(entry=former_entry, event=former_event, driver=driver)
            else:
                Nomination.objects.create(entry=entry, event=event, driver=driver)
    absent = factories.EntryFactory(
        season=season,
        number="98",
        racing_class=classes["GT"],
        team=factories.TeamFactory(name="Absent Racing", country=""),
        kind=EntryKind.FULL_SEASON,
        status=EntryStatus.ACCEPTED,
        car_model=None,
    )
    return Sepang(
        season=season,
        race=race,
        race_2=race_2,
        classes=classes,
        entries=entries,
        drivers=drivers,
        removed=SEPANG_REMOVED,
        unknown=SEPANG_UNKNOWN,
        unlisted=SEPANG_UNLISTED,
        absent=absent,
    )
