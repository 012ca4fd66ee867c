"""Who a standings line belongs to: a typed key, turned into text only at the database boundary.

The stored text keeps the form existing data and the adjustment form's help text use:
a driver "driver-12", a team "team-3" (best-N-cars team scoring), a car "46" (per-car team
scoring: each car number is a team entry of its own). ``parse`` and ``__str__`` are the one
place that knows that form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

CompetitorKind = Literal["driver", "team", "car"]
KINDS: tuple[CompetitorKind, ...] = get_args(CompetitorKind)
_PREFIXED: dict[str, CompetitorKind] = {"driver": "driver", "team": "team"}  # a car is its bare number


@dataclass(frozen=True, order=True)
class CompetitorKey:
    """A driver, a team or a car, by the id its championship knows it by (a database id, a number)."""

    kind: CompetitorKind
    id: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown competitor kind {self.kind!r}, expected one of {list(KINDS)}")
        if not self.id:
            raise ValueError(f"a {self.kind} key needs an id")

    @classmethod
    def parse(cls, text: str) -> CompetitorKey:
        """'driver-12' → driver 12, 'team-3' → team 3, anything else → the car of that number."""
        prefix, dash, rest = text.partition("-")
        if dash and rest and prefix in _PREFIXED:
            return cls(_PREFIXED[prefix], rest)
        return cls("car", text)

    def __str__(self) -> str:
        return self.id if self.kind == "car" else f"{self.kind}-{self.id}"
