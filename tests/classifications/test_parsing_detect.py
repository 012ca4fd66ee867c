from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from results.classifications.parsing import MAX_UPLOAD_BYTES, parse_classification
from results.classifications.parsing.errors import FileProblem
from tests.helpers import parse_error
from tests.scenarios import (
    silverstone_bytes,
    silverstone_lines,
    silverstone_text,
    template_csv,
    xlsx_bytes,
)

HINT = (
    "header not recognised: expected an Al Kamel classification (POSITION;NUMBER;...) "
    "or the portal template (position,number,class,...)"
)


def message_of(data: bytes, filename: str = "upload.csv") -> str:
    error = parse_error(data, filename)
    assert len(error.errors) == 1
    return str(error.errors[0])


# --- problems' wording -------------------------------------------------------------


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (
            FileProblem(7, "LAPS", "'abc' is not a whole number"),
            "row 7, column LAPS: 'abc' is not a whole number",
        ),
        (FileProblem(5, None, "too fast"), "row 5: too fast"),
        (FileProblem(None, "position", "gaps"), "column position: gaps"),
        (FileProblem(None, None, "file is empty"), "file is empty"),
    ],
)
def test_it_words_a_problem_by_where_it_is(problem: FileProblem, text: str) -> None:
    assert str(problem) == text


def test_it_raises_file_level_problems_without_row_or_column() -> None:
    error = parse_error(b"")
    assert error.errors == [FileProblem(None, None, "file is empty")]
    assert str(error) == "file is empty"


# --- empty, size, encoding ---------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"  \r\n\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n;;;\n"])
def test_it_rejects_an_empty_file(data: bytes) -> None:
    assert message_of(data) == "file is empty"


def test_it_rejects_an_al_kamel_header_without_rows() -> None:
    assert message_of(silverstone_lines(0)) == "file has a header but no result rows"


def test_it_rejects_a_template_header_without_rows() -> None:
    assert message_of(template_csv(",,,,,,,,,")) == "file has a header but no result rows"


def test_it_rejects_a_file_over_the_size_limit_before_decoding() -> None:
    # UTF-16 bytes would be refused too: the size must be what is reported.
    huge = b"\xff\xfe" + b"x\x00" * (25 * 1024 * 1024 - 1)
    assert message_of(huge) == "file is too large (50.0 MB); the limit is 5 MB"


def test_it_rounds_a_size_just_over_the_limit_up() -> None:
    assert message_of(b"x" * (MAX_UPLOAD_BYTES + 1)) == "file is too large (5.1 MB); the limit is 5 MB"


def test_it_accepts_a_file_of_exactly_the_limit_size() -> None:
    filler = (b" " * 2_999 + b"\n") * 1_800  # blank lines, within the line count and length limits
    padded = silverstone_bytes() + filler[: MAX_UPLOAD_BYTES - len(silverstone_bytes())]
    assert len(padded) == MAX_UPLOAD_BYTES
    assert len(parse_classification(padded, "upload.csv").rows) == 38


def test_it_reports_text_the_csv_module_cannot_split() -> None:
    # An unclosed quote: one "field" running over 200 lines, each within the line limit.
    data = silverstone_bytes() + b'1;"' + (b"x" * 1_000 + b"\n") * 200
    assert message_of(data) == ("row 40: not readable as CSV (field larger than field limit (131072))")


def test_it_refuses_a_line_no_classification_has_before_splitting_it() -> None:
    data = silverstone_bytes() + b'1;"' + b"x" * 200_000 + b"\n"
    assert message_of(data) == ("row 40: a line of 200,003 characters (at most 32,768); is this a classification?")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_it_refuses_utf16_text(codec: str) -> None:
    assert message_of(silverstone_text().encode(codec)) == ("file is not text in UTF-8 or Latin-1 (looks like UTF-16)")


def test_it_reads_a_cp1252_template_with_curly_quotes() -> None:
    data = template_csv("1,7,GT,,Équipe \u2019Sud\u2019,Sébastien CRUBILÉ,classified,,,").decode()
    parsed = parse_classification(data.encode("cp1252"), "upload.csv")
    assert parsed.encoding == "cp1252"
    assert parsed.rows[0].team == "Équipe \u2019Sud\u2019"


def test_it_reads_a_latin1_template() -> None:
    # 0x81 (a control character in Latin-1) is undefined in Windows-1252.
    data = template_csv("1,7,GT,,Équipe Sud\x81,Sébastien CRUBILÉ,classified,,,").decode()
    parsed = parse_classification(data.encode("latin-1"), "upload.csv")
    assert parsed.encoding == "latin-1"
    assert parsed.rows[0].team == "Équipe Sud\x81"
    assert parsed.rows[0].drivers == ("Sébastien CRUBILÉ",)


# --- binary files ------------------------------------------------------------------


def test_it_explains_an_old_xls_workbook() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    assert message_of(data, "results.xls") == ("file is an Excel 97-2003 workbook (.xls); save it as .xlsx or CSV")


def test_it_explains_text_named_as_a_workbook() -> None:
    assert message_of(silverstone_bytes(), "results.xlsx") == (
        "file is named 'results.xlsx' but is not an Excel workbook (.xlsx); "
        "save it again from Excel as .xlsx, or upload it as a .csv"
    )


def test_it_explains_a_zip_that_is_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("results.csv", silverstone_text())
    assert message_of(buffer.getvalue(), "results.xlsx") == (
        "file is not a valid Excel workbook (.xlsx); save it again from Excel as .xlsx or export it as CSV"
    )


def test_it_detects_the_format_from_content_not_name() -> None:
    workbook = xlsx_bytes(
        (
            "Results",
            [
                ["position", "number", "class", "team", "drivers", "status"],
                [1, 7, "GT", "T", "A", "dnf"],
            ],
        )
    )
    assert parse_classification(workbook, "results.csv").format == "template-xlsx"
    assert parse_classification(silverstone_bytes(), "results.txt").format == "alkamel"
    template = template_csv("1,7,GT,,T,A,dnf,,,")
    assert parse_classification(template, "results").format == "template-csv"


# --- headers and delimiters --------------------------------------------------------


def test_it_reads_an_al_kamel_file_separated_by_commas_the_same() -> None:
    data = silverstone_text().replace(";", ",").encode("utf-8")
    parsed = parse_classification(data, "upload.csv")
    assert parsed.format == "alkamel"
    assert [(r.number, r.drivers) for r in parsed.rows] == [
        (r.number, r.drivers) for r in parse_classification(silverstone_bytes(), "s.csv").rows
    ]


def test_it_rejects_a_tab_separated_al_kamel_file() -> None:
    data = silverstone_text().replace(";", "\t").encode("utf-8")
    assert message_of(data) == "wrong delimiter: expected ';' or ',' for Al Kamel files, found a tab"


def test_it_rejects_a_template_separated_by_semicolons() -> None:
    data = template_csv("1,7,GT,,T,A,dnf,,,").replace(b",", b";")
    assert message_of(data) == ("wrong delimiter: expected ',' for the portal template, found ';'")


def test_it_rejects_a_template_separated_by_tabs() -> None:
    data = template_csv("1,7,GT,,T,A,dnf,,,").replace(b",", b"\t")
    assert message_of(data) == "wrong delimiter: expected ',' for the portal template, found a tab"


def test_it_rejects_a_standings_file_naming_the_missing_template_columns() -> None:
    data = b"championship,class,position,competitor,number,points,results\n"
    data += b"drivers,LMP2,1,Pierre THIRIET,46,25,1\n"
    assert message_of(data) == f"{HINT}; missing template columns: team, drivers, status"


def test_it_rejects_an_al_kamel_file_missing_a_column_naming_it() -> None:
    data = silverstone_text().replace(";LAPS;", ";TOURS;", 1).encode("utf-8")
    assert message_of(data) == f"{HINT}; missing Al Kamel columns: LAPS"


def test_it_rejects_random_columns_naming_both_formats() -> None:
    assert message_of(b"foo,bar\n1,2\n") == (
        f"{HINT}; missing Al Kamel columns: POSITION, NUMBER, TEAM, DRIVER_1, CLASS, STATUS, "
        "LAPS, TOTAL_TIME; missing template columns: position, number, class, team, drivers, "
        "status"
    )


def test_it_rejects_a_header_naming_a_column_twice() -> None:
    data = template_csv(
        "1,7,GT,,T,A,dnf,,,,1",
        header="position,number,class,cup,team,drivers,status,laps,total_time,best_lap,LAPS",
    )
    assert message_of(data) == "column laps appears twice in the header"


def test_it_imports_without_django() -> None:
    # The parsers run in Celery tasks and scripts too; Django must stay optional here.
    script = "import sys, results.classifications.parsing; sys.exit('django' in sys.modules)"
    subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).parents[2])


def test_it_names_a_pipe_as_the_wrong_delimiter() -> None:
    data = silverstone_text().replace(";", "|").encode("utf-8")
    assert message_of(data) == "wrong delimiter: expected ';' or ',' for Al Kamel files, found '|'"
