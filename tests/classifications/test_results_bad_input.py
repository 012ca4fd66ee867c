"""Every bad upload is refused with a specific error (row, column) and nothing is written."""

from __future__ import annotations

import csv
import dataclasses
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from results.classifications.forms import UploadForm
from results.classifications.models import ClassificationVersion, PendingUpload
from results.classifications.parsing import (
    MAX_UPLOAD_BYTES,
    ClassificationFileError,
    parse_classification,
    write_template_csv,
    write_template_xlsx,
)
from tests import factories
from tests.helpers import confirm, preview, upload
from tests.scenarios import TEMPLATE_HEADER, Elms, edited_silverstone, silverstone_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def problems_of(elms: Elms, user: Any, data: bytes, filename: str = "results.csv") -> list[str]:
    with pytest.raises(ClassificationFileError) as caught:
        preview(elms, user, data=data, filename=filename)
    assert ClassificationVersion.objects.count() == 0
    assert PendingUpload.objects.count() == 0
    return [str(problem) for problem in caught.value.errors]


def template_rows(**changes: Any) -> list[Any]:
    rows = list(parse_classification(silverstone_bytes(), "x.csv").rows)
    first = dataclasses.replace(rows[0], **changes)
    return [first, *rows[1:]]


def test_it_accepts_the_portal_template_as_csv_and_xlsx(elms: Elms, world: Any) -> None:
    rows = template_rows()
    for data, name, fmt in (
        (write_template_csv(rows), "r.csv", "template-csv"),
        (write_template_xlsx(rows), "r.xlsx", "template-xlsx"),
    ):
        version = upload(elms, world.aco_steward, data=data, filename=name)
        assert version.file_format == fmt
        assert version.rows.count() == 38
    assert list(ClassificationVersion.objects.values_list("version", flat=True).order_by("version")) == [1, 2]


def differences_of(elms: Elms, user: Any, data: bytes) -> list[str]:
    """The differences the dry run lists; confirming without resolving them saves nothing."""
    checked = preview(elms, user, data=data, filename="results.csv")
    with pytest.raises(ValidationError) as caught:
        confirm(checked, user)
    assert ClassificationVersion.objects.count() == 0
    listed = [f"{d.kind}: {d.message}" for d in checked.reconciliation.differences]
    # The drivers of a car not on the list wait for that car's way (a late entry needs them, staff do not).
    open_ones = [d for d in checked.reconciliation.differences if not d.parent]
    assert caught.value.messages == [f"Choose how to resolve: {d.message}." for d in open_ones]
    return listed


def test_it_lists_an_unknown_car_number_as_a_difference_with_its_row(elms: Elms, world: Any) -> None:
    data = edited_silverstone({(3, "NUMBER"): "999"})
    assert differences_of(elms, world.aco_steward, data) == [
        "unknown_car: row 3: car #999 (Race Performance, LMP2) is not on the accepted entry list",
        "late_driver: row 3: Michel FREY is not nominated for this car",
        "late_driver: row 3: Franck MAILLEUX is not nominated for this car",
        "missing_car: car #34 (LMP2) is on the entry list but not in the file",
    ]


def test_it_reports_a_car_in_the_wrong_class(elms: Elms, world: Any) -> None:
    data = edited_silverstone({(10, "CLASS"): "GTC"})
    assert problems_of(elms, world.aco_steward, data) == ["row 10, column CLASS: car 55 is entered in LMGTE, not GTC"]


def test_it_reports_a_car_in_the_wrong_cup(elms: Elms, world: Any) -> None:
    am = factories.CupFactory(season=elms.season, code="Am", racing_class=elms.classes["LMP2"])
    elms.entries["46"].cup = am
    elms.entries["46"].save()
    data = write_template_csv(template_rows(cup_code="Pro"))
    assert problems_of(elms, world.aco_steward, data) == ["row 2, column cup: car 46 is entered in the Am cup, not PRO"]


def test_it_lists_a_driver_not_nominated_for_the_car_as_a_late_driver_change(elms: Elms, world: Any) -> None:
    data = edited_silverstone({(2, "DRIVER_2"): "Olivier PLA"})
    assert differences_of(elms, world.aco_steward, data) == [
        "late_driver: row 2: Olivier PLA is not nominated for car #46 at this event"
    ]


def test_it_lists_a_driver_nominated_for_another_car_with_the_existing_driver_offered(elms: Elms, world: Any) -> None:
    data = edited_silverstone({(2, "DRIVER_3"): "Michel FREY"})
    assert differences_of(elms, world.aco_steward, data) == [
        "late_driver: row 2: Michel FREY is not nominated for car #46 at this event"
    ]
    [difference] = preview(elms, world.aco_steward, data=data).reconciliation.differences
    assert difference.values == (f"driver:{elms.drivers['Michel FREY'].pk}", "new")


def test_it_ignores_withdrawn_nominations_and_entries_not_accepted(elms: Elms, world: Any) -> None:
    nomination = elms.entries["46"].nominations.get(driver=elms.drivers["Ludovic BADEY"])
    nomination.removed_at = nomination.added_at
    nomination.save()
    elms.entries["34"].status = "withdrawn"
    elms.entries["34"].save()
    listed = differences_of(elms, world.aco_steward, silverstone_bytes())
    assert listed[:2] == [
        "late_driver: row 2: Ludovic BADEY is not nominated for car #46 at this event",
        "unknown_car: row 3: car #34 (Race Performance, LMP2) is not on the accepted entry list",
    ]


def test_it_reports_duplicate_numbers_and_positions(elms: Elms, world: Any) -> None:
    data = edited_silverstone({(3, "NUMBER"): "46", (5, "POSITION"): "3"})
    problems = problems_of(elms, world.aco_steward, data)
    assert "row 3, column NUMBER: car 46 appears on rows 2 and 3" in problems
    assert "row 5, column POSITION: position 3 appears on rows 4 and 5" in problems


def test_it_reports_impossible_laps_and_times(elms: Elms, world: Any) -> None:
    data = edited_silverstone({(3, "LAPS"): "119"})
    assert problems_of(elms, world.aco_steward, data) == [
        "row 3: 119 laps is more than the 118 laps of the car classified ahead (row 2)"
    ]
    data = edited_silverstone({(3, "TOTAL_TIME"): "4:00'00.000"})
    assert "less than the 4:00'29.711 of the car classified ahead" in problems_of(elms, world.aco_steward, data)[0]
    data = edited_silverstone({(3, "LAPS"): "-5"})
    assert problems_of(elms, world.aco_steward, data)[0].startswith("row 3, column LAPS")


def test_it_reports_a_missing_required_column(elms: Elms, world: Any) -> None:
    data = silverstone_bytes().replace(b";LAPS;", b";TOURS;", 1)
    [problem] = problems_of(elms, world.aco_steward, data)
    assert "missing Al Kamel columns: LAPS" in problem


def test_it_refuses_utf16_and_names_the_8_bit_encoding_used(elms: Elms, world: Any) -> None:
    utf16 = silverstone_bytes().decode("utf-8").encode("utf-16")
    assert problems_of(elms, world.aco_steward, utf16) == ["file is not text in UTF-8 or Latin-1 (looks like UTF-16)"]
    # Latin-1 accents are the same bytes in Windows-1252, which is tried first.
    eight_bit = silverstone_bytes().decode("utf-8").encode("latin-1")
    assert preview(elms, world.aco_steward, data=eight_bit, filename="r.csv").encoding == "cp1252"
    # 0x81 is undefined in Windows-1252: only Latin-1 reads it.
    latin1_only = eight_bit.replace(b"Thiriet By TDS Racing", b"Thiriet By TDS Racing\x81", 1)
    assert preview(elms, world.aco_steward, data=latin1_only, filename="r.csv").encoding == "latin-1"


def test_it_refuses_a_tab_separated_al_kamel_file(elms: Elms, world: Any) -> None:
    data = silverstone_bytes().replace(b";", b"\t")
    assert problems_of(elms, world.aco_steward, data) == [
        "wrong delimiter: expected ';' or ',' for Al Kamel files, found a tab"
    ]


def test_it_accepts_the_al_kamel_columns_separated_by_commas(elms: Elms, world: Any) -> None:
    rows = list(csv.reader(io.StringIO(silverstone_bytes().decode("utf-8")), delimiter=";"))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    version = upload(elms, world.aco_steward, data=buffer.getvalue().encode("utf-8"), filename="r.csv")
    assert version.file_format == "alkamel" and version.rows.count() == 38


def test_it_refuses_an_xlsx_with_extra_sheets(elms: Elms, world: Any) -> None:
    data = xlsx_bytes(("Results", [TEMPLATE_HEADER]), ("Notes", [["hello"]]))
    [problem] = problems_of(elms, world.aco_steward, data, "r.xlsx")
    assert problem.startswith("workbook has 2 sheets (Results, Notes)")


def test_it_refuses_an_xlsx_with_formulas(elms: Elms, world: Any) -> None:
    row = [
        1,
        "46",
        "LMP2",
        "",
        "Thiriet By TDS Racing",
        "Pierre THIRIET",
        "classified",
        "=100+18",
        "",
        "",
    ]
    data = xlsx_bytes(("Results", [TEMPLATE_HEADER, row]))
    problems = problems_of(elms, world.aco_steward, data, "r.xlsx")
    assert any("column laps: formulas are not accepted" in p for p in problems)


def test_it_refuses_an_empty_file(elms: Elms, world: Any) -> None:
    assert problems_of(elms, world.aco_steward, b"") == ["file is empty"]
    assert problems_of(elms, world.aco_steward, b" \n\n") == ["file is empty"]


def test_it_refuses_a_50_mb_file(elms: Elms, world: Any) -> None:
    [problem] = problems_of(elms, world.aco_steward, b"x" * (50 * 1024 * 1024))
    assert problem == "file is too large (50.0 MB); the limit is 5 MB"


def test_it_refuses_a_file_just_over_the_limit_with_one_message_on_the_form_and_in_the_service(
    elms: Elms, world: Any
) -> None:
    data = b"x" * (MAX_UPLOAD_BYTES + 1)
    [problem] = problems_of(elms, world.aco_steward, data)
    form = UploadForm(files={"file": SimpleUploadedFile("r.csv", data)})
    assert not form.is_valid()
    assert form.errors["file"] == [problem] == ["file is too large (5.1 MB); the limit is 5 MB"]


def test_it_refuses_a_huge_upload_on_the_form_from_its_size_alone() -> None:
    upload = SimpleUploadedFile("r.csv", b"POSITION;NUMBER\n")
    upload.size = 50 * 1024 * 1024  # what Django reports for a file spooled to disk
    form = UploadForm(files={"file": upload})
    assert not form.is_valid()
    assert form.errors["file"] == ["file is too large (50.0 MB); the limit is 5 MB"]


def test_it_refuses_a_header_from_another_format(elms: Elms, world: Any) -> None:
    data = b"championship,class,position,competitor,number,points,results\ndrivers,LMP2,1,A,46,25,1\n"
    [problem] = problems_of(elms, world.aco_steward, data)
    assert problem.startswith("header not recognised")
