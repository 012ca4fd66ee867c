"""Driver names of the real Asian Le Mans 2023-24 files match the same driver at every event."""

from __future__ import annotations

from dataclasses import replace

from entries.names import name_key, split_name
from results.classifications.matching import ListedEntry, NominatedDriver, match_entries
from results.classifications.parsing import parse_classification
from tests.scenarios import ASLMS_SEPANG_R1, ASLMS_YAS_R1, aslms_alkamel_bytes, aslms_rows

DRIVER_COLUMNS = ("DRIVER_1", "DRIVER_2", "DRIVER_3", "DRIVER_4", "DRIVER_5")


def _entry_list_as_nominated_at_sepang() -> tuple[list[ListedEntry], dict[str, int]]:
    """The entry list with the crews as the Sepang file names them, stored as an entry form would
    (family names title-cased, some accents dropped); drivers who joined a car later are nominated
    as the Yas Marina file names them. Returns the driver ids by the spelling first seen."""
    ids: dict[str, int] = {}
    crews: dict[str, list[NominatedDriver]] = {}
    classes: dict[str, str] = {}
    for path in (ASLMS_SEPANG_R1, ASLMS_YAS_R1):
        for line in aslms_rows(path):
            crew = crews.setdefault(line["NUMBER"], [])
            classes.setdefault(line["NUMBER"], line["CLASS"])
            for column in DRIVER_COLUMNS:
                name = (line.get(column) or "").strip()
                given, family = split_name(name)
                first_family_word = name_key(family.split("-")[0])
                if not name or any(first_family_word in name_key(d.last_name) for d in crew):
                    continue  # already in the crew (perhaps spelled otherwise)
                ids[name] = len(ids) + 1
                crew.append(NominatedDriver(ids[name], given, family.title().replace("É", "E").replace("é", "e")))
    entries = [
        ListedEntry(index, number, classes[number], "", drivers=tuple(crew))
        for index, (number, crew) in enumerate(crews.items(), start=1)
    ]
    return entries, ids


def test_it_matches_the_real_drivers_of_yas_marina_to_their_sepang_nominations() -> None:
    entries, ids = _entry_list_as_nominated_at_sepang()
    parsed = parse_classification(aslms_alkamel_bytes(ASLMS_YAS_R1), ASLMS_YAS_R1.name)

    result = match_entries(parsed, entries)

    assert result.problems == []
    crews = {m.row.number: m.driver_ids for m in result.matches}
    # Sepang: "Ferdinand HABSBURG-LOTHRINGEN"; Yas Marina: "Ferdinand HABSBURG".
    assert ids["Ferdinand HABSBURG-LOTHRINGEN"] in crews["24"]
    assert any("Ferdinand HABSBURG taken as Ferdinand Habsburg-Lothringen" in w for w in result.warnings)
    assert ids["HH Prince Abdul RAHMAN IBRAHIM"] in crews["88"]
    assert ids["François PERRODO"] in crews["83"]
    assert ids["Louis DELÉTRAZ"] in crews["99"]
    assert ids["Laurents HÖRR"] in crews["3"]


def test_it_refuses_a_shortened_name_that_fits_two_drivers_of_the_crew() -> None:
    parsed = parse_classification(aslms_alkamel_bytes(ASLMS_YAS_R1), ASLMS_YAS_R1.name)
    entries, _ = _entry_list_as_nominated_at_sepang()
    crew_24 = (
        NominatedDriver(901, "Ian", "Loggie"),
        NominatedDriver(902, "Alejandro", "Garcia"),
        NominatedDriver(903, "Ferdinand", "Habsburg-Lothringen"),
        NominatedDriver(904, "Ferdinand", "Habsburg-Tuscany"),
    )
    entries = [ListedEntry(e.entry_id, e.number, e.class_code, "", crew_24) if e.number == "24" else e for e in entries]

    result = match_entries(parsed, entries)

    assert [str(p) for p in result.problems] == [
        "row 10, column DRIVER_3: Ferdinand HABSBURG is not nominated for car 24 at this event"
    ]


def test_it_matches_a_titled_name_to_a_nominee_entered_without_the_title() -> None:
    parsed = parse_classification(aslms_alkamel_bytes(ASLMS_YAS_R1), ASLMS_YAS_R1.name)
    entries, ids = _entry_list_as_nominated_at_sepang()
    untitled = NominatedDriver(ids["HH Prince Abdul RAHMAN IBRAHIM"], "Abdul", "Rahman Ibrahim")
    entries = [
        replace(e, drivers=tuple(untitled if d.driver_id == untitled.driver_id else d for d in e.drivers))
        for e in entries
    ]

    result = match_entries(parsed, entries)

    assert result.problems == []
    assert untitled.driver_id in {m.row.number: m.driver_ids for m in result.matches}["88"]
    assert any("HH Prince Abdul RAHMAN IBRAHIM taken as Abdul Rahman Ibrahim" in w for w in result.warnings)
