"""Read queries for stored standings (public pages, exports, the `standings` command)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, IntegerField, Max, QuerySet, Value, When
from django.http import Http404

from championships.api_common import latest_moment
from championships.extra_championships import STANDARD_TABLES
from championships.http_caching import ContentVersion
from championships.models import Cup, ExtraChampionship, RacingClass, Season
from championships.numbers import format_points
from results.standings.models import SeasonStandingsState, StandingRow


def last_round(season: Season) -> int | None:
    return StandingRow.objects.filter(season=season).aggregate(m=Max("after_round"))["m"]


@dataclass(frozen=True)
class TableKey:
    championship: str
    class_code: str
    cup_code: str


@dataclass(frozen=True)
class ExtraInfo:
    """An extra championship as its page shows it: who competes, and over what."""

    name: str
    competitors: str  # drivers / teams
    description: str


def extra_championships(season: Season) -> dict[str, ExtraInfo]:
    """The season's extra championships by name, in the season's order; one query."""
    return {
        row.name: ExtraInfo(row.name, row.competitors, row.description)
        for row in ExtraChampionship.objects.filter(season=season).order_by("order", "name")
    }


def table_extras(season: Season, tables: list[TableKey]) -> dict[str, ExtraInfo]:
    """``extra_championships`` when the season's stored tables have any (else no query)."""
    if all(table.championship in STANDARD_TABLES for table in tables):
        return {}
    return extra_championships(season)


def championship_order(names: list[str]) -> list[str]:
    """Drivers, teams, then the extra championships in the order given (the season's)."""
    return [*STANDARD_TABLES, *(name for name in names if name not in STANDARD_TABLES)]


def standings_rows(
    season: Season,
    after_round: int,
    class_code: str | None = None,
    championship: str | None = None,
) -> QuerySet[StandingRow]:
    """All stored rows after a round, optionally one class / one championship, in table order:
    drivers, teams, then the season's extra championships in their order."""
    qs = StandingRow.objects.filter(season=season, after_round=after_round)
    if class_code:
        qs = qs.filter(class_code=class_code)
    if championship:
        qs = qs.filter(championship=championship)
    ordered = championship_order(list(extra_championships(season)))
    rank = Case(
        *(When(championship=name, then=Value(index)) for index, name in enumerate(ordered)),
        default=Value(len(ordered)),
        output_field=IntegerField(),
    )
    return qs.order_by(rank, "championship", "class_code", "cup_code", "position", "competitor_key")


@dataclass(frozen=True)
class TableChoice:
    championship: str
    class_code: str
    cup_code: str
    after_round: int
    last_round: int


def season_rounds(season: Season) -> list[int]:
    """Rounds after which standings are stored, ascending."""
    rounds = StandingRow.objects.filter(season=season).values_list("after_round", flat=True)
    return list(rounds.distinct().order_by("after_round"))


def season_tables(season: Season) -> list[TableKey]:
    """Every (championship, class, cup) table the season has, in a stable order."""
    keys = (
        StandingRow.objects.filter(season=season)
        .values_list("championship", "class_code", "cup_code")
        .distinct()
        .order_by("class_code", "cup_code", "championship")
    )
    return [TableKey(*key) for key in keys]


def table_choice(
    params: Any, requested_round: int | None, tables: list[TableKey], rounds: list[int]
) -> TableChoice | None:
    """The table asked for in the query string; 404 for an unknown championship, class, cup or round."""
    if not tables or not rounds:
        return None
    last = rounds[-1]
    championship = params.get("championship") or "drivers"
    first_of_championship = next((t for t in tables if t.championship == championship), tables[0])
    class_code = params.get("class") or first_of_championship.class_code
    cup_code = params.get("cup") or ""
    # Why casefold: '?class=lmp2 pro/am' is the table of 'LMP2 Pro/Am', shown as configured.
    same = next(
        (
            t
            for t in tables
            if t.championship == championship
            and t.class_code.casefold() == class_code.casefold()
            and t.cup_code.casefold() == cup_code.casefold()
        ),
        None,
    )
    if same is not None:
        class_code, cup_code = same.class_code, same.cup_code
    if TableKey(championship, class_code, cup_code) not in tables:
        raise Http404(f"No {championship} standings for class '{class_code}' cup '{cup_code}'")
    after_round = last if requested_round is None else requested_round
    if after_round not in rounds:
        raise Http404(f"No standings after round {after_round}")
    return TableChoice(championship, class_code, cup_code, after_round, last)


@dataclass(frozen=True)
class TableLink:
    """A tab of the standings page: a plain link, so switching works without JavaScript."""

    label: str
    championship: str
    class_code: str
    cup_code: str
    current: bool


def championship_links(tables: list[TableKey], choice: TableChoice, extras: Sequence[str] = ()) -> list[TableLink]:
    """Drivers / Teams tabs, then a tab per extra championship in the season's order (``extras``);
    each keeps the current class and cup when that table exists."""
    links = []
    ordered = championship_order(list(extras))
    present = {t.championship for t in tables}
    for championship in sorted(present, key=lambda c: (ordered.index(c) if c in ordered else len(ordered), c)):
        same = TableKey(championship, choice.class_code, choice.cup_code)
        key = same if same in tables else next(t for t in tables if t.championship == championship)
        links.append(
            TableLink(
                championship.capitalize() if championship in STANDARD_TABLES else championship,
                key.championship,
                key.class_code,
                key.cup_code,
                championship == choice.championship,
            )
        )
    return links


@dataclass(frozen=True)
class TableNames:
    """The season's classes and cups as the public reads them: by name, in the season's order."""

    classes: dict[str, tuple[int, str]]  # casefolded code -> (order, name)
    cups: dict[str, tuple[int, str]]

    def label(self, class_code: str, cup_code: str) -> str:
        """'LMP2 Am' -> 'LMP2 Pro-Am Cup' style: each part by its name, or its code without one."""
        parts = [self.classes.get(class_code.casefold(), (0, class_code))[1] if class_code else ""]
        if cup_code:
            parts.append(self.cups.get(cup_code.casefold(), (0, cup_code))[1])
        return " ".join(part for part in parts if part)

    def order(self, class_code: str, cup_code: str) -> tuple[int, int, str, str]:
        # The class's own table before its cups'; unknown codes last, alphabetically.
        last = len(self.classes) + len(self.cups) + 1
        class_order = self.classes.get(class_code.casefold(), (last, ""))[0]
        cup_order = self.cups.get(cup_code.casefold(), (last, ""))[0] if cup_code else -1
        return (class_order, cup_order, class_code, cup_code)


def table_names(season: Season) -> TableNames:
    """One query: the season's classes and cups with their order and names."""
    fields = ("code", "name", "order", "kind")
    classes = RacingClass.objects.filter(season=season).order_by().annotate(kind=Value("class")).values_list(*fields)
    cups = Cup.objects.filter(season=season).order_by().annotate(kind=Value("cup")).values_list(*fields)
    names: dict[str, dict[str, tuple[int, str]]] = {"class": {}, "cup": {}}
    for code, name, order, kind in classes.union(cups, all=True):
        names[kind][code.casefold()] = (order, name or code)
    return TableNames(names["class"], names["cup"])


def table_links(tables: list[TableKey], choice: TableChoice, names: TableNames | None = None) -> list[TableLink]:
    """Class / cup tabs of the current championship, in the season's class and cup order, by name."""
    names = names or TableNames({}, {})
    shown = [
        t
        for t in tables
        # An extra championship is one table, with no class or cup of its own: no tabs.
        if t.championship == choice.championship and (t.class_code or t.cup_code)
    ]
    return [
        TableLink(
            names.label(t.class_code, t.cup_code),
            t.championship,
            t.class_code,
            t.cup_code,
            (t.class_code, t.cup_code) == (choice.class_code, choice.cup_code),
        )
        for t in sorted(shown, key=lambda t: names.order(t.class_code, t.cup_code))
    ]


def table_rows(season: Season, choice: TableChoice) -> QuerySet[StandingRow]:
    """One table's rows, each with its competitor's races for the explanation (one query)."""
    return (
        StandingRow.objects.filter(
            season=season,
            championship=choice.championship,
            class_code=choice.class_code,
            cup_code=choice.cup_code,
            after_round=choice.after_round,
        )
        .select_related("competitor")
        .order_by("position", "competitor_key")
    )


def standings_state(season: Season) -> SeasonStandingsState | None:
    return SeasonStandingsState.objects.filter(season=season).first()


def progression(
    season: Season, choice: TableChoice, top: int = 10
) -> tuple[list[tuple[str, list[tuple[int, Any]]]], list[int]]:
    """Points after each round (up to the chosen one) of the table's top competitors; one query."""
    rows = (
        StandingRow.objects.filter(
            season=season,
            championship=choice.championship,
            class_code=choice.class_code,
            cup_code=choice.cup_code,
            after_round__lte=choice.after_round,
        )
        .order_by("after_round")
        .values_list("competitor_key", "competitor_name", "number", "after_round", "points", "position")
    )
    by_key: dict[str, list[tuple[int, Any]]] = {}
    labels: dict[str, str] = {}
    final_position: dict[str, int] = {}
    for key, name, number, after_round, points, position in rows:
        by_key.setdefault(key, []).append((after_round, points))
        labels[key] = f"#{number} {name}" if number else name
        if after_round == choice.after_round:
            final_position[key] = position
    leaders = sorted(final_position, key=lambda k: (final_position[k], k))[:top]
    rounds = sorted({r for points in by_key.values() for r, _ in points})
    return [(labels[k], by_key[k]) for k in leaders], rounds


@dataclass(frozen=True)
class TitleLine:
    """One line of the title race: competitors with the same car, points and needs (a crew) together."""

    names: str
    number: str
    points: str
    needs: str
    count: int


def _title_lines(rows: list[StandingRow]) -> list[TitleLine]:
    groups: dict[tuple[str, str, str], list[StandingRow]] = {}
    for row in rows:
        groups.setdefault((row.number, format_points(Decimal(row.points)), row.title_needs), []).append(row)
    return [
        TitleLine(", ".join(row.competitor_name for row in members), number, points, needs, len(members))
        for (number, points, needs), members in groups.items()
    ]


@dataclass(frozen=True)
class TitleSummary:
    """The title race of one table after its round: races left, points on offer, who needs what."""

    races_left: int
    points_on_offer: str  # exact, as text: "52", "12.5"
    champions: list[TitleLine]
    contenders: list[TitleLine]  # the first few, in table order
    more_contenders: int


def title_summary(rows: list[StandingRow], shown: int = 5) -> TitleSummary:
    """From the table's stored rows (no query)."""
    contending = [row for row in rows if row.title == "contender"]
    contenders = _title_lines(contending)
    return TitleSummary(
        races_left=rows[0].title_races_left if rows else 0,
        # The most any competitor can still add (with drops, one who has fewer results to replace).
        points_on_offer=format_points(max((Decimal(row.title_available) for row in rows), default=Decimal(0))),
        champions=_title_lines([row for row in rows if row.title == "champion"]),
        contenders=contenders[:shown],
        more_contenders=len(contending) - sum(line.count for line in contenders[:shown]),
    )


def standings_version(series_code: str, season_name: str) -> ContentVersion | None:
    """What a season's standings page or API body depends on, in one query; None for no such season.

    The generation moves with every change that affects standings, computed_generation and
    computed_at with every run that stores them, so a body keyed by these is never stale.
    """
    if "\x00" in season_name:
        return None
    row = (
        # A draft: no shared body; the view decides who may preview it.
        Season.objects.filter(series__code=series_code, name=season_name, published=True)
        .values_list(
            "id",
            "standings_state__generation",
            "standings_state__computed_generation",
            "standings_state__computed_at",
            "standings_state__dirty_since",
            "standings_state__last_error_at",
        )
        .first()
    )
    if row is None:
        return None
    season_id, generation, computed_generation, computed_at, dirty_since, error_at = row
    # Why dirty_since: the body says "recalculation pending" when a season goes stale, so the date moves too.
    return ContentVersion(
        ("standings", season_id, generation, computed_generation, computed_at, error_at),
        latest_moment(computed_at, dirty_since),
    )
