from __future__ import annotations

import pytest

from results.classifications.parsing.times import (
    Gap,
    TimeFormatError,
    format_duration_ms,
    parse_duration_ms,
    parse_gap,
    parse_optional_duration_ms,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4:00'29.711", 14_429_711),
        ("1'51.631", 111_631),
        ("51.631", 51_631),
        ("0.226", 226),
        ("4:00:29.711", 14_429_711),
        ("1:51.6", 111_600),
        (" 1'00.569 ", 60_569),
        ("24:03'10", 86_590_000),
        ("75.4", 75_400),
    ],
)
def test_it_parses_timing_sheet_durations(text: str, expected: int) -> None:
    assert parse_duration_ms(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "'abc' is not a time (expected h:mm'ss.mmm, m'ss.mmm or ss.mmm)"),
        ("", "'' is not a time (expected h:mm'ss.mmm, m'ss.mmm or ss.mmm)"),
        ("1.2345", "'1.2345' is not a time (expected h:mm'ss.mmm, m'ss.mmm or ss.mmm)"),
        ("1'75.000", '"1\'75.000" has more than 59 seconds'),
        ("4:75'00.000", '"4:75\'00.000" has more than 59 minutes'),
        ("-1'00.000", "\"-1'00.000\" is not a time (expected h:mm'ss.mmm, m'ss.mmm or ss.mmm)"),
    ],
)
def test_it_rejects_malformed_durations(text: str, message: str) -> None:
    with pytest.raises(TimeFormatError) as error:
        parse_duration_ms(text)
    assert str(error.value) == message


def test_it_treats_a_blank_optional_duration_as_none() -> None:
    assert parse_optional_duration_ms("  ") is None
    assert parse_optional_duration_ms("1'51.631") == 111_631


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Gap()),
        ("3.828", Gap(ms=3_828)),
        ("1'00.569", Gap(ms=60_569)),
        ("2 Laps", Gap(laps=2)),
        ("1 Laps", Gap(laps=1)),
        ("1 lap", Gap(laps=1)),
        ("-12 Laps", Gap(laps=-12)),
        ("118 Laps", Gap(laps=118)),
    ],
)
def test_it_parses_gaps_as_laps_or_time(text: str, expected: Gap) -> None:
    assert parse_gap(text) == expected


def test_it_rejects_a_gap_that_is_neither_laps_nor_time() -> None:
    with pytest.raises(TimeFormatError) as error:
        parse_gap("two laps")
    assert str(error.value) == ("'two laps' is not a gap (expected a time like 3.828 or 1'00.569, or '2 Laps')")


@pytest.mark.parametrize(
    ("ms", "text"),
    [(14_429_711, "4:00'29.711"), (111_631, "1'51.631"), (51_631, "51.631"), (0, "0.000")],
)
def test_it_formats_durations_the_al_kamel_way(ms: int, text: str) -> None:
    assert format_duration_ms(ms) == text
    assert parse_duration_ms(text) == ms


def test_it_refuses_to_format_a_negative_duration() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        format_duration_ms(-1)
