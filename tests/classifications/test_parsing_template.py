from __future__ import annotations

import csv
import dataclasses
import io
from datetime import time, timedelta

import openpyxl
import pytest

from results.classifications.parsing import (
    ParsedRow,
    escape_cell,
    parse_classification,
    write_template_csv,
    write_template_xlsx,
)
from results.classifications.parsing.template import WRITTEN_COLUMNS, cell_text
from tests.helpers import parse_problems
from tests.scenarios import (
    TEMPLATE_HEADER,
    silverstone_bytes,
    template_csv,
    xlsx_bytes,
)


def comparable(rows: tuple[ParsedRow, ...]) -> list[ParsedRow]:
    """Rows without what a format cannot carry: the source's raw cells and printed gaps."""
    return [dataclasses.replace(row, raw={}, gap_first="") for row in rows]


# --- CSV -------------------------------------------------------------------------


def test_it_reads_a_template_csv() -> None:
    parsed = parse_classification(
        template_csv(
            "1,7,gt3,pro-am, Team A ,Ann ONE | Bob TWO|,Classified,100,4:00'01.5,1'51.631",
            "2,11,GT3,,Team B,Cid THREE,DNF,,,",
        ),
        "results.csv",
    )
    assert (parsed.format, parsed.encoding, parsed.warnings) == ("template-csv", "utf-8", ())
    first, second = parsed.rows
    assert first == ParsedRow(
        row_number=2,
        position=1,
        number="7",
        class_code="gt3",  # as written: matching finds the class as configured
        cup_code="PRO-AM",
        team="Team A",
        drivers=("Ann ONE", "Bob TWO"),
        vehicle="",
        status="classified",
        laps=100,
        total_time_ms=14_401_500,
        best_lap_ms=111_631,
        gap_first="",
        raw=first.raw,
    )
    assert first.raw["team"] == " Team A "
    assert (second.status, second.laps, second.total_time_ms, second.best_lap_ms) == (
        "dnf",
        None,
        None,
        None,
    )


def test_it_reads_columns_in_any_order_and_case_and_ignores_extras() -> None:
    data = (
        b"Status,DRIVERS,Team,Class,Number,Position,Comment,Vehicle\n"
        b"dns,Ann ONE,Team A,LMP3,3,2,did not start,Ligier JS P320\n"
        b"classified,Bob TWO,Team B,LMP3,5,1,,Duqueine D08\n"
    )
    rows = parse_classification(data, "results.csv").rows
    assert [(row.position, row.number, row.status, row.vehicle) for row in rows] == [
        (1, "5", "classified", "Duqueine D08"),
        (2, "3", "dns", "Ligier JS P320"),
    ]
    assert [row.row_number for row in rows] == [3, 2]


@pytest.mark.parametrize("code", ["classified", "NC", "Dnf", "dns", "DSQ", "ex"])
def test_it_accepts_status_codes_in_any_case(code: str) -> None:
    rows = parse_classification(template_csv(f"1,7,GT,,T,A,{code},,,"), "r.csv").rows
    assert rows[0].status == code.lower()


def test_it_rejects_an_unknown_template_status() -> None:
    assert parse_problems(template_csv("1,7,GT,,T,A,Retired,,,")) == [
        "row 2, column status: 'Retired' is not a known status (expected classified, nc, dnf, dns, dsq, ex)"
    ]


def test_it_rejects_a_template_row_with_too_many_fields() -> None:
    assert parse_problems(template_csv("1,7,GT,,T,A,dnf,,,", "2,8,GT,,T,A,B,dnf,,,")) == [
        "row 3: has 11 fields but the header has 10 (check for a missing or extra ',')"
    ]


def test_it_skips_blank_lines_but_keeps_real_row_numbers() -> None:
    rows = parse_classification(template_csv("1,7,GT,,T,A,dnf,,,", ",,,,,,,,,", "", "2,8,GT,,T,B,dnf,,,"), "r.csv").rows
    assert [row.row_number for row in rows] == [2, 5]


def test_it_applies_the_order_rules_to_templates_too() -> None:
    assert parse_problems(
        template_csv("1,7,GT,,T,A,classified,50,,", "2,8,GT,,T,B,classified,51,,", "2,9,GT,,T,C,dnf,3,,")
    ) == [
        "row 4, column position: position 2 appears on rows 3 and 4",
    ]
    assert parse_problems(
        template_csv("1,7,GT,,T,A,classified,50,,", "2,8,GT,,T,B,classified,51,,", "3,9,GT,,T,C,dnf,3,,")
    ) == [
        "row 3: 51 laps is more than the 50 laps of the car classified ahead (row 2)",
    ]


# --- XLSX ------------------------------------------------------------------------


def test_it_reads_a_template_workbook_converting_numbers_and_times() -> None:
    data = xlsx_bytes(
        (
            "Results",
            [
                TEMPLATE_HEADER,
                [
                    1.0,
                    7.0,
                    "GT",
                    None,
                    "Team A",
                    "Ann|Bob",
                    "classified",
                    100.0,
                    time(4, 0, 29, 711000),
                    111.631,
                ],
                [
                    2,
                    71,
                    "GT",
                    None,
                    "Team B",
                    "Cid",
                    "classified",
                    99,
                    timedelta(hours=25, seconds=1.5),
                    None,
                ],
            ],
        )
    )
    parsed = parse_classification(data, "results.xlsx")
    assert (parsed.format, parsed.encoding) == ("template-xlsx", "utf-8")
    first, second = parsed.rows
    assert (first.position, first.number, first.laps) == (1, "7", 100)
    assert (first.total_time_ms, first.best_lap_ms) == (14_429_711, 111_631)
    assert first.raw["number"] == "7"
    assert (second.number, second.total_time_ms, second.best_lap_ms) == ("71", 90_001_500, None)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (7, "7"),
        (7.0, "7"),
        (7.5, "7.5"),
        (True, "true"),
        ("  x ", "  x "),
        (time(0, 1, 51, 631000), "1'51.631"),
    ],
)
def test_it_converts_spreadsheet_values_to_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_it_rejects_a_workbook_with_more_than_one_sheet() -> None:
    data = xlsx_bytes(("Results", [TEMPLATE_HEADER]), ("Notes", [["hello"]]))
    assert parse_problems(data, "results.xlsx") == [
        "workbook has 2 sheets (Results, Notes); upload a workbook with one sheet"
    ]


def test_it_rejects_formulas_naming_every_cell() -> None:
    data = xlsx_bytes(
        (
            "Results",
            [
                TEMPLATE_HEADER,
                [1, 7, "GT", None, "T", "A", "classified", 100, "4:00'00.000", None],
                ["=A2+1", 8, "GT", None, "T", "B", "classified", 100, "4:00'01.000", None],
                [3, 9, "GT", None, "T", "C", "classified", 99, "=B2+1", None],
            ],
        )
    )
    assert parse_problems(data, "results.xlsx") == [
        "row 3, column position: formulas are not accepted (=A2+1); paste values only",
        "row 4, column total_time: formulas are not accepted (=B2+1); paste values only",
    ]


def test_it_rejects_an_empty_workbook_and_a_header_only_workbook() -> None:
    assert parse_problems(xlsx_bytes(("Results", [])), "r.xlsx") == ["file is empty"]
    assert parse_problems(xlsx_bytes(("Results", [TEMPLATE_HEADER])), "r.xlsx") == [
        "file has a header but no result rows"
    ]


def test_it_rejects_an_al_kamel_header_in_a_workbook() -> None:
    header = ["POSITION", "NUMBER", "TEAM", "DRIVER_1", "CLASS", "STATUS", "LAPS", "TOTAL_TIME"]
    assert parse_problems(xlsx_bytes(("Results", [header, [1] * 8])), "r.xlsx") == [
        "header not recognised: expected an Al Kamel classification (POSITION;NUMBER;...) "
        "or the portal template (position,number,class,...); missing columns: drivers",
    ]


def test_it_reports_row_problems_of_a_workbook_by_spreadsheet_row() -> None:
    data = xlsx_bytes(
        (
            "Results",
            [
                [],
                TEMPLATE_HEADER,
                [1, 7, "GT", None, "T", "A", "classified", "many", None, None],
            ],
        )
    )
    assert parse_problems(data, "r.xlsx") == ["row 3, column laps: 'many' is not a whole number"]


# --- writing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 Racing", "'+33 Racing"),
        ("-12 Laps", "'-12 Laps"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("-12", "-12"),
        ("+1.5", "+1.5"),
        ("Team A", "Team A"),
        ("", ""),
        ("A=B", "A=B"),
    ],
)
def test_it_escapes_text_a_spreadsheet_would_run_as_a_formula(text: str, escaped: str) -> None:
    assert escape_cell(text) == escaped


def hostile_row() -> ParsedRow:
    return ParsedRow(
        row_number=2,
        position=1,
        number="7",
        class_code="GT",
        cup_code="AM",
        team="=cmd|'/C calc'!A0",
        drivers=("@Ann", "-Bob"),
        vehicle="+Car",
        status="dnf",
        laps=12,
        total_time_ms=None,
        best_lap_ms=111_631,
        gap_first="",
        raw={},
    )


def test_it_writes_an_escaped_csv_with_a_bom() -> None:
    data = write_template_csv([hostile_row()])
    assert data.startswith(b"\xef\xbb\xbf")
    header, line = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(header) == WRITTEN_COLUMNS
    assert line == [
        "1",
        "7",
        "GT",
        "AM",
        "'=cmd|'/C calc'!A0",
        "'@Ann|-Bob",
        "dnf",
        "12",
        "",
        "1'51.631",
        "'+Car",
    ]


def test_it_writes_escaped_text_cells_and_numeric_cells_in_xlsx() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(write_template_xlsx([hostile_row()])))
    sheet = workbook.active
    assert workbook.sheetnames == ["Results"]
    assert [cell.value for cell in sheet[1]] == list(WRITTEN_COLUMNS)
    cells = sheet[2]
    assert (cells[0].value, cells[0].data_type) == (1, "n")
    assert (cells[4].value, cells[4].data_type) == ("'=cmd|'/C calc'!A0", "s")
    assert all(cell.data_type != "f" for cell in cells)


@pytest.mark.parametrize(
    ("writer", "filename", "format_name"),
    [
        (write_template_csv, "r.csv", "template-csv"),
        (write_template_xlsx, "r.xlsx", "template-xlsx"),
    ],
)
def test_it_reads_back_what_it_wrote(writer, filename: str, format_name: str) -> None:  # noqa: ANN001
    original = parse_classification(silverstone_bytes(), "silverstone.csv").rows
    once = parse_classification(writer(original), filename)
    twice = parse_classification(writer(once.rows), filename)
    assert once.format == format_name
    assert comparable(once.rows) == comparable(original)
    assert twice.rows == once.rows
    hostile = parse_classification(writer([hostile_row()]), filename).rows
    assert comparable(hostile) == comparable((hostile_row(),))
