"""Problems found in an uploaded classification file.

Row-level problems are collected for the whole file before raising, so an
organiser fixes their spreadsheet in one go instead of one upload per typo.
File-level problems (empty, too big, unreadable) are raised on their own at once:
nothing after them could be trusted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from results.classifications.parsing.model import ParsedClassification


# A page lists at most this many problems, then says how many more there are: a file with a
# problem on each of 10,000 lines must not become a page of 10,000 lines.
MAX_LISTED_PROBLEMS = 200


@dataclass(frozen=True)
class FileProblem:
    """One thing wrong with the file, pointing where a human would look."""

    row: int | None
    column: str | None
    message: str
    # On the summary line that ends a capped list: how many problems it stands for.
    not_listed: int = 0

    def __str__(self) -> str:
        where = [part for part in (self._row_label(), self._column_label()) if part]
        if not where:
            return self.message
        return f"{', '.join(where)}: {self.message}"

    def _row_label(self) -> str:
        return f"row {self.row}" if self.row is not None else ""

    def _column_label(self) -> str:
        return f"column {self.column}" if self.column else ""


class ClassificationFileError(Exception):
    """The file cannot be imported; `errors` says every reason found."""

    def __init__(self, errors: Iterable[FileProblem], partial: ParsedClassification | None = None) -> None:
        self.errors: list[FileProblem] = capped(errors)
        # The rows that could be read despite the problems (row problems only, never a
        # file-level one): callers run their own checks on them, so one upload shows everything.
        self.partial = partial
        super().__init__("; ".join(str(problem) for problem in self.errors))

    @classmethod
    def file_level(cls, message: str) -> ClassificationFileError:
        return cls([FileProblem(row=None, column=None, message=message)])


# One wording for both formats, shared by detection and by each reader when
# called directly, so the organiser always sees what a valid header looks like.
HEADER_HINT = (
    "header not recognised: expected an Al Kamel classification (POSITION;NUMBER;...) "
    "or the portal template (position,number,class,...)"
)


def header_not_recognised(missing: str) -> ClassificationFileError:
    return ClassificationFileError.file_level(f"{HEADER_HINT}; {missing}")


def capped(problems: Iterable[FileProblem]) -> list[FileProblem]:
    """The first MAX_LISTED_PROBLEMS problems, then one line saying how many more were found.

    A list that was capped before (merged with more problems by a caller) is capped again with
    the right count: its summary line is replaced, not listed as a problem.
    """
    listed: list[FileProblem] = []
    not_listed = 0
    for problem in problems:
        if problem.not_listed:
            not_listed += problem.not_listed
        elif len(listed) < MAX_LISTED_PROBLEMS:
            listed.append(problem)
        else:
            not_listed += 1
    if not_listed:
        total = len(listed) + not_listed
        listed.append(
            FileProblem(
                None,
                None,
                f"... and {not_listed:,} more problems not listed "
                f"({total:,} in all; the first {len(listed)} are above)",
                not_listed=not_listed,
            )
        )
    return listed
