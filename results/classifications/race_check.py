"""Pure: does this file belong to this race? (session, date and start, race of the weekend, length, reuse).

Al Kamel names its files `<YYYYMMDDhhmm>-<session>-...-results.csv`, the stamp being the
session's local start at the circuit:
- `202312021400-race-201-hour-4-results.csv`: 2 Dec 2023 14:00, race 1 of the weekend, after hour 4;
- `202402041300-race-hour-4-results.csv`: the only race of the weekend;
- `202312021015-qualifying-20lmp2-20and-20lmp3-results.csv`: a qualifying session, never a race.
Any mismatch is shown before the preview and must be acknowledged with a reason to confirm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from results.classifications.parsing import ParsedClassification

_STAMP = re.compile(r"^(?P<stamp>\d{12})-(?P<rest>.+?)(?:-results)?\.(?:csv|xlsx)$", re.IGNORECASE)
_RACE_OF_WEEKEND = re.compile(r"(?:^|-)race-2(?P<n>\d\d)(?:-|$)", re.IGNORECASE)
_HOUR = re.compile(r"(?:^|-)hour-(?P<n>\d+)(?:-|$)", re.IGNORECASE)
_NOT_A_RACE = ("qualifying", "practice", "warm-up", "warmup", "test")

# Why these margins: a start may be delayed (an hour still is the same race); the clock stops the
# race after the scheduled time, and the leader finishes the lap (well under half an hour); a race
# stopped early for good (Sepang 2023 race 1: 3 h 43 of 4 h) stays above 85 %.
START_TOLERANCE_MIN = 60
SHORT_SHARE = 0.85
LONG_MARGIN_MIN = 30


@dataclass(frozen=True)
class RaceFacts:
    """What the portal knows of the race the file is uploaded into."""

    label: str
    race_date: date | None
    start_time: time | None
    duration_min: int
    number_in_event: int  # 1 for the first race of the event
    races_in_event: int
    same_file_in: tuple[str, ...] = ()  # other races whose classification is this very file


@dataclass(frozen=True)
class Mismatch:
    code: str
    message: str


@dataclass(frozen=True)
class FileName:
    """What an Al Kamel file name says (None where it says nothing)."""

    started: datetime | None
    session: str
    race_of_weekend: int | None
    after_hour: int | None


def read_name(filename: str) -> FileName:
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    match = _STAMP.match(base)
    if match is None:
        return FileName(None, "", None, None)
    try:
        started: datetime | None = datetime.strptime(match["stamp"], "%Y%m%d%H%M")
    except ValueError:
        started = None
    rest = match["rest"].casefold()
    session = next((word for word in _NOT_A_RACE if word in rest), "race" if rest.startswith("race") else "")
    race = _RACE_OF_WEEKEND.search(rest)
    hour = _HOUR.search(rest)
    return FileName(
        started,
        session,
        int(race["n"]) if race else None,
        int(hour["n"]) if hour else None,
    )


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return " ".join(part for part in (f"{hours} h" if hours else "", f"{rest} min" if rest else "") if part)


def _clock(ms: int) -> str:
    seconds = ms // 1000
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def check_file(filename: str, parsed: ParsedClassification | None, race: RaceFacts) -> list[Mismatch]:
    """Every reason to think the file is not the final classification of this race (empty: it fits)."""
    name = read_name(filename)
    found = _name_mismatches(filename, name, race)
    if parsed is not None:
        found += _length_mismatches(parsed, race)
    found += [
        Mismatch("same_file", f"this very file (same SHA-256) is already the classification of {other}")
        for other in race.same_file_in
    ]
    return found


def _name_mismatches(filename: str, name: FileName, race: RaceFacts) -> list[Mismatch]:
    found = []
    if name.session and name.session != "race":
        found.append(Mismatch("session", f"the file name says {name.session} ({filename}), not a race"))
    if name.started is not None and race.race_date is not None and name.started.date() != race.race_date:
        found.append(
            Mismatch(
                "date",
                f"the file name says the session started on {name.started:%d %b %Y}; "
                f"{race.label} is on {race.race_date:%d %b %Y}",
            )
        )
    elif name.started is not None and race.start_time is not None and name.session in ("", "race"):
        scheduled = datetime.combine(name.started.date(), race.start_time)
        if abs((name.started - scheduled).total_seconds()) > START_TOLERANCE_MIN * 60:
            found.append(
                Mismatch(
                    "start",
                    f"the file name says the session started at {name.started:%H:%M}; "
                    f"{race.label} starts at {race.start_time:%H:%M}",
                )
            )
    if name.race_of_weekend is not None and name.race_of_weekend != race.number_in_event:
        found.append(
            Mismatch(
                "race_of_weekend",
                f"the file name says race {name.race_of_weekend} of the weekend; {race.label} is race "
                f"{race.number_in_event} of {race.races_in_event} of its event",
            )
        )
    if name.after_hour is not None and name.after_hour * 60 < race.duration_min:
        found.append(
            Mismatch(
                "intermediate",
                f"the file name says the classification after hour {name.after_hour}; "
                f"{race.label} is a {_duration(race.duration_min)} race: an intermediate classification",
            )
        )
    return found


def _length_mismatches(parsed: ParsedClassification, race: RaceFacts) -> list[Mismatch]:
    timed = [row for row in parsed.rows if row.total_time_ms]
    if not timed or race.duration_min <= 0:
        return []
    leader = min(timed, key=lambda row: row.position)
    scheduled_ms = race.duration_min * 60_000
    if leader.total_time_ms is None:
        return []
    if leader.total_time_ms < scheduled_ms * SHORT_SHARE:
        return [
            Mismatch(
                "short",
                f"the leader (car #{leader.number}) raced {_clock(leader.total_time_ms)}; {race.label} is "
                f"scheduled for {_duration(race.duration_min)}: an intermediate classification or a shortened race",
            )
        ]
    if leader.total_time_ms > scheduled_ms + LONG_MARGIN_MIN * 60_000:
        return [
            Mismatch(
                "long",
                f"the leader (car #{leader.number}) raced {_clock(leader.total_time_ms)}; {race.label} is "
                f"scheduled for {_duration(race.duration_min)}: the file of a longer race",
            )
        ]
    return []
