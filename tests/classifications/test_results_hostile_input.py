"""Hostile or absurd uploads: a specific message in the dry run, never a 500, nothing written.

Values the database would refuse (numbers past its integer range, text past a column's
max_length) are found by the parsers with the limits the upload service reads from the models;
workbooks that would expand to gigabytes or declare XML entities are refused before openpyxl.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from results.classifications.models import ClassificationVersion, PendingUpload, ResultRow
from results.classifications.parsing import parse_classification, template, write_template_xlsx
from results.classifications.parsing.xlsx_safety import MAX_UNCOMPRESSED_BYTES
from tests.helpers import client_for, post_upload
from tests.scenarios import TEMPLATE_HEADER, Elms, edited_silverstone, silverstone_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def refused(elms: Elms, world: Any, data: bytes, filename: str = "results.csv") -> list[str]:
    """The problems the upload page lists for `data`; checks nothing was written and no 500."""
    response = post_upload(client_for(world.aco_steward), elms.race, data, filename)
    # Why 400: the steward pages answer a refused file with 400 and the form with its problems.
    assert response.status_code == 400
    assert PendingUpload.objects.count() == 0 and ClassificationVersion.objects.count() == 0
    body = response.content.decode()
    assert "The file was not imported; nothing was saved." in body
    return [line for line in body.split("<li>")[1:]]


def problem_in(problems: list[str], text: str) -> bool:
    return any(text in problem for problem in problems)


def test_it_refuses_numbers_of_thousands_of_digits(elms: Elms, world: Any) -> None:
    problems = refused(elms, world, edited_silverstone({(3, "LAPS"): "9" * 5000, (4, "POSITION"): "1" * 3000}))
    assert problem_in(problems, "row 3, column LAPS: a number of 5000 digits is too large (at most 2147483647)")
    assert problem_in(problems, "row 4, column POSITION: a number of 3000 digits is too large")


def test_it_refuses_times_of_thousands_of_digits(elms: Elms, world: Any) -> None:
    problems = refused(elms, world, edited_silverstone({(3, "TOTAL_TIME"): "4:00'" + "1" * 5000}))
    assert problem_in(problems, "row 3, column TOTAL_TIME: ")
    assert problem_in(problems, "... (5005 characters) is not a time")


def test_it_refuses_laps_beyond_the_database_integer_range(elms: Elms, world: Any) -> None:
    assert ResultRow._meta.get_field("laps").get_internal_type() == "PositiveIntegerField"
    problems = refused(elms, world, edited_silverstone({(3, "LAPS"): "2147483648"}))
    assert problem_in(problems, "row 3, column LAPS: &#x27;2147483648&#x27; is too large (at most 2147483647)")


def test_it_refuses_text_longer_than_its_column(elms: Elms, world: Any) -> None:
    team_limit = ResultRow._meta.get_field("team").max_length
    assert team_limit is not None
    data = edited_silverstone(
        {
            (2, "TEAM"): "T" * (team_limit + 1),
            (3, "CLASS"): "L" * 21,
            (4, "DRIVER_1"): "Pierre " + "X" * 300,
            (5, "VEHICLE"): "V" * 201,
        }
    )
    problems = refused(elms, world, data)
    assert problem_in(problems, f"row 2, column TEAM: {team_limit + 1} characters is too long (at most {team_limit})")
    assert problem_in(problems, "row 3, column CLASS: 21 characters is too long (at most 20)")
    assert problem_in(problems, "row 4, column DRIVER_1: driver name of 307 characters is too long (at most 201)")
    assert problem_in(problems, "row 5, column VEHICLE: 201 characters is too long (at most 200)")


def test_it_refuses_a_car_number_longer_than_its_column(elms: Elms, world: Any) -> None:
    problems = refused(elms, world, edited_silverstone({(3, "NUMBER"): "12345"}))
    assert problem_in(problems, "row 3, column NUMBER: car number &#x27;12345&#x27; is too long (at most 4 digits)")


def _workbook() -> bytes:
    return write_template_xlsx(parse_classification(silverstone_bytes(), "s.csv").rows)


def _rezipped(workbook: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(workbook))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()


def test_it_refuses_a_workbook_that_expands_past_the_limit(elms: Elms, world: Any) -> None:
    bomb = _rezipped(_workbook(), {}, {"xl/media/padding.bin": b"\0" * (MAX_UNCOMPRESSED_BYTES + 1)})
    assert len(bomb) < 1024 * 1024
    problems = refused(elms, world, bomb, "r.xlsx")
    assert problem_in(problems, "file is not an Excel workbook Paddock can open safely: it expands to 50 MB")


def test_it_refuses_a_workbook_part_compressed_absurdly(elms: Elms, world: Any) -> None:
    sheet = "xl/worksheets/sheet1.xml"
    workbook = _workbook()
    original = zipfile.ZipFile(io.BytesIO(workbook)).read(sheet)
    padded = original.replace(b"</worksheet>", b"<!--" + b" " * (5 * 1024 * 1024) + b"--></worksheet>")
    problems = refused(elms, world, _rezipped(workbook, {sheet: padded}), "r.xlsx")
    assert problem_in(problems, f"part {sheet} is compressed")
    assert problem_in(problems, "(a decompression bomb?)")


@pytest.mark.parametrize(
    "declaration",
    [
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>',
        b'<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    ],
    ids=["billion-laughs", "xxe"],
)
def test_it_refuses_a_workbook_declaring_xml_entities(elms: Elms, world: Any, declaration: bytes) -> None:
    sheet = "xl/worksheets/sheet1.xml"
    workbook = _workbook()
    original = zipfile.ZipFile(io.BytesIO(workbook)).read(sheet)
    declaration_end = original.index(b"?>") + 2 if original.startswith(b"<?xml") else 0
    hostile = original[:declaration_end] + declaration + original[declaration_end:]
    problems = refused(elms, world, _rezipped(workbook, {sheet: hostile}), "r.xlsx")
    assert problem_in(problems, f"part {sheet} declares a DOCTYPE or XML entities")


def test_it_still_accepts_the_workbook_it_writes(elms: Elms, world: Any) -> None:
    response = post_upload(client_for(world.aco_steward), elms.race, _workbook(), "r.xlsx")
    assert response.status_code == 200 and PendingUpload.objects.count() == 1


def test_it_refuses_a_sheet_with_too_many_cells(elms: Elms, world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Why patched: the real limit (100,000 cells) would need a workbook that takes seconds to write.
    monkeypatch.setattr(template, "MAX_XLSX_CELLS", 50)
    rows = [TEMPLATE_HEADER] + [[str(n)] * 10 for n in range(1, 10)]
    problems = refused(elms, world, xlsx_bytes(("Results", rows)), "r.xlsx")
    assert problem_in(problems, "sheet has more than 50 cells; a classification has one row per car")
