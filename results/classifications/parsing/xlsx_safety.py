"""Checks of an XLSX upload before openpyxl opens it: it must not be a bomb.

An .xlsx is a zip of XML parts. A few kilobytes can expand to gigabytes (a decompression
bomb), and XML entity declarations can expand to gigabytes in memory (billion laughs) or
read local files (XXE). A workbook saved by Excel or LibreOffice has neither: refuse both
from the zip's directory and the raw XML bytes, before any XML parser sees them.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator

from results.classifications.parsing.errors import ClassificationFileError

_MB = 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * _MB
# Real workbooks compress text about 5-20 times; bombs compress thousands of times.
MAX_COMPRESSION_RATIO = 200
# The ratio of a tiny part means nothing (a 2 kB part of zeros is harmless).
_RATIO_MIN_BYTES = _MB
MAX_MEMBERS = 500
_SCAN_CHUNK = 1 * _MB
# `<!DOCTYPE` and `<!ENTITY` as bytes in the encodings an XML part may use.
_MARKERS: tuple[bytes, ...] = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_REFUSAL = "file is not an Excel workbook Paddock can open safely"
# openpyxl reads these tables whole, even in read-only mode, before the first row: a few MB of
# zipped XML can hold millions of entries (seconds and hundreds of MB). A classification of the
# portal template has a few hundred strings and a handful of styles; Excel caps cell styles at 64,000.
MAX_SHARED_STRINGS = 100_000
MAX_STYLE_ENTRIES = 20_000
# Rows and cells written in any sheet part: counted here, in C, rather than parsed by openpyxl
# (the template reader stops at 5,000 rows and 100,000 cells of what openpyxl yields).
MAX_SHEET_ROWS = 10_000
MAX_SHEET_CELLS = 200_000
# (opening tag as bytes, what it is, the limit) counted in every part (sheets may be named anything).
_COUNTED: tuple[tuple[bytes, str, int], ...] = (
    (b"<si>", "shared strings", MAX_SHARED_STRINGS),
    (b"<si ", "shared strings", MAX_SHARED_STRINGS),
    (b"<xf ", "cell styles", MAX_STYLE_ENTRIES),
    (b"<xf>", "cell styles", MAX_STYLE_ENTRIES),
    (b"<font>", "fonts", MAX_STYLE_ENTRIES),
    (b"<fill>", "fills", MAX_STYLE_ENTRIES),
    (b"<border>", "borders", MAX_STYLE_ENTRIES),
    (b"<border ", "borders", MAX_STYLE_ENTRIES),
    (b"<numFmt ", "number formats", MAX_STYLE_ENTRIES),
    (b"<dxf>", "differential styles", MAX_STYLE_ENTRIES),
    (b"<row ", "rows", MAX_SHEET_ROWS),
    (b"<row>", "rows", MAX_SHEET_ROWS),
    (b"<c ", "cells", MAX_SHEET_CELLS),
    (b"<c>", "cells", MAX_SHEET_CELLS),
)


def check_xlsx(data: bytes) -> None:
    """Raise ClassificationFileError if the zip is a bomb or an XML part declares entities."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    # NotImplementedError: zipfile's answer to a damaged header claiming an unknown zip version.
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, EOFError) as error:
        raise ClassificationFileError.file_level(
            "file is not a valid Excel workbook (.xlsx); save it again from Excel as .xlsx or export it as CSV"
        ) from error
    with archive:
        members = archive.infolist()
        _check_sizes(members)
        # Why every part, whatever its name: openpyxl follows [Content_Types].xml and the
        # relationships, so a sheet may be called `sheet1.bin`; a name says nothing.
        for member in members:
            _scan_part(archive, member)


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise ClassificationFileError.file_level(f"{_REFUSAL}: it holds {len(members)} parts (at most {MAX_MEMBERS})")
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ClassificationFileError.file_level(
            f"{_REFUSAL}: it expands to {total / _MB:.0f} MB (at most {MAX_UNCOMPRESSED_BYTES // _MB} MB)"
        )
    for member in members:
        if member.file_size < _RATIO_MIN_BYTES:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_COMPRESSION_RATIO:
            raise ClassificationFileError.file_level(
                f"{_REFUSAL}: part {member.filename} is compressed {ratio:.0f} times (a decompression bomb?)"
            )


def _scan_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Refuse a part that declares a DOCTYPE or entities, or holds too many strings or styles."""
    # Read in chunks (sizes are bounded above) and keep a tail, so a marker split across
    # two chunks is still found; the declared size is not trusted, the read is bounded too.
    tail = b""
    read = 0
    counts = dict.fromkeys({what for _, what, _ in _COUNTED}, 0)
    try:
        with archive.open(member) as part:
            while chunk := part.read(_SCAN_CHUNK):
                read += len(chunk)
                if read > MAX_UNCOMPRESSED_BYTES:
                    raise ClassificationFileError.file_level(f"{_REFUSAL}: part {member.filename} is too large")
                window = tail + chunk
                if any(marker in window for marker in _MARKERS):
                    raise ClassificationFileError.file_level(
                        f"{_REFUSAL}: part {member.filename} declares a DOCTYPE or XML entities, "
                        "which Excel never writes"
                    )
                for tag, what, limit in _COUNTED:
                    # Matches inside the tail were counted with the previous chunk.
                    counts[what] += window.count(tag) - tail.count(tag)
                    if counts[what] > limit:
                        raise ClassificationFileError.file_level(
                            f"{_REFUSAL}: part {member.filename} holds more than {limit:,} {what}; "
                            "copy the results into a new workbook (values only) and upload that"
                        )
                tail = window[-32:]
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, RuntimeError, ValueError) as error:
        raise ClassificationFileError.file_level(
            f"file is not a valid Excel workbook (.xlsx): part {member.filename} cannot be read"
        ) from error


def guarded_rows[T](rows: Iterable[T]) -> Iterator[T]:
    """The rows of a read-only openpyxl sheet; a part openpyxl cannot read becomes a clear refusal.

    Why here: in read-only mode openpyxl parses the sheet while it is iterated, so a text value
    in a numeric cell, a shared-string index past the table, a date out of range or a truncated
    part raise from the loop (ValueError, IndexError, OverflowError, XML and zip errors), not
    from load_workbook. The row is the first one that could not be read.
    """
    iterator = iter(rows)
    row_number = 0
    while True:
        row_number += 1
        try:
            row = next(iterator)
        except StopIteration:
            return
        except ClassificationFileError:
            raise
        except Exception as error:  # noqa: BLE001 - whatever openpyxl raises means "unreadable here"
            raise ClassificationFileError.file_level(
                f"row {row_number}: the sheet cannot be read from here ({type(error).__name__}: {str(error)[:80]}); "
                "save the workbook again from Excel as .xlsx, or export it as CSV"
            ) from error
        yield row
