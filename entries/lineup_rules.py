"""Pure line-up checking: plain data in, messages a team manager understands out.

No database here: callers turn LineupRule rows into `Rule` specs and nominations into `Crewman`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

CATEGORY_ORDER = ("platinum", "gold", "silver", "bronze")
NUMBER_WORDS = (
    "none",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
)


@dataclass(frozen=True)
class Crewman:
    """One nominated driver: name for messages, FIA category for the season (None if unknown)."""

    name: str
    category: str | None
    nationality: str


@dataclass(frozen=True)
class Requirement:
    """At least `min_count` and at most `max_count` drivers from `categories`."""

    categories: frozenset[str]
    min_count: int = 0
    max_count: int | None = None


@dataclass(frozen=True)
class Rule:
    """One line-up rule of a class/cup, as plain data."""

    name: str
    min_drivers: int | None = None
    max_drivers: int | None = None
    allowed: frozenset[str] = frozenset()
    requirements: tuple[Requirement, ...] = ()
    nationality_group: str = ""
    nationality_codes: frozenset[str] = field(default_factory=frozenset)
    min_nationality: int = 0


def number_word(n: int) -> str:
    """3 → 'three' (numbers above ten stay digits)."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def category_phrase(categories: Iterable[str]) -> str:
    """{'gold', 'platinum', 'silver'} → 'Platinum, Gold or Silver' (in FIA order)."""
    ordered = [c for c in CATEGORY_ORDER if c in set(categories)]
    ordered += sorted(set(categories) - set(CATEGORY_ORDER))
    labels = [c.capitalize() for c in ordered]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"


def _drivers(n: int) -> str:
    return "driver" if n == 1 else "drivers"


def _count_message(rule_name: str, need: str, n: int, what: str, has: int) -> str:
    wanted = f"{number_word(n)} {what}{_drivers(n)}"
    return f"{rule_name} {need} {wanted}; this line-up has {number_word(has)}."


def _minimum_messages(rule: Rule, crew: Sequence[Crewman]) -> list[str]:
    messages = []
    size = len(crew)
    if rule.min_drivers is not None and size < rule.min_drivers:
        need = "needs" if rule.max_drivers == rule.min_drivers else "needs at least"
        messages.append(_count_message(rule.name, need, rule.min_drivers, "", size))
    for req in rule.requirements:
        count = sum(1 for m in crew if m.category in req.categories)
        if req.min_count and count < req.min_count:
            need = "needs" if req.max_count == req.min_count else "needs at least"
            what = f"{category_phrase(req.categories)} "
            messages.append(_count_message(rule.name, need, req.min_count, what, count))
    if rule.nationality_codes and rule.min_nationality:
        count = sum(1 for m in crew if m.nationality.upper() in rule.nationality_codes)
        if count < rule.min_nationality:
            what = f"{rule.nationality_group} "
            messages.append(_count_message(rule.name, "needs at least", rule.min_nationality, what, count))
    return messages


def _excess_messages(rule: Rule, crew: Sequence[Crewman]) -> list[str]:
    messages = []
    size = len(crew)
    if rule.max_drivers is not None and size > rule.max_drivers:
        messages.append(_count_message(rule.name, "allows at most", rule.max_drivers, "", size))
    if rule.allowed:
        for member in crew:
            if member.category and member.category not in rule.allowed:
                messages.append(
                    f"{rule.name} is open to {category_phrase(rule.allowed)} drivers only; "
                    f"{member.name} is {member.category.capitalize()}."
                )
    for req in rule.requirements:
        count = sum(1 for m in crew if m.category in req.categories)
        if req.max_count is not None and count > req.max_count:
            what = f"{category_phrase(req.categories)} "
            if req.max_count == 0:
                messages.append(f"{rule.name} allows no {what}driver; this line-up has {number_word(count)}.")
            else:
                messages.append(_count_message(rule.name, "allows at most", req.max_count, what, count))
    return messages


def check_lineup(crew: Sequence[Crewman], rules: Sequence[Rule], *, final: bool = True) -> list[str]:
    """Every broken rule as a sentence; empty list = the line-up is valid.

    `final=False` is for a line-up still being built (fewer drivers than any rule's minimum):
    only what adding drivers cannot fix is reported (too many drivers, categories, maxima).
    """
    messages = [
        f"{m.name} has no FIA category for this season; it must be set before the line-up can be checked."
        for m in crew
        if not m.category
    ]
    needed = max((r.min_drivers or 0 for r in rules), default=0)
    building = not final and len(crew) < needed
    for rule in rules:
        if not building:
            messages += _minimum_messages(rule, crew)
        messages += _excess_messages(rule, crew)
    return messages
