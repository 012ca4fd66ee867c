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
        for member in members:
            if member.filename.lower().endswith((".xml", ".rels", ".vml")):
                _check_no_entities(archive, member)


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


def _check_no_entities(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    # Read in chunks (sizes are bounded above) and keep a tail, so a marker split across
    # two chunks is still found; the declared size is not trusted, the read is bounded too.
    tail = b""
    read = 0
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
                tail = window[-32:]
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, RuntimeError, ValueError) as error:
        raise ClassificationFileError.file_level(
            f"file is not a valid Excel workbook (.xlsx): part {member.filename} cannot be read"
        ) from error
