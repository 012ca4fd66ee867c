"""Hostile uploads: how long and how much memory each costs the parsers before its refusal.

    .venv/bin/python bench/hostile.py

Every file is just under the 5 MB upload limit and is parsed in a fresh Python process (so its
memory growth is its own), with a time-out: the run is bounded and stops by itself. Prints one
line per file (seconds, peak memory growth in MB, the first problem reported) and checks the
targets of issue 19: the worst hostile file <= 2 s and <= 100 MB, a real 41-car Al Kamel file
<= 100 ms. Exit status 1 when a target is missed. Also used by bench/faults.py and the tests
(tests/classifications/test_upload_bounds.py), which import the generators below.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL_FILE = (
    ROOT / "tests/fixtures/alkamel-seasons/aslms-2023-24/02-dubai-autodrome/202402041300-race-hour-4-results.csv"
)
LIMIT = 5 * 1024 * 1024 - 1024  # just under the upload limit
MAX_SECONDS = 2.0
MAX_GROWTH_MB = 100.0
MAX_REAL_MS = 100.0
PER_FILE_TIMEOUT_S = 60

ALKAMEL_HEADER = (
    b"POSITION;NUMBER;TEAM;DRIVER_1;DRIVER_2;DRIVER_3;DRIVER_4;VEHICLE;TYRES;CLASS;GROUP;DIVISION;"
    b"STATUS;LAPS;TOTAL_TIME;GAP_FIRST;GAP_PREVIOUS;FL_LAPNUM;FL_TIME;FL_KPH;\n"
)
ALKAMEL_ROW = (
    b"1;22;United Autosports;P. Hanson;F. Albuquerque;;;Oreca 07;M;LMP2;;;Classified;120;4:00'29.711;;;;1'51.631;;\n"
)


def _fill(prefix: bytes, unit: bytes) -> bytes:
    return prefix + unit * ((LIMIT - len(prefix)) // len(unit))


# --- CSV -------------------------------------------------------------------------------------


def blank_lines() -> bytes:
    return b"\n" * LIMIT


def blank_lines_after_header() -> bytes:
    return _fill(ALKAMEL_HEADER + ALKAMEL_ROW, b"\r\n")


def separator_line() -> bytes:
    return _fill(ALKAMEL_HEADER, b";")


def separator_lines() -> bytes:
    return _fill(ALKAMEL_HEADER, b";" * 20 + b"\n")


def huge_cell() -> bytes:
    return (
        ALKAMEL_HEADER
        + b"1;22;"
        + b"T" * (LIMIT - len(ALKAMEL_HEADER) - 200)
        + b";a;b;;;V;M;LMP2;;;Classified;1;1'00.0;\n"
    )


def unclosed_quote() -> bytes:
    return _fill(ALKAMEL_HEADER + b'1;22;"', b"x")


def many_rows() -> bytes:
    return _fill(ALKAMEL_HEADER, ALKAMEL_ROW)


def rows_under_the_limit() -> bytes:
    return ALKAMEL_HEADER + ALKAMEL_ROW * 9_500


def wide_header() -> bytes:
    return _fill(ALKAMEL_HEADER.rstrip(b"\n"), b"X;")


# --- XLSX ------------------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/{sheet}" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Results" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/{sheet}"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>{extra}</cellXfs>'
    "</styleSheet>"
)
_TEMPLATE_HEADER = ("position", "number", "class", "cup", "team", "drivers", "status", "laps", "total_time", "best_lap")


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows: str) -> str:
    header = "".join(_inline(f"{chr(65 + i)}1", name) for i, name in enumerate(_TEMPLATE_HEADER))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1">{header}</row>{rows}</sheetData></worksheet>'
    )


def _row(number: int, extra: str = "") -> str:
    cells = [
        f'<c r="A{number}"><v>{number - 1}</v></c>',
        _inline(f"B{number}", str(number)),
        _inline(f"C{number}", "LMP2"),
        _inline(f"E{number}", "Team"),
        _inline(f"F{number}", "A. Driver"),
        _inline(f"G{number}", "classified"),
    ]
    return f'<row r="{number}">{"".join(cells)}{extra}</row>'


VALID_ROWS = _row(2) + _row(3)


def workbook(
    rows: str = VALID_ROWS,
    shared: str = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0"/>',
    styles_extra: str = "",
    sheet_name: str = "sheet1.xml",
    sheet: str | None = None,
) -> bytes:
    """A minimal workbook of the portal template, written part by part (so any part can be hostile)."""
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES.replace("{sheet}", sheet_name),
        "_rels/.rels": _ROOT_RELS,
        "xl/workbook.xml": _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS.replace("{sheet}", sheet_name),
        f"xl/worksheets/{sheet_name}": sheet if sheet is not None else sheet_xml(rows),
        "xl/sharedStrings.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + shared,
        "xl/styles.xml": _STYLES.replace("{extra}", styles_extra),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def shared_strings_bomb() -> bytes:
    items = "".join(f"<si><t>{n}</t></si>" for n in range(2_000_000))
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return workbook(shared=f'<sst xmlns="{ns}" count="2000000" uniqueCount="2000000">{items}</sst>')


def style_bomb() -> bytes:
    extra = "".join(f'<xf numFmtId="0" fontId="0" fillId="0" borderId="{n % 1}" xfId="0"/>' for n in range(600_000))
    return workbook(styles_extra=extra)


def huge_xlsx_cell() -> bytes:
    import random

    rng = random.Random(19)
    text = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(7_500_000))
    return workbook(rows=_row(2, _inline("H2", text)))


def text_in_numeric_cell() -> bytes:
    return workbook(rows=_row(2, '<c r="H2"><v>not a number</v></c>'))


def bad_shared_string_index() -> bytes:
    return workbook(rows=_row(2, '<c r="H2" t="s"><v>99</v></c>'))


def invalid_date() -> bytes:
    return workbook(rows=_row(2, '<c r="H2" s="1"><v>99999999999</v></c>'))


def invalid_iso_date() -> bytes:
    return workbook(rows=_row(2, '<c r="H2" t="d"><v>2024-13-45T25:61:00</v></c>'))


def truncated_sheet() -> bytes:
    return workbook(sheet=sheet_xml(VALID_ROWS)[:-40])


def doctype_in_other_part() -> bytes:
    laughs = '<!DOCTYPE lol [<!ENTITY lol "lol">]>'
    rows = VALID_ROWS
    sheet = sheet_xml(rows).replace("<worksheet", laughs + "<worksheet", 1)
    return workbook(sheet_name="sheet1.bin", sheet=sheet)


def many_xlsx_rows() -> bytes:
    return workbook(rows="".join(f'<row r="{n}"/>' for n in range(2, 400_000)))


HOSTILE: dict[str, Callable[[], bytes]] = {
    "blank lines": blank_lines,
    "blank lines after a header": blank_lines_after_header,
    "one line of separators": separator_line,
    "lines of separators": separator_lines,
    "a 5 MB cell": huge_cell,
    "an unclosed quote": unclosed_quote,
    "50,000 rows": many_rows,
    "9,500 rows (just under the line limit)": rows_under_the_limit,
    "a header of 2.6 million columns": wide_header,
    "XLSX: 2 million shared strings": shared_strings_bomb,
    "XLSX: 600,000 styles": style_bomb,
    "XLSX: a 7.5 MB cell": huge_xlsx_cell,
    "XLSX: 400,000 empty rows": many_xlsx_rows,
    "XLSX: text in a numeric cell": text_in_numeric_cell,
    "XLSX: a bad shared-string index": bad_shared_string_index,
    "XLSX: an invalid date": invalid_date,
    "XLSX: an invalid ISO date": invalid_iso_date,
    "XLSX: a truncated sheet": truncated_sheet,
    "XLSX: a DOCTYPE in a part not named .xml": doctype_in_other_part,
}

# Run in a fresh interpreter: time and peak memory of one parse, after the file is in memory.
_CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from results.classifications.parsing import ClassificationFileError, parse_classification
from results.classifications.parsing.qualifying import parse_qualifying
data = sys.stdin.buffer.read()
parse = parse_qualifying if sys.argv[3] == "qualifying" else parse_classification
def status_mb(field):
    with open("/proc/self/status") as f:
        line = next(line for line in f if line.startswith(field + ":"))
    return int(line.split()[1]) / 1024
# Why: reset the peak to the current size (the file is read, the modules imported), so the
# peak after the parse is this parse's own growth.
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
before = status_mb("VmRSS")
started = time.perf_counter()
try:
    parse(data, sys.argv[2])
    outcome = "accepted"
except ClassificationFileError as error:
    outcome = "refused: " + str(error.errors[0])[:90]
except Exception as error:
    outcome = f"CRASH {type(error).__name__}: {str(error)[:80]}"
seconds = time.perf_counter() - started
peak = status_mb("VmHWM")
print(json.dumps({"seconds": seconds, "growth_mb": max(0.0, peak - before), "outcome": outcome}))
"""


def measure(data: bytes, filename: str, kind: str = "race") -> dict[str, object]:
    """Parse `data` in a fresh process: seconds, peak growth in MB, outcome (or a time-out)."""
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", _CHILD, str(ROOT), filename, kind],
            input=data,
            capture_output=True,
            timeout=PER_FILE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"seconds": float(PER_FILE_TIMEOUT_S), "growth_mb": 0.0, "outcome": "TIME-OUT"}
    if done.returncode != 0:
        return {"seconds": 0.0, "growth_mb": 0.0, "outcome": f"CRASH {done.stderr.decode()[-200:]}"}
    result: dict[str, object] = json.loads(done.stdout)
    return result


def run() -> dict[str, float]:
    """Measure every hostile file and the real one; print the table; return the worst figures."""
    worst_s = worst_mb = 0.0
    failures = []
    print(f"{'hostile upload (under 5 MB)':44} {'kind':10} {'s':>6} {'MB':>7}  outcome")
    for name, make in HOSTILE.items():
        data = make()
        assert len(data) <= LIMIT + 1024, (name, len(data))
        filename = "hostile.xlsx" if name.startswith("XLSX") else "hostile.csv"
        for kind in ("race", "qualifying") if not name.startswith("XLSX") else ("race",):
            result = measure(data, filename, kind)
            seconds, growth = float(result["seconds"]), float(result["growth_mb"])  # type: ignore[arg-type]
            outcome = str(result["outcome"])
            worst_s, worst_mb = max(worst_s, seconds), max(worst_mb, growth)
            if not outcome.startswith("refused"):
                failures.append(f"{name} ({kind}): {outcome}")
            print(f"{name:44} {kind:10} {seconds:6.2f} {growth:7.1f}  {outcome}")
    real = measure(REAL_FILE.read_bytes(), REAL_FILE.name)
    real_ms = float(real["seconds"]) * 1000  # type: ignore[arg-type]
    real_mb = float(real["growth_mb"])  # type: ignore[arg-type]
    print(f"{'real 41-car Al Kamel file':44} {'race':10} {real_ms / 1000:6.3f} {real_mb:7.1f}  {real['outcome']}")
    print(f"worst hostile file: {worst_s:.2f} s (target <= {MAX_SECONDS}), ", end="")
    print(f"{worst_mb:.0f} MB (target <= {MAX_GROWTH_MB:.0f})")
    print(f"real file: {real_ms:.0f} ms (target <= {MAX_REAL_MS:.0f})")
    for failure in failures:
        print(f"NOT REFUSED: {failure}")
    return {"worst_s": worst_s, "worst_mb": worst_mb, "real_ms": real_ms, "not_refused": float(len(failures))}


def main() -> int:
    figures = run()
    met = (
        figures["worst_s"] <= MAX_SECONDS
        and figures["worst_mb"] <= MAX_GROWTH_MB
        and figures["real_ms"] <= MAX_REAL_MS
        and not figures["not_refused"]
    )
    print("targets met" if met else "TARGETS MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
