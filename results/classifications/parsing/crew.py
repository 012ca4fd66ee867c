"""A driver's FIA category and nationality as Al Kamel files print them (`DRIVERn_LICENSE`, `DRIVERn_COUNTRY`).

Both are extra information next to the result: a value that is not a category or a country is
a warning (the driver's record is left as it is), never a reason to refuse the file.
"""

from __future__ import annotations

import re

LICENCES: tuple[str, ...] = ("P", "G", "S", "B")
_COUNTRY = re.compile(r"^[A-Z]{3}$")


def read_licence(text: str, where: str, name: str, warnings: list[str]) -> str | None:
    """'p' → 'P'; blank → None; anything else → None and a warning at `where` ("row 3, column X")."""
    letter = text.strip().upper()
    if not letter:
        return None
    if letter not in LICENCES:
        warnings.append(
            f"{where}: {text[:20]!r} is not an FIA category ({', '.join(LICENCES)}); {name}'s category is left as it is"
        )
        return None
    return letter


def read_country(text: str, where: str, name: str, warnings: list[str]) -> str | None:
    """'fra' → 'FRA'; blank → None; a placeholder such as '_' → None and a warning at `where`."""
    code = text.strip().upper()
    if not code:
        return None
    if not _COUNTRY.match(code):
        warnings.append(f"{where}: {text[:20]!r} is not a three-letter country; {name}'s nationality is left as it is")
        return None
    return code
