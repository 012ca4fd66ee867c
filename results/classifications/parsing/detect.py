"""Entry point for uploads: pick the format from the bytes, not from the file name.

Organisers rename files, and spreadsheets save CSV with whatever separator the
locale prefers, so the name is only used to explain a mismatch.
"""

from __future__ import annotations

import csv
import math

from results.classifications.parsing import alkamel, sro, template
from results.classifications.parsing.errors import ClassificationFileError, header_not_recognised
from results.classifications.parsing.model import MAX_UPLOAD_BYTES, EncodingName, FieldLimits, ParsedClassification

_MB = 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_DELIMITERS = (";", ",", "\t", "|")
_DELIMITER_NAMES = {";": "';'", ",": "','", "\t": "a tab", "|": "'|'"}
# The shape of a text upload (check_text_shape). Real files: under 60 lines of under 200 bytes
# and a few dozen columns; an Al Kamel lap-by-lap file of a 4-hour race, 3,600 lines of 180.
MAX_TEXT_LINES = 10_000
MAX_LINE_BYTES = 32 * 1024
MAX_TEXT_CELLS = 200_000
# Columns only an Al Kamel qualifying classification has (drivers split into name parts).
QUALIFYING_MARKERS: tuple[str, ...] = ("POS", "TIME", "DRIVER1_FIRSTNAME", "DRIVER1_SECONDNAME")


def parse_classification(data: bytes, filename: str, limits: FieldLimits | None = None) -> ParsedClassification:
    """Parse an uploaded Al Kamel CSV, SRO results CSV or portal template (CSV/XLSX).

    `limits` are the storage limits of the caller (longest team name, largest lap count...),
    so a value the database would refuse is reported here with its row and column.
    Raises ClassificationFileError: file-level problems alone and at once,
    row problems all together.
    """
    check_size(len(data))
    if not data.strip():
        raise ClassificationFileError.file_level("file is empty")
    if data.startswith(_ZIP_MAGIC):
        return template.read_template_xlsx(data, limits)
    _refuse_other_binaries(data, filename)
    text, encoding = decode(data)
    header = first_line(text)
    if header is None:
        raise ClassificationFileError.file_level("file is empty")
    if sro.looks_like_sro(header):
        return sro.read_sro(text, encoding, limits)
    file_format, delimiter = _detect_text_format(header)
    if file_format == "alkamel":
        return alkamel.read_alkamel(text, encoding, delimiter, limits)
    return template.read_template_csv(text, encoding, limits)


def check_size(size: int) -> None:
    """The one size limit of a classification file: raise ClassificationFileError above MAX_UPLOAD_BYTES.

    parse_classification calls it first, so every caller (upload pages, import_season, scripts)
    is held to it; the upload form calls it too with the size Django reports, to refuse a huge
    file before reading it into memory.
    """
    # Before decoding: a huge upload must not cost a full decode to refuse.
    if size > MAX_UPLOAD_BYTES:
        megabytes = round(size / _MB, 1)
        if megabytes <= MAX_UPLOAD_BYTES / _MB:
            # Just over the limit must not read "5.0 MB; the limit is 5 MB".
            megabytes = math.ceil(size / _MB * 10) / 10
        raise ClassificationFileError.file_level(
            f"file is too large ({megabytes:.1f} MB); the limit is {MAX_UPLOAD_BYTES // _MB} MB"
        )


def check_text_shape(data: bytes) -> None:
    """Refuse a text file whose shape no classification has, before it is decoded or split.

    Why on the raw bytes: a 5 MB flood of blank lines or separators costs little as bytes but
    hundreds of MB and seconds as Python strings and lists (a str and a list per line and cell).
    Counting bytes is done in C, in a few milliseconds for the largest file allowed.
    """
    lines = max(data.count(b"\n"), data.count(b"\r")) + 1
    if lines > MAX_TEXT_LINES:
        raise ClassificationFileError.file_level(
            f"file has {lines:,} lines (at most {MAX_TEXT_LINES:,}); a classification has one line per car"
        )
    for number, line in enumerate(data.splitlines(), start=1):
        if len(line) > MAX_LINE_BYTES:
            raise ClassificationFileError.file_level(
                f"row {number}: a line of {len(line):,} characters (at most {MAX_LINE_BYTES:,}); "
                "is this a classification?"
            )
    separators = max(data.count(delimiter.encode()) for delimiter in _DELIMITERS)
    if separators > MAX_TEXT_CELLS:
        raise ClassificationFileError.file_level(
            f"file has {separators:,} separators (at most {MAX_TEXT_CELLS:,} cells); "
            "a classification has one line per car and a few dozen columns"
        )


def _refuse_other_binaries(data: bytes, filename: str) -> None:
    if data.startswith(_OLE_MAGIC):
        raise ClassificationFileError.file_level("file is an Excel 97-2003 workbook (.xls); save it as .xlsx or CSV")
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise ClassificationFileError.file_level(
            f"file is named {filename!r} but is not an Excel workbook (.xlsx); "
            "save it again from Excel as .xlsx, or upload it as a .csv"
        )


def decode(data: bytes) -> tuple[str, EncodingName]:
    """UTF-8 (BOM or not), else Windows-1252, else Latin-1 (accepts any byte): say which one was used.

    Windows-1252 before Latin-1: a file saved by Excel on Windows is cp1252, and its curly
    quotes and dashes (0x80-0x9F) would become invisible control characters in Latin-1.
    The shape of the text is checked first (check_text_shape): every text parser decodes here.
    """
    if data.startswith(_UTF16_BOMS) or b"\x00" in data:
        # Latin-1 would "succeed" on UTF-16 and yield a NUL between every letter.
        raise ClassificationFileError.file_level("file is not text in UTF-8 or Latin-1 (looks like UTF-16)")
    check_text_shape(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return text, "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # The five bytes cp1252 leaves undefined: only Latin-1 reads them.
        return data.decode("latin-1"), "latin-1"


def header_names(line: str, delimiter: str) -> set[str]:
    """The upper-cased, stripped column names of a header line split on `delimiter`."""
    try:
        cells = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return set()
    return {name.strip().lstrip("\ufeff").upper() for name in cells}


def looks_like_qualifying(names: set[str]) -> bool:
    return all(marker in names for marker in QUALIFYING_MARKERS)


def first_line(text: str) -> str | None:
    """The first line with any content (blank lines and lines of separators only are skipped)."""
    for line in text.splitlines():
        if line.strip(" \t;,"):
            return line
    return None


def _detect_text_format(line: str) -> tuple[str, str]:
    """('alkamel' or 'template', delimiter), or raise with what looks wrong about the header."""
    # Why: the delimiter is the one that yields the Al Kamel column names, not the most
    # frequent character: a `,`-separated Al Kamel file has `;` nowhere, and vice versa.
    # Al Kamel publishes `;`; archives and spreadsheets re-save the same columns with `,`.
    for delimiter in alkamel.DELIMITERS:
        names = header_names(line, delimiter)
        if looks_like_qualifying(names):
            raise ClassificationFileError.file_level(
                "this file looks like an Al Kamel qualifying classification (columns POS, TIME, "
                "DRIVER1_FIRSTNAME...), not a race classification; upload it on the qualifying page of the event"
            )
        if alkamel.is_alkamel(names):
            return "alkamel", delimiter
    delimiter = max(_DELIMITERS, key=line.count)
    names = header_names(line, delimiter)
    missing_alkamel = [name for name in alkamel.REQUIRED_COLUMNS if name not in names]
    missing_template = [name for name in template.REQUIRED_COLUMNS if name.upper() not in names]
    if not missing_alkamel:
        # Only a tab or '|' is left: the Al Kamel delimiters were tried above.
        raise ClassificationFileError.file_level(
            f"wrong delimiter: expected ';' or ',' for Al Kamel files, found {_DELIMITER_NAMES[delimiter]}"
        )
    if not missing_template:
        _require_delimiter(delimiter, template.DELIMITER, "the portal template")
        return "template", delimiter
    raise header_not_recognised(_missing_description(missing_alkamel, missing_template))


def _require_delimiter(found: str, expected: str, what: str) -> None:
    if found != expected:
        raise ClassificationFileError.file_level(
            f"wrong delimiter: expected {_DELIMITER_NAMES[expected]} for {what}, found {_DELIMITER_NAMES[found]}"
        )


def _missing_description(missing_alkamel: list[str], missing_template: list[str]) -> str:
    """Name the missing columns of the format the header is closest to (both if unclear)."""
    alkamel_part = f"missing Al Kamel columns: {', '.join(missing_alkamel)}"
    template_part = f"missing template columns: {', '.join(missing_template)}"
    alkamel_share = len(missing_alkamel) / len(alkamel.REQUIRED_COLUMNS)
    template_share = len(missing_template) / len(template.REQUIRED_COLUMNS)
    if alkamel_share < template_share:
        return alkamel_part
    if template_share < alkamel_share:
        return template_part
    return f"{alkamel_part}; {template_part}"
