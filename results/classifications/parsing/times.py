"""Race times and gaps as timing sheets print them, to and from milliseconds.

Al Kamel writes `4:00'29.711` (h:mm'ss.mmm), `1'51.631` (m'ss.mmm) and
`51.631`; people typing a template tend to use `:` for minutes too, so both
separators are accepted. Integer milliseconds avoid float drift when comparing
total times of cars that finished a few thousandths apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TIME_FORMATS_HINT = "expected h:mm'ss.mmm, m'ss.mmm or ss.mmm"

_DURATION = re.compile(
    r"""
    ^(?:
        (?:(?P<hours>\d{1,6}):)?          # hours only ever use ':'
        (?P<minutes>\d{1,6})['\u2032:]    # minutes end with ', prime or :
    )?
    (?P<seconds>\d{1,9})
    (?:[.,](?P<fraction>\d{1,3}))?$
    """,
    re.VERBOSE,
)
# Digit counts are bounded so that a cell of thousands of digits is "not a time", never a huge int().
_LAPS_GAP = re.compile(r"^(?P<laps>[+-]?\d{1,9})\s*laps?$", re.IGNORECASE)
_SHOWN = 40


class TimeFormatError(ValueError):
    """A time or gap that does not follow any accepted spelling."""


@dataclass(frozen=True)
class Gap:
    """A gap is either whole laps or a time, never both; the leader has neither."""

    laps: int | None = None
    ms: int | None = None


def parse_duration_ms(text: str) -> int:
    """`4:00'29.711` -> 14429711. Raises TimeFormatError on anything else."""
    stripped = text.strip()
    match = _DURATION.match(stripped)
    if match is None:
        shown = repr(stripped) if len(stripped) <= _SHOWN else f"{stripped[:_SHOWN]!r}... ({len(stripped)} characters)"
        raise TimeFormatError(f"{shown} is not a time ({TIME_FORMATS_HINT})")
    hours = int(match["hours"] or 0)
    minutes = int(match["minutes"] or 0)
    seconds = int(match["seconds"])
    # Only the leading unit may overflow (a 75.4 s gap is fine, 1'75.4 is a typo).
    if match["minutes"] is not None and (seconds >= 60 or len(match["seconds"]) > 2):
        raise TimeFormatError(f"{text.strip()!r} has more than 59 seconds")
    if match["hours"] is not None and minutes >= 60:
        raise TimeFormatError(f"{text.strip()!r} has more than 59 minutes")
    millis = int((match["fraction"] or "0").ljust(3, "0"))
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def parse_optional_duration_ms(text: str) -> int | None:
    return parse_duration_ms(text) if text.strip() else None


def parse_gap(text: str) -> Gap:
    """`2 Laps`, `-12 Laps`, `1 Lap`, `3.828`, `1'00.569`, `+12.363`, or blank or `-` for the leader."""
    stripped = text.strip()
    if not stripped or stripped == "-":
        return Gap()
    laps = _LAPS_GAP.match(stripped)
    if laps is not None:
        return Gap(laps=int(laps["laps"]))
    try:
        # The newer Al Kamel layout prints time gaps with a sign: `+12.363`, `+1:14.020`.
        return Gap(ms=parse_duration_ms(stripped.removeprefix("+")))
    except TimeFormatError:
        raise TimeFormatError(
            f"{stripped[:_SHOWN]!r} is not a gap (expected a time like 3.828 or 1'00.569, or '2 Laps')"
        ) from None


def format_duration_ms(ms: int) -> str:
    """14429711 -> `4:00'29.711`; the Al Kamel spelling, which spreadsheets keep as text."""
    if ms < 0:
        raise ValueError(f"a duration cannot be negative ({ms} ms)")
    total_seconds, millis = divmod(ms, 1000)
    total_minutes, seconds = divmod(total_seconds, 60)
    hours, minutes = divmod(total_minutes, 60)
    if hours:
        return f"{hours}:{minutes:02d}'{seconds:02d}.{millis:03d}"
    if minutes:
        return f"{minutes}'{seconds:02d}.{millis:03d}"
    return f"{seconds}.{millis:03d}"
