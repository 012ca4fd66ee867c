"""Cups in a season bundle (formats/README.md §3): `[cups]` in season.toml, and SRO files whose
`Class` column names the cup.

Checked with the rest of the bundle before anything is written, each problem naming its file,
row and column.
"""

from __future__ import annotations

from typing import Any

from results.classifications.parsing import ClassificationFileError, ParsedClassification
from results.classifications.parsing.sro import SeasonCup, is_guest_row, resolve_cups

CUP_CODE_MAX = 20  # Cup.code: the bundle's cup names are the cups' codes


def declared_cups(meta: dict[str, Any], problems: list[str]) -> dict[str, list[str]]:
    """`[cups]`: class code (as configured) → its cups, in order; every problem in `problems`."""
    table = meta.get("cups", {})
    if not isinstance(table, dict):
        problems.append("season.toml: [cups] must be a table of class = [cup names]")
        return {}
    classes = {str(code).casefold(): str(code) for code in meta.get("classes", [])}
    cups: dict[str, list[str]] = {}
    seen: dict[str, str] = {}
    for class_code, names in table.items():
        where = f"season.toml: cups.{class_code}"
        if class_code.casefold() not in classes:
            problems.append(f"{where}: no such class (classes: {', '.join(classes.values())})")
            continue
        if not isinstance(names, list) or not all(isinstance(name, str) and name.strip() for name in names):
            problems.append(f'{where}: give a list of cup names, e.g. ["Pro Cup", "Silver Cup"]')
            continue
        for name in names:
            if len(name.strip()) > CUP_CODE_MAX:
                problems.append(f"{where}: cup name {name!r} is longer than {CUP_CODE_MAX} characters")
            elif name.strip().casefold() in seen:
                problems.append(f"{where}: cup {name!r} is already a cup of {seen[name.strip().casefold()]}")
            else:
                seen[name.strip().casefold()] = class_code
        cups[classes[class_code.casefold()]] = [name.strip() for name in names]
    return cups


def sro_in_bundle(
    parsed: ParsedClassification, meta: dict[str, Any], cups: dict[str, list[str]], where: str, problems: list[str]
) -> ParsedClassification:
    """An SRO file's cars put in the season's one class and its declared cups (other formats unchanged)."""
    if parsed.format != "sro":
        return parsed
    classes = [str(code) for code in meta.get("classes", [])]
    if len(classes) != 1:
        problems.append(
            f"{where}: an SRO results file names only cups, so season.toml must have exactly one class "
            f"(classes: {', '.join(classes) or 'none'})"
        )
        return parsed
    season_cups = [SeasonCup(name, name) for name in cups.get(classes[0], [])]
    try:
        return resolve_cups(parsed, classes[0], season_cups)
    except ClassificationFileError as exc:
        problems.extend(f"{where}: {problem}" for problem in exc.errors)
        # The other rows placed: no second message about the same cells ("unknown class").
        return exc.partial or parsed


def invited_cars(
    results: dict[int, tuple[str, bytes, ParsedClassification]],
    eligibility: dict[tuple[str, str], bool],
    problems: list[str],
) -> set[str]:
    """Car numbers that are Invitational in every SRO row of the bundle: guest entries of the season.

    A car has one kind for the season (a full-season entry or a guest), so a car Invitational at
    some rounds and a championship car at others is a problem unless eligibility.csv says which.
    """
    rounds: dict[str, dict[bool, list[str]]] = {}
    for _, (filename, _, parsed) in sorted(results.items()):
        for row in parsed.rows:
            rounds.setdefault(row.number, {True: [], False: []})[is_guest_row(row)].append(filename)
    explicit = {number for number, _ in eligibility}
    for number, seen in rounds.items():
        if seen[True] and seen[False] and number not in explicit:
            problems.append(
                f"results: car #{number} is Invitational in {', '.join(seen[True])} but a championship car in "
                f"{', '.join(seen[False])}; a car has one kind for the season: say in eligibility.csv whether it scores"
            )
    return {number for number, seen in rounds.items() if seen[True] and not seen[False]}
