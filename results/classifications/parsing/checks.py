"""Checks across rows: each row can look fine on its own and the table still be impossible."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from results.classifications.parsing.errors import FileProblem
from results.classifications.parsing.model import ParsedRow
from results.classifications.parsing.times import format_duration_ms

_MAX_LISTED = 10


@dataclass(frozen=True)
class RowKey:
    """What identifies a data row, read even when other cells of the row are wrong.

    Without it a row with a typo in LAPS would vanish and be reported again as a
    hole in the positions.
    """

    row_number: int
    position: int | None  # None: unreadable, or the whole row could not be split
    number: str


def check_order(
    rows: Sequence[ParsedRow],
    keys: Sequence[RowKey],
    position_column: str,
    number_column: str,
) -> list[FileProblem]:
    """Duplicates, gaps in positions, and laps/times that contradict the order."""
    numbered = [key for key in keys if key.number]
    problems = _duplicates(numbered, lambda key: key.number, number_column, "car {}")
    placed = [key for key in keys if key.position is not None]
    duplicate_positions = _duplicates(placed, lambda key: key.position, position_column, "position {}")
    problems.extend(duplicate_positions)
    # With an unreadable position, duplicates or gaps "the car ahead" means
    # nothing, and the hole is only a consequence: report the cause alone.
    if duplicate_positions or len(placed) < len(keys):
        return problems
    gaps = _position_gaps(placed, position_column)
    if gaps is not None:
        problems.append(gaps)
        return problems
    problems.extend(_impossible_order(sorted(rows, key=lambda row: row.position)))
    return problems


def _duplicates(
    keys: Sequence[RowKey],
    key: Callable[[RowKey], Hashable],
    column: str,
    label: str,
) -> list[FileProblem]:
    seen: defaultdict[Hashable, list[int]] = defaultdict(list)
    for row_key in keys:
        seen[key(row_key)].append(row_key.row_number)
    return [
        FileProblem(
            row_numbers[-1],
            column,
            f"{label.format(value)} appears on rows {_and_list(row_numbers)}",
        )
        for value, row_numbers in seen.items()
        if len(row_numbers) > 1
    ]


def _and_list(numbers: Sequence[int]) -> str:
    if len(numbers) > _MAX_LISTED:
        # Why: a number repeated on thousands of rows must not become a message of thousands.
        listed = ", ".join(str(number) for number in numbers[:_MAX_LISTED])
        return f"{listed} and {len(numbers) - _MAX_LISTED:,} more"
    words = [str(number) for number in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _position_gaps(keys: Sequence[RowKey], column: str) -> FileProblem | None:
    count = len(keys)
    missing = sorted(set(range(1, count + 1)) - {key.position for key in keys})
    if not missing:
        return None
    listed = ", ".join(str(position) for position in missing[:_MAX_LISTED])
    more = "..." if len(missing) > _MAX_LISTED else ""
    return FileProblem(
        None,
        column,
        f"positions must run from 1 to {count} without gaps; missing: {listed}{more}",
    )


def _impossible_order(rows: Sequence[ParsedRow]) -> list[FileProblem]:
    """Classified cars ahead must have covered at least as many laps, and in as little time.

    Unclassified cars are skipped: their order is set by the stewards, not by distance.
    """
    problems: list[FileProblem] = []
    ahead: ParsedRow | None = None
    for row in rows:
        if row.status != "classified" or row.laps is None:
            continue
        if ahead is not None and ahead.laps is not None:
            problem = _compare_with_ahead(row, ahead, ahead.laps)
            if problem is not None:
                problems.append(problem)
        ahead = row
    return problems


def _compare_with_ahead(row: ParsedRow, ahead: ParsedRow, ahead_laps: int) -> FileProblem | None:
    laps = row.laps or 0
    if laps > ahead_laps:
        return FileProblem(
            row.row_number,
            None,
            f"{laps} laps is more than the {ahead_laps} laps of the car classified ahead (row {ahead.row_number})",
        )
    time, time_ahead = row.total_time_ms, ahead.total_time_ms
    if laps == ahead_laps and time is not None and time_ahead is not None and time < time_ahead:
        return FileProblem(
            row.row_number,
            None,
            f"total time {format_duration_ms(time)} is less than the "
            f"{format_duration_ms(time_ahead)} of the car classified ahead "
            f"(row {ahead.row_number}) on the same {laps} laps",
        )
    return None
